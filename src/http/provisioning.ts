// Recording SCIM requests in the provisioning log and the metrics, at the edge: the routes note what a
// request did (its target, the changes computed by scim/log/changes.ts), the error handler notes the
// error, and one onResponse hook builds the entry and hands it to the recorder's queue. Nothing here
// waits for the log: a full queue drops the entry (counted), it never slows or fails the request.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Metrics } from '../metrics.js'
import { statusClass } from '../metrics.js'
import type { Recorder } from '../provisioning/recorder.js'
import type { ScimError } from '../scim/errors.js'
import { causesOf } from '../scim/log/cause.js'
import type { Change, LogEntry } from '../scim/log/entry.js'
import { clip } from '../scim/log/entry.js'
import { matchedValue, requestOperation, routeResource } from '../scim/log/operation.js'
import { isObject } from '../scim/resource/coerce.js'

/** What a request did, as its route and hooks learn it. */
export interface Provisioning {
  tenantId?: string
  tenantSlug?: string
  actor?: string
  /** The token id or OAuth client id of the request's credential. */
  credentialId?: string
  /** Why the credential was refused (a 401): for the server's log only. */
  reason?: string
  operation?: string
  resourceId?: string
  target?: string
  changes?: readonly Change[]
  ignored?: readonly string[]
  error?: ScimError
  /** Set by /Bulk once its operations run: each is logged as a request of its own, the Bulk is not. */
  unlogged?: boolean
}

declare module 'fastify' {
  interface FastifyRequest {
    provisioning: Provisioning | null
  }
}

/** The request's record, created on first use. */
export function provisioningOf(request: FastifyRequest): Provisioning {
  request.provisioning ??= {}
  return request.provisioning
}

/** A route's note of what its write did. */
export function noteWrite(request: FastifyRequest, note: Omit<Provisioning, 'error'>): void {
  Object.assign(provisioningOf(request), note)
}

export interface RecordingOptions {
  readonly recorder?: Recorder
  readonly metrics?: Metrics
}

/** The onResponse hook of the SCIM routes. */
export function recordRequests(app: FastifyInstance, options: RecordingOptions): void {
  const { recorder, metrics } = options
  if (!recorder && !metrics) return
  app.addHook('onResponse', (request, reply, done) => {
    try {
      record(request, reply)
    } catch (error) {
      return done(error as Error)
    }
    done()
  })
  function record(request: FastifyRequest, reply: FastifyReply): void {
    const entry = entryOf(request, reply)
    metrics?.requests.inc({
      tenant: request.provisioning?.tenantSlug ?? '',
      resource: entry.resource ?? '',
      operation: entry.operation,
      status: statusClass(reply.statusCode),
    })
    metrics?.duration.observe(
      {
        tenant: request.provisioning?.tenantSlug ?? '',
        resource: entry.resource ?? '',
        operation: entry.operation,
      },
      reply.elapsedTime / 1000,
    )
    // Requests of no known tenant (an unknown /t/slug) belong to nobody's log.
    if (recorder && entry.tenantId !== '' && request.provisioning?.unlogged !== true)
      recorder.record(entry)
  }
}

function entryOf(request: FastifyRequest, reply: FastifyReply): LogEntry {
  const p = request.provisioning ?? {}
  const route = request.routeOptions.url ?? request.url.split('?')[0] ?? ''
  const query = (request.query ?? {}) as Record<string, unknown>
  const filterKey = Object.keys(query).find((k) => k.toLowerCase() === 'filter')
  const filter = filterKey && typeof query[filterKey] === 'string' ? query[filterKey] : undefined
  const body: unknown = request.body
  const { resource, byId } = routeResource(route)
  const id = byId ? (request.params as Record<string, string | undefined>)['id'] : undefined
  const created = isObject(body) ? (body['userName'] ?? body['displayName']) : undefined
  const target =
    p.target ??
    matchedValue(filter) ??
    (request.method === 'POST' && typeof created === 'string' ? created : undefined)
  const error = p.error
  const found = error ? causesOf(error, body) : undefined
  const resourceId = p.resourceId ?? id
  return {
    time: new Date(Date.now() - reply.elapsedTime).toISOString(),
    tenantId: p.tenantId ?? '',
    kind: 'request',
    actor: p.actor ?? 'unauthenticated',
    method: request.method,
    path: clip(request.url.split('?')[0] ?? '', 500),
    ...(resource ? { resource } : {}),
    ...(resourceId ? { resourceId: clip(resourceId, 100) } : {}),
    ...(target !== undefined ? { target: clip(target, 256) } : {}),
    operation: p.operation ?? requestOperation({ method: request.method, route, filter, body }),
    status: reply.statusCode,
    ...(error?.scimType ? { scimType: error.scimType } : {}),
    ...(error ? { detail: clip(error.detail, 2000) } : {}),
    attributes: found ? found.attributes : [...(p.ignored ?? [])],
    // A write that failed after computing its change changed nothing.
    changes: error ? [] : (p.changes ?? []),
    causes: found?.causes ?? [],
    durationMs: Math.round(reply.elapsedTime * 100) / 100,
    requestId: request.id,
  }
}
