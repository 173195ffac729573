// POST /Bulk (RFC 7644 §3.7) through the whole app, on SQLite and, when DATABASE_URL is set, PostgreSQL:
// bulkId references under every base path, failOnErrors, the limits at their edge, operations refused
// by the reader, each operation answered exactly as the same request alone, tenant isolation, versions,
// one provisioning-log entry per operation, the credential and the tenant's request rate.
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
import { createRecorder } from '../../src/provisioning/recorder.js'
import { testSchemaStore } from '../../src/store/postgres/test-schema.js'
import { openSqliteLog } from '../../src/store/sqlite/sqlite-log.js'
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js'
import type { Store } from '../../src/store/store.js'
import { BASE } from '../helper.js'

const PG = process.env['DATABASE_URL']
const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest'
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User'
const ACME_HOST = 'scim.acme.test'

interface Database {
  readonly name: string
  open(t: TestContext, dir: string): Promise<Store>
  /** Whether the test closes the store itself (testSchemaStore closes its own). */
  readonly closes: boolean
}

const DATABASES: readonly Database[] = [
  {
    name: 'SQLite',
    open: (_t, dir) => openSqliteStore({ file: join(dir, 'roster.db') }),
    closes: true,
  },
  ...(PG
    ? [
        {
          name: 'PostgreSQL',
          open: async (t: TestContext) => (await testSchemaStore(PG, t)).store,
          closes: false,
        },
      ]
    : []),
]

interface Reply {
  readonly status: number
  readonly headers: Record<string, unknown>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
  readonly body: any
}

interface SendOptions {
  readonly token?: string | null
  readonly prefix?: string
  readonly headers?: Record<string, string>
}

async function setUp(
  t: TestContext,
  db: Database,
  options: { bodyLimit?: number; now?: () => Date } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'roster-bulk-'))
  const store = await db.open(t, dir)
  const log = await openSqliteLog(join(dir, 'roster-log.db'))
  const recorder = createRecorder({ log })
  const app = await createApp({
    store,
    log,
    recorder,
    logger: createLogger('silent'),
    bodyLimit: options.bodyLimit ?? 1 << 20,
    ...(options.now ? { now: options.now } : {}),
  })
  t.after(async () => {
    await app.close()
    await recorder.close()
    await log.close()
    if (db.closes) await store.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const tenant = await defaultTenant(store)
  const { token } = await mintToken(store, tenant.id, 'entra', null)
  const acme = await store.ensureTenant('acme', 'Acme')
  await store.addTenantHost(acme.id, ACME_HOST)
  const acmeToken = (await mintToken(store, acme.id, 'entra', null)).token

  /** One request; `body` as a string is sent as it is. */
  const send = async (
    method: string,
    path: string,
    body?: unknown,
    o: SendOptions = {},
  ): Promise<Reply> => {
    const token_ = o.token === undefined ? token : o.token
    const response = await app.inject({
      method: method as 'GET',
      url: `${o.prefix ?? BASE}${path}`,
      headers: {
        ...(token_ === null ? {} : { authorization: `Bearer ${token_}` }),
        ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}),
        ...o.headers,
      },
      ...(body !== undefined
        ? { payload: typeof body === 'string' ? body : JSON.stringify(body) }
        : {}),
    })
    return {
      status: response.statusCode,
      headers: response.headers,
      body: response.body === '' ? undefined : JSON.parse(response.body),
    }
  }
  const bulk = (operations: unknown[], o: SendOptions & { failOnErrors?: number } = {}) =>
    send(
      'POST',
      '/Bulk',
      {
        schemas: [BULK],
        ...(o.failOnErrors !== undefined ? { failOnErrors: o.failOnErrors } : {}),
        Operations: operations,
      },
      o,
    )
  const createUser = async (userName: string, o: SendOptions = {}): Promise<string> => {
    const r = await send('POST', '/Users', { schemas: [USER], userName }, o)
    assert.equal(r.status, 201, JSON.stringify(r.body))
    return r.body.id as string
  }
  const entries = async (tenantId = tenant.id) => {
    await recorder.flush()
    return log.entries(tenantId, { limit: 2000 })
  }
  return { app, store, tenant, token, acme, acmeToken, send, bulk, createUser, entries }
}

const post = (bulkId: string, path: string, data: unknown) => ({
  method: 'POST',
  path,
  bulkId,
  data,
})
const patch = (path: string, operations: unknown[], extra: Record<string, unknown> = {}) => ({
  method: 'PATCH',
  path,
  data: { schemas: [PATCH_OP], Operations: operations },
  ...extra,
})
/** The id at the end of a location. */
const idOf = (location: string): string => decodeURIComponent(location.split('/').pop() as string)
const statuses = (r: Reply): string[] => r.body.Operations.map((o: { status: string }) => o.status)

for (const db of DATABASES) {
  describe(`POST /Bulk on ${db.name}`, () => {
    it('ServiceProviderConfig advertises bulk with maxOperations 1,000 and the body limit', async (t) => {
      const r = await setUp(t, db, { bodyLimit: 50_000 })
      const config = await r.send('GET', '/ServiceProviderConfig')
      assert.deepEqual(config.body.bulk, {
        supported: true,
        maxOperations: 1000,
        maxPayloadSize: 50_000,
      })
    })

    it('creates users and a group with bulkId references, forward ones included, under every base path', async (t) => {
      const r = await setUp(t, db)
      const bases: { name: string; o: SendOptions; base: string; tenantToken: string }[] = [
        { name: 'default', o: {}, base: `http://localhost:80${BASE}`, tenantToken: r.token },
        {
          name: '/scim/v2',
          o: { prefix: '/scim/v2' },
          base: 'http://localhost:80/scim/v2',
          tenantToken: r.token,
        },
        {
          name: '/t/acme',
          o: { prefix: `/t/acme${BASE}`, token: r.acmeToken },
          base: `http://localhost:80/t/acme${BASE}`,
          tenantToken: r.acmeToken,
        },
        {
          name: 'mapped host',
          o: { token: r.acmeToken, headers: { host: ACME_HOST } },
          base: `http://${ACME_HOST}${BASE}`,
          tenantToken: r.acmeToken,
        },
      ]
      for (const [n, b] of bases.entries()) {
        const reply = await r.bulk(
          [
            // The group refers to users created by later operations (RFC 7644 §3.7.2).
            post('g', '/Groups', {
              displayName: `Team ${n}`,
              members: [{ value: 'bulkId:u1' }, { value: 'bulkId:u2' }],
            }),
            post('u1', '/Users', { userName: `one${n}@contoso.com` }),
            post('u2', '/Users', { userName: `two${n}@contoso.com` }),
            patch('/Users/bulkId:u1', [{ op: 'replace', path: 'name.givenName', value: 'One' }]),
            patch('/Groups/bulkId:g', [
              { op: 'remove', path: 'members', value: [{ value: 'bulkId:u2' }] },
            ]),
          ],
          b.o,
        )
        assert.equal(reply.status, 200, `${b.name}: ${JSON.stringify(reply.body)}`)
        assert.equal(reply.headers['content-type'], 'application/scim+json; charset=utf-8')
        assert.deepEqual(reply.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:BulkResponse'])
        assert.deepEqual(statuses(reply), ['201', '201', '201', '200', '204'], b.name)
        const [group, one, two, patched, unlinked] = reply.body.Operations
        assert.deepEqual(
          [group.method, group.bulkId, one.bulkId, two.bulkId, patched.method],
          ['POST', 'g', 'u1', 'u2', 'PATCH'],
        )
        for (const op of [group, one, two, patched, unlinked]) {
          assert.ok(op.location.startsWith(`${b.base}/`), `${b.name}: ${op.location}`)
          assert.equal(op.response, undefined)
        }
        assert.equal(idOf(patched.location), idOf(one.location))
        assert.match(one.version, /^W\/"/)
        // What the operations did, read through the tenant's single routes.
        const read = (path: string) => r.send('GET', path, undefined, b.o)
        const groupNow = await read(`/Groups/${idOf(group.location)}`)
        assert.deepEqual(
          groupNow.body.members.map((m: { value: string }) => m.value),
          [idOf(one.location)],
        )
        const oneNow = await read(`/Users/${idOf(one.location)}`)
        assert.equal(oneNow.body.name.givenName, 'One')
        assert.equal(oneNow.headers['etag'], patched.version)
      }
      // The acme operations created nothing in the default tenant, and the reverse.
      const count = async (n: number, o: SendOptions) =>
        (await r.send('GET', `/Users?filter=userName+eq+%22one${n}%40contoso.com%22`, undefined, o))
          .body.totalResults as number
      const acme = { token: r.acmeToken, prefix: `/t/acme${BASE}` }
      assert.deepEqual(await Promise.all([0, 1, 2, 3].map((n) => count(n, {}))), [1, 1, 0, 0])
      assert.deepEqual(await Promise.all([0, 1, 2, 3].map((n) => count(n, acme))), [0, 0, 1, 1])
    })

    it('failOnErrors stops after that many errors; the rest is neither run nor listed', async (t) => {
      const r = await setUp(t, db)
      await r.createUser('taken@contoso.com')
      const operations = [
        post('a', '/Users', { userName: 'a@contoso.com' }),
        post('b', '/Users', { userName: 'taken@contoso.com' }),
        post('c', '/Users', { userName: 'c@contoso.com' }),
        post('d', '/Users', { userName: 'TAKEN@contoso.com' }),
        post('e', '/Users', { userName: 'e@contoso.com' }),
      ]
      const one = await r.bulk(operations, { failOnErrors: 1 })
      assert.deepEqual(statuses(one), ['201', '409'])
      const exists = async (userName: string) =>
        (await r.send('GET', `/Users?filter=userName+eq+%22${userName}%22`)).body.totalResults
      assert.equal(await exists('c@contoso.com'), 0)
      const two = await r.bulk(operations.slice(2), { failOnErrors: 2 })
      assert.deepEqual(statuses(two), ['201', '409', '201'])
      // Without failOnErrors every operation runs whatever fails.
      const all = await r.bulk([
        post('x', '/Users', { userName: 'taken@contoso.com' }),
        post('y', '/Users', { userName: 'y@contoso.com' }),
      ])
      assert.deepEqual(statuses(all), ['409', '201'])
    })

    it('maxOperations: exactly 1,000 operations run, 1,001 are refused with 413 and run none', async (t) => {
      const r = await setUp(t, db)
      const deletes = (n: number) =>
        Array.from({ length: n }, (_, i) => ({ method: 'DELETE', path: `/Users/none-${i}` }))
      const at = await r.bulk(deletes(1000))
      assert.equal(at.status, 200)
      assert.equal(at.body.Operations.length, 1000)
      assert.ok(statuses(at).every((s) => s === '404'))
      const over = await r.bulk([
        post('first', '/Users', { userName: 'never@contoso.com' }),
        ...deletes(1000),
      ])
      assert.equal(over.status, 413)
      assert.deepEqual(over.body, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        status: '413',
        detail:
          'The Bulk request has 1001 operations; maxOperations is 1000 (ServiceProviderConfig bulk.maxOperations). Split it into several requests.',
      })
      const list = await r.send('GET', '/Users?filter=userName+eq+%22never%40contoso.com%22')
      assert.equal(list.body.totalResults, 0)
    })

    it('maxPayloadSize: a body of exactly the limit runs, one byte more is 413', async (t) => {
      const limit = 4096
      const r = await setUp(t, db, { bodyLimit: limit })
      const text = (userName: string, size: number): string => {
        const json = JSON.stringify({
          schemas: [BULK],
          Operations: [post('u', '/Users', { userName })],
        })
        return json.slice(0, -1) + ' '.repeat(size - Buffer.byteLength(json)) + '}'
      }
      const atLimit = await r.send('POST', '/Bulk', text('fits@contoso.com', limit))
      assert.equal(atLimit.status, 200, JSON.stringify(atLimit.body))
      assert.deepEqual(statuses(atLimit), ['201'])
      const over = await r.send('POST', '/Bulk', text('over@contoso.com', limit + 1))
      assert.equal(over.status, 413)
      assert.equal(over.body.status, '413')
      assert.match(over.body.detail, /limit of 4096 bytes/)
      const list = await r.send('GET', '/Users?filter=userName+eq+%22over%40contoso.com%22')
      assert.equal(list.body.totalResults, 0)
    })

    it('refuses malformed operations one by one and runs the others', async (t) => {
      const r = await setUp(t, db)
      const reply = await r.bulk([
        { method: 'GET', path: '/Users' },
        { method: 'DELETE', path: '/Schemas/x' },
        { method: 'POST', path: '/Users', data: { userName: 'nobulkid@contoso.com' } },
        post('dup', '/Users', { userName: 'dup1@contoso.com' }),
        post('dup', '/Users', { userName: 'dup2@contoso.com' }),
        post('g', '/Groups', { displayName: 'G', members: [{ value: 'bulkId:nobody' }] }),
        post('c1', '/Groups', { displayName: 'C1', members: [{ value: 'bulkId:c2' }] }),
        post('c2', '/Groups', { displayName: 'C2', members: [{ value: 'bulkId:c1' }] }),
        post('ok', '/Users', { userName: 'ok@contoso.com' }),
      ])
      assert.equal(reply.status, 200)
      assert.deepEqual(
        reply.body.Operations.map((o: { status: string; response?: { scimType?: string } }) => [
          o.status,
          o.response?.scimType,
        ]),
        [
          ['400', 'invalidValue'],
          ['400', 'invalidPath'],
          ['400', 'invalidSyntax'],
          ['201', undefined],
          ['400', 'invalidValue'],
          ['400', 'invalidValue'],
          ['409', undefined],
          ['409', undefined],
          ['201', undefined],
        ],
      )
      assert.match(reply.body.Operations[4].response.detail, /already used by Operations\[3\]/)
      assert.match(reply.body.Operations[5].response.detail, /"bulkId:nobody" refers to no POST/)
      assert.match(reply.body.Operations[6].response.detail, /circular/)
      const groups = await r.send('GET', '/Groups')
      assert.equal(groups.body.totalResults, 0)
    })

    it('refuses a malformed Bulk as a whole, running nothing', async (t) => {
      const r = await setUp(t, db)
      const cases: [unknown, number, string][] = [
        ['[]', 400, 'invalidSyntax'],
        [{ schemas: [BULK] }, 400, 'invalidSyntax'],
        [{ schemas: [BULK], failOnErrors: 0, Operations: [] }, 400, 'invalidValue'],
        ['{"Operations": [', 400, 'invalidSyntax'],
      ]
      for (const [body, status, scimType] of cases) {
        const reply = await r.send('POST', '/Bulk', body)
        assert.equal(reply.status, status, JSON.stringify(body))
        assert.equal(reply.body.scimType, scimType)
      }
      const empty = await r.bulk([])
      assert.deepEqual(empty.body, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkResponse'],
        Operations: [],
      })
    })

    it('answers each operation exactly as the same request sent alone', async (t) => {
      const r = await setUp(t, db)
      const taken = await r.createUser('taken@contoso.com')
      const group = await r.send('POST', '/Groups', { displayName: 'Taken' })
      const stale = 'W/"0"'
      const requests: { method: string; path: string; data?: unknown; version?: string }[] = [
        {
          method: 'POST',
          path: '/Users',
          data: { userName: 'x@contoso.com', timezone: 'Mars/Base' },
        },
        { method: 'POST', path: '/Users', data: { userName: 'Taken@Contoso.com' } },
        { method: 'POST', path: '/Users', data: { name: { givenName: 'No userName' } } },
        { method: 'POST', path: '/Users', data: ['not', 'an object'] },
        { method: 'POST', path: '/Users', data: { userName: 'y@contoso.com', shoeSize: 44 } },
        { method: 'PUT', path: '/Users/does-not-exist', data: { userName: 'z@contoso.com' } },
        { method: 'PATCH', path: `/Users/${taken}`, data: { Operations: [{ op: 'move' }] } },
        {
          method: 'PATCH',
          path: `/Users/${taken}`,
          data: {
            schemas: [PATCH_OP],
            Operations: [{ op: 'replace', path: 'emails[type eq', value: 1 }],
          },
        },
        {
          method: 'PATCH',
          path: `/Users/${taken}`,
          version: stale,
          data: {
            schemas: [PATCH_OP],
            Operations: [{ op: 'replace', path: 'active', value: false }],
          },
        },
        { method: 'DELETE', path: '/Users/does-not-exist' },
        { method: 'DELETE', path: `/Users/${taken}`, version: stale },
        { method: 'POST', path: '/Groups', data: { displayName: 'taken' } },
        {
          method: 'POST',
          path: '/Groups',
          data: { displayName: 'Ghosts', members: [{ value: 'no-such-user' }] },
        },
        {
          method: 'PATCH',
          path: `/Groups/${group.body.id}`,
          data: {
            schemas: [PATCH_OP],
            Operations: [{ op: 'add', path: 'members', value: [{ value: 'nobody' }] }],
          },
        },
      ]
      const alone: Reply[] = []
      for (const q of requests) {
        const reply = await r.send(
          q.method,
          q.path,
          q.data,
          q.version ? { headers: { 'if-match': q.version } } : {},
        )
        assert.ok(reply.status >= 400, `${q.method} ${q.path} alone: ${reply.status}`)
        alone.push(reply)
      }
      const reply = await r.bulk(
        requests.map((q, i) => ({ ...q, ...(q.method === 'POST' ? { bulkId: `b${i}` } : {}) })),
      )
      assert.equal(reply.status, 200)
      requests.forEach((q, i) => {
        const op = reply.body.Operations[i]
        const single = alone[i] as Reply
        assert.equal(op.status, String(single.status), `${q.method} ${q.path}`)
        assert.deepEqual(op.response, single.body, `${q.method} ${q.path}`)
      })
      // Nothing changed: the user and the group are as they were.
      const user = await r.send('GET', `/Users/${taken}`)
      assert.equal(user.body.active, true)
      const users = await r.send('GET', '/Users')
      assert.equal(users.body.totalResults, 1)
    })

    it('resolves a percent-encoded path as the same path over HTTP: decoded once', async (t) => {
      const r = await setUp(t, db)
      const taken = await r.createUser('taken@contoso.com')
      // [method, path as sent]: each fails alone and fails the same in a Bulk.
      const cases: [string, string][] = [
        ['DELETE', '/Users/abc%20def'],
        ['DELETE', '/Users/a%2Fb'],
        ['DELETE', '/Users/a%2520b'],
        ['DELETE', '/Groups/caf%C3%A9%3Fx'],
        ['DELETE', '/Users/a+b'],
        ['DELETE', '/%55sers/nobody'],
        ['DELETE', '/Users/%zz'],
        ['DELETE', '/Users/%C3%28'],
        ['DELETE', '/Users/abc%'],
      ]
      const alone: Reply[] = []
      for (const [method, path] of cases) {
        const reply = await r.send(method, path)
        assert.ok(reply.status === 400 || reply.status === 404, `${path} alone: ${reply.status}`)
        alone.push(reply)
      }
      const reply = await r.bulk(cases.map(([method, path]) => ({ method, path })))
      cases.forEach(([method, path], i) => {
        const op = reply.body.Operations[i]
        const single = alone[i] as Reply
        assert.equal(op.status, String(single.status), `${method} ${path}`)
        assert.equal(op.response.scimType, single.body.scimType, `${method} ${path}`)
        // A malformed escape is the same 400 in its own words (the operation and its path).
        if (single.status === 404) assert.deepEqual(op.response, single.body, `${method} ${path}`)
        else assert.match(op.response.detail, /the path ".*" is malformed/, path)
      })
      // A real id with an escaped character reaches its user.
      const escaped = `%${taken.charCodeAt(0).toString(16)}${taken.slice(1)}`
      const done = await r.bulk([
        patch(`/Users/${escaped}`, [{ op: 'replace', path: 'active', value: false }]),
      ])
      assert.equal(done.body.Operations[0].status, '200', JSON.stringify(done.body))
      assert.equal(done.body.Operations[0].location.endsWith(`/Users/${taken}`), true)
      assert.equal((await r.send('GET', `/Users/${taken}`)).body.active, false)
    })

    it('cannot reach another tenant by id: 404 as alone, and the other tenant is untouched', async (t) => {
      const r = await setUp(t, db)
      const acme = { token: r.acmeToken, prefix: `/t/acme${BASE}` }
      const theirs = await r.createUser('alice@acme.com', acme)
      const before = await r.send('GET', `/Users/${theirs}`, undefined, acme)
      const reply = await r.bulk([
        patch(`/Users/${theirs}`, [{ op: 'replace', path: 'active', value: false }]),
        { method: 'PUT', path: `/Users/${theirs}`, data: { userName: 'mallory@contoso.com' } },
        { method: 'DELETE', path: `/Users/${theirs}` },
      ])
      assert.deepEqual(statuses(reply), ['404', '404', '404'])
      const alone = await r.send('DELETE', `/Users/${theirs}`)
      assert.deepEqual(reply.body.Operations[2].response, alone.body)
      const after = await r.send('GET', `/Users/${theirs}`, undefined, acme)
      assert.equal(after.status, 200)
      assert.deepEqual(after.body, before.body)
      // A Bulk on the acme path with the default tenant's token is refused as a whole.
      const wrong = await r.bulk([{ method: 'DELETE', path: `/Users/${theirs}` }], {
        prefix: `/t/acme${BASE}`,
      })
      assert.equal(wrong.status, 401)
    })

    it('version is If-Match: a current one applies and answers the new version, a stale one is 412', async (t) => {
      const r = await setUp(t, db)
      const id = await r.createUser('v@contoso.com')
      const current = (await r.send('GET', `/Users/${id}`)).headers['etag'] as string
      const reply = await r.bulk([
        patch(`/Users/${id}`, [{ op: 'replace', path: 'name.givenName', value: 'V' }], {
          version: current,
        }),
        patch(`/Users/${id}`, [{ op: 'replace', path: 'name.familyName', value: 'W' }], {
          version: current,
        }),
        { method: 'DELETE', path: `/Users/${id}`, version: current },
      ])
      assert.deepEqual(statuses(reply), ['200', '412', '412'])
      const now = await r.send('GET', `/Users/${id}`)
      assert.equal(reply.body.Operations[0].version, now.headers['etag'])
      assert.notEqual(now.headers['etag'], current)
      assert.equal(reply.body.Operations[1].response.status, '412')
      const last = await r.bulk([
        { method: 'DELETE', path: `/Users/${id}`, version: String(now.headers['etag']) },
      ])
      assert.deepEqual(statuses(last), ['204'])
      assert.equal((await r.send('GET', `/Users/${id}`)).status, 404)
    })

    it('logs one entry per operation, none for the Bulk; a Bulk refused as a whole is one entry', async (t) => {
      const r = await setUp(t, db)
      await r.bulk([
        post('u', '/Users', { userName: 'logged@contoso.com' }),
        patch('/Users/bulkId:u', [{ op: 'replace', path: 'active', value: false }]),
        { method: 'DELETE', path: '/Users/none' },
      ])
      const logged = await r.entries()
      assert.deepEqual(
        logged.map((e) => [e.method, e.operation, e.status, e.resource, e.actor]).reverse(),
        [
          ['POST', 'create', 201, 'User', 'token entra'],
          ['PATCH', 'disable', 200, 'User', 'token entra'],
          ['DELETE', 'delete', 404, 'User', 'token entra'],
        ],
      )
      assert.ok(logged.every((e) => !/bulk/i.test(e.path ?? '')))
      await r.send('POST', '/Bulk', { Operations: 'no' })
      const refusal = (await r.entries())[0]
      assert.equal(refusal?.path, `${BASE}/Bulk`)
      assert.equal(refusal?.status, 400)
    })

    it('needs the credential of the tenant: without one the Bulk is 401 and runs nothing', async (t) => {
      const r = await setUp(t, db)
      const operations = [post('u', '/Users', { userName: 'anon@contoso.com' })]
      assert.equal((await r.bulk(operations, { token: null })).status, 401)
      assert.equal((await r.bulk(operations, { token: r.acmeToken })).status, 401)
      const list = await r.send('GET', '/Users')
      assert.equal(list.body.totalResults, 0)
    })

    it('answers 503, unrun, the operations left once the request timeout has passed', async (t) => {
      // A clock that moves 20 s each time it is read: the Bulk's start, then each operation's check
      // and each operation's authentication read it, so the 30 s budget runs out after two operations.
      let clock = Date.now()
      let ticking = false
      const r = await setUp(t, db, {
        now: () => new Date(ticking ? (clock += 20_000) : clock),
      })
      ticking = true
      const reply = await r.bulk(
        Array.from({ length: 4 }, (_, i) =>
          post(`u${i}`, '/Users', { userName: `late${i}@contoso.com` }),
        ),
      )
      ticking = false
      assert.equal(reply.status, 200)
      const ran = statuses(reply).filter((s) => s === '201').length
      assert.ok(ran >= 1 && ran < 4, statuses(reply).join())
      assert.deepEqual(statuses(reply).slice(ran), Array(4 - ran).fill('503'))
      assert.match(
        reply.body.Operations[3].response.detail,
        /^Not run: the Bulk request took longer than 30000 ms/,
      )
      const found = await Promise.all(
        [0, 1, 2, 3].map(
          async (i) =>
            (await r.send('GET', `/Users?filter=userName+eq+%22late${i}%40contoso.com%22`)).body
              .totalResults as number,
        ),
      )
      assert.deepEqual(
        found,
        [0, 1, 2, 3].map((i) => (i < ran ? 1 : 0)),
      )
    })

    it("counts each operation toward the tenant's request rate, the Bulk itself as one more", async (t) => {
      const r = await setUp(t, db)
      await r.store.forTenant(r.tenant.id).setSetting('requestsPerMinute', 4)
      const reply = await r.bulk(
        Array.from({ length: 5 }, (_, i) =>
          post(`u${i}`, '/Users', { userName: `r${i}@contoso.com` }),
        ),
      )
      assert.equal(reply.status, 200)
      assert.deepEqual(statuses(reply), ['201', '201', '201', '429', '429'])
      assert.match(reply.body.Operations[3].response.detail, /limited to 4 requests per minute/)
    })
  })
}
