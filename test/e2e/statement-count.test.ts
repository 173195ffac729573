// How many SQL statements Entra's hot requests cost (issue 13: at most 3 per hot request), counted on both
// databases through the store's statement hook, so a change that adds a round trip fails here instead of
// slowing the benchmark silently. Counted after a first request of each kind (the configuration cache and
// the prepared statements are warm, as in a running server): a hot read then authenticates from the
// cache and reads the configuration version in its own statement (http/hot-read.ts).
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import type { TestContext } from 'node:test'
import { mintToken } from '../../src/auth/secret-token.js'
import { createApp } from '../../src/http/app.js'
import { createLogger } from '../../src/log.js'
import { defaultTenant } from '../../src/main.js'
import { testSchemaStore } from '../../src/store/postgres/test-schema.js'
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js'
import type { Store } from '../../src/store/store.js'

const BASE = '/api/xm/1/scim/v2'
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User'
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group'
const DATABASE_URL = process.env['DATABASE_URL']

type Opener = (t: TestContext, onStatement: (sql: string) => void) => Promise<Store>

const databases: [string, Opener | undefined][] = [
  [
    'SQLite',
    async (t, onStatement) => {
      const dir = mkdtempSync(join(tmpdir(), 'roster-count-'))
      const store = await openSqliteStore({ file: join(dir, 'roster.db'), onStatement })
      t.after(async () => {
        await store.close()
        rmSync(dir, { recursive: true, force: true })
      })
      return store
    },
  ],
  [
    'PostgreSQL',
    DATABASE_URL
      ? async (t, onStatement) => (await testSchemaStore(DATABASE_URL, t, { onStatement })).store
      : undefined,
  ],
]

/**
 * Each hot request, and the most statements it may run on each database. Reads: ONE statement, the
 * user's (or the match's) with the configuration version folded in; a match by externalId finds the ids
 * (with the version), then reads the users: 2. Writes read the configuration version first. Writes count their BEGIN and COMMIT: the PATCH
 * locks the row, reads the user, updates it and rewrites only the child table that changed (emails), 8
 * in all; on SQLite the POST inserts the user, its emails and roles and moves the tenant's count, 7 in
 * all; on PostgreSQL those INSERTs are one statement (WriteStatements.insertAll), 2 with the
 * configuration version. An empty group's create writes the row and the count (in a transaction on
 * SQLite, one statement on PostgreSQL), then reads its members back for the response (users, groups):
 * 7 on SQLite, 4 on PostgreSQL.
 */
interface HotRequest {
  readonly name: string
  readonly most: number | Readonly<Record<'SQLite' | 'PostgreSQL', number>>
  readonly request: (id: string, n: number) => { method: string; url: string; payload?: unknown }
}

const HOT: HotRequest[] = [
  {
    name: "Entra's match: GET /Users?filter=userName eq",
    most: { SQLite: 1, PostgreSQL: 1 },
    request: () => ({
      method: 'GET',
      url: `${BASE}/Users?filter=${encodeURIComponent('userName eq "joy.young@contoso.com"')}`,
    }),
  },
  {
    name: "Entra's match of a user not there yet (before its create)",
    most: { SQLite: 1, PostgreSQL: 1 },
    request: (_id, n) => ({
      method: 'GET',
      url: `${BASE}/Users?filter=${encodeURIComponent(`userName eq "nobody${n}@contoso.com"`)}`,
    }),
  },
  {
    name: "Entra's match: GET /Users?filter=externalId eq",
    most: { SQLite: 2, PostgreSQL: 2 },
    request: () => ({
      method: 'GET',
      url: `${BASE}/Users?filter=${encodeURIComponent('externalId eq "jyoung"')}`,
    }),
  },
  {
    name: 'GET /Users/{id}',
    most: { SQLite: 1, PostgreSQL: 1 },
    request: (id) => ({ method: 'GET', url: `${BASE}/Users/${id}` }),
  },
  {
    name: 'Entra\'s PATCH: replace name.familyName and emails[type eq "work"].value',
    most: 8,
    request: (id, n) => ({
      method: 'PATCH',
      url: `${BASE}/Users/${id}`,
      payload: {
        schemas: [PATCH],
        Operations: [
          { op: 'Replace', path: 'name.familyName', value: `Young ${n}` },
          { op: 'Replace', path: 'emails[type eq "work"].value', value: `joy${n}@contoso.com` },
        ],
      },
    }),
  },
  {
    name: 'POST /Users',
    most: { SQLite: 7, PostgreSQL: 2 },
    request: (_id, n) => ({
      method: 'POST',
      url: `${BASE}/Users`,
      payload: {
        schemas: [USER],
        userName: `new${n}@contoso.com`,
        name: { givenName: 'New', familyName: `User ${n}` },
        emails: [{ type: 'work', value: `new${n}@contoso.com`, primary: true }],
        active: true,
      },
    }),
  },
  {
    name: "POST /Groups, empty (Entra's group create)",
    most: { SQLite: 7, PostgreSQL: 4 },
    request: (_id, n) => ({
      method: 'POST',
      url: `${BASE}/Groups`,
      payload: { schemas: [GROUP], displayName: `Team ${n}` },
    }),
  },
]

for (const [name, open] of databases) {
  describe(
    `statements per hot request on ${name}`,
    { skip: open ? false : 'DATABASE_URL is not set' },
    () => {
      for (const hot of HOT) {
        const most = typeof hot.most === 'number' ? hot.most : hot.most[name as 'SQLite']
        it(`${hot.name}: at most ${most}`, async (t) => {
          let counting = false
          const seen: string[] = []
          const store = await open!(t, (sql) => {
            if (counting) seen.push(sql)
          })
          const tenant = await defaultTenant(store)
          const { token } = await mintToken(store, tenant.id, 'count', null)
          const app = await createApp({ store, logger: createLogger('silent'), bodyLimit: 1 << 20 })
          t.after(() => app.close())
          const send = async (n: number, id: string) => {
            const { method, url, payload } = hot.request(id, n)
            const response = await app.inject({
              method: method as 'GET',
              url,
              headers: {
                authorization: `Bearer ${token}`,
                ...(payload ? { 'content-type': 'application/scim+json' } : {}),
              },
              ...(payload ? { payload: JSON.stringify(payload) } : {}),
            })
            assert.ok(response.statusCode < 300, response.body)
          }
          const created = await app.inject({
            method: 'POST',
            url: `${BASE}/Users`,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
            payload: JSON.stringify({
              schemas: [USER],
              userName: 'joy.young@contoso.com',
              externalId: 'jyoung',
              name: { givenName: 'Joy', familyName: 'Young' },
              emails: [{ type: 'work', value: 'joy@contoso.com', primary: true }],
              phoneNumbers: [{ type: 'mobile', value: '+14155550126' }],
            }),
          })
          const id = (JSON.parse(created.body) as { id: string }).id
          await send(1, id)
          counting = true
          await send(2, id)
          counting = false
          t.diagnostic(`${seen.length} statements:\n${seen.join('\n')}`)
          assert.ok(seen.length <= most, `${seen.length} statements:\n${seen.join('\n')}`)
        })
      }
    },
  )
}
