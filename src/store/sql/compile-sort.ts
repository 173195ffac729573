// RFC 7644 §3.4.2.3 sortBy / sortOrder → ORDER BY terms. Strings compare as the filter does (folded when
// caseExact is false); a multi-valued attribute sorts by its primary value, else its first one. A user
// without a value sorts last ascending and first descending; `id` breaks ties so pages are stable.
import { sql } from 'kysely'
import type { RawBuilder } from 'kysely'
import { ScimError } from '../../scim/errors.js'
import type { AttrPath } from '../../scim/filter/ast.js'
import type { Registry } from '../../scim/schema/registry.js'
import { resolveUserColumn } from './compile-filter.js'
import type { SqlDialect } from './dialect.js'

export interface Sort {
  readonly path: AttrPath
  readonly descending: boolean
}

/** The ORDER BY clause body (without the keywords) for a sort, ending with the id tie-break. */
export function compileUserSort(
  sort: Sort | undefined,
  registry: Registry,
  dialect: SqlDialect,
): RawBuilder<unknown> {
  if (!sort) return sql`users.created asc, users.id asc`
  const r = resolveUserColumn(sort.path, registry, undefined, ScimError.invalidValue)
  const fold = r.def.type === 'string' && !r.def.caseExact
  let key: RawBuilder<unknown>
  if (r.column.kind === 'none' || r.column.kind === 'constant') {
    // The same for every user: the id alone orders them.
    key = sql`null`
  } else if (r.column.kind === 'user') {
    const column = fold && r.column.folded ? r.column.folded : r.column.column
    const ref = sql.ref(`users.${column}`)
    key = fold && !r.column.folded ? dialect.fold(ref) : ref
  } else {
    const column = fold && r.column.folded ? r.column.folded : r.column.column
    const ref = sql.ref(`c.${column}`)
    const folded = fold && !r.column.folded ? dialect.fold(ref) : ref
    // A guarded column (an email's device) counts only where its guard (the sent type) has a value.
    const value = r.column.guard
      ? sql`case when ${sql.ref(`c.${r.column.guard}`)} is null then null else ${folded} end`
      : folded
    key = sql`(select ${value} from ${sql.table(r.column.table)} as c where c.tenant_id = users.tenant_id and c.user_id = users.id order by coalesce(c.is_primary, 0) desc, c.position asc limit 1)`
  }
  return sort.descending
    ? sql`${key} desc nulls first, users.id desc`
    : sql`${key} asc nulls last, users.id asc`
}
