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
    const ref = (c: string) => sql.ref(c)
    // Keyset pages (never OFFSET) and one UPDATE … FROM (VALUES …) per page: linear in the rows.
    let after: Record<string, string | number | null> | undefined
    for (;;) {
      const page = await sql<Record<string, string | number | null>>`select ${sql.join(
        [...keys, ...columns].map(ref),
      )} from ${sql.table(table)} ${
        after
          ? sql`where (${sql.join(keys.map(ref))}) > (${sql.join(keys.map((k) => after?.[k]))})`
          : sql``
      } order by ${sql.join(keys.map(ref))} limit ${BATCH}`.execute(db)
      if (page.rows.length === 0) break
      // VALUES columns are column1, column2, … on both databases; the position is cast for PostgreSQL.
      const values = page.rows.map(
        (row) =>
          sql`(${sql.join([
            ...keys.map((k) =>
              k === 'position' ? sql`cast(${row[k]} as integer)` : sql`${row[k]}`,
            ),
            ...columns.map((c) => sql`${fold(row[c] as string | null)}`),
          ])})`,
      )
      const names = [...keys, ...columns.map((c) => `${c}_folded`)]
      const sets = columns.map(
        (c) =>
          sql`${sql.ref(`${c}_folded`)} = v.${sql.ref(`column${names.indexOf(`${c}_folded`) + 1}`)}`,
      )
      const where = keys.map(
        (k, i) => sql`${sql.ref(`${table}.${k}`)} = v.${sql.ref(`column${i + 1}`)}`,
      )
      await sql`update ${sql.table(table)} set ${sql.join(sets)} from (values ${sql.join(values)}) as v where ${sql.join(where, sql` and `)}`.execute(
        db,
      )
      after = page.rows[page.rows.length - 1]
      if (page.rows.length < BATCH) break
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
