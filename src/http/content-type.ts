// RFC 7644 §3.1: clients send application/scim+json (Entra adds "; charset=utf-8"); application/json is
// accepted too. Both go through one parser: the body must be UTF-8 (RFC 8259 §8.1; invalid bytes are a
// 400, never silently replaced by U+FFFD), nest at most MAX_JSON_DEPTH levels, and hold no lone
// surrogate; then Fastify's own JSON parser, which keeps its prototype-poisoning checks. Other media
// types are 415. An empty body is "no body" on methods that take none (DELETE, GET: some clients send a
// Content-Type with every request).
import { isUtf8 } from 'node:buffer'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ScimError } from '../scim/errors.js'
import { illFormedString, jsonTooDeep, MAX_JSON_DEPTH } from '../scim/json.js'

const BODYLESS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS'])

export function registerContentTypes(app: FastifyInstance): void {
  app.removeContentTypeParser(['text/plain', 'application/json'])
  const json = app.getDefaultJsonParser('error', 'error')
  app.addContentTypeParser(
    ['application/json', 'application/scim+json'],
    { parseAs: 'buffer' },
    (
      request: FastifyRequest,
      body: Buffer,
      done: (error: Error | null, value?: unknown) => void,
    ) => {
      if (body.length === 0 && BODYLESS.has(request.method)) return done(null, undefined)
      if (!isUtf8(body)) {
        return done(
          ScimError.invalidSyntax(
            'The request body is not valid UTF-8; send JSON text encoded as UTF-8 (RFC 8259 §8.1).',
          ),
        )
      }
      const text = body.toString('utf8')
      if (jsonTooDeep(text)) {
        return done(
          ScimError.invalidSyntax(
            `The request body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels.`,
          ),
        )
      }
      json(request, text, (error, value) => {
        if (error) return done(error)
        const bad = illFormedString(value, text)
        if (bad !== undefined) {
          return done(
            ScimError.invalidSyntax(
              `${bad}: the string holds an unpaired surrogate (\\uD800-\\uDFFF), which is not Unicode text; send the character it was meant to be.`,
            ),
          )
        }
        done(null, value)
      })
    },
  )
}
