// RFC 7232 conditional requests on SCIM resources (RFC 7644 §3.14): If-Match and If-None-Match against
// the resource's weak ETag, and the request's SCIM base URL, shared by the resource routes.
import type { FastifyRequest } from 'fastify'
import { ScimError } from '../scim/errors.js'
import { etag } from '../scim/resource/meta.js'
import { provisioningOf } from './provisioning.js'

/** RFC 7232 §3.1/§3.2: a list of entity tags or `*`; weak comparison. */
export function matchesEtag(header: string | undefined, tag: string): boolean {
  if (header === undefined) return false
  const wanted = tag.replace(/^W\//, '')
  return header.split(',').some((tag) => {
    const t = tag.trim()
    return t === '*' || t.replace(/^W\//, '') === wanted
  })
}

/** 412 unless the request's If-Match (when sent) matches the current version. */
export function checkIfMatch(
  request: FastifyRequest,
  current: Parameters<typeof etag>[0],
  what: string,
): void {
  const ifMatch = request.headers['if-match']
  const tag = etag(current)
  if (ifMatch !== undefined && !matchesEtag(ifMatch, tag)) {
    throw ScimError.preconditionFailed(
      `If-Match does not match the current version ${tag} of the ${what}.`,
    )
  }
}

/**
 * The SCIM base URL of this request (`https://host/api/xm/1/scim/v2`, or `…/t/acme/api/xm/1/scim/v2`):
 * resource URIs start with it.
 */
export function baseUrl(request: FastifyRequest, basePath: string): string {
  const params = request.params as Record<string, string | undefined>
  const path = basePath.replace(/:(\w+)/g, (_, name: string) =>
    encodeURIComponent(params[name] ?? ''),
  )
  return `${request.origin}${path}`
}

export function logIgnored(request: FastifyRequest, ignored: readonly string[]): void {
  if (ignored.length === 0) return
  request.log.info({ ignored }, 'unsupported attributes ignored (unsupportedAttributes=ignore)')
  provisioningOf(request).ignored = ignored
}
