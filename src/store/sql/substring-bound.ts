// Whether a user list reads few rows whatever the data: its filter is one substring comparison (co, sw,
// ew) on a core attribute under a substring index, and the index leads to at most `max` rows. SQLite
// then answers it on the event loop like Entra's match (sqlite-store.ts), instead of a read worker: the
// hop costs more than such a list (docs/performance.md, substring filters).
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import { ScimError } from '../../scim/errors.js'
import { userRegistry } from '../../scim/schema/registry.js'
import type { UserQuery } from '../store.js'
import { USER_TARGET } from './columns.js'
import { resolveColumn } from './compile-filter.js'
import { escapeLike } from './dialect.js'
import { TRIGRAM, chooseTrigrams, ftsTrigramCounts } from './substring.js'
import type { Database } from './tables.js'

const users = userRegistry()

/**
 * True when `query` reads at most `max` rows of the tenant through an index: the rarest trigram the
 * index is asked for is in fewer than `max` rows (of any tenant), or, for `userName sw`, the prefix's
 * range of the tenant's unique index holds fewer. Counting reads at most `max` entries per trigram.
 */
export async function substringWithin(
  db: Kysely<Database>,
  tenantId: string,
  query: UserQuery,
  max: number,
): Promise<boolean> {
  const f = query.filter
  if (!f || f.kind !== 'compare' || f.value.type !== 'string') return false
  if (f.op !== 'co' && f.op !== 'sw' && f.op !== 'ew') return false
  let resolved
  try {
    resolved = resolveColumn(f.path, USER_TARGET, users, undefined, ScimError.invalidFilter)
  } catch {
    return false // an extension's attribute, or a 400 the list itself will answer
  }
  const { key, def, column } = resolved
  if ((column.kind !== 'own' && column.kind !== 'child') || !column.substring) return false
  if (def.type !== 'string') return false
  const text = query.fold(key, f.value.value, def)
  if (f.op === 'sw' && column.substring.prefixIndexed && column.kind === 'own' && column.folded) {
    const { rows } = await sql<{
      n: number
    }>`select count(*) as n from (select 1 from users where tenant_id = ${tenantId} and ${sql.ref(column.folded)} like ${`${escapeLike(text)}%`} escape '\\' limit ${max})`.execute(
      db,
    )
    return Number(rows[0]?.n ?? max) < max
  }
  if ([...text].length < TRIGRAM) return false
  const counts = ftsTrigramCounts(db)
  const index = column.substring
  const choose = () => chooseTrigrams(text, (t, upTo) => counts.get(index, t, upTo), max)
  let chosen = choose()
  if (chosen === undefined && (await counts.fill())) chosen = choose()
  return Array.isArray(chosen)
}
