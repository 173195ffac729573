// Entra matching users on a custom property (`urn:…:roster:2.0:User:costCenter eq "42"`, when an admin
// makes the property the matching attribute): the ids come from the index on (tenant, property,
// value_folded), in creation order, then the users are hydrated by id. Like match.ts for userName.
import type { Kysely } from 'kysely'
import type { Fold } from '../../scim/filter/evaluate.js'
import type { Registry } from '../../scim/schema/registry.js'
import type { PropertyDefinition, UserQuery } from '../store.js'
import type { Database } from './tables.js'

export interface PropertyMatch {
  readonly propertyId: string
  /** The value folded as the column holds it. */
  readonly folded: string
  /** For a caseExact property, the value as sent must also be equal. */
  readonly exact?: string
}

/** The property equality of a one-`eq` filter on a string property, first page, default order. */
export function propertyMatchOf(
  query: Pick<UserQuery, 'filter' | 'sort' | 'startIndex' | 'count'> & { readonly fold: Fold },
  registry: Registry,
  definitions: readonly PropertyDefinition[],
): PropertyMatch | undefined {
  const f = query.filter
  if (!f || f.kind !== 'compare' || f.op !== 'eq' || f.value.type !== 'string') return undefined
  if (query.sort || query.startIndex !== 1 || query.count < 1 || f.path.sub !== undefined)
    return undefined
  if (f.path.uri === undefined || !registry.isExtension(f.path.uri)) return undefined
  const resolved = registry.resolve({ uri: f.path.uri, attr: f.path.attr })
  const def = definitions.find((d) => d.name === resolved?.attribute.name)
  if (!resolved || !def || def.type !== 'string') return undefined
  const value = f.value.value
  return {
    propertyId: def.id,
    folded: value.toLowerCase(),
    ...(def.caseExact ? { exact: value } : {}),
  }
}

/** The ids of the users holding the value, in creation order, at most `limit`. */
export async function propertyMatchIds(
  db: Kysely<Database>,
  tenantId: string,
  match: PropertyMatch,
  limit: number,
): Promise<string[]> {
  let query = db
    .selectFrom('user_property_values as pv')
    .innerJoin('users as u', (j) =>
      j.onRef('u.tenant_id', '=', 'pv.tenant_id').onRef('u.id', '=', 'pv.user_id'),
    )
    .select(['u.id', 'u.created'])
    .distinct()
    .where('pv.tenant_id', '=', tenantId)
    .where('pv.property_id', '=', match.propertyId)
    .where('pv.value_folded', '=', match.folded)
  if (match.exact !== undefined) query = query.where('pv.value_text', '=', match.exact)
  const rows = await query.orderBy('u.created').orderBy('u.id').limit(limit).execute()
  return rows.map((r) => r.id)
}
