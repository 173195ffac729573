// The store contract on a real PostgreSQL server, when DATABASE_URL is set (.ci/run sets it). Each test
// gets its own schema, dropped afterwards.
import assert from 'node:assert/strict'
import net from 'node:net'
import { describe, it } from 'node:test'
import pg from 'pg'
import { Kysely, PostgresDialect, sql } from 'kysely'
import { parseFilter } from '../../scim/filter/parser.js'
import { defaultFold } from '../../scim/filter/evaluate.js'
import { precompiled, preparedName } from '../sql/precompiled.js'
import { preparing } from './postgres-store.js'
import { runGroupContract } from '../group.contract.js'
import { runKeysetContract } from '../keyset.contract.js'
import { runPropertyContract } from '../property.contract.js'
import { propertyDef } from '../../scim/schema/extension.js'
import { runStoreContract, user } from '../store.contract.js'
import type { ContractOptions } from '../store.contract.js'
import { testSchemaStore } from './test-schema.js'

const url = process.env['DATABASE_URL']

if (url === undefined || url === '') {
  describe('Store contract: PostgreSQL', () => {
    it(
      'runs when DATABASE_URL is set (postgres://...); .ci/run sets it',
      { skip: 'DATABASE_URL is not set' },
      () => {},
    )
  })
} else {
  const postgres: ContractOptions = {
    name: 'PostgreSQL',
    newStore: async (t) => (await testSchemaStore(url, t)).store,
  }
  runStoreContract(postgres)
  runGroupContract(postgres)
  runKeysetContract(postgres)
  runPropertyContract(postgres)
}

if (url !== undefined && url !== '') {
  describe('PostgreSQL outage', () => {
    it('answers 503 with Retry-After while the database is unreachable, and recovers when it returns', async (t) => {
      const target = new URL(url)
      const sockets = new Set<net.Socket>()
      // A TCP relay in front of PostgreSQL that the test can cut and restore.
      const relay = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 5432), target.hostname)
        for (const s of [client, upstream]) {
          sockets.add(s)
          s.on('error', () => s.destroy())
          s.on('close', () => sockets.delete(s))
        }
        client.pipe(upstream).pipe(client)
      })
      await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve))
      const port = (relay.address() as net.AddressInfo).port
      const cut = async (): Promise<void> => {
        await new Promise<void>((resolve) => {
          relay.close(() => resolve())
          for (const s of sockets) s.destroy()
        })
      }
      const viaRelay = new URL(url)
      viaRelay.hostname = '127.0.0.1'
      viaRelay.port = String(port)
      t.after(() => {
        relay.close()
        for (const s of sockets) s.destroy()
      })
      const { store } = await testSchemaStore(url, t, {
        poolSize: 2,
        connectionString: viaRelay.toString(),
      })
      const tenant = await store.ensureTenant('acme', 'Acme')
      await store.ping()

      await cut()
      await assert.rejects(store.ping(), { status: 503, headers: { 'retry-after': '5' } })
      await assert.rejects(store.forTenant(tenant.id).settings(), { status: 503 })

      await new Promise<void>((resolve) => relay.listen(port, '127.0.0.1', resolve))
      await store.ping()
      assert.equal((await store.tenantBySlug('acme'))?.id, tenant.id)
    })
  })
}

if (url !== undefined && url !== '') {
  describe('PostgreSQL statement timeout', () => {
    it('answers 503 with Retry-After when a statement waits past the timeout (a row locked elsewhere)', async (t) => {
      const { store, schema } = await testSchemaStore(url, t, { statementTimeoutMs: 200 })
      const tenant = store.forTenant((await store.ensureTenant('acme', 'Acme')).id)
      const created = await tenant.createUser(user('ann'), undefined)
      const other = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` })
      await other.connect()
      t.after(() => other.end())
      await other.query('begin')
      await other.query('select 1 from users where id = $1 for update', [created.id])
      await assert.rejects(
        tenant.updateUser(created.id, (current) => ({ data: current, password: undefined })),
        { status: 503, headers: { 'retry-after': '5' } },
      )
      await other.query('rollback')
      const updated = await tenant.updateUser(created.id, (current) => ({
        data: { ...current, givenName: 'Ann' },
        password: undefined,
      }))
      assert.equal(updated?.givenName, 'Ann')
    })

    it('lets a rename or a forced removal, which rewrite every holder, run past it', async (t) => {
      // 1.5 s, not less: migrating a new schema on a loaded machine takes longer than 200 ms.
      const { store, schema } = await testSchemaStore(url, t, { statementTimeoutMs: 1500 })
      const tenant = store.forTenant((await store.ensureTenant('acme', 'Acme')).id)
      await tenant.addProperty(propertyDef('costCenter'))
      const ann = await tenant.createUser(
        user('ann', { properties: { costCenter: 'CC-1' } }),
        undefined,
      )
      const other = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` })
      await other.connect()
      t.after(() => other.end())
      // A holder's row is locked elsewhere for longer than the statement timeout: the rename waits
      // for it (a request's update would answer 503), then moves its version.
      // The lock is taken before the call under test starts (else the call may run first, unhindered).
      const hold = async (): Promise<{ released: Promise<void> }> => {
        await other.query('begin')
        await other.query('select 1 from users where id = $1 for update', [ann.id])
        return {
          released: new Promise<void>((resolve) =>
            setTimeout(() => void other.query('rollback').then(() => resolve()), 3000),
          ),
        }
      }
      let { released } = await hold()
      assert.equal((await tenant.renameProperty('costCenter', 'financeCode'))?.name, 'financeCode')
      await released
      assert.equal((await tenant.getUser(ann.id))?.version, ann.version + 1)
      ;({ released } = await hold())
      assert.deepEqual(await tenant.removeProperty('financeCode', true), {
        removed: true,
        holders: 1,
      })
      await released
      assert.equal((await tenant.getUser(ann.id))?.version, ann.version + 2)
      // The longer timeout ended with those transactions.
      ;({ released } = await hold())
      await assert.rejects(
        tenant.updateUser(ann.id, (current) => ({ data: current, password: undefined })),
        { status: 503 },
      )
      await released
    })
  })
}

if (url !== undefined && url !== '') {
  describe('PostgreSQL prepared statements', () => {
    it('runs a precompiled statement as a named prepared statement, and any other SQL unnamed', async (t) => {
      const pool = new pg.Pool({ connectionString: url, max: 1 })
      const db = new Kysely<Record<string, never>>({ dialect: new PostgresDialect({ pool }) })
      t.after(() => db.destroy())
      const plusOne = precompiled(['n'], (p) =>
        db.selectNoFrom(sql<number>`cast(${p.n} as int) + 1`.as('m')),
      )
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      t.after(() => client.end())
      preparing(client)
      for (const n of [41, 1]) {
        const compiled = plusOne({ n })
        const { rows } = await client.query(compiled.sql, [...compiled.parameters])
        assert.equal(rows[0].m, n + 1)
      }
      await client.query('select $1::int as x', [1])
      const name = preparedName(plusOne({ n: 0 }).sql)
      assert.ok(name !== undefined && /^roster_\d+$/.test(name))
      const { rows } = await client.query<{ name: string }>(
        'select name from pg_prepared_statements order by name',
      )
      assert.deepEqual(
        rows.map((r) => r.name),
        [name],
      )
    })

    it('keeps reading users after a migration adds a column to users under a running store', async (t) => {
      const { store, schema } = await testSchemaStore(url, t, { poolSize: 1 })
      const tenant = store.forTenant((await store.ensureTenant('acme', 'Acme')).id)
      const created = await tenant.createUser(user('ann'), undefined)
      const match = () =>
        tenant.listUsers({
          fold: defaultFold,
          startIndex: 1,
          count: 10,
          filter: parseFilter('userName eq "ann"'),
        })
      // Prepared on the store's one connection.
      assert.equal((await tenant.getUser(created.id))?.id, created.id)
      assert.equal((await match()).users[0]?.id, created.id)
      const admin = new pg.Client({ connectionString: url })
      await admin.connect()
      t.after(() => admin.end())
      await admin.query(`alter table ${schema}.users add column later text default 'x'`)
      assert.equal((await tenant.getUser(created.id))?.id, created.id)
      assert.equal((await match()).users[0]?.id, created.id)
    })
  })
}
