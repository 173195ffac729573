// The PostgreSQL adapter: pg's Pool under Kysely's PostgresDialect. Kysely's PostgreSQL migrator takes an
// advisory lock and runs each migration in a transaction, so several instances can start at once.
import pg from 'pg'
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely'
import type { LogEvent } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import type { Store } from '../store.js'
import { ADMIN_STATEMENT_TIMEOUT_MS } from '../sql/dialect.js'
import type { SqlDialect } from '../sql/dialect.js'
import { migrationsFor } from '../sql/migrations/index.js'
import { trigramIndexesPresent } from '../sql/migrations/014-substring-index.js'
import { preparedName } from '../sql/precompiled.js'
import { createSqlStore } from '../sql/sql-store.js'
import type { Database } from '../sql/tables.js'
import { affixRange } from './affix-range.js'
import { keepStatistics } from './statistics.js'

/** Connections per instance; instances × pool size must stay under the server's max_connections. */
export const DEFAULT_POOL_SIZE = 10
/**
 * A statement running longer than this is cancelled: the request gets 503 with Retry-After instead of
 * hanging (ROSTER_STATEMENT_TIMEOUT).
 */
export const STATEMENT_TIMEOUT_MS = 5_000

// SQLSTATE classes: 23505 unique_violation; 08 connection exceptions; 57014 statement timeout (under
// load: retry later); 57P01-57P03 shutdown / cannot
// connect now; 53300 too many connections.
const UNAVAILABLE = /^(08|57014|57P0[123]|53300)/
/** The first key of the advisory locks that serialise a tenant's group nesting ('RN' in ASCII). */
const NESTING_LOCK = 0x524e
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE'])

export const postgresDialect: SqlDialect = {
  errorKind: (error) => {
    const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
    if (code === '23505') return 'unique'
    if (code === '23503') return 'foreignKey'
    // deadlock_detected, serialization_failure: the transaction was aborted and may simply run again.
    if (code === '40P01' || code === '40001') return 'retry'
    if (typeof code === 'string' && (UNAVAILABLE.test(code) || NETWORK.has(code)))
      return 'unavailable'
    // pg reports a connection lost mid-query as a plain Error without a code.
    if (typeof message === 'string' && message.startsWith('Connection terminated'))
      return 'unavailable'
    return undefined
  },
  jsonArrayFrom: (expression) => jsonArrayFrom(expression) as never,
  jsonRows: (value) => (Array.isArray(value) ? value : []) as never,
  idList: (parameter) => sql<string>`(select unnest(cast(${parameter} as text[])))`,
  idListParameter: (ids) => [...ids],
  countShards: 8,
  createsInOneStatement: true,
  affixRange,
  // A transaction-scoped advisory lock per tenant; the first key marks Roster's nesting locks.
  lockNesting: async (trx, tenantId) => {
    await sql`select pg_advisory_xact_lock(${NESTING_LOCK}, hashtext(${tenantId}))`.execute(trx)
  },
  // SET LOCAL lasts until the transaction ends; it takes no parameter, so the constant is written in.
  allowLongStatements: async (trx) => {
    await sql`set local statement_timeout = ${sql.raw(String(ADMIN_STATEMENT_TIMEOUT_MS))}`.execute(
      trx,
    )
  },
  // FOR UPDATE conflicts with the FOR KEY SHARE a foreign-key check takes (an UPDATE would not).
  lockForDelete: async (trx, table, tenantId, id) => {
    await sql`select 1 from ${sql.table(table)} where tenant_id = ${tenantId} and id = ${id} for update`.execute(
      trx,
    )
  },
}

/** Said at start when migration 014 found no pg_trgm (docs/performance.md, substring filters). */
export const TRIGRAM_NOTICE =
  'PostgreSQL has no pg_trgm trigram indexes (the extension could not be installed when Roster migrated): substring filters (co, sw, ew) scan the tenant. Install the extension (postgresql-contrib) and create the indexes as docs/performance.md says.'

export interface PostgresStoreOptions {
  readonly connectionString: string
  readonly poolSize?: number
  /** Defaults to STATEMENT_TIMEOUT_MS. */
  readonly statementTimeoutMs?: number
  /** A schema to use instead of `public` (tests use one each); it must exist. */
  readonly schema?: string
  readonly now?: () => string
  /** Called with the SQL and parameters of every statement run through the store (tests count them, EXPLAIN them). */
  readonly onStatement?: (sql: string, parameters: readonly unknown[]) => void
  /** Run precompiled statements as named prepared statements (default true; ROSTER_PG_PREPARE). */
  readonly prepare?: boolean
}

type Query = (...args: unknown[]) => unknown

/**
 * Makes `client` run every precompiled statement (precompiled.ts) as a named prepared statement: pg
 * parses it once per connection (Parse), then only binds and executes it, and PostgreSQL plans it from
 * its cached plan (after five runs a generic plan, which an index lookup by key does not mind). Kysely
 * calls `query(text, values)`; any other SQL, or any other call, is passed on unchanged.
 */
export function preparing(client: pg.ClientBase): void {
  const target = client as unknown as { query: Query }
  const query = target.query.bind(client) as Query
  target.query = (first: unknown, ...rest: unknown[]) => {
    const name = typeof first === 'string' ? preparedName(first) : undefined
    if (name === undefined || !Array.isArray(rest[0])) return query(first, ...rest)
    return query({ name, text: first, values: rest[0] }, ...rest.slice(1))
  }
}

export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  if (options.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(options.schema)) {
    throw new Error(`Invalid schema name '${options.schema}'.`)
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    statement_timeout: options.statementTimeoutMs ?? STATEMENT_TIMEOUT_MS,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  })
  // A pooled connection that dies while idle (server restart, network cut) is dropped by the pool; the
  // next query opens a new one. Without a listener the 'error' event would end the process.
  pool.on('error', () => {})
  // The same for a connection lost while checked out between queries: its query (if any) fails on its own.
  pool.on('connect', (client) => {
    client.on('error', () => {})
    if (options.prepare !== false) preparing(client)
  })
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    ...(options.onStatement
      ? {
          log: (event: LogEvent) => options.onStatement?.(event.query.sql, event.query.parameters),
        }
      : {}),
  })
  try {
    const { error } = await new Migrator({
      db,
      provider: { getMigrations: async () => migrationsFor('postgres') },
      // Migration numbers are handed out to branches that merge in any order (013 after 014): each
      // migration stands alone, so one missing from an existing database runs though a later one has.
      allowUnorderedMigrations: true,
      // Kysely looks for its own tables in every schema unless told which one is ours.
      ...(options.schema ? { migrationTableSchema: options.schema } : {}),
    }).migrateToLatest()
    if (error) throw error
  } catch (error) {
    await db.destroy()
    throw error
  }
  const store = createSqlStore({
    db,
    dialect: postgresDialect,
    ...(options.now ? { now: options.now } : {}),
  })
  const notices = (await trigramIndexesPresent(db as unknown as Kysely<unknown>))
    ? []
    : [TRIGRAM_NOTICE]
  // Statistics kept fresh where autovacuum does not (statistics.ts).
  const statistics = keepStatistics(pool)
  return {
    ...store,
    async close() {
      await statistics.stop()
      await store.close()
    },
    notices,
    poolStats: () => ({
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
    }),
  }
}
