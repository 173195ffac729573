// What differs between the SQL databases Roster runs on. Everything else in store/sql is shared.
import type { RawBuilder } from 'kysely'

export interface SqlDialect {
  /**
   * Case folding of a column, matching Roster's own folding of literals (String.prototype.toLowerCase).
   * SQLite's lower() folds ASCII only, so the SQLite adapter registers a `roster_fold` function.
   */
  fold(ref: RawBuilder<unknown>): RawBuilder<string>
  /** Translates a driver error into a known kind, or undefined. */
  errorKind(error: unknown): 'unique' | 'unavailable' | undefined
}

/** `%`, `_` and `\` escaped for LIKE ... ESCAPE '\'. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}
