// 003: a folded copy of every case-insensitive column the filters and sorts compare, computed by
// Roster's own code (user-rows.ts foldText). Before it, columns without one were folded by the database
// (SQLite: a registered function; PostgreSQL: lower(), whose Unicode case mapping differs from
// JavaScript's for a few characters such as İ and final Σ): the two databases now compare alike.
// Existing rows are backfilled here, in code, a batch at a time.
import type { Kysely } from 'kysely'
import { backfillFolded } from './backfill.js'

const COLUMNS: Readonly<Record<string, readonly [string, readonly string[]]>> = {
  users: ['id', ['given_name', 'family_name', 'preferred_language', 'timezone']],
  user_emails: ['position', ['device', 'display']],
  user_phones: ['position', ['device', 'display']],
  user_roles: ['position', ['value', 'type', 'display']],
}

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, [, columns]] of Object.entries(COLUMNS)) {
    for (const column of columns) {
      await db.schema.alterTable(table).addColumn(`${column}_folded`, 'text').execute()
    }
  }
  for (const [table, [key, columns]] of Object.entries(COLUMNS)) {
    await backfillFolded(db, table, key, columns, (value) => value.toLowerCase())
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table, [, columns]] of Object.entries(COLUMNS)) {
    for (const column of columns) {
      await db.schema.alterTable(table).dropColumn(`${column}_folded`).execute()
    }
  }
}
