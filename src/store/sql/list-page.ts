// A page of a resource list (RFC 7644 §3.4.2), the steps every resource table shares: the filter
// compiled to a condition on the tenant's rows, the order (compile-sort.ts), the total (a count of the
// rows the filter keeps; without a filter the tenant's kept count, counts.ts), then the page by cursor
// (RFC 9865, keyset.ts) or by index window. Only how a page's rows become records differs per table
// (PageReads). Entra's matches are answered before, by each store (match.ts).
import { sql } from 'kysely'
import type { Kysely, RawBuilder, SelectQueryBuilder, SqlBool } from 'kysely'
import type { Neighbours } from '../../scim/cursor.js'
import type { Registry } from '../../scim/schema/registry.js'
import type { UserQuery } from '../store.js'
import type { OwnerTable, SqlTarget } from './columns.js'
import { compileFilter } from './compile-filter.js'
import { compileOrder } from './compile-sort.js'
import { countOf } from './counts.js'
import type { SqlDialect } from './dialect.js'
import { indexWindow, keysetPage, keysetReads, orderTerms } from './keyset.js'
import type { Keyed } from './keyset.js'
import type { Database } from './tables.js'

/** The tenant's rows of one resource table (`selectFrom(table).where('tenant_id', '=', …)`). */
export type TenantRows<TB extends OwnerTable> = SelectQueryBuilder<Database, TB, object>

/** How a resource table's page becomes records. */
export interface PageReads<TB extends OwnerTable, R> {
  /** The records of `ids`, in that order (one deleted meanwhile is left out): a cursor's page. */
  byIds(ids: readonly string[]): Promise<R[]>
  /** The records of `rows` ordered by `terms`, `limit` of them after `offset`: an index window. */
  window(
    rows: TenantRows<TB>,
    terms: RawBuilder<unknown>,
    limit: number,
    offset: number,
  ): Promise<R[]>
}

export interface ListPage<R> extends Neighbours {
  readonly total: number
  readonly resources: R[]
  /** A cursor page's rows with their sort keys, for a store that cuts the page shorter (user-store.ts). */
  readonly keyed?: readonly Keyed[]
}

/** Where a list reads: the tenant's rows, their columns and schema, the database's dialect. */
export interface ListSource<TB extends OwnerTable> {
  readonly db: Kysely<Database>
  readonly dialect: SqlDialect
  readonly tenantId: string
  readonly rows: TenantRows<TB>
  readonly target: SqlTarget
  readonly registry: Registry
}

export async function listPage<TB extends OwnerTable, R>(
  source: ListSource<TB>,
  query: UserQuery,
  reads: PageReads<TB, R>,
): Promise<ListPage<R>> {
  const { db, dialect, tenantId, target, registry } = source
  const filter = query.filter
  // Compiled again when the substring index's choice needed trigram counts not read yet (substring.ts).
  const counts = dialect.trigramCounts?.(db)
  const compile = () =>
    filter
      ? sql<SqlBool>`${compileFilter(filter, { target, registry, fold: query.fold, dialect, ...(counts ? { counts } : {}), ...(query.unknownAttributes ? { unknownAttributes: query.unknownAttributes } : {}) })}`
      : sql<SqlBool>`1 = 1`
  let where = compile()
  // At most twice: the first counts, then (every trigram common) the counts up to the limit.
  for (let read = 0; filter && counts && read < 2 && (await counts.fill()); read++)
    where = compile()
  // Compiled before counting, so a bad sortBy is a 400 even when the page is empty.
  const order = compileOrder(query.sort, target, registry)
  const base = source.rows.where(where)
  // The first page of a filtered list, read one row further: when it is not full it holds every match,
  // so it is the total too (as Entra's match, match.ts), and the count runs only when more match.
  if (query.filter && !query.keyset && query.startIndex === 1 && query.count > 0) {
    const first = await reads.window(base, orderTerms(order, false), query.count + 1, 0)
    if (first.length <= query.count) return { total: first.length, resources: first }
    const n = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    return { total: Number(n.n), resources: first.slice(0, query.count) }
  }
  const total = query.filter
    ? Number(
        (await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
      )
    : await countOf(db, tenantId, target.table)
  if (query.count === 0) return { total, resources: [] }
  if (query.keyset) {
    const { rows, ...neighbours } = await keysetPage(
      order,
      query.keyset,
      query.count,
      keysetReads(base, order),
    )
    const resources = await reads.byIds(rows.map((r) => r.id))
    return { total, resources, keyed: rows, ...neighbours }
  }
  if (total < query.startIndex) return { total, resources: [] }
  const { offset, limit, reverse } = indexWindow(total, query.startIndex, query.count)
  const resources = await reads.window(base, orderTerms(order, reverse), limit, offset)
  return { total, resources: reverse ? resources.reverse() : resources }
}
