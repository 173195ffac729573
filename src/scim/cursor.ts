// RFC 9865 cursors: what a `nextCursor` / `previousCursor` carries and how a returned one is checked.
// A cursor names a position in one query's order (the sort key and id of a row, the row a page ends or
// begins with) and the way to go from it; the store serves the page by keyset (store/sql/keyset.ts), so a
// cursor holds no server state and every instance can read it.
//
// Cursors are not signed. The query a cursor resumes always runs in the request's tenant with the
// request's filter: a forged position only says where, in what the client may list anyway, to resume. So
// a cursor is validated strictly instead (docs/architecture.md, "Decisions"): its exact encoding, a
// checksum (an altered byte), every field's type and size, the fingerprint of the query it was issued
// for (tenant, resource type, filter, sortBy, sortOrder) and its age (CURSOR_TIMEOUT_SECONDS).
import { createHash } from 'node:crypto'
import { ScimError } from './errors.js'
import type { AttrPath, Filter } from './filter/ast.js'
import { printFilter } from './filter/print.js'
import { CURSOR_TIMEOUT_SECONDS } from './schema/limits.js'

/** A row's place in a query's order: its sort key (null without a value) and its id, the tie-break. */
export interface Position {
  readonly key: string | number | null
  readonly id: string
}

/** A page by keyset: the rows after `after` in the query's order (or before it, `backward`). */
export interface Keyset {
  /** Absent for the first page. */
  readonly after?: Position
  readonly backward: boolean
}

/** Where the pages next to a keyset page start; absent when there is none. */
export interface Neighbours {
  readonly next?: Position
  readonly previous?: Position
}

/** What a cursor is bound to: the query's tenant, resource type, filter and sort. */
export interface CursorQuery {
  readonly tenantId: string
  readonly resourceType: string
  readonly filter?: Filter
  readonly sort?: { readonly path: AttrPath; readonly descending: boolean }
}

/** Longer cursors are refused before decoding (a sort key is at most a few hundred characters). */
export const MAX_CURSOR_LENGTH = 8192
const MAX_ID_LENGTH = 128
/** Issue times this far ahead of the clock are refused (instances' clocks may differ a little). */
const CLOCK_SKEW_SECONDS = 300
const VERSION = 1

/**
 * The keyset page `cursor` asks for: the first page when it is empty (RFC 9865 §2: `cursor` without a
 * value starts cursor paging), else the position it carries. 400 invalidCursor when it is malformed,
 * altered or issued for another query; 400 expiredCursor when older than CURSOR_TIMEOUT_SECONDS.
 */
export function readCursor(cursor: string, query: CursorQuery, now: Date): Keyset {
  if (cursor.trim() === '') return { backward: false }
  const fields = decode(cursor.trim())
  const [version, fingerprint, issued, direction, key, id] = fields
  const age = Math.floor(now.getTime() / 1000) - (issued as number)
  if (version !== VERSION || age < -CLOCK_SKEW_SECONDS) throw malformed()
  if (fingerprint !== fingerprintOf(query)) {
    throw ScimError.invalidCursor(
      `The cursor was issued for another query: send the same filter, sortBy and sortOrder as the request that returned it (on the same resource type and tenant), or start again with an empty cursor.`,
    )
  }
  if (age > CURSOR_TIMEOUT_SECONDS) {
    throw ScimError.expiredCursor(
      `The cursor has expired: a cursor is valid for ${CURSOR_TIMEOUT_SECONDS} seconds (cursorTimeout in /ServiceProviderConfig). Start again with an empty cursor.`,
    )
  }
  return { after: { key: key as Position['key'], id: id as string }, backward: direction === 'p' }
}

/** The `nextCursor` / `previousCursor` of a keyset page (RFC 9865 §2.2), issued now. */
export function writeCursors(
  neighbours: Neighbours,
  query: CursorQuery,
  now: Date,
): { nextCursor?: string; previousCursor?: string } {
  const issued = Math.floor(now.getTime() / 1000)
  const fingerprint = fingerprintOf(query)
  const write = (position: Position, direction: 'n' | 'p'): string => {
    const payload = Buffer.from(
      JSON.stringify([VERSION, fingerprint, issued, direction, position.key, position.id]),
    ).toString('base64url')
    return `${payload}.${checksum(payload)}`
  }
  return {
    ...(neighbours.next ? { nextCursor: write(neighbours.next, 'n') } : {}),
    ...(neighbours.previous ? { previousCursor: write(neighbours.previous, 'p') } : {}),
  }
}

function malformed(): ScimError {
  return ScimError.invalidCursor(
    'The cursor is not one this server issued (malformed or altered): send nextCursor or previousCursor exactly as received, or an empty cursor for the first page.',
  )
}

/** The fields of a well-formed cursor; anything else is invalidCursor, never a 500. */
function decode(cursor: string): readonly unknown[] {
  if (cursor.length > MAX_CURSOR_LENGTH) throw malformed()
  const [payload, sum, ...rest] = cursor.split('.')
  if (payload === undefined || sum === undefined || rest.length > 0) throw malformed()
  if (!/^[A-Za-z0-9_-]+$/.test(payload) || sum !== checksum(payload)) throw malformed()
  const bytes = Buffer.from(payload, 'base64url')
  // base64url decoding is lenient (ignored bits, padding): only the canonical text is accepted.
  if (bytes.toString('base64url') !== payload) throw malformed()
  let fields: unknown
  try {
    fields = JSON.parse(bytes.toString('utf8'))
  } catch {
    throw malformed()
  }
  if (!Array.isArray(fields) || fields.length !== 6) throw malformed()
  const [version, fingerprint, issued, direction, key, id] = fields as unknown[]
  const keyOk =
    key === null ||
    (typeof key === 'string' && !key.includes('\u0000')) ||
    (typeof key === 'number' && Number.isFinite(key))
  if (
    typeof version !== 'number' ||
    typeof fingerprint !== 'string' ||
    typeof issued !== 'number' ||
    !Number.isSafeInteger(issued) ||
    (direction !== 'n' && direction !== 'p') ||
    !keyOk ||
    typeof id !== 'string' ||
    id.length === 0 ||
    id.includes('\u0000') ||
    id.length > MAX_ID_LENGTH
  ) {
    throw malformed()
  }
  return fields as unknown[]
}

function checksum(payload: string): string {
  return createHash('sha256').update(payload).digest('base64url').slice(0, 11)
}

/** A digest of what a cursor is bound to (the tenant id is not readable from it). */
function fingerprintOf(query: CursorQuery): string {
  const sort = query.sort
    ? [
        `${query.sort.path.uri ?? ''}:${query.sort.path.attr}.${query.sort.path.sub ?? ''}`.toLowerCase(),
        query.sort.descending,
      ]
    : []
  const text = JSON.stringify([
    query.tenantId,
    query.resourceType,
    query.filter ? printFilter(query.filter) : '',
    sort,
  ])
  return createHash('sha256').update(text).digest('base64url').slice(0, 16)
}
