// The isolation matrix of issue 7. Three tenants hold the same userNames and group displayNames:
// `default`, `acme` (also reached through the host acme.example) and `globex` (disabled). Contracts:
// - every SCIM route, under every way a credential can be wrong (malformed, unknown, revoked, expired,
//   re-signed, another tenant's, a disabled tenant's, a right credential on the wrong path or host, an
//   unknown tenant), answers 401 with one byte-identical body and the same headers, and changes nothing;
// - secret tokens, OAuth access tokens and Basic clients on their own tenant reach every route;
// - with tenant A's credentials, tenant B's ids are 404 exactly like ids that exist nowhere, and lists,
//   filters and searches only ever show A's resources.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { SignJWT, decodeProtectedHeader, generateKeyPair } from 'jose'
import { createClient } from '../../src/auth/clients.js'
import { mintToken } from '../../src/auth/secret-token.js'
import { createApp } from '../../src/http/app.js'
import { createLogger } from '../../src/log.js'
import { defaultTenant } from '../../src/main.js'
import { userFold } from '../../src/scim/profile/user-fold.js'
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js'
import type { Store, Tenant } from '../../src/store/store.js'
import type { Reply } from '../helper.js'

const API = '/api/xm/1/scim/v2'
const LEGACY = '/scim/v2'
const TOKEN_URL = '/api/xm/1/oauth2/token'
const ACME_HOST = 'acme.example'
const HOUR = 3_600_000
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User'
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group'
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest'
/** Headers that differ between any two responses (the request id, the clock). */
const VOLATILE = new Set(['x-request-id', 'date'])

type Slug = 'default' | 'acme' | 'globex'
const SLUGS: readonly Slug[] = ['default', 'acme', 'globex']
const ALICE = 'alice@example.com'
const BOB = 'bob@example.com'
const ENGINEERING = 'Engineering'
const ON_CALL = 'On-call'

/** One tenant's credentials and the ids of its fixtures (the same names in every tenant). */
interface Party {
  readonly tenant: Tenant
  readonly token: string
  readonly client: { readonly id: string; readonly secret: string }
  readonly accessToken: string
  readonly alice: string
  readonly bob: string
  readonly engineering: string
  readonly onCall: string
}

interface World {
  readonly store: Store
  readonly party: Record<Slug, Party>
  /** Credentials of the default tenant that must fail for one reason each. */
  readonly spoiled: {
    readonly revokedToken: string
    /** Expires an hour from now: refused by an app whose clock is two hours ahead. */
    readonly expiringToken: string
    readonly revokedClient: { readonly id: string; readonly secret: string }
    readonly revokedClientAccessToken: string
    readonly adminAccessToken: string
    /** Same claims and kid as the default tenant's access token, signed by a key Roster never had. */
    readonly foreignKeyToken: string
  }
  /** Every id created in each tenant: fixtures, and resources the tests create. */
  readonly ids: Record<Slug, Set<string>>
  /** The app shared by the tests that must not fail authentication. */
  readonly main: FastifyInstance
  /** A fresh app (empty rate-limit counters) whose clock runs `offsetMs` ahead. */
  app(offsetMs?: number): Promise<FastifyInstance>
  /** A user (or group) of a tenant, created for one test: `n` is its fresh name. */
  scratch(slug: Slug, kind: 'user' | 'group'): Promise<string>
}

interface Request {
  readonly method: string
  readonly url: string
  readonly headers?: Record<string, string>
  readonly body?: unknown
}

async function send(app: FastifyInstance, request: Request): Promise<Reply> {
  const response = await app.inject({
    method: request.method as 'GET',
    url: request.url,
    headers: {
      ...(request.body !== undefined ? { 'content-type': 'application/scim+json' } : {}),
      ...request.headers,
    },
    ...(request.body !== undefined ? { payload: JSON.stringify(request.body) } : {}),
  })
  let body: unknown
  try {
    body = response.body === '' ? undefined : JSON.parse(response.body)
  } catch {
    body = undefined
  }
  return { status: response.statusCode, headers: response.headers, body, text: response.body }
}

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` })
const basic = (id: string, secret: string): Record<string, string> => ({
  authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
})
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')
const unb64 = (part: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>

/** The JWT with its header and payload changed, its signature kept. */
function tamper(
  jwt: string,
  change: {
    header?: Record<string, unknown>
    payload?: (claims: Record<string, unknown>) => Record<string, unknown>
  },
): string {
  const [header, payload, signature] = jwt.split('.') as [string, string, string]
  const newHeader = change.header ? b64({ ...unb64(header), ...change.header }) : header
  const newPayload = change.payload ? b64(change.payload(unb64(payload))) : payload
  return `${newHeader}.${newPayload}.${signature}`
}

const fresh = (): string => `n${randomUUID().slice(0, 8)}`

/** An access token from the token endpoint of the client's tenant (`/t/{slug}/…`). */
async function accessToken(
  app: FastifyInstance,
  client: { id: string; secret: string },
  slug = 'default',
): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: `/t/${slug}${TOKEN_URL}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: client.id,
      client_secret: client.secret,
    }).toString(),
  })
  assert.equal(response.statusCode, 200, response.body)
  return (response.json() as { access_token: string }).access_token
}

async function setUp(): Promise<World & { close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'roster-isolation-'))
  const store = await openSqliteStore({ file: join(dir, 'roster.db') })
  const apps: FastifyInstance[] = []
  const app = async (offsetMs = 0): Promise<FastifyInstance> => {
    const built = await createApp({
      store,
      logger: createLogger('silent'),
      bodyLimit: 1024 * 1024,
      now: () => new Date(Date.now() + offsetMs),
    })
    apps.push(built)
    return built
  }
  const main = await app()
  const ids: Record<Slug, Set<string>> = { default: new Set(), acme: new Set(), globex: new Set() }
  const tenants: Record<Slug, Tenant> = {
    default: await defaultTenant(store),
    acme: await store.ensureTenant('acme', 'Acme'),
    globex: await store.ensureTenant('globex', 'Globex'),
  }
  await store.addTenantHost(tenants.acme.id, ACME_HOST)

  const create = async (slug: Slug, token: string, path: string, body: unknown) => {
    const r = await send(main, {
      method: 'POST',
      url: `/t/${slug}${API}/${path}`,
      headers: bearer(token),
      body,
    })
    assert.equal(r.status, 201, r.text)
    ids[slug].add(r.body.id)
    return r.body.id as string
  }
  const party = {} as Record<Slug, Party>
  for (const slug of SLUGS) {
    const tenant = tenants[slug]
    const { token } = await mintToken(store, tenant.id, 'entra', null)
    const made = await createClient(store, tenant.id, 'entra', 'scim')
    const client = { id: made.clientId, secret: made.clientSecret }
    const alice = await create(slug, token, 'Users', { schemas: [USER], userName: ALICE })
    const bob = await create(slug, token, 'Users', { schemas: [USER], userName: BOB })
    const members = (...values: string[]) => values.map((value) => ({ value }))
    party[slug] = {
      tenant,
      token,
      client,
      accessToken: await accessToken(main, client, slug),
      alice,
      bob,
      engineering: await create(slug, token, 'Groups', {
        schemas: [GROUP],
        displayName: ENGINEERING,
        members: members(alice, bob),
      }),
      onCall: await create(slug, token, 'Groups', {
        schemas: [GROUP],
        displayName: ON_CALL,
        members: members(alice),
      }),
    }
  }

  const home = tenants.default.id
  const data = store.forTenant(home)
  const revoked = await mintToken(store, home, 'revoked', null)
  assert.ok(await data.revokeToken(revoked.info.id))
  const expiring = await mintToken(
    store,
    home,
    'expiring',
    new Date(Date.now() + HOUR).toISOString(),
  )
  const gone = await createClient(store, home, 'gone', 'scim')
  const revokedClient = { id: gone.clientId, secret: gone.clientSecret }
  const revokedClientAccessToken = await accessToken(main, revokedClient)
  assert.ok(await data.revokeClient(gone.clientId))
  const admin = await createClient(store, home, 'admin', 'admin')
  const adminAccessToken = await accessToken(main, {
    id: admin.clientId,
    secret: admin.clientSecret,
  })
  const { kid } = decodeProtectedHeader(party.default.accessToken)
  const { privateKey } = await generateKeyPair('ES256')
  const claims = unb64(party.default.accessToken.split('.')[1] as string)
  const foreignKeyToken = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: String(kid), typ: 'at+jwt' })
    .sign(privateKey)
  // Disabled last: its fixtures and credentials were made while it was active.
  await store.setTenantDisabled(tenants.globex.id, true)

  const scratch = async (slug: Slug, kind: 'user' | 'group'): Promise<string> =>
    kind === 'user'
      ? create(slug, party[slug].token, 'Users', {
          schemas: [USER],
          userName: `${fresh()}@example.com`,
        })
      : create(slug, party[slug].token, 'Groups', { schemas: [GROUP], displayName: fresh() })

  return {
    store,
    party,
    spoiled: {
      revokedToken: revoked.token,
      expiringToken: expiring.token,
      revokedClient,
      revokedClientAccessToken,
      adminAccessToken,
      foreignKeyToken,
    },
    ids,
    main,
    app,
    scratch,
    async close() {
      for (const built of apps) await built.close()
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

// ---------------------------------------------------------------------------------------------------
// The routes. `{user}` and `{group}` are replaced by ids; `body` gets a fresh name.

interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  readonly path: string
  readonly body?: (name: string) => unknown
  /** What a valid credential of the right tenant gets. */
  readonly ok: number
}

const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/Users', ok: 200 },
  {
    method: 'POST',
    path: '/Users',
    body: (n) => ({ schemas: [USER], userName: `${n}@example.com` }),
    ok: 201,
  },
  { method: 'GET', path: '/Users/{user}', ok: 200 },
  {
    method: 'PUT',
    path: '/Users/{user}',
    body: (n) => ({ schemas: [USER], userName: `${n}@example.com` }),
    ok: 200,
  },
  {
    method: 'PATCH',
    path: '/Users/{user}',
    body: () => ({
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    }),
    ok: 200,
  },
  { method: 'DELETE', path: '/Users/{user}', ok: 204 },
  {
    method: 'POST',
    path: '/Users/.search',
    body: () => ({ schemas: [SEARCH], filter: `userName eq "${ALICE}"` }),
    ok: 200,
  },
  { method: 'GET', path: '/Groups', ok: 200 },
  {
    method: 'POST',
    path: '/Groups',
    body: (n) => ({ schemas: [GROUP], displayName: n }),
    ok: 201,
  },
  { method: 'GET', path: '/Groups/{group}', ok: 200 },
  {
    method: 'PUT',
    path: '/Groups/{group}',
    body: (n) => ({ schemas: [GROUP], displayName: n }),
    ok: 200,
  },
  {
    method: 'PATCH',
    path: '/Groups/{group}',
    body: (n) => ({
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'displayName', value: n }],
    }),
    ok: 204,
  },
  { method: 'DELETE', path: '/Groups/{group}', ok: 204 },
  {
    method: 'POST',
    path: '/Groups/.search',
    body: () => ({ schemas: [SEARCH], filter: `displayName eq "${ENGINEERING}"` }),
    ok: 200,
  },
  {
    method: 'POST',
    path: '/.search',
    body: () => ({ schemas: [SEARCH], filter: `userName eq "${ALICE}"` }),
    ok: 200,
  },
  { method: 'GET', path: '/Schemas', ok: 200 },
  { method: 'GET', path: '/ResourceTypes', ok: 200 },
  { method: 'GET', path: '/ServiceProviderConfig', ok: 200 },
]
const BY_ID = ROUTES.filter((r) => r.path.includes('{'))

const label = (route: Route): string => `${route.method} ${route.path}`
const fill = (path: string, ids: { user: string; group: string }): string =>
  path.replace('{user}', ids.user).replace('{group}', ids.group)

/** Where a request goes and what it carries. */
interface Aim {
  readonly base: string
  readonly headers: Record<string, string>
}
const at = (base: string, headers: Record<string, string> = {}): Aim => ({ base, headers })
const onHost = (host: string, base: string, headers: Record<string, string>): Aim => ({
  base,
  headers: { ...headers, host },
})

// ---------------------------------------------------------------------------------------------------
// Credentials that must be refused. `target` is the tenant the request is aimed at: its own ids go into
// the by-id routes, so a 404 (or anything but the one 401) would reveal that they exist.

interface Refused {
  readonly name: string
  readonly target: Slug
  readonly aim: (w: World) => Aim
  /** How far ahead of real time the app's clock runs. */
  readonly clock?: number
}

const REFUSED: readonly Refused[] = [
  { name: 'no Authorization header', target: 'default', aim: () => at(API) },
  {
    name: 'an empty Authorization header',
    target: 'default',
    aim: () => at(API, { authorization: '' }),
  },
  { name: 'Bearer', target: 'default', aim: () => at(API, { authorization: 'Bearer' }) },
  {
    name: 'Bearer and two spaces',
    target: 'default',
    aim: () => at(API, { authorization: 'Bearer  ' }),
  },
  { name: 'Basic', target: 'default', aim: () => at(API, { authorization: 'Basic' }) },
  { name: 'Basic !!!', target: 'default', aim: () => at(API, { authorization: 'Basic !!!' }) },
  { name: 'Digest x', target: 'default', aim: () => at(API, { authorization: 'Digest x' }) },
  {
    name: 'a 10 KB header',
    target: 'default',
    aim: () => at(API, { authorization: `Bearer ${'A'.repeat(10 * 1024)}` }),
  },
  {
    name: 'an unknown scheme carrying a valid token',
    target: 'default',
    aim: (w) => at(API, { authorization: `Token ${w.party.default.token}` }),
  },
  {
    name: 'a valid token without a scheme',
    target: 'default',
    aim: (w) => at(API, { authorization: w.party.default.token }),
  },
  {
    name: 'an unknown secret token',
    target: 'default',
    aim: () => at(API, bearer(`roster_${Buffer.alloc(32, 7).toString('base64url')}`)),
  },
  {
    name: 'a client secret sent as a bearer token',
    target: 'default',
    aim: (w) => at(API, bearer(w.party.default.client.secret)),
  },
  {
    name: "another tenant's secret token",
    target: 'default',
    aim: (w) => at(API, bearer(w.party.acme.token)),
  },
  {
    name: 'a revoked secret token',
    target: 'default',
    aim: (w) => at(API, bearer(w.spoiled.revokedToken)),
  },
  {
    name: 'an expired secret token (the clock past its expiresAt)',
    target: 'default',
    clock: 2 * HOUR,
    aim: (w) => at(API, bearer(w.spoiled.expiringToken)),
  },
  {
    name: "an OAuth access token of another tenant's client",
    target: 'default',
    aim: (w) => at(API, bearer(w.party.acme.accessToken)),
  },
  {
    name: 'a truncated JWT (signature cut short)',
    target: 'default',
    aim: (w) => at(API, bearer(w.party.default.accessToken.slice(0, -10))),
  },
  {
    name: 'a JWT without its signature',
    target: 'default',
    aim: (w) => at(API, bearer(w.party.default.accessToken.replace(/\.[^.]+$/, '.'))),
  },
  {
    name: 'a JWT cut after its header',
    target: 'default',
    aim: (w) => at(API, bearer(w.party.default.accessToken.split('.')[0] as string)),
  },
  {
    name: "a re-signed JWT: tid changed to acme's, signature kept, on acme's path",
    target: 'acme',
    aim: (w) =>
      at(
        `/t/acme${API}`,
        bearer(
          tamper(w.party.default.accessToken, {
            payload: (c) => ({ ...c, tid: w.party.acme.tenant.id }),
          }),
        ),
      ),
  },
  {
    name: "a re-signed JWT: sub changed to acme's client and tid to acme's, on acme's host",
    target: 'acme',
    aim: (w) =>
      onHost(
        ACME_HOST,
        API,
        bearer(
          tamper(w.party.default.accessToken, {
            payload: (c) => ({ ...c, sub: w.party.acme.client.id, tid: w.party.acme.tenant.id }),
          }),
        ),
      ),
  },
  {
    name: 'a re-signed JWT: scope widened to admin, signature kept',
    target: 'default',
    aim: (w) =>
      at(
        API,
        bearer(
          tamper(w.party.default.accessToken, { payload: (c) => ({ ...c, scope: 'scim admin' }) }),
        ),
      ),
  },
  {
    name: 'a re-signed JWT: header typ changed, signature kept',
    target: 'default',
    aim: (w) => at(API, bearer(tamper(w.party.default.accessToken, { header: { typ: 'JWT' } }))),
  },
  {
    name: 'a re-signed JWT: alg none and no signature',
    target: 'default',
    aim: (w) =>
      at(
        API,
        bearer(
          tamper(w.party.default.accessToken, { header: { alg: 'none' } }).replace(/\.[^.]+$/, '.'),
        ),
      ),
  },
  {
    name: 'a re-signed JWT: an expired token with exp pushed forward',
    target: 'default',
    clock: 2 * HOUR,
    aim: (w) =>
      at(
        API,
        bearer(
          tamper(w.party.default.accessToken, {
            payload: (c) => ({ ...c, exp: Math.floor(Date.now() / 1000) + 24 * 3600 }),
          }),
        ),
      ),
  },
  {
    name: 'a JWT signed by another key with the same kid',
    target: 'default',
    aim: (w) => at(API, bearer(w.spoiled.foreignKeyToken)),
  },
  {
    name: 'an expired access token (the clock past expires_in)',
    target: 'default',
    clock: 2 * HOUR,
    aim: (w) => at(API, bearer(w.party.default.accessToken)),
  },
  {
    name: 'an access token of a revoked client',
    target: 'default',
    aim: (w) => at(API, bearer(w.spoiled.revokedClientAccessToken)),
  },
  {
    name: 'Basic of a revoked client',
    target: 'default',
    aim: (w) => at(API, basic(w.spoiled.revokedClient.id, w.spoiled.revokedClient.secret)),
  },
  {
    name: 'Basic with a wrong secret',
    target: 'default',
    aim: (w) => at(API, basic(w.party.default.client.id, `${w.party.default.client.secret}x`)),
  },
  {
    name: 'Basic with an unknown client id',
    target: 'default',
    aim: (w) => at(API, basic('rc_nobody', w.party.default.client.secret)),
  },
  {
    name: 'Basic with a secret and no client id',
    target: 'default',
    aim: (w) => at(API, basic('', w.party.default.client.secret)),
  },
  {
    name: "Basic of another tenant's client",
    target: 'default',
    aim: (w) => at(API, basic(w.party.acme.client.id, w.party.acme.client.secret)),
  },
  {
    name: 'a secret token of the disabled tenant, on its path',
    target: 'globex',
    aim: (w) => at(`/t/globex${API}`, bearer(w.party.globex.token)),
  },
  {
    name: 'an access token of the disabled tenant, on its path',
    target: 'globex',
    aim: (w) => at(`/t/globex${LEGACY}`, bearer(w.party.globex.accessToken)),
  },
  {
    name: 'Basic of the disabled tenant, on its path',
    target: 'globex',
    aim: (w) =>
      at(`/t/globex${API}`, basic(w.party.globex.client.id, w.party.globex.client.secret)),
  },
  {
    name: 'a secret token of the disabled tenant, on the default path',
    target: 'default',
    aim: (w) => at(API, bearer(w.party.globex.token)),
  },
  {
    name: "the default tenant's secret token on /t/acme/api/xm/1/scim/v2",
    target: 'acme',
    aim: (w) => at(`/t/acme${API}`, bearer(w.party.default.token)),
  },
  {
    name: "the default tenant's access token on /t/acme/scim/v2",
    target: 'acme',
    aim: (w) => at(`/t/acme${LEGACY}`, bearer(w.party.default.accessToken)),
  },
  {
    name: "the default tenant's secret token on acme's host",
    target: 'acme',
    aim: (w) => onHost(ACME_HOST, API, bearer(w.party.default.token)),
  },
  {
    name: "the default tenant's Basic client on acme's host",
    target: 'acme',
    aim: (w) =>
      onHost(ACME_HOST, API, basic(w.party.default.client.id, w.party.default.client.secret)),
  },
  {
    name: "the default tenant's admin access token on acme's host",
    target: 'acme',
    aim: (w) => onHost(`${ACME_HOST}:8443`, LEGACY, bearer(w.spoiled.adminAccessToken)),
  },
  {
    name: "acme's secret token on /t/default/api/xm/1/scim/v2",
    target: 'default',
    aim: (w) => at(`/t/default${API}`, bearer(w.party.acme.token)),
  },
  {
    name: "acme's secret token on an unmapped host (the default tenant)",
    target: 'default',
    aim: (w) => onHost('elsewhere.example', API, bearer(w.party.acme.token)),
  },
  {
    name: "acme's secret token on the disabled tenant's path",
    target: 'globex',
    aim: (w) => at(`/t/globex${API}`, bearer(w.party.acme.token)),
  },
  {
    name: 'an unknown tenant slug with a valid token',
    target: 'default',
    aim: (w) => at(`/t/nosuch${API}`, bearer(w.party.default.token)),
  },
  {
    name: 'an unknown tenant slug with a valid Basic client',
    target: 'default',
    aim: (w) =>
      at(`/t/nosuch${LEGACY}`, basic(w.party.default.client.id, w.party.default.client.secret)),
  },
  {
    name: 'an unknown tenant slug without a credential',
    target: 'default',
    aim: () => at(`/t/nosuch${API}`),
  },
]

// ---------------------------------------------------------------------------------------------------
// Credentials that must be accepted, each on its own tenant.

interface Accepted {
  readonly name: string
  readonly tenant: Exclude<Slug, 'globex'>
  readonly aim: (w: World) => Aim
}

const ACCEPTED: readonly Accepted[] = [
  {
    name: 'default: secret token on /api/xm/1/scim/v2',
    tenant: 'default',
    aim: (w) => at(API, bearer(w.party.default.token)),
  },
  {
    name: 'default: OAuth access token on /scim/v2',
    tenant: 'default',
    aim: (w) => at(LEGACY, bearer(w.party.default.accessToken)),
  },
  {
    name: "default: an admin client's access token",
    tenant: 'default',
    aim: (w) => at(API, bearer(w.spoiled.adminAccessToken)),
  },
  {
    name: 'default: Basic client',
    tenant: 'default',
    aim: (w) => at(API, basic(w.party.default.client.id, w.party.default.client.secret)),
  },
  {
    name: 'default: secret token on /t/default/api/xm/1/scim/v2',
    tenant: 'default',
    aim: (w) => at(`/t/default${API}`, bearer(w.party.default.token)),
  },
  {
    name: 'acme: secret token on /t/acme/api/xm/1/scim/v2',
    tenant: 'acme',
    aim: (w) => at(`/t/acme${API}`, bearer(w.party.acme.token)),
  },
  {
    name: 'acme: OAuth access token on /t/acme/scim/v2',
    tenant: 'acme',
    aim: (w) => at(`/t/acme${LEGACY}`, bearer(w.party.acme.accessToken)),
  },
  {
    name: 'acme: Basic client on its host',
    tenant: 'acme',
    aim: (w) => onHost(ACME_HOST, API, basic(w.party.acme.client.id, w.party.acme.client.secret)),
  },
  {
    name: 'acme: OAuth access token on its host and port, /scim/v2',
    tenant: 'acme',
    aim: (w) => onHost(`${ACME_HOST}:8443`, LEGACY, bearer(w.party.acme.accessToken)),
  },
]

/** Ids of every tenant but `own`. */
function foreignIds(w: World, own: Slug): string[] {
  return SLUGS.filter((s) => s !== own).flatMap((s) => [...w.ids[s]])
}

/** No id of another tenant appears anywhere in the response, and listed resources are all `own`'s. */
function assertOnlyOwn(w: World, own: Slug, reply: Reply): void {
  for (const id of foreignIds(w, own))
    assert.ok(!reply.text.includes(id), `foreign id ${id} in ${reply.text}`)
  // Discovery lists (Schemas, ResourceTypes) hold no tenant data.
  const resources: { id: string; meta?: { resourceType?: string } }[] = reply.body?.Resources ?? []
  for (const r of resources.filter((r) => ['User', 'Group'].includes(r.meta?.resourceType ?? '')))
    assert.ok(w.ids[own].has(r.id), `listed ${r.id} is not ${own}'s`)
}

const resourceIds = (reply: Reply): string[] =>
  ((reply.body?.Resources ?? []) as { id: string }[]).map((r) => r.id).sort()

/** The fixtures of every tenant as stored, to prove at the end that nothing reached them. */
async function snapshot(w: World): Promise<string> {
  const rows: unknown[] = []
  for (const slug of SLUGS) {
    const data = w.store.forTenant(w.party[slug].tenant.id)
    const p = w.party[slug]
    rows.push(await data.getUser(p.alice), await data.getUser(p.bob))
    for (const g of [p.engineering, p.onCall])
      rows.push(await data.getGroup(g), await data.groupMembers(g, undefined, 100))
  }
  return JSON.stringify(rows)
}

describe('tenant isolation', () => {
  let w: World & { close(): Promise<void> }
  let fixturesAtStart: string
  before(async () => {
    w = await setUp()
    fixturesAtStart = await snapshot(w)
  })
  after(async () => {
    await w.close()
  })

  describe('refused credentials: every route answers the same 401', () => {
    let reference: Reply
    before(async () => {
      reference = await send(await w.app(), { method: 'GET', url: `${API}/Users` })
      assert.equal(reference.status, 401)
      assert.match(String(reference.headers['www-authenticate']), /^Bearer realm=/)
    })
    for (const c of REFUSED) {
      describe(c.name, () => {
        // A fresh app per case: its failure counters stay under the rate limits.
        let app: FastifyInstance
        before(async () => {
          app = await w.app(c.clock ?? 0)
        })
        for (const route of ROUTES) {
          it(label(route), async () => {
            const { base, headers } = c.aim(w)
            const target = w.party[c.target]
            const reply = await send(app, {
              method: route.method,
              url: base + fill(route.path, { user: target.alice, group: target.engineering }),
              headers,
              ...(route.body ? { body: route.body('Refused') } : {}),
            })
            assert.equal(reply.status, 401, reply.text)
            assert.equal(reply.text, reference.text)
            const comparable = (h: Reply['headers']) =>
              Object.fromEntries(Object.entries(h).filter(([k]) => !VOLATILE.has(k)))
            assert.deepEqual(comparable(reply.headers), comparable(reference.headers))
          })
        }
      })
    }
    it('changed nothing: no resource named Refused, fixtures as they were', async () => {
      for (const slug of SLUGS) {
        const data = w.store.forTenant(w.party[slug].tenant.id)
        const settings = await data.settings()
        const all = { fold: userFold(settings), startIndex: 1, count: 1000 }
        const users = await data.listUsers(all)
        const groups = await data.listGroups(all)
        assert.ok(!users.users.some((u) => u.userName.startsWith('Refused')), slug)
        assert.ok(!groups.groups.some((g) => g.displayName === 'Refused'), slug)
        assert.equal(users.total, 2, slug)
        assert.equal(groups.total, 2, slug)
      }
      assert.equal(await snapshot(w), fixturesAtStart)
    })
  })

  describe('accepted credentials reach every route of their own tenant', () => {
    for (const c of ACCEPTED) {
      describe(c.name, () => {
        for (const route of ROUTES) {
          it(`${label(route)} → ${route.ok}`, async () => {
            const { base, headers } = c.aim(w)
            const ids = {
              user: route.path.includes('{user}') ? await w.scratch(c.tenant, 'user') : '',
              group: route.path.includes('{group}') ? await w.scratch(c.tenant, 'group') : '',
            }
            const reply = await send(w.main, {
              method: route.method,
              url: base + fill(route.path, ids),
              headers,
              ...(route.body ? { body: route.body(fresh()) } : {}),
            })
            assert.equal(reply.status, route.ok, reply.text)
            if (route.ok === 201) w.ids[c.tenant].add(reply.body.id)
            assertOnlyOwn(w, c.tenant, reply)
          })
        }
      })
    }
  })

  describe("another tenant's ids are 404, like ids that exist nowhere", () => {
    for (const c of ACCEPTED) {
      for (const other of SLUGS.filter((s) => s !== c.tenant)) {
        describe(`${c.name}, ids of ${other}`, () => {
          for (const route of BY_ID) {
            it(label(route), async () => {
              const { base, headers } = c.aim(w)
              const foreign = { user: w.party[other].bob, group: w.party[other].onCall }
              const nowhere = { user: randomUUID(), group: randomUUID() }
              const name = fresh()
              const attempt = (ids: { user: string; group: string }) =>
                send(w.main, {
                  method: route.method,
                  url: base + fill(route.path, ids),
                  headers,
                  ...(route.body ? { body: route.body(name) } : {}),
                })
              const reply = await attempt(foreign)
              const baseline = await attempt(nowhere)
              assert.equal(reply.status, 404, reply.text)
              assert.equal(baseline.status, 404, baseline.text)
              assert.equal(
                reply.text,
                baseline.text
                  .replace(nowhere.user, foreign.user)
                  .replace(nowhere.group, foreign.group),
              )
            })
          }
        })
      }
    }
  })

  describe('lists, filters and searches show only the own tenant', () => {
    interface Query {
      readonly name: string
      readonly request: (own: Party, others: Party[]) => Omit<Request, 'headers'>
      /** The ids expected, in any order; omitted: any subset of the own tenant's. */
      readonly expect?: (own: Party) => string[]
      /** The status when not 200, with the same answer as for an id that exists nowhere. */
      readonly refusedLike?: (own: Party) => Omit<Request, 'headers'>
    }
    const NOWHERE = '00000000-0000-4000-8000-000000000000'
    const q = (filter: string): string => encodeURIComponent(filter)
    const anyOf = (attr: string, ids: string[]): string =>
      ids.map((id) => `${attr} eq "${id}"`).join(' or ')
    const QUERIES: readonly Query[] = [
      { name: 'GET /Users', request: () => ({ method: 'GET', url: '/Users?count=1000' }) },
      {
        name: 'GET /Users, userName eq',
        request: () => ({ method: 'GET', url: `/Users?filter=${q(`userName eq "${ALICE}"`)}` }),
        expect: (own) => [own.alice],
      },
      {
        name: 'GET /Users, userName eq in another case',
        request: () => ({
          method: 'GET',
          url: `/Users?filter=${q(`userName eq "${ALICE.toUpperCase()}"`)}`,
        }),
        expect: (own) => [own.alice],
      },
      {
        name: 'GET /Users, userName sw',
        request: () => ({ method: 'GET', url: `/Users?filter=${q('userName sw "bob"')}` }),
        expect: (own) => [own.bob],
      },
      {
        name: 'GET /Users, userName eq … or userName eq …',
        request: () => ({
          method: 'GET',
          url: `/Users?filter=${q(`userName eq "${ALICE}" or userName eq "${BOB}"`)}`,
        }),
        expect: (own) => [own.alice, own.bob],
      },
      {
        name: "GET /Users, id eq another tenant's ids",
        request: (_own, others) => ({
          method: 'GET',
          url: `/Users?filter=${q(
            anyOf(
              'id',
              others.flatMap((o) => [o.alice, o.bob]),
            ),
          )}`,
        }),
        expect: () => [],
      },
      {
        name: "GET /Users, groups.value eq another tenant's groups",
        request: (_own, others) => ({
          method: 'GET',
          url: `/Users?filter=${q(
            anyOf(
              'groups.value',
              others.map((o) => o.engineering),
            ),
          )}`,
        }),
        expect: () => [],
      },
      {
        name: 'GET /Users, groups.value eq its own group',
        request: (own) => ({
          method: 'GET',
          url: `/Users?filter=${q(`groups.value eq "${own.engineering}"`)}`,
        }),
        expect: (own) => [own.alice, own.bob],
      },
      {
        name: 'GET /Users, groups.display eq',
        request: () => ({
          method: 'GET',
          url: `/Users?filter=${q(`groups.display eq "${ON_CALL}"`)}`,
        }),
        expect: (own) => [own.alice],
      },
      {
        name: 'POST /Users/.search, userName eq',
        request: () => ({
          method: 'POST',
          url: '/Users/.search',
          body: { schemas: [SEARCH], filter: `userName eq "${ALICE}"` },
        }),
        expect: (own) => [own.alice],
      },
      { name: 'GET /Groups', request: () => ({ method: 'GET', url: '/Groups?count=1000' }) },
      {
        name: 'GET /Groups, displayName eq',
        request: () => ({
          method: 'GET',
          url: `/Groups?filter=${q(`displayName eq "${ENGINEERING}"`)}`,
        }),
        expect: (own) => [own.engineering],
      },
      {
        name: 'GET /Groups, members.value eq its own user',
        request: (own) => ({
          method: 'GET',
          url: `/Groups?filter=${q(`members.value eq "${own.alice}"`)}`,
        }),
        expect: (own) => [own.engineering, own.onCall],
      },
      {
        name: "GET /Groups, members[value eq another tenant's users]",
        request: (_own, others) => ({
          method: 'GET',
          url: `/Groups?filter=${q(others.map((o) => `members[value eq "${o.alice}"]`).join(' or '))}`,
        }),
        expect: () => [],
      },
      {
        name: 'POST /Groups/.search, displayName eq',
        request: () => ({
          method: 'POST',
          url: '/Groups/.search',
          body: { schemas: [SEARCH], filter: `displayName eq "${ON_CALL}"` },
        }),
        expect: (own) => [own.onCall],
      },
      {
        name: 'POST /.search, no filter',
        request: () => ({
          method: 'POST',
          url: '/.search',
          body: { schemas: [SEARCH], count: 1000 },
        }),
      },
      {
        name: 'POST /.search, userName eq',
        request: () => ({
          method: 'POST',
          url: '/.search',
          body: { schemas: [SEARCH], filter: `userName eq "${ALICE}"` },
        }),
        expect: (own) => [own.alice],
      },
      {
        name: 'POST /.search, displayName eq',
        request: () => ({
          method: 'POST',
          url: '/.search',
          body: { schemas: [SEARCH], filter: `displayName eq "${ENGINEERING}"` },
        }),
        expect: (own) => [own.engineering],
      },
      {
        name: "POST /.search, id eq another tenant's ids",
        request: (_own, others) => ({
          method: 'POST',
          url: '/.search',
          body: {
            schemas: [SEARCH],
            filter: anyOf(
              'id',
              others.flatMap((o) => [o.alice, o.engineering]),
            ),
          },
        }),
        expect: () => [],
      },
      {
        name: "GET /Users/{alice}: its groups are the own tenant's",
        request: (own) => ({ method: 'GET', url: `/Users/${own.alice}?attributes=groups` }),
      },
      {
        name: "GET /Groups/{engineering}: its members are the own tenant's",
        request: (own) => ({ method: 'GET', url: `/Groups/${own.engineering}` }),
      },
      {
        name: "POST /Groups naming another tenant's user: the 400 of an unknown member",
        request: (_own, others) => ({
          method: 'POST',
          url: '/Groups',
          body: {
            schemas: [GROUP],
            displayName: 'Cross',
            members: [{ value: (others[0] as Party).alice }],
          },
        }),
        refusedLike: () => ({
          method: 'POST',
          url: '/Groups',
          body: { schemas: [GROUP], displayName: 'Cross', members: [{ value: NOWHERE }] },
        }),
      },
      {
        name: "PATCH add of another tenant's user: the 400 of an unknown member",
        request: (own, others) => ({
          method: 'PATCH',
          url: `/Groups/${own.onCall}`,
          body: {
            schemas: [PATCH_OP],
            Operations: [
              { op: 'add', path: 'members', value: [{ value: (others[0] as Party).bob }] },
            ],
          },
        }),
        refusedLike: (own) => ({
          method: 'PATCH',
          url: `/Groups/${own.onCall}`,
          body: {
            schemas: [PATCH_OP],
            Operations: [{ op: 'add', path: 'members', value: [{ value: NOWHERE }] }],
          },
        }),
      },
    ]

    for (const c of ACCEPTED) {
      describe(c.name, () => {
        for (const query of QUERIES) {
          it(query.name, async () => {
            const own = w.party[c.tenant]
            const others = SLUGS.filter((s) => s !== c.tenant).map((s) => w.party[s])
            const { base, headers } = c.aim(w)
            const request = query.request(own, others)
            const reply = await send(w.main, { ...request, url: base + request.url, headers })
            if (query.refusedLike) {
              const like = query.refusedLike(own)
              const baseline = await send(w.main, { ...like, url: base + like.url, headers })
              assert.equal(baseline.status, 400, baseline.text)
              assert.equal(reply.status, 400, reply.text)
              const foreign = others.flatMap((o) => [o.alice, o.bob])
              let text = reply.text
              for (const id of foreign) text = text.replace(id, NOWHERE)
              assert.equal(text, baseline.text)
              return
            }
            assert.equal(reply.status, 200, reply.text)
            assertOnlyOwn(w, c.tenant, reply)
            if (query.expect) assert.deepEqual(resourceIds(reply), query.expect(own).sort())
            const owned = [...w.ids[c.tenant]]
            for (const g of reply.body.groups ?? []) assert.ok(owned.includes(g.value), g.value)
            for (const m of reply.body.members ?? []) assert.ok(owned.includes(m.value), m.value)
          })
        }
      })
    }
  })

  describe('afterwards', () => {
    it("no tenant's fixtures were changed by another tenant's requests", async () => {
      assert.equal(await snapshot(w), fixturesAtStart)
    })
  })
})
