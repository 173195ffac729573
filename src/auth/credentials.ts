// Every way into a tenant's SCIM API, checked against the tenant the request resolved to: a secret token
// (Entra's "Secret Token"), an OAuth access token (Entra's client-credentials option), or a client's id
// and secret as HTTP Basic (Okta's "Basic Auth" test app). A credential of another tenant, a revoked
// client or token, an expired or re-signed JWT, a wrong scope: all simply fail (undefined).
import type { ClientScope, Store } from '../store/store.js'
import { verifyAccessToken } from './access-token.js'
import { authenticateClient } from './clients.js'
import { hashToken, TOKEN_PREFIX } from './secret-token.js'

export type Credential =
  | { readonly kind: 'token'; readonly id: string; readonly name: string }
  | { readonly kind: 'oauth'; readonly clientId: string; readonly name: string }
  | { readonly kind: 'basic'; readonly clientId: string; readonly name: string }

const BEARER = /^Bearer +([^\s]+) *$/i
const BASIC = /^Basic +([A-Za-z0-9+/=]+) *$/i

/** `admin` includes `scim`. */
export function grants(scopes: readonly ClientScope[], wanted: ClientScope): boolean {
  return scopes.includes(wanted) || scopes.includes('admin')
}

/** RFC 7617: base64 of `id:secret` (the secret may hold colons; the id may not). */
export function basicCredentials(header: string): { id: string; secret: string } | undefined {
  const match = BASIC.exec(header)
  if (!match) return undefined
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon <= 0) return undefined
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) }
}

/** Why a credential was refused: for the server's log only, never for the client (one 401 for all). */
export interface Refusal {
  readonly refused: string
}

export async function authenticate(
  store: Store,
  header: string | undefined,
  tenantId: string,
  wanted: ClientScope,
  now: Date,
): Promise<Credential | undefined> {
  const result = await authenticateWithReason(store, header, tenantId, wanted, now)
  return 'refused' in result ? undefined : result
}

/** authenticate, with the reason of a refusal. */
export async function authenticateWithReason(
  store: Store,
  header: string | undefined,
  tenantId: string,
  wanted: ClientScope,
  now: Date,
): Promise<Credential | Refusal> {
  if (header === undefined) return { refused: 'no Authorization header' }
  if (header.length > 8192) return { refused: 'Authorization header longer than 8192 characters' }
  const bearer = BEARER.exec(header)?.[1]
  if (bearer !== undefined) {
    if (bearer.startsWith(TOKEN_PREFIX)) {
      // Secret tokens grant SCIM only; minting tokens needs an admin client.
      if (wanted !== 'scim') return { refused: 'a secret token cannot mint tokens (admin scope)' }
      if (bearer.length > 200) return { refused: 'unknown secret token' }
      const info = await store.tokenByHash(hashToken(bearer))
      if (!info) return { refused: 'unknown secret token' }
      if (info.tenantId !== tenantId)
        return { refused: `secret token ${info.id} of another tenant` }
      if (info.revokedAt !== null) return { refused: `secret token ${info.id} revoked` }
      if (info.expiresAt !== null && Date.parse(info.expiresAt) <= now.getTime())
        return { refused: `secret token ${info.id} expired at ${info.expiresAt}` }
      return { kind: 'token', id: info.id, name: info.name }
    }
    const claims = await verifyAccessToken(store, bearer, now)
    if (!claims)
      return { refused: 'access token not valid (malformed, expired, or not signed by our keys)' }
    if (claims.tenantId !== tenantId)
      return { refused: `access token of client ${claims.clientId} is for another tenant` }
    if (!grants(claims.scopes, wanted))
      return { refused: `access token of client ${claims.clientId} lacks the ${wanted} scope` }
    // The client is read on every request, so revoking it ends its tokens at once.
    const client = await store.clientById(claims.clientId)
    if (!client || client.tenantId !== tenantId)
      return { refused: `client ${claims.clientId} unknown` }
    if (client.revokedAt !== null) return { refused: `client ${client.id} revoked` }
    // A token may not carry more than its client may ask for (a scim client's token claiming admin).
    if (!claims.scopes.every((scope) => grants([client.scope], scope)))
      return { refused: `access token claims more scope than client ${client.id} has` }
    return { kind: 'oauth', clientId: client.id, name: client.name }
  }
  const basic = basicCredentials(header)
  if (basic) {
    const client = await authenticateClient(store, basic.id, basic.secret)
    if (!client) return { refused: 'Basic credentials: unknown client, wrong secret or revoked' }
    if (client.tenantId !== tenantId)
      return { refused: `Basic credentials of client ${client.id} of another tenant` }
    if (!grants([client.scope], wanted))
      return { refused: `client ${client.id} lacks the ${wanted} scope` }
    return { kind: 'basic', clientId: client.id, name: client.name }
  }
  return { refused: 'Authorization header is neither Bearer nor Basic' }
}
