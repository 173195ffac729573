// Issue 13's "what must not move": a configuration change made elsewhere (another instance, the CLI)
// takes effect on the very next request, also when that request is a hot read (GET /Users/{id}, Entra's
// match) and the server's configuration cache is warm from hot reads, so that the read authenticates
// from the cache and reads the configuration version in its own statement (http/hot-read.ts). Each
// case runs on SQLite (a second store on the same file) and, when DATABASE_URL is set, on PostgreSQL
// across two stores (two instances) on one schema: instance A serves, the other changes.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { describe, it } from 'node:test'
import type { TestContext } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { generateToken, hashToken, mintToken } from '../../src/auth/secret-token.js'
import { createApp } from '../../src/http/app.js'
import { createLogger } from '../../src/log.js'
import { defaultTenant } from '../../src/main.js'
import { ROSTER_USER_EXTENSION as EXT, propertyDef } from '../../src/scim/schema/extension.js'
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js'
import { locked, testSchemaStore } from '../../src/store/postgres/test-schema.js'
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js'
import type { Store, TenantStore } from '../../src/store/store.js'
import { BASE } from '../helper.js'
import type { Reply } from '../helper.js'

const DATABASE_URL = process.env['DATABASE_URL']

/** Two stores on one database: A (served by the app) and the other instance (or the CLI). */
type Opener = (t: TestContext) => Promise<{ readonly a: Store; readonly other: Store }>

const databases: [string, Opener | undefined][] = [
  [
    'SQLite',
    async (t) => {
      const dir = mkdtempSync(join(tmpdir(), 'roster-hot-'))
      const file = join(dir, 'roster.db')
      const a = await openSqliteStore({ file, statementTimeoutMs: 60_000 })
      const other = await openSqliteStore({ file, inline: true })
      t.after(async () => {
        await other.close()
        await a.close()
        rmSync(dir, { recursive: true, force: true })
      })
      return { a, other }
    },
  ],
  [
    'PostgreSQL',
    DATABASE_URL
      ? async (t) => {
          const { store: a, schema } = await testSchemaStore(DATABASE_URL, t)
          const other = await locked(DATABASE_URL, () =>
            openPostgresStore({ connectionString: DATABASE_URL, schema, poolSize: 2 }),
          )
          t.after(() => other.close())
          return { a, other }
        }
      : undefined,
  ],
]

interface World {
  readonly app: FastifyInstance
  /** The server's log, one JSON line each. */
  readonly lines: string[]
  readonly a: Store
  /** The tenant as the other instance reaches it. */
  readonly elsewhere: TenantStore
  readonly other: Store
  readonly tenantId: string
  readonly token: string
  readonly tokenId: string
  /** Ann: userName ann@contoso.com, custom property site "Lyon". */
  readonly id: string
  /** A secret no token has yet (its refusal may be cached). */
  readonly future: string
}

async function world(t: TestContext, open: Opener): Promise<World> {
  const { a, other } = await open(t)
  const tenant = await defaultTenant(a)
  const { token, info } = await mintToken(a, tenant.id, 'entra', null)
  await a.forTenant(tenant.id).addProperty(propertyDef('site'))
  const lines: string[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean))
      done()
    },
  })
  const logger = createLogger('info', sink, 'json')
  const app = await createApp({ store: a, logger, bodyLimit: 1 << 20 })
  t.after(() => app.close())
  const w = {
    app,
    lines,
    a,
    other,
    elsewhere: other.forTenant(tenant.id),
    tenantId: tenant.id,
    token,
    tokenId: info.id,
    id: '',
    future: generateToken(),
  }
  const created = await get(w, `${BASE}/Users`, token, {
    userName: 'ann@contoso.com',
    [EXT]: { site: 'Lyon' },
  })
  assert.equal(created.status, 201, created.text)
  return { ...w, id: created.body.id as string }
}

async function get(
  w: Pick<World, 'app'>,
  url: string,
  token: string,
  body?: unknown,
): Promise<Reply> {
  const response = await w.app.inject({
    method: body === undefined ? 'GET' : 'POST',
    url,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}),
    },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  })
  const text = response.body
  return { status: response.statusCode, headers: response.headers, body: JSON.parse(text), text }
}

const filter = (text: string) => `${BASE}/Users?filter=${encodeURIComponent(text)}`
const MATCH = filter('userName eq "ann@contoso.com"')
const byId = (w: World) => `${BASE}/Users/${w.id}`

interface Case {
  readonly name: string
  /** The hot read sent after the change. */
  readonly url: (w: World) => string
  /** Before the cache is warmed: a refusal the cache may keep. */
  readonly before?: (w: World) => Promise<unknown>
  /** Made by the other instance once A's cache is warm. */
  readonly change: (w: World) => Promise<unknown>
  /** The credential of the hot read (default: the world's token). */
  readonly token?: (w: World) => string
  readonly then: (reply: Reply, w: World) => void | Promise<void>
}

const refused = (reply: Reply) => assert.equal(reply.status, 401, reply.text)
const ann = (reply: Reply) => {
  assert.equal(reply.status, 200, reply.text)
  assert.deepEqual(
    reply.body.Resources.map((u: { userName: string }) => u.userName),
    ['ann@contoso.com'],
  )
}
const renamed = (user: Record<string, unknown>) => assert.deepEqual(user[EXT], { office: 'Lyon' })
const revoke = (w: World) => w.elsewhere.revokeToken(w.tokenId)
const disable = (w: World) => w.other.setTenantDisabled(w.tenantId, true)
const rename = (w: World) => w.elsewhere.renameProperty('site', 'office')
/** The future secret, refused once on A (so the cache may hold the refusal), then created elsewhere. */
const unknownYet = (w: World) => get(w, MATCH, w.future).then(refused)
const createFuture = (w: World) =>
  w.elsewhere.createToken({ name: 'new', hash: hashToken(w.future), expiresAt: null })

const CASES: Case[] = [
  { name: 'match: token revoked → 401', url: () => MATCH, change: revoke, then: refused },
  { name: 'GET by id: token revoked → 401', url: byId, change: revoke, then: refused },
  { name: 'match: tenant disabled → 401', url: () => MATCH, change: disable, then: refused },
  { name: 'GET by id: tenant disabled → 401', url: byId, change: disable, then: refused },
  {
    name: 'match: a token created elsewhere, refused here before → its first request succeeds',
    url: () => MATCH,
    before: unknownYet,
    change: createFuture,
    token: (w) => w.future,
    then: ann,
  },
  {
    name: 'GET by id: a token created elsewhere, refused here before → its first request succeeds',
    url: byId,
    before: unknownYet,
    change: createFuture,
    token: (w) => w.future,
    then: (reply) => assert.equal(reply.status, 200, reply.text),
  },
  {
    name: 'match: a property renamed → the user under the new name',
    url: () => MATCH,
    change: rename,
    then: (reply) => {
      ann(reply)
      renamed(reply.body.Resources[0])
    },
  },
  {
    name: 'GET by id: a property renamed → the user under the new name',
    url: byId,
    change: rename,
    then: (reply) => {
      assert.equal(reply.status, 200, reply.text)
      renamed(reply.body)
    },
  },
  {
    name: 'match on a property renamed to its name → found (not the 400 of the old registry)',
    url: () => filter(`${EXT}:office eq "Lyon"`),
    change: rename,
    then: ann,
  },
  {
    name: 'GET by id selecting a property renamed to its name → 200 with it (not a 400)',
    url: (w) => `${byId(w)}?attributes=${encodeURIComponent(`${EXT}:office`)}`,
    change: rename,
    then: (reply) => {
      assert.equal(reply.status, 200, reply.text)
      renamed(reply.body)
    },
  },
  {
    name: 'a filter on an unknown attribute once unsupportedAttributes is ignore → no match, not 400',
    url: () => filter('nickName eq "annie"'),
    change: (w) => w.elsewhere.setSetting('unsupportedAttributes', 'ignore'),
    then: (reply) => {
      assert.equal(reply.status, 200, reply.text)
      assert.equal(reply.body.totalResults, 0)
    },
  },
  {
    name: 'a hot read run again counts once toward requestsPerMinute (4: the 4th passes, the 5th is 429)',
    url: () => MATCH,
    before: (w) => w.a.forTenant(w.tenantId).setSetting('requestsPerMinute', 4),
    // The warm-up's two hot reads are the 1st and 2nd; this change moves the version, not the limit.
    change: rename,
    then: async (reply, w) => {
      ann(reply)
      assert.equal((await get(w, MATCH, w.token)).status, 200, 'the 4th request')
      assert.equal((await get(w, MATCH, w.token)).status, 429, 'the 5th request')
    },
  },
  {
    name: 'a limit raised elsewhere once the tenant reached it → the next hot read passes, not 429',
    url: byId,
    before: (w) => w.a.forTenant(w.tenantId).setSetting('requestsPerMinute', 2),
    change: (w) => w.elsewhere.setSetting('requestsPerMinute', 100),
    then: (reply) => assert.equal(reply.status, 200, reply.text),
  },
]

/** The server's line for the last request (request-log.ts). */
function requestLine(w: World): Record<string, unknown> {
  const lines = w.lines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line['status'] !== undefined)
  return lines[lines.length - 1] ?? {}
}

for (const [database, open] of databases) {
  describe(
    `hot reads from a warm configuration cache on ${database}: a change elsewhere applies to the very next request`,
    { skip: open ? false : 'DATABASE_URL is not set' },
    () => {
      for (const c of CASES) {
        it(c.name, async (t) => {
          const w = await world(t, open!)
          await c.before?.(w)
          // Warm: both hot reads answered, the cache holding the version they relied on.
          ann(await get(w, MATCH, w.token))
          assert.equal((await get(w, byId(w), w.token)).status, 200)
          assert.notEqual(w.a.heldConfigVersion(), undefined)
          await c.change(w)
          const before = w.lines.length
          const reply = await get(w, c.url(w), c.token?.(w) ?? w.token)
          // One line for the request, naming the last pass's outcome (not the first pass's credential).
          const written = w.lines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>)
          assert.equal(written.filter((l) => l['status'] !== undefined).length, 1)
          const line = requestLine(w)
          if (reply.status === 401) {
            assert.equal(line['credential'], undefined)
            assert.equal(typeof line['reason'], 'string')
          } else assert.equal(line['credential'], c.token ? 'token new' : 'token entra')
          await c.then(reply, w)
        })
      }
    },
  )
}
