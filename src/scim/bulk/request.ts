// RFC 7644 §3.7: a BulkRequest body read into typed operations. Whole-request faults (not an object, no
// Operations array, a bad failOnErrors, more than maxOperations) throw; a fault of one operation (its
// method, path or bulkId) is kept on that operation as its error, answered in its place in the
// BulkResponse like any other failed operation. What an operation's `data` must hold is not checked
// here: the operation runs as the same request sent alone, which validates it.
import { ScimError } from '../errors.js'
import { isObject } from '../resource/coerce.js'
import type { Json } from '../resource/coerce.js'

export const BULK_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest'
export const BULK_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse'
/** ServiceProviderConfig `bulk.maxOperations`: operations accepted in one Bulk request (413 beyond). */
export const MAX_BULK_OPERATIONS = 1000
/** RFC 7644 §3.7.2: `"bulkId:qwerty"` in a path or a data value names the resource a POST created. */
export const BULK_ID_PREFIX = 'bulkId:'
/** Longest bulkId accepted (they are echoed in responses and logs). */
export const MAX_BULK_ID_LENGTH = 200

export type BulkMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE'
export type BulkResource = 'Users' | 'Groups'

export interface BulkOperation {
  /** Position in the request's Operations. */
  readonly index: number
  /** As sent, when a string (echoed in the response even when invalid). */
  readonly method?: string
  readonly bulkId?: string
  /** The bulkId this POST defines for references (its first valid use in the request). */
  readonly defines?: string
  /** RFC 7644 §3.7: the resource version, sent as If-Match. */
  readonly version?: string
  /** The resource type and, except for POST, the target id (`bulkId:x` until resolved). */
  readonly resource?: BulkResource
  readonly id?: string
  readonly data?: Json
  /** bulkIds this operation refers to, in its path or its data, each once. */
  readonly references: readonly string[]
  /** Why the operation cannot run; it is answered with this error without running. */
  readonly error?: ScimError
}

export interface BulkRequest {
  /** Errors accepted before the rest is left undone (RFC 7644 §3.7.3); none: run everything. */
  readonly failOnErrors?: number
  readonly operations: readonly BulkOperation[]
}

const METHODS: readonly BulkMethod[] = ['POST', 'PUT', 'PATCH', 'DELETE']
/**
 * `/Users`, `Groups/{id}`: a resource type and an optional id, each a segment that holds no `/`, `?` or
 * `#` as sent. Each segment is then percent-decoded once, as the router decodes the same path sent over
 * HTTP (`/Users/abc%20def` is id `abc def`, `/Users/a%2Fb` id `a/b`, `/%55sers` is `/Users`).
 */
const PATH = /^\/?([^/?#]+)(?:\/([^/?#]+))?\/?$/
const RESOURCES = /^(users|groups)$/i

/** `maxOperations` is ServiceProviderConfig's `bulk.maxOperations`. */
export function parseBulkRequest(body: unknown, maxOperations: number): BulkRequest {
  if (!isObject(body)) {
    throw ScimError.invalidSyntax(
      `The Bulk body must be a JSON object with an Operations array (schemas: ["${BULK_REQUEST_SCHEMA}"]).`,
    )
  }
  const list = field(body, 'Operations')
  if (!Array.isArray(list)) {
    throw ScimError.invalidSyntax(
      `The Bulk body must have an Operations array (schemas: ["${BULK_REQUEST_SCHEMA}"]).`,
    )
  }
  // RFC 7644 §3.7.4: beyond maxOperations, 413 naming the limit.
  if (list.length > maxOperations) {
    throw ScimError.payloadTooLarge(
      `The Bulk request has ${list.length} operations; maxOperations is ${maxOperations} (ServiceProviderConfig bulk.maxOperations). Split it into several requests.`,
    )
  }
  const failOnErrors = field(body, 'failOnErrors')
  if (
    failOnErrors !== undefined &&
    failOnErrors !== null &&
    !(typeof failOnErrors === 'number' && Number.isInteger(failOnErrors) && failOnErrors >= 1)
  ) {
    throw ScimError.invalidValue(
      `failOnErrors must be an integer of at least 1 (the number of errors accepted before the rest is left undone), not ${JSON.stringify(failOnErrors)}.`,
    )
  }
  const read = list.map((raw, index) => readOperation(raw, index))
  const operations = checkBulkIds(read)
  return {
    ...(typeof failOnErrors === 'number' ? { failOnErrors } : {}),
    operations,
  }
}

function readOperation(raw: Json, index: number): BulkOperation {
  const at = `Operations[${index}]`
  if (!isObject(raw)) {
    return failed(
      { index },
      ScimError.invalidSyntax(
        `${at} must be an object with method, path and, but for DELETE, data.`,
      ),
    )
  }
  const method = field(raw, 'method')
  const bulkId = field(raw, 'bulkId')
  const version = field(raw, 'version')
  const path = field(raw, 'path')
  const data = field(raw, 'data')
  const echo = {
    index,
    ...(typeof method === 'string' ? { method } : {}),
    ...(typeof bulkId === 'string' ? { bulkId } : {}),
  }
  const kind = typeof method === 'string' ? method.toUpperCase() : undefined
  if (!METHODS.includes(kind as BulkMethod)) {
    return failed(
      echo,
      ScimError.invalidValue(
        `${at}: method must be POST, PUT, PATCH or DELETE, not ${JSON.stringify(method ?? null)}.`,
      ),
    )
  }
  if (bulkId !== undefined && bulkId !== null) {
    const problem = bulkIdProblem(bulkId)
    if (problem) return failed(echo, ScimError.invalidValue(`${at}: bulkId ${problem}`))
  }
  // RFC 7644 §3.7: bulkId is REQUIRED when method is POST (the response names the created resource by it).
  if (kind === 'POST' && typeof bulkId !== 'string') {
    return failed(
      echo,
      ScimError.invalidSyntax(
        `${at}: a POST needs a bulkId, a name of your choice unique in the request (RFC 7644 §3.7).`,
      ),
    )
  }
  if (version !== undefined && version !== null && typeof version !== 'string') {
    return failed(
      echo,
      ScimError.invalidValue(`${at}: version must be a string (an ETag such as W/"3").`),
    )
  }
  const match = typeof path === 'string' ? PATH.exec(path.trim()) : null
  const segments = match ? decodeSegments(match[1] as string, match[2]) : undefined
  if (match && !segments) {
    // Over HTTP the same path is a 400 before any route: a `%` not followed by two hex digits, or
    // escapes that are not UTF-8.
    return failed(
      echo,
      ScimError.badRequest(
        `${at}: the path ${JSON.stringify(path)} is malformed: each % must start an escape of UTF-8 (%20, %C3%A9); send a literal % as %25.`,
      ),
    )
  }
  const type = segments?.type ?? ''
  if (!segments || !RESOURCES.test(type)) {
    return failed(
      echo,
      ScimError.invalidPath(
        `${at}: path must be /Users or /Groups (POST), or /Users/{id} or /Groups/{id}, not ${JSON.stringify(path ?? null)}.`,
      ),
    )
  }
  const resource: BulkResource = type.toLowerCase() === 'users' ? 'Users' : 'Groups'
  const id = segments.id
  if (kind === 'POST' && id !== undefined) {
    return failed(
      echo,
      ScimError.invalidPath(
        `${at}: a POST creates a resource at /${resource}; ${JSON.stringify(path)} names one (use PUT or PATCH to change it).`,
      ),
    )
  }
  if (kind !== 'POST' && (id === undefined || id === '.' || id === '..')) {
    return failed(
      echo,
      ScimError.invalidPath(
        `${at}: a ${kind} needs the resource in its path (/${resource}/{id}, or /${resource}/bulkId:{bulkId}).`,
      ),
    )
  }
  const body = kind === 'DELETE' ? undefined : data
  return {
    ...echo,
    ...(typeof version === 'string' ? { version } : {}),
    resource,
    ...(id !== undefined ? { id } : {}),
    ...(body !== undefined ? { data: body } : {}),
    references: referencesOf(id, body),
  }
}

/** The resource type and id segments percent-decoded, or undefined when an escape is malformed. */
function decodeSegments(
  type: string,
  id: string | undefined,
): { type: string; id: string | undefined } | undefined {
  try {
    return {
      type: decodeURIComponent(type),
      id: id === undefined ? undefined : decodeURIComponent(id),
    }
  } catch {
    return undefined
  }
}

/**
 * Duplicates and references to bulkIds no POST of the request defines become the operation's error. A
 * POST defines its bulkId even when it was refused (its references then fail as references to a failed
 * POST, 409, rather than as unknown).
 */
function checkBulkIds(operations: BulkOperation[]): BulkOperation[] {
  const seen = new Map<string, number>()
  const defined = new Set<string>()
  const checked = operations.map((op) => {
    if (op.bulkId === undefined) return op
    const first = seen.get(op.bulkId)
    if (first !== undefined) {
      if (op.error) return op
      return failed(
        op,
        ScimError.invalidValue(
          `Operations[${op.index}]: bulkId ${JSON.stringify(op.bulkId)} is already used by Operations[${first}]; each bulkId must be unique in the request.`,
        ),
      )
    }
    seen.set(op.bulkId, op.index)
    if (op.method?.toUpperCase() !== 'POST') return op
    defined.add(op.bulkId)
    return { ...op, defines: op.bulkId }
  })
  return checked.map((op) => {
    const unknown = op.error ? undefined : op.references.find((ref) => !defined.has(ref))
    if (unknown === undefined) return op
    return failed(
      op,
      ScimError.invalidValue(
        `Operations[${op.index}]: ${JSON.stringify(BULK_ID_PREFIX + unknown)} refers to no POST of this request; a bulkId reference names the bulkId of a POST in the same request.`,
      ),
    )
  })
}

function bulkIdProblem(bulkId: Json): string | undefined {
  if (typeof bulkId !== 'string') return `must be a string, not ${JSON.stringify(bulkId)}.`
  if (bulkId === '') return 'must not be empty.'
  if (bulkId.length > MAX_BULK_ID_LENGTH)
    return `must be at most ${MAX_BULK_ID_LENGTH} characters long.`
  if (/[\s/?#]/.test(bulkId))
    return `${JSON.stringify(bulkId)} must not hold spaces, "/", "?" or "#" (it may appear in a path).`
  return undefined
}

/** The bulkIds named by `bulkId:x` as the path's id or as any string value of the data. */
export function referencesOf(id: string | undefined, data: Json | undefined): string[] {
  const found = new Set<string>()
  if (id?.startsWith(BULK_ID_PREFIX)) found.add(id.slice(BULK_ID_PREFIX.length))
  const walk = (value: Json | undefined): void => {
    if (typeof value === 'string') {
      if (value.startsWith(BULK_ID_PREFIX)) found.add(value.slice(BULK_ID_PREFIX.length))
    } else if (Array.isArray(value)) {
      for (const item of value) walk(item)
    } else if (isObject(value)) {
      for (const item of Object.values(value)) walk(item)
    }
  }
  walk(data)
  return [...found]
}

/** `data` with every `bulkId:x` string value replaced by the id x's POST created (a new value). */
export function resolveReferences(data: Json, ids: ReadonlyMap<string, string>): Json {
  if (typeof data === 'string') {
    return data.startsWith(BULK_ID_PREFIX)
      ? (ids.get(data.slice(BULK_ID_PREFIX.length)) ?? data)
      : data
  }
  if (Array.isArray(data)) return data.map((item) => resolveReferences(item, ids))
  if (isObject(data)) {
    return Object.fromEntries(
      Object.entries(data).map(([key, value]) => [key, resolveReferences(value, ids)]),
    )
  }
  return data
}

function failed(op: Omit<BulkOperation, 'references'>, error: ScimError): BulkOperation {
  return { ...op, references: [], error }
}

/** RFC 7643 §2.1: attribute names are case-insensitive. */
function field(object: { [key: string]: Json }, name: string): Json | undefined {
  const lower = name.toLowerCase()
  return Object.entries(object).find(([key]) => key.toLowerCase() === lower)?.[1]
}
