// What differs between the SQL databases Roster runs on. Everything else in store/sql is shared.
import type { Kysely, RawBuilder } from 'kysely'

export interface SqlDialect {
  /**
   * Case folding of a column, matching Roster's own folding of literals (String.prototype.toLowerCase).
   * SQLite's lower() folds ASCII only, so the SQLite adapter registers a `roster_fold` function.
   */
  fold(ref: RawBuilder<unknown>): RawBuilder<string>
  /** Translates a driver error into a known kind, or undefined. */
  errorKind(error: unknown): 'unique' | 'foreignKey' | 'unavailable' | undefined
  /**
   * Inside a transaction, serialises the changes to one tenant's group nesting, so that two requests
   * nesting groups into each other at once cannot together make a cycle each check alone would refuse.
   * SQLite needs nothing: a write transaction already excludes every other writer.
   */
  lockNesting(trx: Kysely<never>, tenantId: string): Promise<void>
}

/** `%`, `_` and `\` escaped for LIKE ... ESCAPE '\'. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}
