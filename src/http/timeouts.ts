// What a client that stops sending (or reading) may hold: README "Limits". Kept apart from app.ts so the
// configuration can name the defaults without loading Fastify.

/** In milliseconds. */
export interface Timeouts {
  /** Receiving a whole request, headers and body (Node answers 408 and closes); also the handler's time. */
  readonly requestMs: number
  /** Receiving the headers, from the connection's start or the previous request. */
  readonly headersMs: number
  /** An idle keep-alive connection between requests. */
  readonly keepAliveMs: number
}

export const DEFAULT_TIMEOUTS: Timeouts = Object.freeze({
  requestMs: 30_000,
  headersMs: 10_000,
  keepAliveMs: 5_000,
})
