// Every SCIM response is application/scim+json (RFC 7644 §3.1), errors included.
import type { FastifyReply } from 'fastify'

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8'

export function scim(reply: FastifyReply, status: number, body?: unknown): FastifyReply {
  reply.code(status).type(SCIM_CONTENT_TYPE)
  return body === undefined ? reply.send() : reply.send(body)
}
