// Backfills `<column>_folded` columns of existing rows in code (migrations 003 and 008): keyset pages
// (never OFFSET) and one UPDATE … FROM (VALUES …) per page, so it is linear in the rows on both databases.
import type { Kysely } from 'kysely'
import { sql } from 'kysely'

const BATCH = 1000

export async function backfillFolded(
  db: Kysely<unknown>,
  table: string,
  key: string,
  columns: readonly string[],
  fold: (value: string) => string,
): Promise<void> {
  const owner = table === 'users' ? [] : ['user_id']
  const keys = ['tenant_id', ...owner, key]
  const ref = (c: string) => sql.ref(c)
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
          ...keys.map((k) => (k === 'position' ? sql`cast(${row[k]} as integer)` : sql`${row[k]}`)),
          ...columns.map((c) => {
            const value = row[c] as string | null
            return sql`${value === null ? null : fold(value)}`
          }),
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
