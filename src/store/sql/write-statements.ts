// The statements of every write (a user's row and its child rows, a tenant's count) built and compiled
// by Kysely once per shape, as precompiled.ts does for reads: a write then only binds its values. A
// shape is the table, the columns and, for an INSERT, the number of rows; Roster writes a handful of
// shapes (a user has a few emails, phones and roles), so the SQL text repeats and the SQLite statement
// cache (statement-cache.ts) keeps each prepared.
import type { CompiledQuery, Kysely, QueryCreator } from 'kysely'
import { sql } from 'kysely'
import { precompiled } from './precompiled.js'
import type { Database } from './tables.js'

/** A row as Kysely takes it: columns to values (an interface such as DeviceRow, or a literal). */
type Row = object
type Table = keyof Database & string
type Bind = (values: Readonly<Record<string, unknown>>) => CompiledQuery

/** Shapes kept per store; past it the cache starts over (unusual column sets only). */
const SHAPES = 256
/** The most rows an INSERT compiled once may have. */
const MOST_ROWS = 4

export interface WriteStatements {
  /** INSERT of `rows` (non-empty, each with the keys of the first) into `table`. */
  insert(table: Table, rows: readonly Row[]): CompiledQuery
  /** UPDATE of `table` setting `set` on the row `key` (its columns and values). */
  update(table: Table, set: Row, key: Row): CompiledQuery
  /** DELETE from `table` of the rows matching `key`. */
  delete(table: Table, key: Row): CompiledQuery
  /**
   * PostgreSQL only: the INSERTs of `parts` (a table and its rows each; an empty list is left out) and
   * the count move `count` (counts.ts) as ONE statement, the INSERTs as data-modifying WITH queries
   * (PostgreSQL manual §7.8.4): atomic by itself, so a create is one round trip instead of BEGIN, an
   * INSERT per table, the count and COMMIT. Foreign keys are checked at the end of the statement, so a
   * child row may reference the parent row inserted beside it.
   */
  insertAll(parts: readonly (readonly [Table, readonly Row[]])[], count: CountMove): CompiledQuery
}

/** One move of a tenant's count (counts.ts): `delta` added to the row `shard`. */
export interface CountMove {
  readonly tenant: string
  readonly resource: 'users' | 'groups'
  readonly shard: number
  readonly delta: number
}

export function writeStatements(db: Kysely<Database>): WriteStatements {
  const shapes = new Map<string, Bind>()
  const shaped = (shape: string, make: () => Bind): Bind => {
    let bind = shapes.get(shape)
    if (!bind) {
      if (shapes.size >= SHAPES) shapes.clear()
      bind = make()
      shapes.set(shape, bind)
    }
    return bind
  }
  // Slot names: `s.column` (set), `k.column` (key), `row.column` (insert).
  const named = (prefix: string, row: Row, into: Record<string, unknown>): string[] =>
    // An undefined value leaves its column out, as Kysely's own values() and set() do.
    Object.entries(row).flatMap(([column, value]) => {
      if (value === undefined) return []
      const name = `${prefix}.${column}`
      into[name] = value
      return [name]
    })
  const slotsOf = (names: readonly string[], slots: Readonly<Record<string, string>>) =>
    Object.fromEntries(names.map((name) => [name.slice(name.indexOf('.') + 1), slots[name]]))
  return {
    insert(table, rows) {
      // More rows than a user usually has in one table: built per write, so the shapes kept (and, on
      // PostgreSQL, the statements prepared by name on every connection) stay few.
      if (rows.length > MOST_ROWS)
        return db
          .insertInto(table)
          .values(rows as never)
          .compile()
      const values: Record<string, unknown> = {}
      const names = rows.map((row, index) => named(String(index), row, values))
      const bind = shaped(`i ${table} ${rows.length} ${names[0]?.join(',')}`, () =>
        precompiled(names.flat(), (slots) =>
          db.insertInto(table).values(names.map((row) => slotsOf(row, slots)) as never),
        ),
      )
      return bind(values)
    },
    update(table, set, key) {
      const values: Record<string, unknown> = {}
      const setNames = named('s', set, values)
      const keyNames = named('k', key, values)
      const bind = shaped(`u ${table} ${setNames.join(',')} ${keyNames.join(',')}`, () =>
        precompiled([...setNames, ...keyNames], (slots) => {
          let query = db.updateTable(table).set(slotsOf(setNames, slots) as never)
          for (const [column, slot] of Object.entries(slotsOf(keyNames, slots)))
            query = query.where(column as never, '=', slot as never)
          return query
        }),
      )
      return bind(values)
    },
    insertAll(parts, count) {
      const values: Record<string, unknown> = {
        'c.tenant': count.tenant,
        'c.resource': count.resource,
        'c.shard': count.shard,
        'c.delta': count.delta,
      }
      const written = parts.filter(([, rows]) => rows.length > 0)
      // Slot names `p<part>r<row>.column`: the shape is the tables, their row counts and columns.
      const names = written.map(([, rows], part) =>
        rows.map((row, index) => named(`p${part}r${index}`, row, values)),
      )
      const shape = written.map(
        ([table], part) => `${table} ${names[part]?.map((r) => r.join(',')).join(';')}`,
      )
      const build = (slots: Readonly<Record<string, string>>) => {
        let creator: QueryCreator<Database> = db
        written.forEach(([table], part) => {
          const rows = (names[part] ?? []).map((row) => slotsOf(row, slots))
          creator = creator.with(`w${part}`, (c) =>
            c.insertInto(table).values(rows as never),
          ) as unknown as QueryCreator<Database>
        })
        return creator
          .insertInto('resource_counts')
          .values({
            tenant_id: slots['c.tenant'] as string,
            resource: slots['c.resource'] as CountMove['resource'],
            shard: slots['c.shard'] as never,
            n: slots['c.delta'] as never,
          })
          .onConflict((oc) =>
            oc
              .columns(['tenant_id', 'resource', 'shard'])
              .doUpdateSet({ n: sql<number>`resource_counts.n + ${slots['c.delta']}` }),
          )
      }
      const all = [...Object.keys(values)]
      // Rows past MOST_ROWS in a table: built per write, as insert() does.
      if (written.some(([, rows]) => rows.length > MOST_ROWS)) {
        const slots = Object.fromEntries(all.map((name) => [name, values[name]])) as Record<
          string,
          string
        >
        return build(slots).compile()
      }
      return shaped(`a ${shape.join(' | ')}`, () => precompiled(all, build))(values)
    },
    delete(table, key) {
      const values: Record<string, unknown> = {}
      const keyNames = named('k', key, values)
      const bind = shaped(`d ${table} ${keyNames.join(',')}`, () =>
        precompiled(keyNames, (slots) => {
          let query = db.deleteFrom(table)
          for (const [column, slot] of Object.entries(slotsOf(keyNames, slots)))
            query = query.where(column as never, '=', slot as never)
          return query
        }),
      )
      return bind(values)
    },
  }
}
