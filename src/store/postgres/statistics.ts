// PostgreSQL plans Roster's statements from each table's statistics, which ANALYZE gathers (autovacuum's
// autoanalyze, by default). Where autovacuum is off, or lags behind a directory filled from empty (an
// initial provisioning cycle), the planner keeps planning for the empty table it last saw, and the
// prepared statements' plans (precompiled.ts) stay so: measured on a server without autovacuum, an
// initial `roster sync` cycle created 59 users a second at 21,000 users, and 317 right after one ANALYZE
// (docs/performance.md). As SQLite's store runs PRAGMA optimize, this store therefore ANALYZEs each of
// its tables once it changed by autovacuum's own default threshold since its last analysis (50 rows plus
// a tenth of its rows: autovacuum_analyze_threshold, autovacuum_analyze_scale_factor), checked every
// STATISTICS_INTERVAL_MS whatever autovacuum does: where autovacuum keeps up the threshold is not reached
// and the check is one read of pg_stat_user_tables. ANALYZE takes no lock that blocks reads or writes;
// a new analysis makes PostgreSQL plan the prepared statements again.
import type pg from 'pg'
import { ADMIN_STATEMENT_TIMEOUT_MS } from '../sql/dialect.js'

/** How often the tables' changes are checked (a timer that does not keep the process alive). */
export const STATISTICS_INTERVAL_MS = 10_000

/** A connection or a pool: what refreshStatistics needs. */
export interface Queryable {
  query(text: string): Promise<{ rows: Record<string, unknown>[] }>
}

/**
 * ANALYZEs the tables of the current schema (the search_path's first) whose rows changed past the
 * threshold since their last analysis; returns their names. One statement per table, each in its own
 * transaction, so its statement timeout can exceed the requests' (SET LOCAL; a table of millions of rows
 * is sampled, 30,000 rows, in seconds).
 */
export async function refreshStatistics(connection: Queryable): Promise<string[]> {
  const { rows } = await connection.query(
    `select s.relname as name from pg_stat_user_tables s join pg_class c on c.oid = s.relid
      where s.schemaname = current_schema() and s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0)
      order by s.relname`,
  )
  const names = rows.map((row) => String(row['name']))
  for (const name of names) {
    await connection.query(
      `begin; set local statement_timeout = ${ADMIN_STATEMENT_TIMEOUT_MS}; analyze "${name.replaceAll('"', '""')}"; commit`,
    )
  }
  return names
}

/**
 * Runs refreshStatistics on a connection of `pool` every `intervalMs`, one run at a time; a failed run
 * (the database restarting) is tried again at the next tick. `stop` ends it and waits for a run underway.
 */
export function keepStatistics(
  pool: pg.Pool,
  intervalMs = STATISTICS_INTERVAL_MS,
): { stop(): Promise<void> } {
  let running: Promise<void> | undefined
  const run = async (): Promise<void> => {
    const client = await pool.connect()
    let failed: unknown
    try {
      await refreshStatistics(client)
    } catch (error) {
      failed = error
      await client.query('rollback').catch(() => undefined)
    } finally {
      // A connection that failed mid-transaction is not given back to the pool for requests.
      client.release(failed instanceof Error ? failed : undefined)
    }
  }
  const timer = setInterval(() => {
    running ??= run()
      .catch(() => undefined)
      .finally(() => {
        running = undefined
      })
  }, intervalMs)
  timer.unref()
  return {
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
