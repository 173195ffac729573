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
  /** Why there was no answer at all (status 0): the connection failed, as a sentence for people. */
  readonly failure?: string
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
  timeoutMs: number = REQUEST_TIMEOUT_MS,
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
          signal: AbortSignal.timeout(timeoutMs),
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
          body: parseBody(text),
          ...(retryAfter !== null ? { retryAfter } : {}),
        }
      } catch (error) {
        exchange = failedExchange(method, url, body, error, timeoutMs)
      }
      last = exchange
      return exchange
    },
  }
}

/** The exchange of a request that got no response: the connection failure in words (connectionFailure). */
export function failedExchange(
  method: string,
  url: string,
  body: unknown,
  error: unknown,
  timeoutMs: number,
): Exchange {
  const failure = connectionFailure(error, new URL(url), timeoutMs)
  return {
    method,
    url,
    ...(body !== undefined ? { requestBody: body } : {}),
    status: 0,
    contentType: null,
    text: `no response: ${failure}`,
    body: undefined,
    failure,
  }
}

/** A response body as JSON, or undefined when it is empty or not JSON. */
export function parseBody(text: string): unknown {
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** OpenSSL's certificate errors (Node's `error.code`), in words an admin can act on. */
const CERTIFICATE_PROBLEMS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain ends in a self-signed certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    'the certificate cannot be verified (the server does not send its intermediate certificates, or the CA is unknown)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    'the certificate is issued by a CA this machine does not know (not a public CA, or the chain is incomplete)',
  CERT_HAS_EXPIRED: 'the certificate has expired',
  CERT_NOT_YET_VALID: 'the certificate is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate is for another host name',
}

/**
 * Why a request got no answer, in one sentence: connection refused, a host name DNS does not know, a
 * TLS problem (the certificate, or https spoken to an http port), or no answer in time. Entra needs
 * HTTPS with a certificate from a public CA: a certificate problem is its usual failure to connect.
 */
export function connectionFailure(
  error: unknown,
  url: URL,
  timeoutMs: number = REQUEST_TIMEOUT_MS,
): string {
  const cause = (error as { cause?: unknown } | null)?.cause
  const code =
    (cause as { code?: unknown } | null)?.code ?? (error as { code?: unknown } | null)?.code
  const name = (error as { name?: unknown } | null)?.name
  const port = url.port || (url.protocol === 'https:' ? '443' : '80')
  const where = `${url.hostname}:${port}`
  const detail =
    cause instanceof Error ? cause.message : error instanceof Error ? error.message : ''
  if (name === 'TimeoutError' || name === 'AbortError')
    return `no answer from ${where} within ${timeoutMs / 1000} s (a firewall dropping packets, or the server hangs)`
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused by ${where}: nothing listens on that port (is the server running, and is the port right?)`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `DNS does not know the host name ${url.hostname}`
    case 'ECONNRESET':
      return `${where} closed the connection without answering`
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} cannot be reached (no route to the host)`
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `no connection to ${where} in time (a firewall, or the wrong host)`
  }
  if (typeof code === 'string' && CERTIFICATE_PROBLEMS[code])
    return `TLS: ${CERTIFICATE_PROBLEMS[code]} (${code}); Entra accepts only a valid certificate from a public CA`
  if (/wrong version number|packet length too long|ERR_SSL/i.test(`${String(code)} ${detail}`))
    return `TLS handshake failed with ${where}: it does not speak HTTPS on that port (an http:// server? use http:// or the TLS proxy's port)`
  if (typeof code === 'string' && /CERT|SSL|TLS/.test(code))
    return `TLS: ${detail || code} (${code})`
  return `no connection to ${where}: ${detail || String(code ?? 'unknown error')}`
}
