// Requests to the target with Entra's retry behaviour: a 429 is retried after its Retry-After (every
// request of the cycle waits, as Entra suspends the job for that time, §5.3), a 5xx or no answer is
// retried with exponential back-off and jitter; after the retries the object fails and Entra's next
// cycle (the next run) retries it. A refused credential (401/403) quarantines the job at once.
import type { Exchange, ScimClient } from '../../check/client.js'

export interface RetryOptions {
  /** Retries after the first attempt (default 3). */
  readonly retries: number
  /** First back-off in milliseconds, doubled each retry (default 1,000). */
  readonly backoffMs: number
  /** The longest wait for one retry, Retry-After included (default 60,000). */
  readonly maxWaitMs: number
}

export const DEFAULT_RETRIES: RetryOptions = { retries: 3, backoffMs: 1000, maxWaitMs: 60_000 }

/** The job must stop: Entra puts it in quarantine with this reason (S5). */
export class Quarantine extends Error {}

/** Consecutive requests without any answer after which the target counts as unreachable. */
const UNREACHABLE_AFTER = 10

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Seconds or an HTTP date (RFC 9110 §10.2.3) as milliseconds from now. */
function retryAfterMs(header: string | undefined, now: number): number | undefined {
  if (header === undefined) return undefined
  if (/^\d+$/.test(header.trim())) return Number(header) * 1000
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

export interface Target {
  send(method: string, path: string, body?: unknown): Promise<Exchange>
  readonly requests: number
  readonly retried: number
}

export function retryingTarget(
  client: ScimClient,
  options: RetryOptions = DEFAULT_RETRIES,
): Target {
  let requests = 0
  let retried = 0
  let pausedUntil = 0
  let silent = 0
  return {
    get requests() {
      return requests
    },
    get retried() {
      return retried
    },
    async send(method, path, body) {
      for (let attempt = 0; ; attempt++) {
        const pause = pausedUntil - Date.now()
        if (pause > 0) await sleep(pause)
        requests++
        const exchange = await client.send(method, path, body)
        if (exchange.status === 401 || exchange.status === 403)
          throw new Quarantine(
            `EncounteredQuarantineException: the target answered ${exchange.status} to ${method} ${path.split('?')[0]}; the credentials are invalid or lack rights (check the Tenant URL and the token).`,
          )
        silent = exchange.status === 0 ? silent + 1 : 0
        if (silent >= UNREACHABLE_AFTER)
          throw new Quarantine(
            `the target did not answer ${UNREACHABLE_AFTER} requests in a row (${exchange.text}); check the Tenant URL and that the server is up.`,
          )
        const retryable = exchange.status === 429 || exchange.status >= 500 || exchange.status === 0
        if (!retryable || attempt >= options.retries) return exchange
        retried++
        const backoff = options.backoffMs * 2 ** attempt * (0.75 + Math.random() / 2)
        const asked =
          exchange.status === 429 || exchange.status === 503
            ? retryAfterMs(exchange.retryAfter, Date.now())
            : undefined
        const wait = Math.min(options.maxWaitMs, asked ?? backoff)
        if (exchange.status === 429) pausedUntil = Math.max(pausedUntil, Date.now() + wait)
        await sleep(wait)
      }
    },
  }
}
