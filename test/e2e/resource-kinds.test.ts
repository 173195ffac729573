// Every resource kind (src/http/resource-kind.ts KINDS) through the generic reads and DELETE
// (routes/resources.ts) and the root /.search, on SQLite and, when DATABASE_URL is set, PostgreSQL: the
// same contract for each kind, so a new kind is checked once it has a body below. The kinds' own
// behaviour is in users.test.ts, groups.test.ts and pagination.test.ts.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TestContext } from 'node:test'
import { KINDS } from '../../src/http/resource-kind.js'
import { GROUP_SCHEMA } from '../../src/scim/schema/group.js'
import { testSchemaStore } from '../../src/store/postgres/test-schema.js'
import type { Store } from '../../src/store/store.js'
import { build, fullUser } from '../helper.js'

const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest'

/** A valid POST body of each kind, the n-th of a test, with externalId `kinds-n`. */
const BODIES: Record<string, (n: number) => Record<string, unknown>> = {
  User: (n) => ({ ...fullUser(`kind${n}@example.com`), externalId: `kinds-${n}` }),
  Group: (n) => ({ schemas: [GROUP_SCHEMA], displayName: `Kinds ${n}`, externalId: `kinds-${n}` }),
}

type NewStore = (t: TestContext) => Promise<Store | undefined>
const url = process.env['DATABASE_URL']
const DATABASES: [name: string, store: NewStore][] = [['SQLite', async () => undefined]]
if (url) DATABASES.push(['PostgreSQL', async (t) => (await testSchemaStore(url, t)).store])

describe('resource kinds', () => {
  it('has a body for every kind', () => {
    assert.deepEqual(Object.keys(BODIES).sort(), KINDS.map((kind) => kind.resourceType.name).sort())
  })

  for (const [database, newStore] of DATABASES) {
    for (const kind of KINDS) {
      const { name } = kind.resourceType
      const endpoint = kind.resourceType.endpoint.slice(1)
      it(`${name} on ${database}: GET by id, conditional GET, lists, .search, cursors, root /.search, DELETE`, async (t) => {
        const store = await newStore(t)
        const built = await build(t, { statementTimeoutMs: 60_000, ...(store ? { store } : {}) })
        const body = BODIES[name] as (n: number) => Record<string, unknown>
        const made: { id: string; etag: string }[] = []
        for (const n of [1, 2, 3]) {
          const created = await built.request('POST', endpoint, body(n))
          assert.equal(created.status, 201, created.text)
          assert.equal(created.headers['etag'], created.body.meta.version)
          assert.match(
            String(created.headers['location']),
            new RegExp(`/${endpoint}/${created.body.id}$`),
          )
          made.push({ id: created.body.id, etag: String(created.headers['etag']) })
        }
        const [a, b, c] = made as [(typeof made)[0], (typeof made)[0], (typeof made)[0]]

        const read = await built.request('GET', `${endpoint}/${a.id}`)
        assert.equal(read.status, 200, read.text)
        assert.equal(read.headers['etag'], a.etag)
        assert.equal(read.body.meta.resourceType, name)
        const unchanged = await built.request('GET', `${endpoint}/${a.id}`, undefined, {
          'if-none-match': a.etag,
        })
        assert.equal(unchanged.status, 304)
        assert.equal(unchanged.text, '')
        const projected = await built.request('GET', `${endpoint}/${a.id}?attributes=externalId`)
        assert.deepEqual(Object.keys(projected.body).sort(), [
          'externalId',
          'id',
          'meta',
          'schemas',
        ])

        const matched = await built.request('GET', `${endpoint}?filter=externalId eq "kinds-2"`)
        assert.equal(matched.status, 200, matched.text)
        assert.equal(matched.body.totalResults, 1)
        assert.deepEqual(
          matched.body.Resources.map((r: { id: string }) => r.id),
          [b.id],
        )
        const searched = await built.request('POST', `${endpoint}/.search`, {
          schemas: [SEARCH],
          filter: 'externalId sw "kinds-"',
          startIndex: 2,
          count: 1,
        })
        assert.equal(searched.status, 200, searched.text)
        assert.deepEqual(
          [searched.body.totalResults, searched.body.startIndex, searched.body.itemsPerPage],
          [3, 2, 1],
        )
        assert.equal(searched.body.Resources[0].id, b.id)

        const first = await built.request('GET', `${endpoint}?count=2&cursor`)
        assert.equal(first.status, 200, first.text)
        assert.deepEqual(
          first.body.Resources.map((r: { id: string }) => r.id),
          [a.id, b.id],
        )
        const next = await built.request(
          'GET',
          `${endpoint}?count=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
        )
        assert.deepEqual(
          next.body.Resources.map((r: { id: string }) => r.id),
          [c.id],
        )
        assert.equal(next.body.nextCursor, undefined)
        assert.equal(typeof next.body.previousCursor, 'string')

        const root = await built.request('POST', '.search', {
          schemas: [SEARCH],
          filter: 'externalId eq "kinds-1"',
        })
        assert.equal(root.status, 200, root.text)
        assert.deepEqual(
          root.body.Resources.map((r: { id: string }) => r.id),
          [a.id],
        )

        const stale = await built.request('DELETE', `${endpoint}/${a.id}`, undefined, {
          'if-match': 'W/"999"',
        })
        assert.equal(stale.status, 412, stale.text)
        assert.equal((await built.request('DELETE', `${endpoint}/${a.id}`)).status, 204)
        const gone = await built.request('GET', `${endpoint}/${a.id}`)
        assert.equal(gone.status, 404)
        assert.equal(gone.body.detail, `${name} ${a.id} not found.`)
        const again = await built.request('DELETE', `${endpoint}/${a.id}`)
        assert.equal(again.status, 404)
        assert.equal(again.body.detail, `${name} ${a.id} not found.`)
      })
    }
  }
})
