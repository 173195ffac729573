// The HTTP side of `roster check`: requests to any SCIM endpoint with a bearer token, each exchange kept
// so that a failed step can show exactly what was sent and what came back.
export interface Exchange {
  readonly method: string
  readonly url: string
  readonly requestBody?: unknown
  readonly status: number
  readonly contentType: string | null
  readonly text: string
  /** The parsed JSON body, or undefined when the body is empty or not JSON. */
  readonly body: unknown
  /** The Retry-After header of a 429 or 503 (RFC 9110 §10.2.3), for clients that back off. */
  readonly retryAfter?: string
}

export interface ScimClient {
  /** `path` is relative to the Tenant URL (`/Users?filter=...`). */
  send(method: string, path: string, body?: unknown): Promise<Exchange>
  /** The last exchange, for failure reports. */
  readonly last: Exchange | undefined
}

/** Requests time out after this long: a hanging endpoint is a failure, not a hang of the check. */
export const REQUEST_TIMEOUT_MS = 15_000

export function scimClient(
  tenantUrl: string,
  token: string,
  fetchImpl: typeof fetch = fetch,
): ScimClient {
  const base = tenantUrl.replace(/\/+$/, '')
  let last: Exchange | undefined
  return {
    get last() {
      return last
    },
    async send(method, path, body) {
      const url = `${base}${path}`
      const headers: Record<string, string> = {
        authorization: `Bearer ${token}`,
        accept: 'application/scim+json, application/json',
      }
      if (body !== undefined) headers['content-type'] = 'application/scim+json'
      let exchange: Exchange
      try {
        const response = await fetchImpl(url, {
          method,
          headers,
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        })
        const text = await response.text()
        const retryAfter = response.headers.get('retry-after')
        exchange = {
          method,
          url,
          ...(body !== undefined ? { requestBody: body } : {}),
          status: response.status,
          contentType: response.headers.get('content-type'),
          text,
          body: parse(text),
          ...(retryAfter !== null ? { retryAfter } : {}),
        }
      } catch (error) {
        exchange = {
          method,
          url,
          ...(body !== undefined ? { requestBody: body } : {}),
          status: 0,
          contentType: null,
          text: `no response: ${error instanceof Error ? error.message : String(error)}`,
          body: undefined,
        }
      }
      last = exchange
      return exchange
    },
  }
}

function parse(text: string): unknown {
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
