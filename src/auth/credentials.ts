// Every way into a tenant's SCIM API, checked against the tenant the request resolved to: a secret token
// (Entra's "Secret Token"), an OAuth access token (Entra's client-credentials option), or a client's id
// and secret as HTTP Basic (Okta's "Basic Auth" test app). A credential of another tenant, a revoked
// client or token, an expired or re-signed JWT, a wrong scope: all simply fail (undefined).
import type { ClientScope, Store } from '../store/store.js'
import { verifyAccessToken } from './access-token.js'
import { authenticateClient } from './clients.js'
import { TOKEN_PREFIX, verifyToken } from './secret-token.js'

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

export async function authenticate(
  store: Store,
  header: string | undefined,
  tenantId: string,
  wanted: ClientScope,
  now: Date,
): Promise<Credential | undefined> {
  if (header === undefined || header.length > 8192) return undefined
  const bearer = BEARER.exec(header)?.[1]
  if (bearer !== undefined) {
    if (bearer.startsWith(TOKEN_PREFIX)) {
      // Secret tokens grant SCIM only; minting tokens needs an admin client.
      if (wanted !== 'scim') return undefined
      const token = await verifyToken(store, bearer, tenantId, now)
      return token ? { kind: 'token', id: token.id, name: token.name } : undefined
    }
    const claims = await verifyAccessToken(store, bearer, now)
    if (!claims || claims.tenantId !== tenantId || !grants(claims.scopes, wanted)) return undefined
    // The client is read on every request, so revoking it ends its tokens at once.
    const client = await store.clientById(claims.clientId)
    if (!client || client.revokedAt !== null || client.tenantId !== tenantId) return undefined
    // A token may not carry more than its client may ask for (a scim client's token claiming admin).
    if (!claims.scopes.every((scope) => grants([client.scope], scope))) return undefined
    return { kind: 'oauth', clientId: client.id, name: client.name }
  }
  const basic = basicCredentials(header)
  if (basic) {
    const client = await authenticateClient(store, basic.id, basic.secret)
    if (!client || client.tenantId !== tenantId || !grants([client.scope], wanted)) return undefined
    return { kind: 'basic', clientId: client.id, name: client.name }
  }
  return undefined
}
