// The store's own ANALYZE (statistics.ts), on the real PostgreSQL server (whose autovacuum may be off, as
// on the machine these tests were written on: then nothing else gathers statistics). Runs when
// DATABASE_URL is set (.ci/run sets it), in a schema of its own.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TestContext } from 'node:test'
import pg from 'pg'
import type { UserData } from '../../scim/resource/user.js'
import { keepStatistics, refreshStatistics } from './statistics.js'
import { testSchemaStore } from './test-schema.js'

const url = process.env['DATABASE_URL']

const user = (i: number): UserData => ({
  userName: `user${i}@contoso.com`,
  active: true,
  emails: [{ value: `user${i}@contoso.com`, type: 'work', device: 'Work Email' }],
  phoneNumbers: [],
  roles: [{ value: 'Standard User' }],
})

/** A schema with `users` users created through the store, and a connection to it. */
async function directory(t: TestContext, users: number) {
  const { store, schema } = await testSchemaStore(url as string, t)
  const tenant = await store.ensureTenant('default', 'Default')
  const created = await store
    .forTenant(tenant.id)
    .createUsers(Array.from({ length: users }, (_, i) => ({ data: user(i) })))
  assert.equal(created.filter(Boolean).length, users)
  // A backend publishes its row counts when it ends (or when idle, after up to 10 s): closing the store
  // ends its connections, so pg_stat_user_tables has them at once.
  await store.close()
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` })
  await client.connect()
  t.after(() => client.end())
  const rowsOf = async (table: string): Promise<number> =>
    Number(
      (await client.query(`select reltuples from pg_class where oid = '${table}'::regclass`))
        .rows[0]?.reltuples,
    )
  return { client, rowsOf, schema }
}

/** refreshStatistics until it names `table`, at most 50 times 100 ms apart; what each call named. */
async function untilAnalyzed(client: pg.Client, table: string): Promise<string[][]> {
  const calls: string[][] = []
  for (let i = 0; i < 50 && !calls.at(-1)?.includes(table); i++) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 100))
    calls.push(await refreshStatistics(client))
  }
  return calls
}

describe(
  'PostgreSQL statistics kept by the store',
  { skip: url ? false : 'DATABASE_URL is not set' },
  () => {
    it('analyzes a table changed past 50 rows and a tenth of its rows, then not again until it changes', async (t) => {
      const { client, rowsOf } = await directory(t, 200)
      const calls = await untilAnalyzed(client, 'users')
      const analyzed = calls.flat()
      for (const table of ['users', 'user_emails']) assert.ok(analyzed.includes(table), table)
      assert.equal(await rowsOf('users'), 200)
      assert.equal(await rowsOf('user_emails'), 200)
      assert.deepEqual(
        (await refreshStatistics(client)).filter((name) => name.startsWith('user')),
        [],
      )
    })

    it('leaves a table alone below the threshold (40 rows changed)', async (t) => {
      const { client, rowsOf } = await directory(t, 40)
      // Once PostgreSQL shows the 40 rows changed, they are still under the threshold of 50.
      const changed = async () =>
        Number(
          (
            await client.query(
              `select n_mod_since_analyze as n from pg_stat_user_tables where relid = 'users'::regclass`,
            )
          ).rows[0]?.n,
        )
      for (let i = 0; i < 50 && (await changed()) < 40; i++)
        await new Promise((resolve) => setTimeout(resolve, 100))
      assert.equal(await changed(), 40)
      assert.ok(!(await refreshStatistics(client)).includes('users'))
      assert.ok((await rowsOf('users')) <= 0, 'never analyzed')
    })

    it('runs by itself on a timer, and stops', async (t) => {
      const { rowsOf, schema } = await directory(t, 120)
      const pool = new pg.Pool({
        connectionString: url,
        max: 1,
        options: `-c search_path=${schema}`,
      })
      t.after(() => pool.end())
      const keeper = keepStatistics(pool, 50)
      for (let i = 0; i < 100 && (await rowsOf('users')) !== 120; i++)
        await new Promise((resolve) => setTimeout(resolve, 100))
      await keeper.stop()
      assert.equal(await rowsOf('users'), 120)
    })
  },
)
