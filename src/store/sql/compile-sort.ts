// RFC 7644 §3.4.2.3 sortBy / sortOrder → ORDER BY terms. Strings compare as the filter does (folded when
// caseExact is false); a multi-valued attribute sorts by its relation's chosen element (the primary value,
// else the first; a user's groups by name). A resource without a value sorts last ascending and first
// descending; `id` breaks ties so pages are stable.
import { sql } from 'kysely'
import type { RawBuilder } from 'kysely'
import { ScimError } from '../../scim/errors.js'
import type { AttrPath } from '../../scim/filter/ast.js'
import type { Registry } from '../../scim/schema/registry.js'
import { resolveColumn } from './compile-filter.js'
import type { SqlTarget } from './columns.js'
import type { SqlDialect } from './dialect.js'

export interface Sort {
  readonly path: AttrPath
  readonly descending: boolean
}

/** The ORDER BY clause body (without the keywords) for a sort, ending with the id tie-break. */
export function compileSort(
  sort: Sort | undefined,
  target: SqlTarget,
  registry: Registry,
  dialect: SqlDialect,
): RawBuilder<unknown> {
  const own = (column: string): RawBuilder<unknown> => sql.ref(`${target.table}.${column}`)
  if (!sort) return sql`${own('created')} asc, ${own('id')} asc`
  const r = resolveColumn(sort.path, target, registry, undefined, ScimError.invalidValue)
  const fold = r.def.type === 'string' && !r.def.caseExact
  let key: RawBuilder<unknown>
  if (r.column.kind === 'none' || r.column.kind === 'constant') {
    // The same for every user: the id alone orders them.
    key = sql`null`
  } else if (r.column.kind === 'own') {
    const column = fold && r.column.folded ? r.column.folded : r.column.column
    const ref = own(column)
    key = fold && !r.column.folded ? dialect.fold(ref) : ref
  } else {
    const column = fold && r.column.folded ? r.column.folded : r.column.column
    const ref = sql.ref(`c.${column}`)
    const folded = fold && !r.column.folded ? dialect.fold(ref) : ref
    // A guarded column (an email's device) counts only where its guard (the sent type) has a value.
    const value = r.column.guard
      ? sql`case when ${sql.ref(`c.${r.column.guard}`)} is null then null else ${folded} end`
      : folded
    key = sql`(select ${value} from ${r.column.relation.scope(target.table)} order by ${r.column.relation.order} limit 1)`
  }
  return sort.descending
    ? sql`${key} desc nulls first, ${own('id')} desc`
    : sql`${key} asc nulls last, ${own('id')} asc`
}
