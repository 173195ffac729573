// 015: B-tree indexes for `sw` and `ew` (RFC 7644 §3.4.2.2) on PostgreSQL, over the folded columns of
// migration 014: per column, `(tenant_id, column collate "C")` for a prefix and
// `(tenant_id, reverse(column) collate "C")` for a suffix. The filters compile to ranges of them
// (postgres/affix-range.ts) beside their LIKE; pg_trgm's GIN indexes keep serving `co`. The "C"
// collation orders UTF-8 texts by code point whatever the database's collation, so a prefix's range
// has a computable end; reverse() reverses by character in a UTF-8 database, as the filter's value is
// reversed. The indexes need no extension. SQLite needs nothing: its LIKE optimisation reads
// `userName sw` from the unique index and FTS5 serves the rest (migration 014); its migration is empty,
// so both dialects list the same migrations.
import type { Migration } from 'kysely'
import { sql } from 'kysely'
import { SUBSTRING_COLUMNS } from './014-substring-index.js'
import type { SubstringTable } from './014-substring-index.js'

const TABLES = Object.entries(SUBSTRING_COLUMNS) as [SubstringTable, readonly string[]][]

/** The name of a range index (`users_user_name_prefix`, `users_user_name_suffix`). */
export const rangeIndexName = (table: string, column: string, end: 'prefix' | 'suffix'): string =>
  `${table}_${column.replace(/_folded$/, '')}_${end}`

export function substringRange(dialect: 'sqlite' | 'postgres'): Migration {
  return dialect === 'sqlite' ? { async up() {} } : postgresMigration
}

const postgresMigration: Migration = {
  async up(db) {
    for (const [table, columns] of TABLES) {
      for (const column of columns) {
        const ref = sql.ref(column)
        await sql`create index if not exists ${sql.id(rangeIndexName(table, column, 'prefix'))} on ${sql.table(table)} (tenant_id, ${ref} collate "C")`.execute(
          db,
        )
        await sql`create index if not exists ${sql.id(rangeIndexName(table, column, 'suffix'))} on ${sql.table(table)} (tenant_id, (reverse(${ref})) collate "C")`.execute(
          db,
        )
      }
    }
  },
  async down(db) {
    for (const [table, columns] of TABLES)
      for (const column of columns)
        for (const end of ['prefix', 'suffix'] as const)
          await sql`drop index if exists ${sql.id(rangeIndexName(table, column, end))}`.execute(db)
  },
}
