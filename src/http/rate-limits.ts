// Abuse limits (documented in README "Limits"): failed authentications per client address and per
// tenant, and an optional request rate per tenant (`roster policy set requestsPerMinute N`). Beyond them:
// 429 with Retry-After (Entra backs off on it). rate-limiter-flexible keeps the counters, in memory by
// default or in a store every instance shares (Redis or PostgreSQL: the composition root chooses, see
// src/shared-limits.ts), so N instances do not multiply the limits.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'
import type { RateLimiterAbstract } from 'rate-limiter-flexible'
import { ScimError } from '../scim/errors.js'

/** Failed authentications allowed per client address per minute. */
export const FAILURES_PER_ADDRESS = 20
/** Failed authentications allowed per tenant per minute, all addresses together. */
export const FAILURES_PER_TENANT = 100

export interface RateLimits {
  /**
   * Counts a failed authentication; throws 429 (instead of the caller's 401) when the address or the
   * tenant is over its limit. Only failures are limited: valid credentials are never refused because of
   * others' failures, so nobody can lock an identity provider out (not even by forging its address).
   */
  recordFailure(address: string, tenantKey: string): Promise<void>
  /** Counts a request of a tenant against its limit (0: no limit); throws 429 beyond it. */
  countRequest(tenantId: string, perMinute: number): Promise<void>
}

/** Builds one counter: `points` per `duration` seconds, keys namespaced by `keyPrefix`. */
export type LimiterFactory = (options: {
  readonly points: number
  readonly duration: number
  readonly keyPrefix: string
}) => RateLimiterAbstract

export const memoryLimiters: LimiterFactory = (options) => new RateLimiterMemory({ ...options })

export function rateLimits(make: LimiterFactory = memoryLimiters): RateLimits {
  const byAddress = make({ points: FAILURES_PER_ADDRESS, duration: 60, keyPrefix: 'fa' })
  const byTenant = make({ points: FAILURES_PER_TENANT, duration: 60, keyPrefix: 'ft' })
  const requests = new Map<number, RateLimiterAbstract>()
  const blocked = (res: RateLimiterRes | null, points: number): number | undefined =>
    res && res.consumedPoints >= points
      ? Math.max(1, Math.ceil(res.msBeforeNext / 1000))
      : undefined
  return {
    async recordFailure(address, tenantKey) {
      const [byAddr, byTen] = await Promise.all([
        byAddress.penalty(address, 1),
        byTenant.penalty(tenantKey, 1),
      ])
      // Over a limit from this failure on: the answer becomes 429 instead of 401.
      const wait =
        blocked(byAddr, FAILURES_PER_ADDRESS + 1) ?? blocked(byTen, FAILURES_PER_TENANT + 1)
      if (wait !== undefined)
        throw ScimError.tooManyRequests('Too many failed authentications; retry later.', wait)
    },
    async countRequest(tenantId, perMinute) {
      if (perMinute <= 0) return
      let limiter = requests.get(perMinute)
      if (!limiter) {
        limiter = make({ points: perMinute, duration: 60, keyPrefix: `r${perMinute}` })
        requests.set(perMinute, limiter)
      }
      try {
        await limiter.consume(tenantId)
      } catch (error) {
        if (error instanceof RateLimiterRes)
          throw ScimError.tooManyRequests(
            `This tenant is limited to ${perMinute} requests per minute; retry later.`,
            Math.max(1, Math.ceil(error.msBeforeNext / 1000)),
          )
        throw error
      }
    },
  }
}
