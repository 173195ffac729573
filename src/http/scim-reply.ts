// Every SCIM response is application/scim+json (RFC 7644 §3.1), errors included.
import type { FastifyReply } from 'fastify'
import { hasPaged, isStreamed, jsonReadable, jsonText, rawLength } from './json-stream.js'
import type { Streamable } from './json-stream.js'

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8'

/**
 * Raw JSON (a page of users rendered by the read pool) up to this many UTF-16 code units is joined and
 * sent whole, with a Content-Length; a larger body is written in chunks of about 64 KiB as the client
 * reads it, so neither one long copy nor one long UTF-8 encoding holds up the event loop.
 */
export const WHOLE_BODY_MAX = 1 << 20

export function scim(reply: FastifyReply, status: number, body?: unknown): FastifyReply {
  reply.code(status).type(SCIM_CONTENT_TYPE)
  return body === undefined ? reply.send() : reply.send(body)
}

/**
 * A body that may hold Paged lists (a group's members) or raw JSON (rendered users): streamed when it
 * does (unless it is small raw JSON), sent whole otherwise.
 */
export async function scimStream(
  reply: FastifyReply,
  status: number,
  body: Streamable,
): Promise<FastifyReply> {
  if (!isStreamed(body)) return scim(reply, status, body)
  if (!hasPaged(body) && rawLength(body) <= WHOLE_BODY_MAX)
    return scim(reply, status, jsonText(body))
  const stream = await jsonReadable(body)
  return reply.code(status).type(SCIM_CONTENT_TYPE).send(stream)
}
