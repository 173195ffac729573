// The store contract on a real PostgreSQL server, when DATABASE_URL is set (.ci/run sets it). Each test
// gets its own schema, dropped afterwards.
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import pg from 'pg'
import { runStoreContract } from '../store.contract.js'
import { openPostgresStore } from './postgres-store.js'

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
  runStoreContract({
    name: 'PostgreSQL',
    newStore: async (t) => {
      const schema = `roster_test_${randomBytes(6).toString('hex')}`
      const admin = new pg.Client({ connectionString: url })
      await admin.connect()
      await admin.query(`create schema ${schema}`)
      await admin.end()
      const store = await openPostgresStore({ connectionString: url, schema, poolSize: 4 })
      t.after(async () => {
        await store.close()
        const cleanup = new pg.Client({ connectionString: url })
        await cleanup.connect()
        await cleanup.query(`drop schema ${schema} cascade`)
        await cleanup.end()
      })
      return store
    },
  })
}
