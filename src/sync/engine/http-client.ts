// The sync client's HTTP: node:http(s) over a keep-alive agent of at most `sockets` connections, as a
// SCIM client would hold a few connections open to a Tenant URL for a whole cycle. A cycle sends
// hundreds of thousands of small requests; fetch (undici with web streams and an AbortSignal per request)
// cost the client about twice the CPU per request of node:http here, on a machine shared with the
// server. Answers are the same Exchange as check/client.ts's, with its sentences for a failed connection.
import { Agent as HttpAgent, request as httpRequest } from 'node:http'
import type { IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { failedExchange, parseBody, REQUEST_TIMEOUT_MS } from '../../check/client.js'
import type { Exchange, ScimClient } from '../../check/client.js'

export interface PooledClient extends ScimClient {
  /** Closes the idle connections (a cycle's end); requests still under way finish. */
  close(): void
}

/** No answer (not a byte) for `timeoutMs`: the request fails as check/client.ts's timeout does. */
class TimeoutError extends Error {
  override readonly name = 'TimeoutError'
}

const header = (response: IncomingMessage, name: string): string | undefined => {
  const value = response.headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}

/**
 * A client for `tenantUrl` with at most `sockets` connections at once (more requests wait for one).
 * `timeoutMs` bounds the silence of a connection: a server that accepts and never answers fails the
 * request after it, it does not hang the cycle.
 */
export function pooledClient(
  tenantUrl: string,
  token: string,
  sockets: number,
  timeoutMs: number = REQUEST_TIMEOUT_MS,
): PooledClient {
  const base = tenantUrl.replace(/\/+$/, '')
  const https = new URL(base).protocol === 'https:'
  const agent = https
    ? new HttpsAgent({ keepAlive: true, maxSockets: sockets })
    : new HttpAgent({ keepAlive: true, maxSockets: sockets })
  const send = https ? httpsRequest : httpRequest
  const authorization = `Bearer ${token}`
  let last: Exchange | undefined

  const exchangeOf = (method: string, url: string, body: unknown): Promise<Exchange> =>
    new Promise((resolve) => {
      const text = body === undefined ? undefined : JSON.stringify(body)
      const headers: Record<string, string | number> = {
        authorization,
        accept: 'application/scim+json, application/json',
      }
      if (text !== undefined) {
        headers['content-type'] = 'application/scim+json'
        headers['content-length'] = Buffer.byteLength(text)
      }
      let settled = false
      const fail = (error: unknown): void => {
        if (settled) return
        settled = true
        resolve(failedExchange(method, url, body, error, timeoutMs))
      }
      const request = send(url, { method, headers, agent }, (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('error', fail)
        response.on('end', () => {
          if (settled) return
          settled = true
          const answer = Buffer.concat(chunks).toString('utf8')
          const retryAfter = header(response, 'retry-after')
          resolve({
            method,
            url,
            ...(body !== undefined ? { requestBody: body } : {}),
            status: response.statusCode ?? 0,
            contentType: header(response, 'content-type') ?? null,
            text: answer,
            body: parseBody(answer),
            ...(retryAfter !== undefined ? { retryAfter } : {}),
          })
        })
      })
      request.setTimeout(timeoutMs, () =>
        request.destroy(new TimeoutError(`no answer within ${timeoutMs} ms`)),
      )
      request.on('error', fail)
      request.end(text)
    })

  return {
    get last() {
      return last
    },
    async send(method, path, body) {
      const exchange = await exchangeOf(method, `${base}${path}`, body)
      last = exchange
      return exchange
    },
    close() {
      agent.destroy()
    },
  }
}
