// Every SCIM response is application/scim+json (RFC 7644 §3.1), errors included.
import type { FastifyReply } from 'fastify'
import { hasPaged, jsonReadable } from './json-stream.js'
import type { Streamable } from './json-stream.js'

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8'

export function scim(reply: FastifyReply, status: number, body?: unknown): FastifyReply {
  reply.code(status).type(SCIM_CONTENT_TYPE)
  return body === undefined ? reply.send() : reply.send(body)
}

/** A body that may hold Paged lists (a group's members): streamed when it does, sent whole otherwise. */
export async function scimStream(
  reply: FastifyReply,
  status: number,
  body: Streamable,
): Promise<FastifyReply> {
  if (!hasPaged(body)) return scim(reply, status, body)
  const stream = await jsonReadable(body)
  return reply.code(status).type(SCIM_CONTENT_TYPE).send(stream)
}
