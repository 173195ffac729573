// The PostgreSQL adapter: pg's Pool under Kysely's PostgresDialect. Kysely's PostgreSQL migrator takes an
// advisory lock and runs each migration in a transaction, so several instances can start at once.
import pg from 'pg'
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely'
import type { Store } from '../store.js'
import type { SqlDialect } from '../sql/dialect.js'
import { MIGRATIONS } from '../sql/migrations/index.js'
import { createSqlStore } from '../sql/sql-store.js'
import type { Database } from '../sql/tables.js'

/** Connections per instance; instances × pool size must stay under the server's max_connections. */
export const DEFAULT_POOL_SIZE = 10
/** A statement running longer than this is cancelled (the request fails instead of hanging). */
export const STATEMENT_TIMEOUT_MS = 10_000

// SQLSTATE classes: 23505 unique_violation; 08 connection exceptions; 57P01-57P03 shutdown / cannot
// connect now; 53300 too many connections.
const UNAVAILABLE = /^(08|57P0[123]|53300)/

export const postgresDialect: SqlDialect = {
  // PostgreSQL's lower() follows the database's locale; the indexed columns are folded by Roster's code.
  fold: (ref) => sql<string>`lower(${ref})`,
  errorKind: (error) => {
    const code = (error as { code?: unknown } | null)?.code
    if (code === '23505') return 'unique'
    if (
      typeof code === 'string' &&
      (UNAVAILABLE.test(code) || code === 'ECONNREFUSED' || code === 'ECONNRESET')
    ) {
      return 'unavailable'
    }
    return undefined
  },
}

export interface PostgresStoreOptions {
  readonly connectionString: string
  readonly poolSize?: number
  /** A schema to use instead of `public` (tests use one each); it must exist. */
  readonly schema?: string
  readonly now?: () => string
}

export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  if (options.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(options.schema)) {
    throw new Error(`Invalid schema name '${options.schema}'.`)
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  })
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  try {
    const { error } = await new Migrator({
      db,
      provider: { getMigrations: async () => MIGRATIONS },
    }).migrateToLatest()
    if (error) throw error
  } catch (error) {
    await db.destroy()
    throw error
  }
  return createSqlStore({
    db,
    dialect: postgresDialect,
    ...(options.now ? { now: options.now } : {}),
  })
}
