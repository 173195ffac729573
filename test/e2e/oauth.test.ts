// The token endpoint (RFC 6749 §4.4 client credentials, errors per §5.2) and what its tokens open:
// RFC 6749's own example exchange, the error table, Entra's flow (credentials in the body, a token that
// expires, a new one), signing-key rotation, client revocation, minting secret tokens with an admin
// token, the abuse limits (failed authentications, requestsPerMinute), and logs that never hold a
// secret. Every test gets a fresh app (empty rate-limit counters) with a clock it can move forward.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { describe, it, mock } from 'node:test'
import type { TestContext } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { SignJWT, decodeProtectedHeader, importJWK } from 'jose'
import type { JWK } from 'jose'
import { newSigningKey } from '../../src/auth/access-token.js'
import { createClient } from '../../src/auth/clients.js'
import { mintToken } from '../../src/auth/secret-token.js'
import { createApp } from '../../src/http/app.js'
import { FAILURES_PER_ADDRESS, FAILURES_PER_TENANT } from '../../src/http/rate-limits.js'
import { createLogger } from '../../src/log.js'
import { defaultTenant } from '../../src/main.js'
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js'
import type { ClientScope, Store, Tenant } from '../../src/store/store.js'
import type { Reply } from '../helper.js'

const TOKEN_URL = '/api/xm/1/oauth2/token'
const MINT_URL = '/api/xm/1/scim/tokens'
const API = '/api/xm/1/scim/v2'
const FORM = 'application/x-www-form-urlencoded'
const MINUTE = 60_000
/** RFC 6749 §5.2: error_description is limited to these characters. */
const DESCRIPTION = /^[\x20-\x21\x23-\x5B\x5D-\x7E]*$/
const OAUTH_ERRORS = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
]

interface Client {
  readonly id: string
  readonly secret: string
}

interface TokenRequest {
  readonly body?: string
  readonly headers?: Record<string, string>
  readonly url?: string
  readonly remoteAddress?: string
}

interface Rig {
  readonly app: FastifyInstance
  readonly store: Store
  /** The default tenant. */
  readonly home: Tenant
  readonly acme: Tenant
  readonly lines: string[]
  /** The app's clock: real time plus what `advance` added. */
  now(): Date
  advance(ms: number): void
  client(tenant: Tenant, scope?: ClientScope): Promise<Client>
  secretToken(tenant: Tenant): Promise<string>
  /** POST to the token endpoint (form-encoded); an access token it returns is remembered. */
  token(request: TokenRequest): Promise<Reply>
  /** A SCIM request (GET /Users unless told). */
  scim(
    headers: Record<string, string>,
    options?: { url?: string; remoteAddress?: string; method?: string; body?: unknown },
  ): Promise<Reply>
  /** Marks values that must never appear in a log line. */
  secret(...values: string[]): void
}

async function rig(t: TestContext): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'roster-oauth-'))
  const store = await openSqliteStore({ file: join(dir, 'roster.db') })
  const lines: string[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean))
      done()
    },
  })
  let offset = 0
  const now = (): Date => new Date(Date.now() + offset)
  const app = await createApp({
    store,
    logger: createLogger('trace', sink),
    bodyLimit: 1024 * 1024,
    now,
  })
  const secrets = new Set<string>()
  const secret = (...values: string[]): void => {
    for (const value of values) {
      secrets.add(value)
      // A JWT's signature alone would let no one in, but a whole token split over fields would.
      if (value.split('.').length === 3) secrets.add(value.split('.')[2] as string)
    }
  }
  t.after(async () => {
    await app.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
    const text = lines.join('\n')
    for (const value of secrets)
      assert.ok(!text.includes(value), `a secret was logged: ${value.slice(0, 12)}…`)
  })
  const home = await defaultTenant(store)
  const acme = await store.ensureTenant('acme', 'Acme')
  const parse = (text: string): unknown => {
    try {
      return text === '' ? undefined : JSON.parse(text)
    } catch {
      return undefined
    }
  }
  const reply = (r: { statusCode: number; headers: Reply['headers']; body: string }): Reply => ({
    status: r.statusCode,
    headers: r.headers,
    body: parse(r.body),
    text: r.body,
  })
  return {
    app,
    store,
    home,
    acme,
    lines,
    now,
    advance(ms) {
      offset += ms
    },
    async client(tenant, scope = 'scim') {
      const made = await createClient(store, tenant.id, 'entra', scope)
      secret(made.clientSecret)
      return { id: made.clientId, secret: made.clientSecret }
    },
    async secretToken(tenant) {
      const { token } = await mintToken(store, tenant.id, 'test', null)
      secret(token)
      return token
    },
    async token(request) {
      for (const [name, value] of Object.entries(request.headers ?? {}))
        if (name.toLowerCase() === 'authorization') secret(value.replace(/^Basic /, ''))
      const r = reply(
        await app.inject({
          method: 'POST',
          url: request.url ?? TOKEN_URL,
          headers: { 'content-type': FORM, ...request.headers },
          payload: request.body ?? '',
          ...(request.remoteAddress ? { remoteAddress: request.remoteAddress } : {}),
        }),
      )
      if (typeof r.body?.access_token === 'string') secret(r.body.access_token)
      return r
    },
    async scim(headers, options = {}) {
      return reply(
        await app.inject({
          method: (options.method ?? 'GET') as 'GET',
          url: options.url ?? `${API}/Users`,
          headers: {
            ...headers,
            ...(options.body !== undefined ? { 'content-type': 'application/scim+json' } : {}),
          },
          ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}),
          ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
        }),
      )
    },
    secret,
  }
}

const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString()
const basicOf = (id: string, secret: string): string =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`
const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` })
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex')

/** RFC 6749 §5.1: a successful answer, not cached. */
function assertIssued(r: Reply, scope = 'scim'): string {
  assert.equal(r.status, 200, r.text)
  assert.match(String(r.headers['content-type']), /^application\/json/)
  assert.equal(r.headers['cache-control'], 'no-store')
  assert.equal(r.headers['pragma'], 'no-cache')
  assert.equal(typeof r.body.access_token, 'string')
  assert.equal(r.body.token_type, 'Bearer')
  assert.equal(r.body.expires_in, 3600)
  assert.equal(r.body.scope, scope)
  // §4.4.3: a refresh token SHOULD NOT be included.
  assert.equal(r.body.refresh_token, undefined)
  return r.body.access_token
}

/** RFC 6749 §5.2: a JSON error with a registered code, not cached; 401 invalid_client names Basic. */
function assertOAuthError(r: Reply, status: number, error: string): void {
  assert.equal(r.status, status, r.text)
  assert.match(String(r.headers['content-type']), /^application\/json/)
  assert.equal(r.headers['cache-control'], 'no-store')
  assert.equal(r.headers['pragma'], 'no-cache')
  assert.equal(r.body.error, error)
  assert.ok(OAUTH_ERRORS.includes(r.body.error), r.body.error)
  for (const key of Object.keys(r.body))
    assert.ok(['error', 'error_description', 'error_uri'].includes(key), key)
  if (r.body.error_description !== undefined)
    assert.match(r.body.error_description, DESCRIPTION, 'error_description outside §5.2 charset')
  if (status === 401) assert.match(String(r.headers['www-authenticate']), /^Basic realm="[^"]*"/)
  else assert.equal(r.headers['www-authenticate'], undefined)
}

describe('RFC 6749 §4.4.2-4.4.3: the client credentials example', () => {
  it('Basic s6BhdRkqt3:gX1fBat3bV and grant_type=client_credentials → an access token', async (t) => {
    const r = await rig(t)
    // The example's client, stored as Roster stores clients (the secret's SHA-256 only).
    await r.store.forTenant(r.home.id).createClient({
      id: 's6BhdRkqt3',
      name: 'rfc6749',
      secretHash: sha256('gX1fBat3bV'),
      scope: 'scim',
    })
    r.secret('gX1fBat3bV', 'czZCaGRSa3F0MzpnWDFmQmF0M2JW')
    const issued = await r.token({
      headers: { authorization: 'Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW', host: 'server.example.com' },
      body: 'grant_type=client_credentials',
    })
    const token = assertIssued(issued)
    assert.equal((await r.scim(bearer(token))).status, 200)
  })
})

describe('RFC 6749 §5.2: errors of the token endpoint', () => {
  interface Case {
    readonly name: string
    readonly request: (r: Rig, c: Client) => Promise<TokenRequest> | TokenRequest
    readonly status: number
    readonly error: string
  }
  const GRANT = 'grant_type=client_credentials'
  const CASES: readonly Case[] = [
    {
      name: 'grant_type missing',
      request: (_r, c) => ({
        headers: { authorization: basicOf(c.id, c.secret) },
        body: 'scope=scim',
      }),
      status: 400,
      error: 'invalid_request',
    },
    {
      name: 'an empty body',
      request: (_r, c) => ({ headers: { authorization: basicOf(c.id, c.secret) }, body: '' }),
      status: 400,
      error: 'invalid_request',
    },
    {
      name: 'grant_type=password',
      request: (_r, c) => ({
        headers: { authorization: basicOf(c.id, c.secret) },
        body: 'grant_type=password&username=johndoe&password=A3ddj3w',
      }),
      status: 400,
      error: 'unsupported_grant_type',
    },
    {
      name: 'grant_type=authorization_code',
      request: (_r, c) => ({
        headers: { authorization: basicOf(c.id, c.secret) },
        body: 'grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIA',
      }),
      status: 400,
      error: 'unsupported_grant_type',
    },
    {
      name: 'an unknown client (Basic)',
      request: () => ({ headers: { authorization: basicOf('rc_nobody', 'x') }, body: GRANT }),
      status: 401,
      error: 'invalid_client',
    },
    {
      name: 'a wrong secret (Basic)',
      request: (_r, c) => ({
        headers: { authorization: basicOf(c.id, `${c.secret}x`) },
        body: GRANT,
      }),
      status: 401,
      error: 'invalid_client',
    },
    {
      name: 'a wrong secret (body)',
      request: (_r, c) => ({
        body: form({ grant_type: 'client_credentials', client_id: c.id, client_secret: 'nope' }),
      }),
      status: 401,
      error: 'invalid_client',
    },
    {
      name: 'an unknown client (body)',
      request: (_r, c) => ({
        body: form({
          grant_type: 'client_credentials',
          client_id: 'rc_x',
          client_secret: c.secret,
        }),
      }),
      status: 401,
      error: 'invalid_client',
    },
    {
      name: 'no client authentication at all',
      request: () => ({ body: GRANT }),
      status: 401,
      error: 'invalid_client',
    },
    {
      name: 'a client id without a secret',
      request: (_r, c) => ({ body: form({ grant_type: 'client_credentials', client_id: c.id }) }),
      status: 401,
      error: 'invalid_client',
    },
    {
      name: 'a Bearer header instead of client credentials',
      request: (_r, c) => ({ headers: { authorization: `Bearer ${c.secret}` }, body: GRANT }),
      status: 401,
      error: 'invalid_client',
    },
    {
      name: 'a revoked client',
      request: async (r, c) => {
        assert.ok(await r.store.forTenant(r.home.id).revokeClient(c.id))
        return { headers: { authorization: basicOf(c.id, c.secret) }, body: GRANT }
      },
      status: 401,
      error: 'invalid_client',
    },
    {
      name: 'a client of a disabled tenant',
      request: async (r) => {
        const c = await r.client(r.acme)
        await r.store.setTenantDisabled(r.acme.id, true)
        return { headers: { authorization: basicOf(c.id, c.secret) }, body: GRANT }
      },
      status: 401,
      error: 'invalid_client',
    },
    {
      name: "acme's client on /t/default/api/xm/1/oauth2/token",
      request: async (r) => {
        const c = await r.client(r.acme)
        return {
          url: `/t/default${TOKEN_URL}`,
          headers: { authorization: basicOf(c.id, c.secret) },
          body: GRANT,
        }
      },
      status: 401,
      error: 'invalid_client',
    },
    {
      name: "acme's client on /t/other/api/xm/1/oauth2/token (no such tenant)",
      request: async (r) => {
        const c = await r.client(r.acme)
        return {
          url: `/t/other${TOKEN_URL}`,
          body: form({
            grant_type: 'client_credentials',
            client_id: c.id,
            client_secret: c.secret,
          }),
        }
      },
      status: 401,
      error: 'invalid_client',
    },
    {
      name: "the default tenant's client on acme's host (mapped like /t/acme/)",
      request: async (r, c) => {
        await r.store.addTenantHost(r.acme.id, 'acme.example')
        return {
          headers: { host: 'acme.example', authorization: basicOf(c.id, c.secret) },
          body: GRANT,
        }
      },
      status: 401,
      error: 'invalid_client',
    },
    {
      name: 'header and body credentials that disagree (secret)',
      request: (_r, c) => ({
        headers: { authorization: basicOf(c.id, c.secret) },
        body: form({ grant_type: 'client_credentials', client_id: c.id, client_secret: 'other' }),
      }),
      status: 400,
      error: 'invalid_request',
    },
    {
      name: 'header and body credentials that disagree (client id)',
      request: async (r, c) => {
        const other = await r.client(r.home)
        return {
          headers: { authorization: basicOf(c.id, c.secret) },
          body: form({
            grant_type: 'client_credentials',
            client_id: other.id,
            client_secret: other.secret,
          }),
        }
      },
      status: 400,
      error: 'invalid_request',
    },
    {
      name: 'grant_type twice',
      request: (_r, c) => ({
        headers: { authorization: basicOf(c.id, c.secret) },
        body: `${GRANT}&${GRANT}`,
      }),
      status: 400,
      error: 'invalid_request',
    },
    {
      name: 'client_id twice',
      request: (_r, c) => ({
        body: `${GRANT}&client_id=${c.id}&client_id=${c.id}&client_secret=${c.secret}`,
      }),
      status: 400,
      error: 'invalid_request',
    },
    {
      name: 'scope twice',
      request: (_r, c) => ({
        headers: { authorization: basicOf(c.id, c.secret) },
        body: `${GRANT}&scope=scim&scope=scim`,
      }),
      status: 400,
      error: 'invalid_request',
    },
    {
      name: 'a body that is not form-encoded',
      request: (_r, c) => ({
        headers: { authorization: basicOf(c.id, c.secret), 'content-type': 'text/plain' },
        body: GRANT,
      }),
      status: 400,
      error: 'invalid_request',
    },
    {
      name: 'scope=admin from a scim client',
      request: (_r, c) => ({
        headers: { authorization: basicOf(c.id, c.secret) },
        body: `${GRANT}&scope=admin`,
      }),
      status: 400,
      error: 'invalid_scope',
    },
    {
      name: 'scope=scim admin from a scim client',
      request: (_r, c) => ({
        headers: { authorization: basicOf(c.id, c.secret) },
        body: `${GRANT}&scope=scim+admin`,
      }),
      status: 400,
      error: 'invalid_scope',
    },
    {
      name: 'an unknown scope',
      request: (_r, c) => ({
        headers: { authorization: basicOf(c.id, c.secret) },
        body: `${GRANT}&scope=read`,
      }),
      status: 400,
      error: 'invalid_scope',
    },
    {
      name: 'a known and an unknown scope',
      request: (_r, c) => ({
        headers: { authorization: basicOf(c.id, c.secret) },
        body: `${GRANT}&scope=scim+write`,
      }),
      status: 400,
      error: 'invalid_scope',
    },
    {
      name: 'a scope of spaces only (it would name no scope)',
      request: (_r, c) => ({
        headers: { authorization: basicOf(c.id, c.secret) },
        body: form({ grant_type: 'client_credentials', scope: '   ' }),
      }),
      status: 400,
      error: 'invalid_scope',
    },
    {
      name: "acme's client on the default tenant's /api/xm/1/oauth2/token",
      request: async (r) => {
        const c = await r.client(r.acme)
        return { headers: { authorization: basicOf(c.id, c.secret) }, body: GRANT }
      },
      status: 401,
      error: 'invalid_client',
    },
    {
      name: 'an unknown scope with a quote, a backslash and non-ASCII text',
      request: (_r, c) => ({
        headers: { authorization: basicOf(c.id, c.secret) },
        body: form({ grant_type: 'client_credentials', scope: 'read"\\é' }),
      }),
      status: 400,
      error: 'invalid_scope',
    },
  ]
  for (const c of CASES) {
    it(`${c.name} → ${c.status} ${c.error}`, async (t) => {
      const r = await rig(t)
      const client = await r.client(r.home)
      const reply = await r.token(await c.request(r, client))
      assertOAuthError(reply, c.status, c.error)
    })
  }
})

describe('client authentication: header, body or both (§2.3.1)', () => {
  interface Case {
    readonly name: string
    readonly request: (c: Client) => TokenRequest
    readonly scope?: ClientScope
    readonly expectScope?: string
  }
  const CASES: readonly Case[] = [
    {
      name: 'in the body only (Entra)',
      request: (c) => ({
        body: form({ grant_type: 'client_credentials', client_id: c.id, client_secret: c.secret }),
      }),
    },
    {
      name: 'in the Basic header only',
      request: (c) => ({
        headers: { authorization: basicOf(c.id, c.secret) },
        body: 'grant_type=client_credentials',
      }),
    },
    {
      name: 'in both, agreeing',
      request: (c) => ({
        headers: { authorization: basicOf(c.id, c.secret) },
        body: form({ grant_type: 'client_credentials', client_id: c.id, client_secret: c.secret }),
      }),
    },
    {
      name: 'in the header, with a lower-case scheme and scope=scim',
      request: (c) => ({
        headers: { authorization: basicOf(c.id, c.secret).replace('Basic', 'basic') },
        body: 'grant_type=client_credentials&scope=scim',
      }),
    },
    {
      name: 'an admin client, no scope asked: admin',
      scope: 'admin',
      expectScope: 'admin',
      request: (c) => ({
        headers: { authorization: basicOf(c.id, c.secret) },
        body: 'grant_type=client_credentials',
      }),
    },
    {
      name: 'an admin client asking for scim only',
      scope: 'admin',
      expectScope: 'scim',
      request: (c) => ({
        body: form({
          grant_type: 'client_credentials',
          client_id: c.id,
          client_secret: c.secret,
          scope: 'scim',
        }),
      }),
    },
  ]
  for (const c of CASES) {
    it(`${c.name} → 200, and the token opens SCIM`, async (t) => {
      const r = await rig(t)
      const client = await r.client(r.home, c.scope)
      const token = assertIssued(await r.token(c.request(client)), c.expectScope)
      assert.equal((await r.scim(bearer(token))).status, 200)
    })
  }

  it('the header form-encodes id and secret before base64 (§2.3.1)', async (t) => {
    const r = await rig(t)
    const secret = 'p a+s%s:w/ord'
    await r.store.forTenant(r.home.id).createClient({
      id: 'rc_special',
      name: 'special',
      secretHash: sha256(secret),
      scope: 'scim',
    })
    r.secret(secret)
    const encoded = basicOf('rc_special', encodeURIComponent(secret).replace(/%20/g, '+'))
    assertIssued(
      await r.token({ headers: { authorization: encoded }, body: 'grant_type=client_credentials' }),
    )
  })

  it("a client of acme gets a token on acme's host, and it opens acme's SCIM there", async (t) => {
    const r = await rig(t)
    await r.store.addTenantHost(r.acme.id, 'acme.example')
    const c = await r.client(r.acme)
    const token = assertIssued(
      await r.token({
        headers: { host: 'acme.example', authorization: basicOf(c.id, c.secret) },
        body: 'grant_type=client_credentials',
      }),
    )
    const onAcme = { ...bearer(token), host: 'acme.example' }
    assert.equal((await r.scim(onAcme)).status, 200)
    assert.equal((await r.scim(bearer(token))).status, 401)
  })

  it("a client of acme gets a token on /t/acme/…, and it opens acme's SCIM only", async (t) => {
    const r = await rig(t)
    const c = await r.client(r.acme)
    const token = assertIssued(
      await r.token({
        url: `/t/acme${TOKEN_URL}`,
        headers: { authorization: basicOf(c.id, c.secret) },
        body: 'grant_type=client_credentials',
      }),
    )
    assert.equal((await r.scim(bearer(token), { url: `/t/acme${API}/Users` })).status, 200)
    assert.equal((await r.scim(bearer(token))).status, 401)
  })
})

describe("Entra's flow: token from body credentials, SCIM, expiry, a new token", () => {
  it('works, expires after expires_in, and works again with a fresh token', async (t) => {
    const r = await rig(t)
    const c = await r.client(r.home)
    const fetchToken = async () =>
      assertIssued(
        await r.token({
          body: form({
            grant_type: 'client_credentials',
            client_id: c.id,
            client_secret: c.secret,
          }),
        }),
      )
    const first = await fetchToken()
    const created = await r.scim(bearer(first), {
      method: 'POST',
      body: {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: 'entra@example.com',
      },
    })
    assert.equal(created.status, 201, created.text)
    const filter = `${API}/Users?filter=${encodeURIComponent('userName eq "entra@example.com"')}`
    assert.equal((await r.scim(bearer(first), { url: filter })).body.totalResults, 1)

    r.advance(59 * MINUTE)
    assert.equal((await r.scim(bearer(first), { url: filter })).status, 200)
    r.advance(2 * MINUTE)
    const expired = await r.scim(bearer(first), { url: filter })
    assert.equal(expired.status, 401)
    assert.match(String(expired.headers['www-authenticate']), /Bearer/)

    const second = await fetchToken()
    assert.notEqual(second, first)
    const again = await r.scim(bearer(second), { url: filter })
    assert.equal(again.status, 200, again.text)
    assert.equal(again.body.Resources[0].id, created.body.id)
  })
})

describe('signing-key rotation', () => {
  const kidOf = (token: string): string => String(decodeProtectedHeader(token).kid)

  it('keeps tokens issued before it working; new tokens carry the new kid', async (t) => {
    const r = await rig(t)
    const c = await r.client(r.home)
    const request = {
      headers: { authorization: basicOf(c.id, c.secret) },
      body: 'grant_type=client_credentials',
    }
    const before = assertIssued(await r.token(request))
    const key = await newSigningKey(r.now())
    await r.store.rotateSigningKey(key)
    const after = assertIssued(await r.token(request))
    assert.notEqual(kidOf(before), key.id)
    assert.equal(kidOf(after), key.id)
    assert.equal((await r.scim(bearer(before))).status, 200)
    assert.equal((await r.scim(bearer(after))).status, 200)
    r.advance(50 * MINUTE)
    assert.equal((await r.scim(bearer(before))).status, 200)
  })

  it('refuses a token of a key retired more than an hour ago, even one not yet expired', async (t) => {
    const r = await rig(t)
    const c = await r.client(r.home)
    const request = {
      headers: { authorization: basicOf(c.id, c.secret) },
      body: 'grant_type=client_credentials',
    }
    const old = assertIssued(await r.token(request))
    const [retired] = await r.store.signingKeys()
    assert.ok(retired)
    await r.store.rotateSigningKey(await newSigningKey(r.now()))
    // A token the retired key signs at `when`, valid for an hour from then: only the key's age can fail it.
    const signedByRetired = async (when: Date): Promise<string> => {
      const seconds = Math.floor(when.getTime() / 1000)
      const token = await new SignJWT({ tid: r.home.id, scope: 'scim' })
        .setProtectedHeader({ alg: 'ES256', kid: retired.id, typ: 'at+jwt' })
        .setIssuer('roster')
        .setAudience('roster')
        .setSubject(c.id)
        .setJti(randomUUID())
        .setIssuedAt(seconds)
        .setExpirationTime(seconds + 3600)
        .sign(await importJWK(JSON.parse(retired.privateJwk) as JWK, 'ES256'))
      r.secret(token)
      return token
    }
    r.advance(59 * MINUTE)
    assert.equal((await r.scim(bearer(await signedByRetired(r.now())))).status, 200)
    r.advance(2 * MINUTE)
    assert.equal((await r.scim(bearer(old))).status, 401)
    assert.equal((await r.scim(bearer(await signedByRetired(r.now())))).status, 401)
    assert.equal((await r.scim(bearer(assertIssued(await r.token(request))))).status, 200)
  })
})

describe('access tokens signed with a valid key but not as Roster issues them', () => {
  // Each change applies to a token otherwise valid (signed by the tenant's active key): defence in depth
  // should a signing key ever be used outside Roster.
  const CASES: readonly {
    readonly name: string
    readonly claims: (base: SignJWT, seconds: number) => SignJWT
    readonly status: number
  }[] = [
    {
      name: 'as issued (the control)',
      claims: (b, s) =>
        b
          .setAudience('roster')
          .setIssuedAt(s)
          .setExpirationTime(s + 3600),
      status: 200,
    },
    { name: 'without exp', claims: (b, s) => b.setAudience('roster').setIssuedAt(s), status: 401 },
    {
      name: 'without aud',
      claims: (b, s) => b.setIssuedAt(s).setExpirationTime(s + 3600),
      status: 401,
    },
    {
      name: 'with a foreign aud',
      claims: (b, s) =>
        b
          .setAudience('https://graph.microsoft.com')
          .setIssuedAt(s)
          .setExpirationTime(s + 3600),
      status: 401,
    },
    {
      name: 'issued an hour in the future',
      claims: (b, s) =>
        b
          .setAudience('roster')
          .setIssuedAt(s + 3600)
          .setExpirationTime(s + 7000),
      status: 401,
    },
    {
      name: 'living a year',
      claims: (b, s) =>
        b
          .setAudience('roster')
          .setIssuedAt(s)
          .setExpirationTime(s + 365 * 86400),
      status: 401,
    },
  ]
  for (const c of CASES) {
    it(`${c.name} → ${c.status}`, async (t) => {
      const r = await rig(t)
      const client = await r.client(r.home)
      assertIssued(
        await r.token({
          headers: { authorization: basicOf(client.id, client.secret) },
          body: 'grant_type=client_credentials',
        }),
      )
      const [key] = await r.store.signingKeys()
      assert.ok(key)
      const seconds = Math.floor(r.now().getTime() / 1000)
      const base = new SignJWT({ tid: r.home.id, scope: 'scim' })
        .setProtectedHeader({ alg: 'ES256', kid: key.id, typ: 'at+jwt' })
        .setIssuer('roster')
        .setSubject(client.id)
        .setJti(randomUUID())
      const token = await c
        .claims(base, seconds)
        .sign(await importJWK(JSON.parse(key.privateJwk) as JWK, 'ES256'))
      r.secret(token)
      assert.equal((await r.scim(bearer(token))).status, c.status)
    })
  }
  it("refuses a token whose scope is wider than its client's (admin for a scim client)", async (t) => {
    const r = await rig(t)
    const client = await r.client(r.home)
    assertIssued(
      await r.token({
        headers: { authorization: basicOf(client.id, client.secret) },
        body: 'grant_type=client_credentials',
      }),
    )
    const [key] = await r.store.signingKeys()
    assert.ok(key)
    const seconds = Math.floor(r.now().getTime() / 1000)
    const token = await new SignJWT({ tid: r.home.id, scope: 'admin' })
      .setProtectedHeader({ alg: 'ES256', kid: key.id, typ: 'at+jwt' })
      .setIssuer('roster')
      .setAudience('roster')
      .setSubject(client.id)
      .setJti(randomUUID())
      .setIssuedAt(seconds)
      .setExpirationTime(seconds + 3600)
      .sign(await importJWK(JSON.parse(key.privateJwk) as JWK, 'ES256'))
    r.secret(token)
    assert.equal((await r.scim(bearer(token))).status, 401)
  })
})

describe('client revocation', () => {
  it("ends the client's access tokens and Basic credentials at once", async (t) => {
    const r = await rig(t)
    const c = await r.client(r.home)
    const token = assertIssued(
      await r.token({
        body: form({ grant_type: 'client_credentials', client_id: c.id, client_secret: c.secret }),
      }),
    )
    assert.equal((await r.scim(bearer(token))).status, 200)
    assert.equal((await r.scim({ authorization: basicOf(c.id, c.secret) })).status, 200)
    assert.ok(await r.store.forTenant(r.home.id).revokeClient(c.id))
    assert.equal((await r.scim(bearer(token))).status, 401)
    assert.equal((await r.scim({ authorization: basicOf(c.id, c.secret) })).status, 401)
    assertOAuthError(
      await r.token({
        headers: { authorization: basicOf(c.id, c.secret) },
        body: 'grant_type=client_credentials',
      }),
      401,
      'invalid_client',
    )
  })

  it("is refused across tenants: acme cannot revoke the default tenant's client", async (t) => {
    const r = await rig(t)
    const c = await r.client(r.home)
    assert.equal(await r.store.forTenant(r.acme.id).revokeClient(c.id), false)
    assert.equal((await r.scim({ authorization: basicOf(c.id, c.secret) })).status, 200)
  })
})

describe('POST /api/xm/1/scim/tokens: secret tokens minted with an admin access token', () => {
  const accessToken = async (r: Rig, tenant: Tenant, scope: ClientScope): Promise<string> => {
    const c = await r.client(tenant, scope)
    return assertIssued(
      await r.token({
        url: `/t/${tenant.slug}${TOKEN_URL}`,
        headers: { authorization: basicOf(c.id, c.secret) },
        body: 'grant_type=client_credentials',
      }),
      scope,
    )
  }

  it('answers 201 with the token once; it works on its tenant only', async (t) => {
    const r = await rig(t)
    const admin = await accessToken(r, r.home, 'admin')
    const minted = await r.scim(bearer(admin), {
      method: 'POST',
      url: MINT_URL,
      body: { name: 'entra' },
    })
    assert.equal(minted.status, 201, minted.text)
    const token: string = minted.body.token
    r.secret(token)
    assert.match(token, /^roster_[A-Za-z0-9_-]{43}$/)
    assert.equal(minted.body.name, 'entra')
    // Shown once: what is stored and listed is not the token.
    const stored = await r.store.forTenant(r.home.id).listTokens()
    assert.ok(stored.some((s) => s.id === minted.body.id))
    assert.ok(!JSON.stringify(stored).includes(token))
    assert.equal((await r.scim(bearer(token))).status, 200)
    assert.equal((await r.scim(bearer(token), { url: `/t/acme${API}/Users` })).status, 401)
  })

  it("under /t/acme/: an acme admin mints acme's token", async (t) => {
    const r = await rig(t)
    const admin = await accessToken(r, r.acme, 'admin')
    const minted = await r.scim(bearer(admin), {
      method: 'POST',
      url: `/t/acme${MINT_URL}`,
      body: { name: 'entra' },
    })
    assert.equal(minted.status, 201, minted.text)
    r.secret(minted.body.token)
    assert.equal(
      (await r.scim(bearer(minted.body.token), { url: `/t/acme${API}/Users` })).status,
      200,
    )
    assert.equal((await r.scim(bearer(minted.body.token))).status, 401)
  })

  interface Refused {
    readonly name: string
    readonly credential: (r: Rig) => Promise<Record<string, string>>
    readonly url?: string
  }
  const REFUSED: readonly Refused[] = [
    { name: 'no credential', credential: async () => ({}) },
    {
      name: 'a scim-scoped access token',
      credential: async (r) => bearer(await accessToken(r, r.home, 'scim')),
    },
    {
      name: "an admin client's token narrowed to scope=scim",
      credential: async (r) => {
        const c = await r.client(r.home, 'admin')
        return bearer(
          assertIssued(
            await r.token({
              headers: { authorization: basicOf(c.id, c.secret) },
              body: 'grant_type=client_credentials&scope=scim',
            }),
          ),
        )
      },
    },
    { name: 'a secret token', credential: async (r) => bearer(await r.secretToken(r.home)) },
    {
      name: "acme's admin access token on the default tenant",
      credential: async (r) => bearer(await accessToken(r, r.acme, 'admin')),
    },
    {
      name: "the default tenant's admin access token under /t/acme/",
      credential: async (r) => bearer(await accessToken(r, r.home, 'admin')),
      url: `/t/acme${MINT_URL}`,
    },
  ]
  for (const c of REFUSED) {
    it(`${c.name} → 401`, async (t) => {
      const r = await rig(t)
      const reply = await r.scim(await c.credential(r), {
        method: 'POST',
        url: c.url ?? MINT_URL,
        body: { name: 'entra' },
      })
      assert.equal(reply.status, 401, reply.text)
      assert.equal(reply.body.token, undefined)
      const tokens = [
        ...(await r.store.forTenant(r.home.id).listTokens()),
        ...(await r.store.forTenant(r.acme.id).listTokens()),
      ]
      assert.ok(!tokens.some((tk) => tk.name === 'entra'), 'nothing was minted')
    })
  }
})

describe('abuse limits', () => {
  const bad = bearer('roster_wrong')

  it(`${FAILURES_PER_ADDRESS} failures from one address: its next failures are 429 until the window passes; valid credentials still work`, async (t) => {
    const r = await rig(t)
    const token = await r.secretToken(r.home)
    mock.timers.enable({ apis: ['Date', 'setTimeout'], now: Date.now() })
    t.after(() => mock.timers.reset())
    const from = { remoteAddress: '203.0.113.7' }
    for (let i = 0; i < FAILURES_PER_ADDRESS; i++)
      assert.equal((await r.scim(bad, from)).status, 401, `attempt ${i + 1}`)
    const limited = await r.scim(bad, from)
    assert.equal(limited.status, 429, limited.text)
    const wait = Number(limited.headers['retry-after'])
    assert.ok(Number.isInteger(wait) && wait >= 1 && wait <= 60, String(wait))
    // Only failures are limited: an address cannot be used (or forged) to lock a valid client out.
    assert.equal((await r.scim(bearer(token), from)).status, 200)
    assert.equal((await r.scim(bearer(token), { remoteAddress: '198.51.100.9' })).status, 200)
    mock.timers.tick(61_000)
    assert.equal((await r.scim(bad, from)).status, 401)
  })

  it(`${FAILURES_PER_ADDRESS} failed client authentications at the token endpoint: the next failure is 429 with Retry-After`, async (t) => {
    const r = await rig(t)
    const c = await r.client(r.home)
    const from = '203.0.113.8'
    const attempt = (secret: string) =>
      r.token({
        remoteAddress: from,
        body: form({ grant_type: 'client_credentials', client_id: c.id, client_secret: secret }),
      })
    for (let i = 0; i < FAILURES_PER_ADDRESS; i++)
      assertOAuthError(await attempt(`wrong${i}`), 401, 'invalid_client')
    const limited = await attempt('wrong again')
    assert.equal(limited.status, 429, limited.text)
    assert.ok(Number(limited.headers['retry-after']) >= 1)
    assert.equal(limited.body.access_token, undefined)
    assert.equal((await attempt(c.secret)).status, 200)
  })

  it(`${FAILURES_PER_TENANT} failures on one tenant from many addresses: its next failure is 429, its valid credentials still work`, async (t) => {
    const r = await rig(t)
    const acmeToken = await r.secretToken(r.acme)
    const homeToken = await r.secretToken(r.home)
    const url = `/t/acme${API}/Users`
    for (let i = 0; i < FAILURES_PER_TENANT; i++) {
      const reply = await r.scim(bad, { url, remoteAddress: `10.0.${i >> 8}.${i & 255}` })
      assert.equal(reply.status, 401, `attempt ${i + 1}`)
    }
    // Guessers are told to back off; the tenant's identity provider is not locked out by them.
    const limited = await r.scim(bad, { url, remoteAddress: '10.1.0.1' })
    assert.equal(limited.status, 429)
    assert.ok(Number(limited.headers['retry-after']) >= 1)
    assert.equal((await r.scim(bearer(acmeToken), { url, remoteAddress: '10.1.0.3' })).status, 200)
    assert.equal((await r.scim(bearer(homeToken), { remoteAddress: '10.1.0.2' })).status, 200)
  })

  it('requestsPerMinute 5: the 6th request of the tenant in a minute is 429 with Retry-After', async (t) => {
    const r = await rig(t)
    await r.store.forTenant(r.home.id).setSetting('requestsPerMinute', 5)
    const token = await r.secretToken(r.home)
    const acmeToken = await r.secretToken(r.acme)
    for (let i = 0; i < 5; i++)
      assert.equal((await r.scim(bearer(token))).status, 200, `request ${i + 1}`)
    const limited = await r.scim(bearer(token), { remoteAddress: '192.0.2.1' })
    assert.equal(limited.status, 429, limited.text)
    assert.match(String(limited.headers['content-type']), /^application\/scim\+json/)
    const wait = Number(limited.headers['retry-after'])
    assert.ok(Number.isInteger(wait) && wait >= 1 && wait <= 60, String(wait))
    assert.equal((await r.scim(bearer(acmeToken), { url: `/t/acme${API}/Users` })).status, 200)
  })
})

describe('logs', () => {
  it('hold the issuing and the requests, and no secret (client secret, token, access token)', async (t) => {
    const r = await rig(t)
    const c = await r.client(r.home, 'admin')
    const bodyCredentials = form({
      grant_type: 'client_credentials',
      client_id: c.id,
      client_secret: c.secret,
    })
    const token = assertIssued(await r.token({ body: bodyCredentials }), 'admin')
    assertIssued(
      await r.token({
        headers: { authorization: basicOf(c.id, c.secret) },
        body: 'grant_type=client_credentials',
      }),
      'admin',
    )
    // A near miss must not be logged either.
    r.secret(`${c.secret}x`)
    assertOAuthError(
      await r.token({
        body: form({
          grant_type: 'client_credentials',
          client_id: c.id,
          client_secret: `${c.secret}x`,
        }),
      }),
      401,
      'invalid_client',
    )
    const minted = await r.scim(bearer(token), {
      method: 'POST',
      url: MINT_URL,
      body: { name: 'ci' },
    })
    assert.equal(minted.status, 201)
    r.secret(minted.body.token)
    assert.equal((await r.scim(bearer(minted.body.token))).status, 200)
    assert.equal((await r.scim({ authorization: basicOf(c.id, c.secret) })).status, 200)
    assert.equal((await r.scim(bearer(`${minted.body.token}x`))).status, 401)
    r.secret(`${minted.body.token}x`)

    const text = r.lines.join('\n')
    assert.match(text, /access token issued/)
    assert.match(text, /secret token minted over HTTP/)
    assert.ok(text.includes(c.id), 'the client id (public) names who asked')
    // The check itself runs when the test ends (see rig): every secret above, none in any line.
  })

  it('hold no credential a client wrongly put in the URL (refused: RFC 6749 §2.3.1, RFC 6750 §2.3)', async (t) => {
    const r = await rig(t)
    const c = await r.client(r.home)
    const token = await r.secretToken(r.home)
    const query = form({ client_id: c.id, client_secret: c.secret })
    assertOAuthError(
      await r.token({ url: `${TOKEN_URL}?${query}`, body: 'grant_type=client_credentials' }),
      401,
      'invalid_client',
    )
    assert.equal((await r.scim({}, { url: `${API}/Users?access_token=${token}` })).status, 401)
    assert.ok(r.lines.length > 0)
  })
})
