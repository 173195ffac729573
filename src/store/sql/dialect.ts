// What differs between the SQL databases Roster runs on. Everything else in store/sql is shared.
import type { Kysely } from 'kysely'

export interface SqlDialect {
  /** Translates a driver error into a known kind, or undefined. */
  errorKind(error: unknown): 'unique' | 'foreignKey' | 'unavailable' | undefined
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
   * the resource and deleting it. SQLite needs nothing (one writer at a time).
   */
  lockForDelete(
    trx: Kysely<never>,
    table: 'users' | 'groups',
    tenantId: string,
    id: string,
  ): Promise<void>
}

/** `%`, `_` and `\` escaped for LIKE ... ESCAPE '\'. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}
