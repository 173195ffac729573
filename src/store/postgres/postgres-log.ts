// The provisioning log on PostgreSQL: tables in the main database (migrated with a migration table of
// their own), written through a small pool of its own so log batches never take the SCIM requests'
// connections. Batches are multi-row inserts, off the request path.
import pg from 'pg'
import { Kysely, Migrator, PostgresDialect } from 'kysely'
import type { LogStore } from '../log.js'
import { logMigrations } from '../sql/log-migrations/006-provisioning-log.js'
import { sqlLogStore } from '../sql/log-store.js'
import type { LogDatabase } from '../sql/log-tables.js'

/** Connections of the log's pool: one writes batches, one serves reads. */
const LOG_POOL_SIZE = 2

export async function openPostgresLog(options: {
  readonly connectionString: string
  readonly schema?: string
}): Promise<LogStore> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: LOG_POOL_SIZE,
    statement_timeout: 30_000,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  })
  pool.on('error', () => {})
  pool.on('connect', (client) => client.on('error', () => {}))
  const db = new Kysely<LogDatabase>({ dialect: new PostgresDialect({ pool }) })
  try {
    const { error } = await new Migrator({
      db,
      provider: { getMigrations: async () => logMigrations('postgres') },
      migrationTableName: 'roster_log_migration',
      migrationLockTableName: 'roster_log_migration_lock',
      ...(options.schema ? { migrationTableSchema: options.schema } : {}),
    }).migrateToLatest()
    if (error) throw error
  } catch (error) {
    await db.destroy()
    throw error
  }
  return sqlLogStore(db)
}
