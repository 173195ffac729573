// The ONE place errors become responses. A ScimError renders as its RFC 7644 §3.12 body; Fastify's own
// client errors (bad JSON, body too large, unsupported media type) become SCIM errors with their status
// and a detail of ours; anything else is logged in full and answered with a bare 500.
import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ERROR_SCHEMA, ScimError, toScimErrorBody } from '../scim/errors.js'
import { MAX_HEADER_BYTES } from './limits.js'
import { provisioningOf } from './provisioning.js'
import { scim } from './scim-reply.js'

const FASTIFY_DETAILS: Record<string, (limit: number) => ScimError> = {
  FST_ERR_CTP_INVALID_JSON_BODY: () =>
    ScimError.invalidSyntax('The request body is not valid JSON.'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () =>
    ScimError.invalidSyntax('The request body is empty; send a JSON object.'),
  FST_ERR_CTP_BODY_TOO_LARGE: (limit) =>
    ScimError.payloadTooLarge(
      `The request body is larger than the limit of ${limit} bytes (ROSTER_BODY_LIMIT).`,
    ),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () =>
    ScimError.unsupportedMediaType(
      'Send the body as Content-Type application/scim+json or application/json.',
    ),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () =>
    ScimError.badRequest('The Content-Length header does not match the body.'),
  FST_ERR_HANDLER_TIMEOUT: () =>
    ScimError.unavailable('The request took too long to answer; retry it.', 5),
}

export function toScimError(error: unknown, bodyLimit: number): ScimError | undefined {
  if (error instanceof ScimError) return error
  const e = error as Partial<FastifyError> | null
  const known = e?.code ? FASTIFY_DETAILS[e.code] : undefined
  if (known) return known(bodyLimit)
  if (e?.code === 'FST_ERR_BAD_URL' || e?.code === 'FST_ERR_ASYNC_CONSTRAINT')
    return ScimError.badRequest('The request URL is malformed.')
  // Other Fastify client errors carry a status below 500 and a message that names no internals.
  if (
    typeof e?.statusCode === 'number' &&
    e.statusCode >= 400 &&
    e.statusCode < 500 &&
    e.code?.startsWith('FST_')
  ) {
    return new ScimError(
      e.statusCode,
      e.statusCode === 400 ? 'invalidSyntax' : undefined,
      e.message ?? 'Bad request.',
    )
  }
  return undefined
}

/**
 * Errors Fastify raises before routing (a malformed percent-encoding in the path), which it would
 * otherwise answer with its own JSON body echoing the URL: the same SCIM error as everything else.
 */
export function frameworkErrors(bodyLimit: number) {
  return (error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void => {
    const scimError = toScimError(error, bodyLimit) ?? ScimError.badRequest('Bad request.')
    void scim(reply, scimError.status, toScimErrorBody(scimError))
  }
}

/**
 * Errors Node raises before a request exists (a client too slow with its headers or body, headers too
 * large, bytes that are not HTTP): a SCIM error body, then the connection is closed, as Node would.
 * No request line is logged for them (there is no request), so each refusal is one line of its own:
 * status, Node's code and the detail, never a header or the bytes received. `this` is the app (Fastify
 * binds it).
 */
export function clientErrorHandler(
  this: FastifyInstance,
  error: NodeJS.ErrnoException,
  socket: Duplex,
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const [status, detail] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [
          408,
          'The request was not received in time (ROSTER_REQUEST_TIMEOUT, ROSTER_HEADERS_TIMEOUT).',
        ]
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [
            431,
            `The request line and headers are larger than ${MAX_HEADER_BYTES / 1024} KiB; send a long filter in the body of POST …/.search instead of the URL.`,
          ]
        : [400, 'The request is not valid HTTP.']
  const body = JSON.stringify(toScimErrorBody(new ScimError(status, undefined, detail)))
  this.log.info(
    { status, reason: error.code ?? 'unknown', detail },
    `refused before a request: ${status}`,
  )
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/scim+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    )
  }
  socket.destroy()
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

/** What Node's HTTP server takes as asking for 100 Continue (lib/_http_server.js), which it answers. */
const CONTINUE = /(?:^|\W)100-continue(?:$|\W)/i

/**
 * RFC 9110 §10.1.1: an expectation other than 100-continue cannot be met, 417. Node would answer a bare
 * 417 itself, unlogged; it hands such a request to the app instead (app.ts, 'checkExpectation'), and this
 * onRequest hook, before authentication, refuses it as a SCIM error through the one handler (and the
 * request log). The connection is closed: a body the client may send after all is not read as the next
 * request. `Expect: 100-continue` is Node's to answer, as before.
 */
export function refuseExpectations(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    const expect = request.headers.expect
    if (expect === undefined || CONTINUE.test(expect)) return done()
    reply.header('connection', 'close')
    done(
      new ScimError(
        417,
        undefined,
        'The Expect header asks for an expectation Roster cannot meet: only "Expect: 100-continue" is supported (RFC 9110 §10.1.1); send the request without Expect.',
      ),
    )
  })
}

export function registerErrorHandlers(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const scimError = toScimError(error, bodyLimit)
    provisioningOf(request).error =
      scimError ?? new ScimError(500, undefined, 'Internal server error.')
    if (!scimError) {
      request.log.error({ err: error }, 'unhandled error')
      return scim(reply, 500, {
        schemas: [ERROR_SCHEMA],
        status: '500',
        detail: 'Internal server error.',
      })
    }
    if (scimError.status >= 500) request.log.warn({ status: scimError.status }, scimError.detail)
    reply.headers(scimError.headers)
    return scim(reply, scimError.status, toScimErrorBody(scimError))
  })
  app.setNotFoundHandler((request, reply) => {
    // A known path asked with a method it does not take: 405 with the methods it does take (RFC 9110
    // §15.5.6), e.g. GET …/oauth2/token → Allow: POST.
    const path = request.url.split('?')[0] ?? ''
    const allowed = METHODS.filter((method) => app.findRoute({ method, url: path }) !== null)
    if (allowed.length > 0 && !(allowed as readonly string[]).includes(request.method)) {
      const refused = ScimError.methodNotAllowed(
        `${request.method} is not allowed here; this path takes ${allowed.join(', ')}.`,
        allowed.join(', '),
      )
      provisioningOf(request).error = refused
      reply.headers(refused.headers)
      return scim(reply, 405, toScimErrorBody(refused))
    }
    const error = ScimError.notFound(
      `There is no endpoint for ${request.method} at this path. SCIM endpoints are under /api/xm/1/scim/v2 (or /scim/v2, or /t/{tenant}/api/xm/1/scim/v2): /Users, /Groups, /Bulk, /Schemas, /ResourceTypes, /ServiceProviderConfig.`,
    )
    provisioningOf(request).error = error
    return scim(reply, 404, toScimErrorBody(error))
  })
}
