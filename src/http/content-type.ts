// RFC 7644 §3.1: clients send application/scim+json (Entra adds "; charset=utf-8"); application/json is
// accepted too. Both go through Fastify's own JSON parser, which keeps its prototype-poisoning checks.
// Other media types are 415.
import type { FastifyInstance } from 'fastify'

export function registerContentTypes(app: FastifyInstance): void {
  app.removeContentTypeParser('text/plain')
  app.addContentTypeParser(
    'application/scim+json',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  )
}
