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

export interface Sort {
  readonly path: AttrPath
  readonly descending: boolean
}

/** The ORDER BY clause body (without the keywords) for a sort, ending with the id tie-break. */
export function compileSort(
  sort: Sort | undefined,
  target: SqlTarget,
  registry: Registry,
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
    key = own(fold ? folded(r.key, r.column.folded) : r.column.column)
  } else {
    const column = sql.ref(`c.${fold ? folded(r.key, r.column.folded) : r.column.column}`)
    // A guarded column (an email's device) counts only where its guard (the sent type) has a value.
    const value = r.column.guard
      ? sql`case when ${sql.ref(`c.${r.column.guard}`)} is null then null else ${column} end`
      : column
    key = sql`(select ${value} from ${r.column.relation.scope(target.table)} order by ${r.column.relation.order} limit 1)`
  }
  return sort.descending
    ? sql`${key} desc nulls first, ${own('id')} desc`
    : sql`${key} asc nulls last, ${own('id')} asc`
}

/** The folded column of a case-insensitive attribute (columns.ts gives every one such a column). */
function folded(key: string, column: string | undefined): string {
  if (column === undefined) throw new Error(`No folded column for '${key}' (store/sql/columns.ts).`)
  return column
}
