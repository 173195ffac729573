// RFC 7644 §3.4.2 (query parameters) and §3.4.3 (SearchRequest body): what a list request asks for,
// read into one typed value whichever way it came. Paging: 1-based startIndex (below 1 read as 1), count
// clamped to [0, MAX_COUNT] (RFC 7644 §3.4.2.4 lets a server return fewer results than asked); or, with
// a `cursor` (RFC 9865 §2, even empty), by cursor, which cannot be combined with startIndex.
import { writeCursors } from './cursor.js'
import type { CursorQuery, Neighbours } from './cursor.js'
import { ScimError } from './errors.js'
import type { AttrPath, Filter } from './filter/ast.js'
import { checkRelationTerms, isRelation, relationTerms } from './filter/limits.js'
import { parseFilter } from './filter/parser.js'
import { parseAttrPath } from './path/attr-path.js'
import { isObject } from './resource/coerce.js'
import { parseAttributeList } from './resource/project.js'
import type { Projection } from './resource/project.js'
import { DEFAULT_COUNT, MAX_COUNT } from './schema/limits.js'
import type { Registry } from './schema/registry.js'

export const SEARCH_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest'
export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'

/**
 * The ListResponse of a page: by index (startIndex) or, when the search came with a cursor, with the
 * cursors of the pages beside it (issued now, bound to `query`).
 */
export function pageResponse<T>(
  search: Search,
  page: Neighbours & { readonly total: number },
  resources: readonly T[],
  query: CursorQuery,
  now: Date,
): ReturnType<typeof cursorListResponse<T>> | ReturnType<typeof listResponse<T>> {
  return search.cursor === undefined
    ? listResponse(page.total, search.startIndex, resources)
    : cursorListResponse(page.total, resources, writeCursors(page, query, now))
}

/** RFC 9865 §2.2: a page of results by cursor, without startIndex; the cursors when there are pages. */
export function cursorListResponse<T>(
  totalResults: number,
  resources: readonly T[],
  cursors: { readonly nextCursor?: string; readonly previousCursor?: string },
): {
  schemas: string[]
  totalResults: number
  itemsPerPage: number
  nextCursor?: string
  previousCursor?: string
  Resources: T[]
} {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults,
    itemsPerPage: resources.length,
    ...(cursors.nextCursor !== undefined ? { nextCursor: cursors.nextCursor } : {}),
    ...(cursors.previousCursor !== undefined ? { previousCursor: cursors.previousCursor } : {}),
    Resources: [...resources],
  }
}

/** RFC 7644 §3.4.2: a page of results; itemsPerPage is what the page holds. */
export function listResponse<T>(
  totalResults: number,
  startIndex: number,
  resources: readonly T[],
): {
  schemas: string[]
  totalResults: number
  itemsPerPage: number
  startIndex: number
  Resources: T[]
} {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults,
    itemsPerPage: resources.length,
    startIndex,
    Resources: [...resources],
  }
}

export interface Search {
  readonly filter?: Filter
  readonly sort?: { readonly path: AttrPath; readonly descending: boolean }
  readonly startIndex: number
  readonly count: number
  /** RFC 9865: present (possibly empty, for the first page) when the client pages by cursor. */
  readonly cursor?: string
  readonly projection: Projection
}

interface RawSearch {
  readonly filter?: string
  readonly sortBy?: string
  readonly sortOrder?: string
  readonly startIndex?: string | number
  readonly count?: string | number
  readonly cursor?: string
  readonly attributes?: string
  readonly excludedAttributes?: string
}

/** From query parameters; `get` reads one parameter (case-insensitive name, repeated is an error). */
export function searchFromQuery(
  get: (name: string) => string | undefined,
  registry: Registry,
): Search {
  const names = [
    'filter',
    'sortBy',
    'sortOrder',
    'startIndex',
    'count',
    'cursor',
    'attributes',
    'excludedAttributes',
  ] as const
  const raw: Record<string, string> = {}
  for (const name of names) {
    const value = get(name)
    if (value !== undefined) raw[name] = value
  }
  return build(raw, registry)
}

/**
 * The members of a SearchRequest (RFC 7644 §3.4.3, with RFC 9865's `cursor`), lower-cased: names match
 * ignoring case (RFC 7643 §2.1).
 */
const SEARCH_REQUEST_KEYS = new Set([
  'schemas',
  'attributes',
  'excludedattributes',
  'filter',
  'sortby',
  'sortorder',
  'startindex',
  'count',
  'cursor',
])

/**
 * RFC 7644 §3.4.3 defines `.search` for POST alone: any other method on it is a 405 with `Allow: POST`,
 * rather than a read of a resource whose id is ".search".
 */
export function searchNeedsPost(method: string, path: string): ScimError {
  return ScimError.methodNotAllowed(
    `${method} is not allowed on ${path}: .search takes POST only (RFC 7644 §3.4.3). POST a SearchRequest ({"schemas": ["${SEARCH_REQUEST_SCHEMA}"], "filter": …}), or list with GET and query parameters.`,
    'POST',
  )
}

/**
 * A member no SearchRequest has (a typo such as `filterz` would otherwise be ignored and list every
 * resource), or one name sent twice in different cases: 400 invalidSyntax naming them.
 */
function checkSearchKeys(body: Record<string, unknown>): void {
  const keys = Object.keys(body)
  const unknown = keys.filter((key) => !SEARCH_REQUEST_KEYS.has(key.toLowerCase()))
  if (unknown.length > 0) {
    const names = unknown.slice(0, 5).map((key) => `'${key.slice(0, 40)}'`)
    throw ScimError.invalidSyntax(
      `The SearchRequest has ${unknown.length === 1 ? 'an unknown member' : `${unknown.length} unknown members`} ${names.join(', ')}${unknown.length > 5 ? ', …' : ''}; its members are schemas, attributes, excludedAttributes, filter, sortBy, sortOrder, startIndex, count and cursor (RFC 7644 §3.4.3).`,
    )
  }
  const seen = new Map<string, string>()
  for (const key of keys) {
    const earlier = seen.get(key.toLowerCase())
    if (earlier !== undefined)
      throw ScimError.invalidSyntax(
        `The SearchRequest names '${earlier}' twice ('${earlier}' and '${key}': names ignore case, RFC 7643 §2.1); send it once.`,
      )
    seen.set(key.toLowerCase(), key)
  }
}

/** From a POST .search body (RFC 7644 §3.4.3); attribute lists are arrays of paths. */
export function searchFromBody(body: unknown, registry: Registry): Search {
  if (!isObject(body))
    throw ScimError.invalidSyntax(
      `The body must be a SearchRequest object (schemas: ["${SEARCH_REQUEST_SCHEMA}"]).`,
    )
  checkSearchKeys(body)
  const get = (name: string): unknown =>
    Object.entries(body).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1]
  const text = (name: string): string | undefined => {
    const value = get(name)
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'string') throw ScimError.invalidValue(`${name} must be a string.`)
    return value
  }
  const integer = (name: string): number | undefined => {
    const value = get(name)
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'number' || !Number.isInteger(value))
      throw ScimError.invalidValue(`${name} must be an integer.`)
    return value
  }
  const list = (name: string): string | undefined => {
    const value = get(name)
    if (value === undefined || value === null) return undefined
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      throw ScimError.invalidValue(`${name} must be an array of attribute names.`)
    }
    return value.join(',')
  }
  const raw: RawSearch = {
    ...opt('filter', text('filter')),
    ...opt('sortBy', text('sortBy')),
    ...opt('sortOrder', text('sortOrder')),
    ...opt('startIndex', integer('startIndex')),
    ...opt('count', integer('count')),
    ...opt('cursor', text('cursor')),
    ...opt('attributes', list('attributes')),
    ...opt('excludedAttributes', list('excludedAttributes')),
  }
  return build(raw, registry)
}

/** The filter and sort of a search, as a store query and a cursor's binding take them. */
export function filterAndSort(search: Search): Pick<Search, 'filter' | 'sort'> {
  return {
    ...(search.filter ? { filter: search.filter } : {}),
    ...(search.sort ? { sort: search.sort } : {}),
  }
}

function opt<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>)
}

/** `attributes` / `excludedAttributes` as comma-separated paths (RFC 7644 §3.4.2.5), on lists and reads. */
export function projectionOf(
  attributesText: string | undefined,
  excludedText: string | undefined,
  registry: Registry,
): Projection {
  const attributes = parseAttributeList(attributesText, registry, 'attributes')
  const excludedAttributes = parseAttributeList(excludedText, registry, 'excludedAttributes')
  return {
    ...(attributes ? { attributes } : {}),
    ...(excludedAttributes ? { excludedAttributes } : {}),
  }
}

function build(raw: RawSearch, registry: Registry): Search {
  const projection = projectionOf(raw.attributes, raw.excludedAttributes, registry)
  const filter =
    raw.filter === undefined || raw.filter.trim() === '' ? undefined : parseFilter(raw.filter)
  const sort =
    raw.sortBy === undefined || raw.sortBy.trim() === ''
      ? undefined
      : sortOf(raw.sortBy, raw.sortOrder, registry)
  if (!sort && raw.sortOrder !== undefined) sortOrder(raw.sortOrder)
  checkRelationTerms(
    (filter ? relationTerms(filter) : 0) + (sort && isRelation(sort.path.attr) ? 1 : 0),
  )
  const startIndex = Math.max(1, integer(raw.startIndex, 'startIndex') ?? 1)
  const count = Math.min(MAX_COUNT, Math.max(0, integer(raw.count, 'count') ?? DEFAULT_COUNT))
  if (raw.cursor !== undefined && raw.startIndex !== undefined && raw.startIndex !== '') {
    throw ScimError.invalidValue(
      'startIndex and cursor cannot be used together: page by index (startIndex) or by cursor (cursor, empty for the first page), not both.',
    )
  }
  return {
    ...(filter ? { filter } : {}),
    ...(sort ? { sort } : {}),
    startIndex,
    count,
    ...(raw.cursor !== undefined ? { cursor: raw.cursor } : {}),
    projection,
  }
}

function sortOf(sortBy: string, order: string | undefined, registry: Registry): Search['sort'] {
  const path = parseAttrPath(sortBy.trim())
  if (!path || !registry.resolve(path)) {
    throw ScimError.invalidValue(
      `sortBy: '${sortBy}' is not an attribute of the ${registry.resourceType.name} schema (see /Schemas).`,
    )
  }
  return { path, descending: sortOrder(order) }
}

/** RFC 7644 §3.4.2.3: "ascending" (the default) or "descending"; accepted in any case. */
function sortOrder(order: string | undefined): boolean {
  if (order === undefined || order === '') return false
  const lower = order.toLowerCase()
  if (lower !== 'ascending' && lower !== 'descending') {
    throw ScimError.invalidValue(`sortOrder must be ascending or descending, not '${order}'.`)
  }
  return lower === 'descending'
}

function integer(value: string | number | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined
  if (typeof value === 'number') return value
  if (!/^-?\d{1,15}$/.test(value.trim()))
    throw ScimError.invalidValue(`${name} must be an integer, not '${value}'.`)
  return Number(value)
}
