// Console sessions and their defences: a random session id in a Secure, HttpOnly, SameSite=Strict
// cookie scoped to the console's path (only its SHA-256 is stored, in the database every instance
// shares), a synchronizer CSRF token checked on every change (and a double-submit one on the sign-in
// form), and failed sign-ins limited per address and per account.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { memoryLimiters } from './rate-limits.js'
import type { LimiterFactory } from './rate-limits.js'
import type { AdminSession, Store, Tenant } from '../store/store.js'

export const SESSION_COOKIE = 'roster_console'
export const SIGNIN_COOKIE = 'roster_signin'
/** A session ends this long after sign-in. */
export const SESSION_HOURS = 8
/** Failed sign-ins per client address, and per account, in 15 minutes. */
export const SIGNIN_FAILURES = 10

export const randomId = (): string => randomBytes(32).toString('base64url')
export const hashId = (id: string): string => createHash('sha256').update(id).digest('hex')

export function sameSecret(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export function cookieOptions(path: string, maxAgeSeconds?: number) {
  return {
    path,
    httpOnly: true,
    secure: true,
    sameSite: 'strict' as const,
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  }
}

/** The session of this request for this tenant's console, if any. */
export async function currentSession(
  store: Store,
  request: FastifyRequest,
  tenant: Tenant,
): Promise<AdminSession | undefined> {
  const id = request.cookies[SESSION_COOKIE]
  if (!id) return undefined
  const session = await store.sessionByHash(hashId(id), new Date().toISOString())
  // A session of another tenant's console is no session here.
  return session && session.tenantId === tenant.id ? session : undefined
}

export async function startSession(
  store: Store,
  reply: FastifyReply,
  base: string,
  tenant: Tenant,
  user: { id: string; userName: string },
): Promise<void> {
  const id = randomId()
  const now = new Date()
  await store.createSession({
    hash: hashId(id),
    tenantId: tenant.id,
    userId: user.id,
    userName: user.userName,
    csrf: randomId(),
    created: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString(),
  })
  reply.setCookie(SESSION_COOKIE, id, cookieOptions(base, SESSION_HOURS * 3600))
  reply.clearCookie(SIGNIN_COOKIE, cookieOptions(base))
}

/**
 * A change must come from this console: its form's CSRF token matches the session's, and a browser's
 * Origin (when sent) is this host.
 */
export function checkChange(
  request: FastifyRequest,
  csrf: string,
  sent: string | undefined,
): boolean {
  const origin = request.headers.origin
  if (origin !== undefined && origin !== 'null') {
    try {
      // Both through URL, which drops a default port (http://host:80 is http://host).
      if (new URL(origin).host !== new URL(request.origin).host) return false
    } catch {
      return false
    }
  }
  return sameSecret(csrf, sent)
}

export interface SignInLimits {
  /** Seconds to wait when the address or account is over its limit; undefined when allowed. */
  blocked(address: string, account: string): Promise<number | undefined>
  failed(address: string, account: string): Promise<void>
}

export function signInLimits(make: LimiterFactory = memoryLimiters): SignInLimits {
  const options = { points: SIGNIN_FAILURES, duration: 15 * 60 }
  const byAddress = make({ ...options, keyPrefix: 'sa' })
  const byAccount = make({ ...options, keyPrefix: 'su' })
  return {
    async blocked(address, account) {
      const [a, u] = await Promise.all([byAddress.get(address), byAccount.get(account)])
      const over = [a, u].filter((r) => r !== null && r.consumedPoints >= SIGNIN_FAILURES)
      return over.length === 0
        ? undefined
        : Math.max(1, ...over.map((r) => Math.ceil(r!.msBeforeNext / 1000)))
    },
    async failed(address, account) {
      await Promise.all([byAddress.penalty(address, 1), byAccount.penalty(account, 1)])
    },
  }
}
