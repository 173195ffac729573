// OAuth access tokens (RFC 6749 §4.4, RFC 9068's shape): JWTs signed with ES256 by a key stored in the
// database, so any instance verifies what any instance issued. `roster keys rotate` adds a key that
// signs from then on; retired keys keep verifying for one token lifetime, so no issued token breaks.
import { randomUUID } from 'node:crypto'
import {
  SignJWT,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
} from 'jose'
import type { JWK } from 'jose'
import type { ClientInfo, ClientScope, SigningKey, Store } from '../store/store.js'

export const ACCESS_TOKEN_TTL_SECONDS = 3600
export const ISSUER = 'roster'
/** RFC 9068 §2.2: the resource server the token is for (Roster's SCIM and admin APIs). */
export const AUDIENCE = 'roster'
/** Clock skew tolerated between instances for `iat` (RFC 7519 §4.1.6). */
const SKEW_SECONDS = 60
const ALGORITHM = 'ES256'

export interface AccessClaims {
  readonly clientId: string
  readonly tenantId: string
  readonly scopes: readonly ClientScope[]
}

/** A new signing key (not yet stored). */
export async function newSigningKey(now: Date): Promise<Omit<SigningKey, 'retiredAt'>> {
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true })
  return {
    id: randomUUID(),
    algorithm: ALGORITHM,
    privateJwk: JSON.stringify(await exportJWK(privateKey)),
    publicJwk: JSON.stringify(await exportJWK(publicKey)),
    created: now.toISOString(),
  }
}

/** Imported keys by id and use: a key's JWK never changes, so the import is done once per process. */
type Key = Awaited<ReturnType<typeof importJWK>>
const imported = new Map<string, Promise<Key>>()
function keyOf(key: SigningKey, use: 'private' | 'public'): Promise<Key> {
  const id = `${key.id}:${use}`
  let found = imported.get(id)
  if (!found) {
    const jwk = JSON.parse(use === 'private' ? key.privateJwk : key.publicJwk) as JWK
    found = importJWK(jwk, key.algorithm)
    imported.set(id, found)
  }
  return found
}

/** Signs an access token for a client; creates the first signing key when there is none. */
export async function issueAccessToken(
  store: Store,
  client: ClientInfo,
  scopes: readonly ClientScope[],
  now: Date,
): Promise<string> {
  let active = (await store.signingKeys()).filter((k) => k.retiredAt === null).at(-1)
  if (!active) {
    await store.rotateSigningKey(await newSigningKey(now))
    active = (await store.signingKeys()).filter((k) => k.retiredAt === null).at(-1)
  }
  if (!active) throw new Error('No signing key could be created.')
  const seconds = Math.floor(now.getTime() / 1000)
  return new SignJWT({ tid: client.tenantId, scope: scopes.join(' ') })
    .setProtectedHeader({ alg: active.algorithm, kid: active.id, typ: 'at+jwt' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(client.id)
    .setIssuedAt(seconds)
    .setExpirationTime(seconds + ACCESS_TOKEN_TTL_SECONDS)
    .setJti(randomUUID())
    .sign(await keyOf(active, 'private'))
}

/**
 * The claims of a valid access token, or undefined: malformed, signed by an unknown key or one retired
 * longer than a token lifetime ago, re-signed, expired, for another audience, issued in the future, or
 * without the claims Roster issues.
 */
export async function verifyAccessToken(
  store: Store,
  token: string,
  now: Date,
): Promise<AccessClaims | undefined> {
  if (token.length > 4096) return undefined
  let header: { kid?: unknown; alg?: unknown }
  try {
    header = decodeProtectedHeader(token)
  } catch {
    return undefined
  }
  if (header.alg !== ALGORITHM || typeof header.kid !== 'string') return undefined
  // Read outside the try: a database that cannot answer is a 503, not a bad credential.
  const key = (await store.signingKeys()).find((k) => k.id === header.kid)
  if (!key) return undefined
  if (
    key.retiredAt !== null &&
    Date.parse(key.retiredAt) + ACCESS_TOKEN_TTL_SECONDS * 1000 < now.getTime()
  )
    return undefined
  try {
    const { payload } = await jwtVerify(token, await keyOf(key, 'public'), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: [ALGORITHM],
      currentDate: now,
      typ: 'at+jwt',
      requiredClaims: ['exp', 'iat', 'sub', 'jti'],
    })
    // Defence in depth against a token Roster did not issue as it stands: issued in the future, or
    // living longer than Roster's tokens do.
    const seconds = Math.floor(now.getTime() / 1000)
    const { iat, exp } = payload as { iat: number; exp: number }
    if (iat > seconds + SKEW_SECONDS || exp - iat > ACCESS_TOKEN_TTL_SECONDS) return undefined
    const scopes = typeof payload['scope'] === 'string' ? payload['scope'].split(' ') : []
    if (typeof payload.sub !== 'string' || typeof payload['tid'] !== 'string') return undefined
    return {
      clientId: payload.sub,
      tenantId: payload['tid'],
      scopes: scopes.filter((s): s is ClientScope => s === 'scim' || s === 'admin'),
    }
  } catch {
    return undefined
  }
}
