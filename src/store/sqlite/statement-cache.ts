// better-sqlite3 under Kysely prepares every statement anew (tens of microseconds each, as long as the
// query itself for a lookup by key). This wrapper keeps prepared statements by their SQL text, so a
// statement Roster runs again is bound and stepped, never parsed and planned again. Kysely's SQLite
// driver serialises the use of its one connection, so a cached statement is never in use twice at once.
// It also counts the commits made through the connection (group-commit.ts waits for them to be on disk).
import type Sqlite from 'better-sqlite3'
import type { SqliteDatabase, SqliteStatement } from 'kysely'

/** Distinct SQL texts kept; beyond it, the oldest is dropped (filters make unbounded variety). */
const CAPACITY = 512

export interface CachingDatabase extends SqliteDatabase {
  /** Transactions committed through this connection so far (an autocommit write is one). */
  commits(): number
}

export function cachingStatements(database: Sqlite.Database): CachingDatabase {
  const statements = new Map<string, SqliteStatement>()
  let commits = 0
  const make = (sql: string): SqliteStatement => {
    const raw = database.prepare(sql)
    // A COMMIT, or a write outside a transaction, ends a transaction that wrote.
    const ends = sql.trim().toLowerCase() === 'commit' || !raw.readonly
    const counted = <T>(result: T): T => {
      if (ends && !database.inTransaction) commits++
      return result
    }
    return {
      reader: raw.reader,
      all: (parameters) => counted(raw.all(parameters as unknown[])),
      run: (parameters) => counted(raw.run(parameters as unknown[])),
      iterate: (parameters) => raw.iterate(parameters as unknown[]) as IterableIterator<unknown>,
    }
  }
  return {
    commits: () => commits,
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      let statement = statements.get(sql)
      if (statement) {
        // Most recently used last: the first key is the one to drop.
        statements.delete(sql)
        statements.set(sql, statement)
        return statement
      }
      statement = make(sql)
      if (statements.size >= CAPACITY) {
        const oldest = statements.keys().next()
        if (!oldest.done) statements.delete(oldest.value)
      }
      statements.set(sql, statement)
      return statement
    },
  }
}
