// Test support: a PostgreSQL store in a schema of its own, dropped after the test. Creating, migrating and
// dropping test schemas are serialised across processes by an advisory lock, because Kysely's migrator
// reads the catalogue of every schema and fails when another test file drops one at that moment
// (`npm test` runs the PostgreSQL test files in parallel).
import { randomBytes } from 'node:crypto'
import type { TestContext } from 'node:test'
import pg from 'pg'
import type { Store } from '../store.js'
import { openPostgresStore } from './postgres-store.js'

/** The advisory lock key of test-schema changes ('RT'). */
const SCHEMA_LOCK = 0x5254

/** Runs `run` holding the test-schema lock (for a test that migrates a schema of its own). */
export async function locked<T>(url: string, run: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  try {
    await admin.query('select pg_advisory_lock($1)', [SCHEMA_LOCK])
    return await run(admin)
  } finally {
    await admin.end()
  }
}

/**
 * ANALYZEs the tables of the connection's current schema (its search_path's first) and no others. A
 * bare `analyze` takes every table of the database: other test files' schemas too, whose tables may be
 * empty while their test is about to fill them in one transaction. Analyzed empty, their foreign-key
 * checks are planned as scans, and such a fill took minutes instead of seconds in the full suite.
 */
export async function analyzeSchema(client: pg.ClientBase): Promise<void> {
  const { rows } = await client.query<{ name: string }>(
    `select format('%I.%I', schemaname, tablename) as name from pg_tables
      where schemaname = current_schema() order by tablename`,
  )
  if (rows.length > 0) await client.query(`analyze ${rows.map((r) => r.name).join(', ')}`)
}

/**
 * A new schema, migrated; dropped (with the store closed) when the test ends. `connectionString` is where
 * the store connects (a relay, in the outage test); the schema is managed through `url`.
 */
export async function testSchemaStore(
  url: string,
  t: TestContext,
  options: {
    poolSize?: number
    connectionString?: string
    statementTimeoutMs?: number
    onStatement?: (sql: string, parameters: readonly unknown[]) => void
  } = {},
): Promise<{ store: Store; schema: string }> {
  const schema = `roster_test_${randomBytes(6).toString('hex')}`
  const store = await locked(url, async (admin) => {
    await admin.query(`create schema ${schema}`)
    return openPostgresStore({
      connectionString: options.connectionString ?? url,
      schema,
      poolSize: options.poolSize ?? 4,
      ...(options.statementTimeoutMs ? { statementTimeoutMs: options.statementTimeoutMs } : {}),
      ...(options.onStatement ? { onStatement: options.onStatement } : {}),
    })
  })
  t.after(async () => {
    await store.close().catch(() => undefined)
    await locked(url, (admin) => admin.query(`drop schema ${schema} cascade`))
  })
  return { store, schema }
}
