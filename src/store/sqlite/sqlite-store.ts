// The SQLite adapter: better-sqlite3 under Kysely's SqliteDialect. WAL journal with group commit: a
// commit is fsynced before it is acknowledged, so a 2xx survives a power cut (docs/architecture.md).
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Sqlite from 'better-sqlite3'
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely'
import type { LogEvent } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/sqlite'
import { ScimError } from '../../scim/errors.js'
import { confirmConfig } from '../store.js'
import type { Store, TenantStore, UserQuery, UserText } from '../store.js'
import { groupMatchOf, userMatchOf } from '../sql/match.js'
import { sharedReadPool } from './read-pool.js'
import type { ReadJob, ReadMethod } from './read-pool.js'
import { createSqlStore } from '../sql/sql-store.js'
import { walCheckpointer } from './checkpointer.js'
import { durableAfter, groupCommit } from './group-commit.js'
import type { GroupCommit } from './group-commit.js'
import { cachingStatements } from './statement-cache.js'
import type { SqlDialect } from '../sql/dialect.js'
import type { Database } from '../sql/tables.js'
import { migrationsFor } from '../sql/migrations/index.js'
import { FIRST_COUNT, ftsCandidates, ftsTrigramCounts } from '../sql/substring.js'
import { substringWithin } from '../sql/substring-bound.js'
import { GroupWalkTooLarge } from '../sql/user-groups.js'

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
  allowLongStatements: async () => {},
  jsonArrayFrom: (expression) => jsonArrayFrom(expression as never) as never,
  jsonRows: (value) => (typeof value === 'string' ? JSON.parse(value) : []) as never,
  idList: (parameter) => sql<string>`(select value from json_each(${parameter}))`,
  idListParameter: (ids) => JSON.stringify(ids),
  countShards: 1,
  createsInOneStatement: false,
  substringCandidates: ftsCandidates,
  trigramCounts: ftsTrigramCounts,
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
  /**
   * How long a list or search may take (ROSTER_STATEMENT_TIMEOUT), from when it is asked for: such reads
   * run in the read pool's worker threads (read-pool.ts). Default 5 s.
   */
  readonly statementTimeoutMs?: number
  /**
   * SQLite's page cache of this connection, in MiB (PRAGMA cache_size). Default 16 (better-sqlite3's
   * build). A bulk write into a large directory (an import, a bench's seeding) runs faster with more:
   * each row touches random pages of the indexes, and a page not cached is read from the file again.
   */
  readonly cacheMiB?: number
  /** Lists run on the calling thread instead (a `:memory:` database always does). */
  readonly inline?: boolean
  /**
   * Called with the SQL and parameters of every statement this process runs through the store (tests
   * count them, EXPLAIN them).
   */
  readonly onStatement?: (sql: string, parameters: readonly unknown[]) => void
}

/** Kysely's `log` option reporting each statement's SQL, or nothing. */
function statementLog(
  onStatement: ((sql: string, parameters: readonly unknown[]) => void) | undefined,
): {
  log?: (event: LogEvent) => void
} {
  return onStatement ? { log: (event) => onStatement(event.query.sql, event.query.parameters) } : {}
}

/** ROSTER_STATEMENT_TIMEOUT's default. */
export const STATEMENT_TIMEOUT_MS = 5000

/**
 * Nesting rows a read by id (GET /Users/{id}) or Entra's match walks on the event loop; a user whose
 * User.groups needs more is read (and rendered) in the read pool. A user in a few hundred groups stays on the hot path
 * (about a millisecond of walking and rendering); one in thousands costs the loop at most this bounded
 * look (one statement with a LIMIT) before it is handed over (docs/performance.md).
 */
export const GROUP_WALK_ON_LOOP = 1000

/** Opens (creating and migrating) a database file. One store per file per process: open it once and share it. */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true })
  const database = new Sqlite(options.file)
  database.pragma('journal_mode = WAL')
  // Migrations commit with FULL; from then on NORMAL with group commit (group-commit.ts).
  database.pragma('synchronous = FULL')
  database.pragma('foreign_keys = ON')
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
  // LIKE is case-exact; case-insensitive comparisons go through the folded columns (columns.ts).
  database.pragma('case_sensitive_like = ON')
  if (options.cacheMiB !== undefined)
    database.pragma(`cache_size = ${-Math.round(options.cacheMiB * 1024)}`)
  const connection = cachingStatements(database)
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: connection }),
    ...statementLog(options.onStatement),
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
  // Statistics for the query planner, as SQLite recommends for each connection it opens: ANALYZE of the
  // tables never analysed or much changed since, within a bounded effort (PRAGMA optimize, 0x10000: all
  // tables). Without them SQLite takes a tenant's index as selective and scans it instead of reading the
  // few rows a substring index finds (store/sql/substring.ts).
  database.pragma('optimize = 0x10002')
  const offloading = options.file !== ':memory:' && !options.inline
  const store = createSqlStore({
    db,
    dialect: sqliteDialect,
    ...(options.now ? { now: options.now } : {}),
    // A user read by id whose nesting walk goes past this is read in the read pool instead.
    ...(offloading ? { groupWalkLimit: GROUP_WALK_ON_LOOP } : {}),
  })
  if (options.file === ':memory:') return store
  // A write is acknowledged once an fsync of the WAL that began after its commit is done.
  database.pragma('synchronous = NORMAL')
  // Checkpoints run in a worker thread (checkpointer.ts), never inside a request's COMMIT.
  database.pragma('wal_autocheckpoint = 0')
  const checkpoints = walCheckpointer(options.file, connection.commits, {
    catchUp: () => {
      if (database.inTransaction) return false
      database.pragma('wal_checkpoint(PASSIVE)')
      return true
    },
    onDeath: () => {
      if (database.open) database.pragma('wal_autocheckpoint = 1000')
    },
  })
  const synced = groupCommit(`${options.file}-wal`, connection.commits)
  const commit: GroupCommit = {
    async durable() {
      await synced.durable()
      checkpoints.poke()
    },
    pending: () => synced.pending(),
    close: () => synced.close(),
  }
  const durable: Store = {
    ...durableAfter(store, commit),
    async close() {
      await commit.durable()
      await checkpoints.close()
      await store.close()
      commit.close()
    },
  }
  if (!offloading) return durable
  return offloadingReads(
    durable,
    db,
    options.file,
    options.statementTimeoutMs ?? STATEMENT_TIMEOUT_MS,
  )
}

/**
 * Lists and searches whose cost depends on the query run in the read pool (a page of users is rendered
 * there too: listUserTexts), and so does a read by id whose nesting walk is large (getUserText past
 * GROUP_WALK_ON_LOOP, and so do Entra's matches of such users); other matches (match.ts), substring
 * lists an index bounds to fewer than FIRST_COUNT rows (substring-bound.ts), reads by id, member pages
 * and every write stay on this thread (their cost is bounded by an index).
 */
function offloadingReads(
  store: Store,
  db: Kysely<Database>,
  file: string,
  deadlineMs: number,
): Store {
  const pool = sharedReadPool()
  const run = async <T>(job: Omit<ReadJob, 'id'>): Promise<T> => {
    try {
      return (await pool.run(job, deadlineMs)) as T
    } catch (error) {
      if (sqliteDialect.errorKind(error) === 'unavailable')
        throw ScimError.unavailable('The directory database is busy; retry shortly.', 5)
      throw error
    }
  }
  /** Entra's matches, and substring lists an index bounds to a few rows (substring-bound.ts), stay here. */
  const here = async (tenantId: string, query: UserQuery): Promise<boolean> =>
    userMatchOf(query) !== undefined ||
    !query.fold.spec ||
    (await substringWithin(db, tenantId, query, FIRST_COUNT))
  const offload = <T>(
    tenantId: string,
    method: ReadMethod,
    query: UserQuery,
    ...more: readonly unknown[]
  ): Promise<T> => {
    const { fold, ...rest } = query
    return run<T>({
      file,
      tenantId,
      method,
      args: [rest, ...more],
      ...(fold.spec ? { foldSpec: fold.spec } : {}),
    })
  }
  /** The read on this thread, or in the pool when its nesting walk passed GROUP_WALK_ON_LOOP. */
  const unlessLarge = <T>(read: Promise<T>, pooled: () => Promise<T>): Promise<T> =>
    read.catch((error: unknown) => {
      if (error instanceof GroupWalkTooLarge) return pooled()
      throw error
    })
  const tenants = new WeakMap<TenantStore, TenantStore>()
  return {
    ...store,
    forTenant(tenantId) {
      const local = store.forTenant(tenantId)
      const known = tenants.get(local)
      if (known) return known
      const offloading: TenantStore = {
        ...local,
        // With `relied`, the read here confirms the version before it walks (so before it hands over).
        getUserText: (id, view, relied) =>
          unlessLarge(local.getUserText(id, view, relied), () =>
            run<UserText | undefined>({ file, tenantId, method: 'getUserText', args: [id, view] }),
          ),
        listUsers: async (query) =>
          (await here(tenantId, query))
            ? unlessLarge(local.listUsers(query), () => offload(tenantId, 'listUsers', query))
            : offload(tenantId, 'listUsers', query),
        // The page is rendered where it is read: only its text comes back to this thread.
        // A job of the pool reads the configuration as the worker has it (it refreshes first): a hot
        // read's `relied` is confirmed here before the job is sent.
        listUserTexts: async (query, view, relied) => {
          if (await here(tenantId, query))
            return unlessLarge(local.listUserTexts(query, view, relied), () =>
              offload(tenantId, 'listUserTexts', query, view),
            )
          if (relied !== undefined) confirmConfig(relied, await store.refresh())
          return offload(tenantId, 'listUserTexts', query, view)
        },
        listGroups: (query) =>
          groupMatchOf(query) || !query.fold.spec
            ? local.listGroups(query)
            : offload(tenantId, 'listGroups', query),
      }
      tenants.set(local, offloading)
      return offloading
    },
    async close() {
      pool.forget(file)
      await store.close()
    },
  }
}

async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrationsFor('sqlite') },
    // Migration numbers are handed out to branches that merge in any order (013 after 014): each
    // migration stands alone, so one missing from an existing database runs though a later one has.
    allowUnorderedMigrations: true,
  })
  const { error } = await migrator.migrateToLatest()
  if (error) throw error
}
