// 003: a folded copy of every case-insensitive column the filters and sorts compare, computed by
// Roster's own code (user-rows.ts foldText). Before it, columns without one were folded by the database
// (SQLite: a registered function; PostgreSQL: lower(), whose Unicode case mapping differs from
// JavaScript's for a few characters such as İ and final Σ): the two databases now compare alike.
// Existing rows are backfilled here, in code, a batch at a time.
import type { Kysely } from 'kysely'
import { sql } from 'kysely'

const fold = (value: string | null): string | null => (value === null ? null : value.toLowerCase())
const BATCH = 1000

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
    const owner = table === 'users' ? [] : ['user_id']
    const keys = ['tenant_id', ...owner, key]
    for (let offset = 0; ; offset += BATCH) {
      const rows = await sql<Record<string, string | number | null>>`select ${sql.join(
        [...keys, ...columns].map((c) => sql.ref(c)),
      )} from ${sql.table(table)} order by ${sql.join(keys.map((c) => sql.ref(c)))} limit ${BATCH} offset ${offset}`.execute(
        db,
      )
      for (const row of rows.rows) {
        const sets = columns.map(
          (c) => sql`${sql.ref(`${c}_folded`)} = ${fold(row[c] as string | null)}`,
        )
        const where = keys.map((c) => sql`${sql.ref(c)} = ${row[c]}`)
        await sql`update ${sql.table(table)} set ${sql.join(sets)} where ${sql.join(where, sql` and `)}`.execute(
          db,
        )
      }
      if (rows.rows.length < BATCH) break
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table, [, columns]] of Object.entries(COLUMNS)) {
    for (const column of columns) {
      await db.schema.alterTable(table).dropColumn(`${column}_folded`).execute()
    }
  }
}
