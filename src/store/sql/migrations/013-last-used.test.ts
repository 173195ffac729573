// Migration 013 on SQLite and (with DATABASE_URL) PostgreSQL: a database migrated to 014 without 013
// (the numbers merge out of order) gets 013 when the store opens, its tokens keep their rows; writing a
// last use leaves the configuration version where it was, while every other change still moves it.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import type { TestContext } from 'node:test'
import Sqlite from 'better-sqlite3'
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely'
import pg from 'pg'
import { locked } from '../../postgres/test-schema.js'
import { openPostgresStore } from '../../postgres/postgres-store.js'
import { openSqliteStore } from '../../sqlite/sqlite-store.js'
import type { Store } from '../../store.js'
import { migrationsFor } from './index.js'

const url = process.env['DATABASE_URL']

interface Database {
  /** A database migrated by every migration but 013, with one tenant and one token. */
  readonly before: () => Promise<void>
  /** The store on that database (which runs 013). */
  readonly open: () => Promise<Store>
  readonly version: () => Promise<number>
}

async function withoutLastUsed(
  db: Kysely<unknown>,
  dialect: 'sqlite' | 'postgres',
  schema?: string,
): Promise<void> {
  const migrations = migrationsFor(dialect)
  delete migrations['013-last-used']
  const { error } = await new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  }).migrateToLatest()
  if (error) throw error
  await sql`insert into tenants (id, slug, name, created, disabled) values ('t', 'default', 'Default', '2026-01-01', 0)`.execute(
    db,
  )
  await sql`insert into tokens (tenant_id, id, name, hash, created, expires_at, revoked_at) values ('t', 'k', 'entra', 'h', '2026-01-01', null, null)`.execute(
    db,
  )
}

function sqliteDatabase(t: TestContext): Database {
  const dir = mkdtempSync(join(tmpdir(), 'roster-013-'))
  const file = join(dir, 'roster.db')
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  return {
    before: async () => {
      const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Sqlite(file) }) })
      try {
        await withoutLastUsed(db, 'sqlite')
      } finally {
        await db.destroy()
      }
    },
    open: async () => {
      const store = await openSqliteStore({ file })
      t.after(() => store.close().catch(() => undefined))
      return store
    },
    version: async () => {
      const db = new Sqlite(file, { readonly: true })
      try {
        return Number(
          (db.prepare('select version from roster_config').get() as { version: number }).version,
        )
      } finally {
        db.close()
      }
    },
  }
}

function postgresDatabase(t: TestContext, connectionString: string): Database {
  const schema = `roster_test_013_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
  const pool = new pg.Pool({ connectionString, max: 1, options: `-c search_path=${schema}` })
  t.after(async () => {
    await pool.end()
    await locked(connectionString, (admin) =>
      admin.query(`drop schema if exists ${schema} cascade`),
    )
  })
  return {
    before: () =>
      locked(connectionString, async (admin) => {
        await admin.query(`create schema ${schema}`)
        const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) })
        await withoutLastUsed(db.withSchema(schema) as Kysely<unknown>, 'postgres', schema)
      }),
    open: async () => {
      const store = await locked(connectionString, () =>
        openPostgresStore({ connectionString, schema, poolSize: 2 }),
      )
      t.after(() => store.close().catch(() => undefined))
      return store
    },
    version: async () =>
      Number((await pool.query('select version from roster_config')).rows[0].version),
  }
}

const DATABASES: readonly { name: string; make: (t: TestContext) => Database }[] = [
  { name: 'SQLite', make: sqliteDatabase },
  ...(url ? [{ name: 'PostgreSQL', make: (t: TestContext) => postgresDatabase(t, url) }] : []),
]

for (const { name, make } of DATABASES) {
  describe(`migration 013: last use of tokens and clients (${name})`, () => {
    it('runs on a database that has 014 already, keeping its tokens (never used)', async (t) => {
      const database = make(t)
      await database.before()
      const store = await database.open()
      const [token] = await store.forTenant('t').listTokens()
      assert.equal(token?.name, 'entra')
      assert.equal(token?.lastUsedAt, null)
    })

    it('a last use keeps the configuration version; revoking a token or a client still moves it', async (t) => {
      const database = make(t)
      await database.before()
      const store = await database.open()
      const data = store.forTenant('t')
      const client = await data.createClient({
        id: 'c',
        name: 'entra',
        secretHash: 'x',
        scope: 'scim',
      })
      const start = await database.version()
      await store.recordUse({
        kind: 'token',
        tenantId: 't',
        id: 'k',
        at: '2026-12-06T10:00:00.000Z',
      })
      await store.recordUse({
        kind: 'client',
        tenantId: 't',
        id: client.id,
        at: '2026-12-06T10:00:00.000Z',
      })
      assert.equal(await database.version(), start)
      assert.equal((await data.listTokens())[0]?.lastUsedAt, '2026-12-06T10:00:00.000Z')
      assert.equal((await data.listClients())[0]?.lastUsedAt, '2026-12-06T10:00:00.000Z')
      assert.equal(await data.revokeToken('k'), true)
      const revoked = await database.version()
      assert.ok(revoked > start, `revoking a token moves the version (${start} → ${revoked})`)
      assert.equal(await data.revokeClient(client.id), true)
      assert.ok((await database.version()) > revoked, 'revoking a client moves the version')
    })
  })
}
