// better-sqlite3 under Kysely prepares every statement anew (tens of microseconds each, as long as the
// query itself for a lookup by key). This wrapper keeps prepared statements by their SQL text, so a
// statement Roster runs again is bound and stepped, never parsed and planned again. Kysely's SQLite
// driver serialises the use of its one connection, so a cached statement is never in use twice at once.
import type Sqlite from 'better-sqlite3'
import type { SqliteDatabase, SqliteStatement } from 'kysely'

/** Distinct SQL texts kept; beyond it, the oldest is dropped (filters make unbounded variety). */
const CAPACITY = 512

export function cachingStatements(database: Sqlite.Database): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>()
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      let statement = statements.get(sql)
      if (statement) {
        // Most recently used last: the first key is the one to drop.
        statements.delete(sql)
        statements.set(sql, statement)
        return statement
      }
      statement = database.prepare(sql) as unknown as SqliteStatement
      if (statements.size >= CAPACITY) {
        const oldest = statements.keys().next()
        if (!oldest.done) statements.delete(oldest.value)
      }
      statements.set(sql, statement)
      return statement
    },
  }
}
