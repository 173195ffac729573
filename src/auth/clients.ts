// OAuth 2.0 clients (RFC 6749 §2.2-2.3): a public id and a secret of 256 random bits, shown once and
// stored as a SHA-256 hash (nothing to brute-force, so a fast hash suffices). Secrets are compared as
// hashes with timingSafeEqual.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { ClientInfo, ClientScope, Store } from '../store/store.js'

export const CLIENT_ID_PREFIX = 'rc_'
export const CLIENT_SECRET_PREFIX = 'roster_cs_'
/** Longer credentials are refused before any lookup. */
const MAX_LENGTH = 200

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex')

/** Creates a client for a tenant: returns its id and secret (to show once) and what is stored. */
export async function createClient(
  store: Store,
  tenantId: string,
  name: string,
  scope: ClientScope,
): Promise<{ clientId: string; clientSecret: string; info: ClientInfo }> {
  const clientId = CLIENT_ID_PREFIX + randomBytes(16).toString('base64url')
  const clientSecret = CLIENT_SECRET_PREFIX + randomBytes(32).toString('base64url')
  const info = await store
    .forTenant(tenantId)
    .createClient({ id: clientId, name, secretHash: sha256(clientSecret), scope })
  return { clientId, clientSecret, info }
}

/** The client these credentials authenticate, or undefined (unknown, revoked, wrong secret). */
export async function authenticateClient(
  store: Store,
  clientId: string,
  clientSecret: string,
): Promise<ClientInfo | undefined> {
  if (clientId.length > MAX_LENGTH || clientSecret.length > MAX_LENGTH) return undefined
  const client = await store.clientById(clientId)
  // The hash is computed even for an unknown client, so timing does not tell whether the id exists.
  const given = Buffer.from(sha256(clientSecret), 'hex')
  const stored = Buffer.from(client?.secretHash ?? sha256(`${clientId}:none`), 'hex')
  if (!client || !timingSafeEqual(given, stored) || client.revokedAt !== null) return undefined
  const { secretHash: _hash, ...info } = client
  return info
}
