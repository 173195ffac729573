// RFC 7644 §3.1: clients send application/scim+json (Entra adds "; charset=utf-8"); application/json is
// accepted too. Both go through one parser: the body must be UTF-8 (RFC 8259 §8.1; invalid bytes are a
// 400, never silently replaced by U+FFFD), nest at most MAX_JSON_DEPTH levels, name no member twice in
// one object (json-scan.ts: a 400 with the path once the text is known to be JSON), and hold no lone
// surrogate; then Fastify's own JSON parser, which keeps its prototype-poisoning checks; then no number
// may be beyond a double (1e999 parses as Infinity, which every later step would call null). Other media
// types are 415. An empty body is "no body" on methods that take none (DELETE, GET: some clients send a
// Content-Type with every request). A charset other than UTF-8 (or ASCII) is a 415: the body would be
// read as UTF-8 all the same, so text sent in ISO-8859-1 could arrive as another text. A body is read as
// sent: one with a Content-Encoding other than identity (gzip, deflate, br) is a 415 naming it, with
// `Accept-Encoding: identity` (RFC 9110 §8.4.1, RFC 7694 §3), before a byte of it is read, instead of
// compressed bytes being parsed as JSON or a form.
import { isUtf8 } from 'node:buffer'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ScimError } from '../scim/errors.js'
import { illFormedString, infiniteNumber, MAX_JSON_DEPTH } from '../scim/json.js'
import { scanJson } from '../scim/json-scan.js'

const BODYLESS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS'])

/** The charsets a JSON body may be labelled with: UTF-8, and ASCII, a part of it (RFC 8259 §8.1). */
const UTF8_CHARSETS = new Set(['utf-8', 'utf8', 'us-ascii'])

/** The charset parameter of a Content-Type header, lower-cased and unquoted, if any. */
export function charsetOf(header: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(header ?? '')
  return match ? (match[1] ?? match[2] ?? '').toLowerCase() : undefined
}

/** The codings of a Content-Encoding header other than identity (`gzip, identity` → gzip), if any. */
function contentCodings(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity')
}

export function registerContentTypes(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    const header = request.headers['content-encoding']
    const hasBody =
      request.headers['transfer-encoding'] !== undefined ||
      Number(request.headers['content-length'] ?? 0) > 0
    if (hasBody && contentCodings(header).length > 0) {
      throw new ScimError(
        415,
        undefined,
        `Content-Encoding '${String(header)}' is not accepted: send the body uncompressed, without Content-Encoding.`,
        { 'accept-encoding': 'identity' },
      )
    }
    return payload
  })
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
      const charset = charsetOf(request.headers['content-type'])
      if (charset !== undefined && !UTF8_CHARSETS.has(charset)) {
        return done(
          new ScimError(
            415,
            undefined,
            `The charset '${charset.slice(0, 40)}' is not accepted: a SCIM body is JSON in UTF-8 (RFC 8259 §8.1); send charset=utf-8 or no charset.`,
          ),
        )
      }
      if (!isUtf8(body)) {
        return done(
          ScimError.invalidSyntax(
            'The request body is not valid UTF-8; send JSON text encoded as UTF-8 (RFC 8259 §8.1).',
          ),
        )
      }
      const text = body.toString('utf8')
      const scan = scanJson(text)
      if (scan.kind === 'tooDeep') {
        return done(
          ScimError.invalidSyntax(
            `The request body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels.`,
          ),
        )
      }
      json(request, text, (error, value) => {
        if (error) return done(error)
        if (scan.kind === 'repeated') {
          return done(
            ScimError.invalidSyntax(
              `${scan.path}: the name '${scan.name}' appears twice in one object; send each name once (RFC 8259 §4 leaves a repeated name's meaning open, so one of the values would be dropped).`,
            ),
          )
        }
        const bad = illFormedString(value, text)
        if (bad !== undefined) {
          return done(
            ScimError.invalidSyntax(
              `${bad}: the string holds an unpaired surrogate (\\uD800-\\uDFFF), which is not Unicode text; send the character it was meant to be.`,
            ),
          )
        }
        const infinite = infiniteNumber(value, text)
        if (infinite !== undefined) {
          return done(
            ScimError.invalidValue(
              `${infinite}: the number is beyond the range of a number (about ±1.8e308); send a smaller one.`,
            ),
          )
        }
        done(null, value)
      })
    },
  )
}
