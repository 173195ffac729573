// The SQLite adapter: better-sqlite3 under Kysely's SqliteDialect. WAL journal with synchronous=FULL: a
// commit is fsynced before it is acknowledged, so a 2xx survives a power cut (docs/architecture.md).
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Sqlite from 'better-sqlite3'
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/sqlite'
import type { Store } from '../store.js'
import { createSqlStore } from '../sql/sql-store.js'
import { cachingStatements } from './statement-cache.js'
import type { SqlDialect } from '../sql/dialect.js'
import type { Database } from '../sql/tables.js'
import { migrationsFor } from '../sql/migrations/index.js'

/** Waits this long for another process's write lock (the CLI writing while the server runs). */
const BUSY_TIMEOUT_MS = 5000

export const sqliteDialect: SqlDialect = {
  errorKind: (error) => {
    const code = (error as { code?: unknown } | null)?.code
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
      return 'unique'
    if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return 'foreignKey'
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_IOERR')
      return 'unavailable'
    return undefined
  },
  lockNesting: async () => {},
  jsonArrayFrom: (expression) => jsonArrayFrom(expression as never) as never,
  jsonRows: (value) => (typeof value === 'string' ? JSON.parse(value) : []) as never,
  idList: (parameter) => sql<string>`(select value from json_each(${parameter}))`,
  idListParameter: (ids) => JSON.stringify(ids),
  // A write first: the transaction takes SQLite's write lock before it reads anything, so no other
  // process's commit can slip in between its read and its write (SQLITE_BUSY_SNAPSHOT).
  lockForDelete: async (trx, table, tenantId, id) => {
    await sql`update ${sql.table(table)} set version = version where tenant_id = ${tenantId} and id = ${id}`.execute(
      trx,
    )
  },
}

export interface SqliteStoreOptions {
  readonly file: string
  readonly now?: () => string
}

/** Opens (creating and migrating) a database file. One store per file per process: open it once and share it. */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true })
  const database = new Sqlite(options.file)
  database.pragma('journal_mode = WAL')
  database.pragma('synchronous = FULL')
  database.pragma('foreign_keys = ON')
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
  // LIKE is case-exact; case-insensitive comparisons go through the folded columns (columns.ts).
  database.pragma('case_sensitive_like = ON')
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: cachingStatements(database) }),
  })
  // Kysely's SQLite migrator takes no lock (it assumes one process). Processes that open the same file
  // at once (the server and the CLI) are serialised by holding SQLite's write lock for the whole
  // migration: BEGIN IMMEDIATE waits up to busy_timeout for another process's migration to commit.
  database.exec('BEGIN IMMEDIATE')
  try {
    await migrate(db)
    database.exec('COMMIT')
  } catch (error) {
    if (database.inTransaction) database.exec('ROLLBACK')
    database.close()
    throw error
  }
  return createSqlStore({
    db,
    dialect: sqliteDialect,
    ...(options.now ? { now: options.now } : {}),
  })
}

async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrationsFor('sqlite') },
  })
  const { error } = await migrator.migrateToLatest()
  if (error) throw error
}
