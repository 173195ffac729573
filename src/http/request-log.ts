// The server's request log: ONE line per request, written when the response is sent, with what an admin
// needs to understand a failure without reading the code: method, path (never the query string, where a
// client may wrongly put a credential), status, duration, tenant, credential, and for an error its
// scimType and detail; for a 401, why the credential was refused (the client only ever sees one 401).
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'

/**
 * A proxy's or client's X-Request-Id (a UUID, AWS's `Root=1-…`, …): at most 128 letters, digits and
 * `-._:=+/`. Anything else (markup, spaces, 60 KiB of padding) is not copied into every log line and
 * the response: the request gets a generated id instead.
 */
const REQUEST_ID = /^[\w.:=+/-]{1,128}$/

/** The request's id: its X-Request-Id when it is one, else a new UUID. */
export function requestId(header: string | string[] | undefined): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID()
}

/** Levels at which the request line of a request below 500 is not written. */
const QUIET = new Set(['silent', 'fatal', 'error', 'warn'])

export function logRequests(app: FastifyInstance): void {
  // A callback hook, not an async one: it runs for every request and awaits nothing.
  app.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode
    // At LOG_LEVEL=warn or above only 5xx lines are written: build nothing for the others.
    if (status < 500 && QUIET.has(app.log.level)) return done()
    const p = request.provisioning ?? {}
    const path = request.url.split('?')[0] ?? ''
    const line = {
      reqId: request.id,
      method: request.method,
      path,
      status,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
      ...(p.tenantSlug ? { tenant: p.tenantSlug } : {}),
      ...(p.actor ? { credential: p.actor } : {}),
      ...(p.credentialId ? { credentialId: p.credentialId } : {}),
      ...(p.error?.scimType ? { scimType: p.error.scimType } : {}),
      ...(p.error && status >= 400 ? { detail: p.error.detail } : {}),
      ...(p.reason ? { reason: p.reason } : {}),
    }
    const message = `${request.method} ${path} ${status}`
    if (status >= 500) app.log.error(line, message)
    else app.log.info(line, message)
    done()
  })
}
