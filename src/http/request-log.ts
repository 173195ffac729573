// The server's request log: ONE line per request, written when the response is sent, with what an admin
// needs to understand a failure without reading the code: method, path (never the query string, where a
// client may wrongly put a credential), status, duration, tenant, credential, and for an error its
// scimType and detail; for a 401, why the credential was refused (the client only ever sees one 401).
import type { FastifyInstance } from 'fastify'

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
