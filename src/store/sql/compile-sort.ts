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
import { orderTerms } from './keyset.js'
import type { Order } from './keyset.js'

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
  return orderTerms(compileOrder(sort, target, registry))
}

/** A sort as a keyset Order (keyset.ts): its key expression, direction and tie-break. */
export function compileOrder(sort: Sort | undefined, target: SqlTarget, registry: Registry): Order {
  const own = (column: string): RawBuilder<unknown> => sql.ref(`${target.table}.${column}`)
  const id = own('id')
  // By creation: NOT NULL, and indexed with the id, (tenant_id, created, id).
  if (!sort)
    return { key: own('created'), keyType: 'string', id, descending: false, nullable: false }
  const r = resolveColumn(sort.path, target, registry, undefined, ScimError.invalidValue)
  const fold = r.def.type === 'string' && !r.def.caseExact
  const keyType = ['boolean', 'integer', 'decimal'].includes(r.def.type) ? 'number' : 'string'
  const order = { keyType, id, descending: sort.descending, nullable: true } as const
  // The same for every resource: the id alone orders them.
  if (r.column.kind === 'none' || r.column.kind === 'constant') return order
  if (r.column.kind === 'own')
    return { ...order, key: own(fold ? folded(r.key, r.column.folded) : r.column.column) }
  const column = sql.ref(`c.${fold ? folded(r.key, r.column.folded) : r.column.column}`)
  // A guarded column (an email's device) counts only where its guard (the sent type) has a value.
  const value = r.column.guard
    ? sql`case when ${sql.ref(`c.${r.column.guard}`)} is null then null else ${column} end`
    : column
  return {
    ...order,
    key: sql`(select ${value} from ${r.column.relation.scope(target.table)} order by ${r.column.relation.order} limit 1)`,
  }
}

/** The folded column of a case-insensitive attribute (columns.ts gives every one such a column). */
function folded(key: string, column: string | undefined): string {
  if (column === undefined) throw new Error(`No folded column for '${key}' (store/sql/columns.ts).`)
  return column
}
