// 014: an index for substring filters (co, sw, ew; RFC 7644 §3.4.2.2) over the folded columns the
// filters already compare (migrations 003 and 008), so the index matches exactly what a scan of those
// columns matches: the values are folded by Roster's code before they are indexed, never by the index.
//
// SQLite: an FTS5 table per resource table with the trigram tokenizer (`case_sensitive 1`: the values are
// already folded; diacritics kept), external content (`content=` the table itself, keyed by its rowid:
// nothing is stored twice), kept in step by triggers on every write, whoever writes (the store, the CLI,
// a cascade from a tenant's deletion). Existing rows are indexed by FTS5's 'rebuild' (one pass).
// PostgreSQL: pg_trgm's GIN operator class on each folded column, which LIKE uses directly. Where the
// extension cannot be installed (not shipped with the server, no privilege), the migration creates no
// index and the filters keep scanning: the store says so when it opens (postgres-store.ts).
//
// The indexed columns, by table; each FTS5 table is named `<table>_search` (store/sql/substring.ts).
import type { Kysely, Migration } from 'kysely'
import { sql } from 'kysely'

export const SUBSTRING_COLUMNS = {
  users: ['user_name_folded', 'given_name_folded', 'family_name_folded'],
  user_emails: ['value_folded'],
  groups: ['display_name_folded'],
} as const

export type SubstringTable = keyof typeof SUBSTRING_COLUMNS

const TABLES = Object.entries(SUBSTRING_COLUMNS) as [SubstringTable, readonly string[]][]

/** The name of a PostgreSQL trigram index (`users_user_name_trgm`). */
export const trigramIndexName = (table: string, column: string): string =>
  `${table}_${column.replace(/_folded$/, '')}_trgm`

export function substringIndex(dialect: 'sqlite' | 'postgres'): Migration {
  return dialect === 'sqlite' ? sqliteMigration : postgresMigration
}

const sqliteMigration: Migration = {
  async up(db) {
    for (const [table, columns] of TABLES) {
      const search = sql.table(`${table}_search`)
      const list = sql.join(columns.map((c) => sql.ref(c)))
      const values = (row: 'new' | 'old') =>
        sql.join([`${row}.rowid`, ...columns.map((c) => `${row}.${c}`)].map((c) => sql.raw(c)))
      await sql`create virtual table ${search} using fts5(${list}, content=${sql.lit(table)}, columnsize=0, tokenize='trigram case_sensitive 1')`.execute(
        db,
      )
      // External content: a row leaves the index by a 'delete' carrying the values it was indexed with.
      await sql`create trigger ${sql.id(`${table}_search_insert`)} after insert on ${sql.table(table)} begin insert into ${search} (rowid, ${list}) values (${values('new')}); end`.execute(
        db,
      )
      await sql`create trigger ${sql.id(`${table}_search_delete`)} after delete on ${sql.table(table)} begin insert into ${search} (${search}, rowid, ${list}) values ('delete', ${values('old')}); end`.execute(
        db,
      )
      // Only when an indexed value changes: the store's row lock (`set version = version`) and updates
      // that keep the names cost nothing here.
      const changed = sql.join(
        columns.map((c) => sql`old.${sql.ref(c)} is not new.${sql.ref(c)}`),
        sql` or `,
      )
      await sql`create trigger ${sql.id(`${table}_search_update`)} after update on ${sql.table(table)} when ${changed} begin insert into ${search} (${search}, rowid, ${list}) values ('delete', ${values('old')}); insert into ${search} (rowid, ${list}) values (${values('new')}); end`.execute(
        db,
      )
      await sql`insert into ${search} (${search}) values ('rebuild')`.execute(db)
    }
  },
  async down(db) {
    for (const [table] of TABLES) {
      for (const event of ['insert', 'delete', 'update'])
        await sql`drop trigger if exists ${sql.id(`${table}_search_${event}`)}`.execute(db)
      await sql`drop table if exists ${sql.table(`${table}_search`)}`.execute(db)
    }
  },
}

const postgresMigration: Migration = {
  async up(db) {
    // Migrations run in a transaction: a failed CREATE EXTENSION must not abort it, hence the savepoint.
    // The extension goes to `public`, never to Roster's own schema (a schema dropped with its tenant
    // data, or a test's, must not take the operator class other schemas' indexes use).
    await sql`savepoint roster_trgm`.execute(db)
    try {
      await sql`create extension if not exists pg_trgm with schema public`.execute(db)
    } catch {
      await sql`rollback to savepoint roster_trgm`.execute(db)
    }
    const opclass = await trigramOpclass(db)
    if (!opclass) return
    for (const [table, columns] of TABLES) {
      for (const column of columns) {
        await sql`create index if not exists ${sql.id(trigramIndexName(table, column))} on ${sql.table(table)} using gin (${sql.ref(column)} ${opclass})`.execute(
          db,
        )
      }
    }
  },
  async down(db) {
    for (const [table, columns] of TABLES)
      for (const column of columns)
        await sql`drop index if exists ${sql.id(trigramIndexName(table, column))}`.execute(db)
  },
}

/** `gin_trgm_ops` qualified by the schema pg_trgm is installed in, or undefined without it. */
async function trigramOpclass(db: Kysely<unknown>) {
  const found = await sql<{
    schema: string
  }>`select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(
    db,
  )
  const schema = found.rows[0]?.schema
  return schema === undefined ? undefined : sql`${sql.id(schema)}.gin_trgm_ops`
}

/**
 * Whether the substring indexes exist in the current schema (PostgreSQL): false where pg_trgm could not
 * be installed when migration 014 ran, and the filters scan.
 */
export async function trigramIndexesPresent(db: Kysely<unknown>): Promise<boolean> {
  const wanted = TABLES.flatMap(([table, columns]) =>
    columns.map((c) => trigramIndexName(table, c)),
  )
  const found = await sql<{
    n: string | number
  }>`select count(*) as n from pg_indexes where schemaname = current_schema() and indexname in (${sql.join(wanted)})`.execute(
    db,
  )
  return Number(found.rows[0]?.n ?? 0) === wanted.length
}
