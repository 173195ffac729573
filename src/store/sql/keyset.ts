// Keyset paging (RFC 9865 cursors): a page is the rows after a position in the query's order, found by
// a condition on the sort key and the id (the tie-break), never by OFFSET, so the last page of a large
// directory costs what the first does, and rows present throughout are neither skipped nor repeated
// when others are inserted or deleted between pages. NULL keys sort as compile-sort.ts orders them: last
// ascending, first descending, i.e. above every value in both directions.
import { sql } from 'kysely'
import type { RawBuilder, SelectQueryBuilder, SqlBool } from 'kysely'
import type { Keyset, Neighbours, Position } from '../../scim/cursor.js'
import { ScimError } from '../../scim/errors.js'

/** A query's order: the sort key expression, its direction, and the id that breaks ties. */
export interface Order {
  /** Absent when every row has the same key (a constant attribute): the id alone orders them. */
  readonly key?: RawBuilder<unknown>
  /** What the key's values are; a position with another type was not issued for this order. */
  readonly keyType: 'string' | 'number'
  readonly id: RawBuilder<unknown>
  readonly descending: boolean
  /**
   * Whether the key can be NULL. A NOT NULL key (creation time, the default order) gets no NULLS clause,
   * so its index serves both the ORDER BY and the keyset condition (a row-value comparison).
   */
  readonly nullable: boolean
}

/** The ORDER BY terms of `order`, or of its reverse (a page read backwards). */
export function orderTerms(order: Order, reverse = false): RawBuilder<unknown> {
  const { key, id } = order
  const descending = order.descending !== reverse
  if (!key) return descending ? sql`${id} desc` : sql`${id} asc`
  if (!order.nullable) return descending ? sql`${key} desc, ${id} desc` : sql`${key} asc, ${id} asc`
  return descending
    ? sql`${key} desc nulls first, ${id} desc`
    : sql`${key} asc nulls last, ${id} asc`
}

/** The rows that come after `position` in `order` (before it when `reverse`). */
export function beyond(order: Order, position: Position, reverse = false): RawBuilder<SqlBool> {
  const { key, id } = order
  const k = position.key
  const greater = order.descending === reverse
  if (!key)
    return greater ? sql<SqlBool>`${id} > ${position.id}` : sql<SqlBool>`${id} < ${position.id}`
  if (k !== null && typeof k !== order.keyType) {
    throw ScimError.invalidCursor(
      'The cursor does not fit this query (its sort value has another type): send nextCursor or previousCursor exactly as received.',
    )
  }
  if (!order.nullable && k !== null) {
    return greater
      ? sql<SqlBool>`(${key}, ${id}) > (${k}, ${position.id})`
      : sql<SqlBool>`(${key}, ${id}) < (${k}, ${position.id})`
  }
  // NULL is above every value: after a NULL key only NULL keys with a greater id; before a NULL key
  // every value, and the NULL keys with a smaller id.
  if (k === null) {
    return greater
      ? sql<SqlBool>`(${key} is null and ${id} > ${position.id})`
      : sql<SqlBool>`(${key} is not null or ${id} < ${position.id})`
  }
  return greater
    ? sql<SqlBool>`(${key} > ${k} or (${key} = ${k} and ${id} > ${position.id}) or ${key} is null)`
    : sql<SqlBool>`(${key} < ${k} or (${key} = ${k} and ${id} < ${position.id}))`
}

/** A row of a keyset read: its id and the value of the order's key, selected as `sort_key`. */
export interface Keyed {
  readonly id: string
  readonly sort_key: unknown
}

/** How a resource's store reads for keyset paging (its table, tenant and filter already applied). */
export interface KeysetReads<R extends Keyed> {
  /** The rows meeting `condition` (all when undefined), ordered by `terms`, at most `limit`. */
  rows(
    condition: RawBuilder<SqlBool> | undefined,
    terms: RawBuilder<unknown>,
    limit: number,
  ): Promise<R[]>
  /** Whether any row meets `condition`. */
  any(condition: RawBuilder<SqlBool>): Promise<boolean>
}

/**
 * The page `keyset` asks for, `count` rows in the query's order, and where the pages beside it start.
 * One statement reads the page and one more row (is there a page further on?); when the client came
 * from a page, one indexed probe tells whether anything lies back the other way.
 */
export async function keysetPage<R extends Keyed>(
  order: Order,
  keyset: Keyset,
  count: number,
  reads: KeysetReads<R>,
): Promise<{ readonly rows: R[] } & Neighbours> {
  const { after, backward } = keyset
  const found = await reads.rows(
    after ? beyond(order, after, backward) : undefined,
    orderTerms(order, backward),
    count + 1,
  )
  const further = found.length > count
  const rows = found.slice(0, count)
  if (backward) rows.reverse()
  const first = rows[0]
  const last = rows[rows.length - 1]
  // The edge of the page facing where the client came from (the cursor's own position on an empty page).
  const edge = (backward ? last : first) ?? undefined
  const back = edge ? positionOf(edge) : after
  const behind =
    back !== undefined && after !== undefined && (await reads.any(beyond(order, back, !backward)))
  const ahead = further ? positionOf((backward ? first : last) as R) : undefined
  const neighbours = backward
    ? { previous: ahead, next: behind ? back : undefined }
    : { next: ahead, previous: behind ? back : undefined }
  return {
    rows,
    ...(neighbours.next ? { next: neighbours.next } : {}),
    ...(neighbours.previous ? { previous: neighbours.previous } : {}),
  }
}

/** A row's place in the order, as cursors carry it. */
export function positionOf(row: Keyed): Position {
  const key = row.sort_key
  return { key: typeof key === 'string' || typeof key === 'number' ? key : null, id: row.id }
}

/**
 * The keyset reads of a resource query (`base`: its table, tenant and filter): ids and sort keys, which
 * the indexes serve without reading whole rows; the caller loads the page's resources by id.
 */
export function keysetReads<DB, TB extends keyof DB & string>(
  base: SelectQueryBuilder<DB, TB, object>,
  order: Order,
): KeysetReads<Keyed> {
  const key = order.key ?? sql`null`
  return {
    async rows(condition, terms, limit) {
      const query = base
        .select([sql<string>`${order.id}`.as('id'), sql<unknown>`${key}`.as('sort_key')])
        .orderBy(terms)
        .limit(limit)
      return (await (condition ? query.where(condition) : query).execute()) as Keyed[]
    },
    async any(condition) {
      const found = await base
        .select(sql<number>`1`.as('one'))
        .where(condition)
        .limit(1)
        .execute()
      return found.length > 0
    },
  }
}

/**
 * Index paging's window (RFC 7644 §3.4.2.4): rows startIndex … startIndex + count - 1 of `total`, read
 * from the nearer end of the order, so a page in the second half skips the rows after it (reading the
 * order reversed) instead of the rows before it: the last page costs what the first does, the middle
 * one the most. Call only when `startIndex <= total`.
 */
export function indexWindow(
  total: number,
  startIndex: number,
  count: number,
): { readonly offset: number; readonly limit: number; readonly reverse: boolean } {
  const before = startIndex - 1
  const limit = Math.min(count, total - before)
  const after = total - before - limit
  return after < before
    ? { offset: after, limit, reverse: true }
    : { offset: before, limit, reverse: false }
}
