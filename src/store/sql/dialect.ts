// What differs between the SQL databases Roster runs on. Everything else in store/sql is shared.
import type { Expression, Kysely, RawBuilder } from 'kysely'
import type { OwnerTable, SubstringIndex } from './columns.js'
import type { TrigramCounts } from './substring.js'
import type { Database } from './tables.js'

/** How long an administrator's change of every holder of a property may run (allowLongStatements). */
export const ADMIN_STATEMENT_TIMEOUT_MS = 600_000

export interface SqlDialect {
  /** Translates a driver error into a known kind, or undefined. */
  errorKind(error: unknown): 'unique' | 'foreignKey' | 'unavailable' | 'retry' | undefined
  /**
   * Inside a transaction, serialises the changes to one tenant's group nesting, so that two requests
   * nesting groups into each other at once cannot together make a cycle each check alone would refuse.
   * SQLite needs nothing: a write transaction already excludes every other writer.
   */
  lockNesting(trx: Kysely<never>, tenantId: string): Promise<void>
  /**
   * Inside a transaction, locks a user or group row against new references before it is deleted:
   * a concurrent insert of a member row referencing it (whose foreign-key check needs a share lock on
   * it) waits, then fails its check, so no membership slips in between reading the groups that held
   * the resource and deleting it. On SQLite, a no-op write that takes the database's write lock first.
   */
  lockForDelete(
    trx: Kysely<never>,
    table: 'users' | 'groups',
    tenantId: string,
    id: string,
  ): Promise<void>
  /**
   * Inside a transaction, lets its statements run past the request statement timeout, up to
   * ADMIN_STATEMENT_TIMEOUT_MS: for an administrator's change that rewrites every holder of a property
   * (a rename or a forced removal moves their versions), which takes seconds per 100,000 holders.
   * SQLite has no per-statement timeout on writes: a no-op.
   */
  allowLongStatements(trx: Kysely<never>): Promise<void>
  /** A subquery's rows as one JSON array (Kysely's helpers for each database). */
  jsonArrayFrom<O>(expression: Expression<O>): RawBuilder<O[]>
  /** Such an array as read back: SQLite returns JSON text, PostgreSQL the parsed value. */
  jsonRows<O>(value: unknown): O[]
  /**
   * A list of ids bound as ONE parameter, as a subquery of one column (SQLite `json_each`, PostgreSQL
   * `unnest`): a statement's text then does not depend on how many ids it takes, so it is prepared once.
   */
  idList(parameter: unknown): RawBuilder<string>
  /** The parameter idList expects for these ids. */
  idListParameter(ids: readonly string[]): unknown
  /** Rows each tenant's counts are spread over (counts.ts): 1 where there is a single writer. */
  readonly countShards: number
  /**
   * Whether a create's INSERTs run as one statement (WriteStatements.insertAll): PostgreSQL, where each
   * statement of a transaction is a round trip to the server. SQLite has no data-modifying WITH, and
   * its statements are calls within the process.
   */
  readonly createsInOneStatement: boolean
  /**
   * The owner rows whose indexed folded column may contain `text` (a superset: the filter's LIKE still
   * decides), for co, sw and ew; undefined to leave it to LIKE alone. SQLite: the FTS5 trigram tables
   * (substring.ts). PostgreSQL has none: its planner serves LIKE from the pg_trgm indexes by itself.
   */
  readonly substringCandidates?: (
    index: SubstringIndex,
    owner: OwnerTable,
    text: string,
    counts?: TrigramCounts,
  ) => RawBuilder<unknown> | undefined
  /**
   * `sw` and `ew` on a folded column under a substring index as a range of a B-tree index over it
   * (PostgreSQL: migration 015, postgres/affix-range.ts), AND-ed with the LIKE, which still decides;
   * undefined to leave it to LIKE alone. SQLite has none: its LIKE optimisation reads `userName sw` from
   * the unique index, and FTS5 serves the rest.
   */
  readonly affixRange?: (
    column: RawBuilder<unknown>,
    op: 'sw' | 'ew',
    text: string,
  ) => RawBuilder<unknown> | undefined
  /**
   * What substringCandidates weighs its choice with (the rows holding each trigram), kept per database;
   * without it the whole text is asked of the index.
   */
  readonly trigramCounts?: (db: Kysely<Database>) => TrigramCounts
}

/** `%`, `_` and `\` escaped for LIKE ... ESCAPE '\'. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** Attempts of a transaction the database aborted to break a deadlock (PostgreSQL 40P01, 40001). */
const DEADLOCK_ATTEMPTS = 5

/**
 * Runs a transaction again when the database chose it as a deadlock's victim: two updates that lock a
 * group and a member in opposite orders (a PATCH re-adding a member while that member is deleted).
 * `run` must be safe to repeat (it is a whole transaction, rolled back by the abort).
 */
export async function retryingDeadlocks<T>(dialect: SqlDialect, run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run()
    } catch (error) {
      if (attempt >= DEADLOCK_ATTEMPTS || dialect.errorKind(error) !== 'retry') throw error
    }
  }
}
