// SCIM secret tokens (Entra's "Secret Token"): 256 random bits, shown once, stored as a SHA-256 hash.
// A fast hash is enough for a random 256-bit secret (nothing to brute-force); lookup is by hash, so the
// comparison of the secret itself never happens in JavaScript and leaks no timing.
import { createHash, randomBytes } from 'node:crypto'
import { ScimError } from '../scim/errors.js'
import type { Store, TokenInfo } from '../store/store.js'

export const TOKEN_PREFIX = 'roster_'

export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url')
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** Mints a token for a tenant: returns the token (to show once) and what is stored about it. */
export async function mintToken(
  store: Store,
  tenantId: string,
  name: string,
  expiresAt: string | null,
): Promise<{ token: string; info: TokenInfo }> {
  const token = generateToken()
  const info = await store
    .forTenant(tenantId)
    .createToken({ name, hash: hashToken(token), expiresAt })
  return { token, info }
}

/**
 * Names are unique per tenant among active tokens (not revoked, not expired), so `roster token list`
 * and the log's `token entra` always point at one token: a 409 naming the token that has the name.
 */
export async function assertTokenNameFree(
  store: Store,
  tenantId: string,
  name: string,
  now: Date,
): Promise<void> {
  const taken = (await store.forTenant(tenantId).listTokens()).find(
    (t) =>
      t.revokedAt === null &&
      (t.expiresAt === null || Date.parse(t.expiresAt) > now.getTime()) &&
      t.name.toLowerCase() === name.toLowerCase(),
  )
  if (taken)
    throw ScimError.uniqueness(
      `The active token ${taken.id} is already named '${taken.name}': choose another name, or revoke that token first (roster token revoke ${taken.id}).`,
    )
}
