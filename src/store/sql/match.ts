// Entra's matching queries: one equality on a column of the resource's own row that an index leads
// with (`userName eq "…"`, `externalId eq "…"`, `displayName eq "…"`), for the first page in the
// default order, paged by index (a cursor page answers with cursors: keyset.ts). They are answered by
// one indexed statement, with the total being the number found when it fits the page, and (on SQLite)
// on the event loop: their cost does not depend on the data.
import type { Filter } from '../../scim/filter/ast.js'
import type { Fold } from '../../scim/filter/evaluate.js'
import { groupRegistry, userRegistry } from '../../scim/schema/registry.js'
import type { Registry } from '../../scim/schema/registry.js'
import type { UserQuery } from '../store.js'

export type UserMatchColumn = 'user_name_folded' | 'external_id'
export type GroupMatchColumn = 'display_name_folded' | 'external_id'

const users = userRegistry()
const groups = groupRegistry()

/** The attribute and value of a one-equality filter on the core schema, or undefined. */
function equality(
  query: Pick<UserQuery, 'filter' | 'sort' | 'startIndex' | 'count' | 'keyset'>,
  registry: Registry,
): { name: string; value: string; fold: (fold: Fold) => string } | undefined {
  const f: Filter | undefined = query.filter
  if (!f || f.kind !== 'compare' || f.op !== 'eq' || f.value.type !== 'string') return undefined
  if (query.sort || query.keyset || query.startIndex !== 1 || query.count < 1) return undefined
  if (f.path.sub !== undefined) return undefined
  const core = registry.resourceType.schema.id.toLowerCase()
  if (f.path.uri !== undefined && f.path.uri.toLowerCase() !== core) return undefined
  const resolved = registry.resolve({ attr: f.path.attr })
  if (!resolved) return undefined
  const value = f.value.value
  const def = resolved.attribute
  return { name: def.name, value, fold: (fold) => fold(def.name.toLowerCase(), value, def) }
}

export function userMatchOf(
  query: UserQuery,
): { column: UserMatchColumn; value: string } | undefined {
  const found = equality(query, users)
  if (found?.name === 'userName')
    return { column: 'user_name_folded', value: found.fold(query.fold) }
  if (found?.name === 'externalId') return { column: 'external_id', value: found.value }
  return undefined
}

export function groupMatchOf(
  query: UserQuery,
): { column: GroupMatchColumn; value: string } | undefined {
  const found = equality(query, groups)
  if (found?.name === 'displayName')
    return { column: 'display_name_folded', value: found.fold(query.fold) }
  if (found?.name === 'externalId') return { column: 'external_id', value: found.value }
  return undefined
}
