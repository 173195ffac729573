// A SCIM request's operation as an admin names it (create, update, disable, delete, match, read, member
// add/remove), from its method, its route and its body alone: failed requests are classified too. The
// routes refine it from what a successful write changed (changes.ts).
import { isObject } from '../resource/coerce.js'
import type { Operation } from './entry.js'

export interface RequestShape {
  readonly method: string
  /** The route pattern (`/api/xm/1/scim/v2/Users/:id`), or the path when no route matched. */
  readonly route: string
  readonly filter?: string
  readonly body?: unknown
}

const RESOURCES: Record<string, string> = {
  users: 'User',
  groups: 'Group',
  schemas: 'Schemas',
  resourcetypes: 'ResourceTypes',
  serviceproviderconfig: 'ServiceProviderConfig',
  '.search': 'Search',
  bulk: 'Bulk',
}

/** The resource type a route serves, and whether it names one resource (`/Users/:id`). */
export function routeResource(route: string): { resource?: string; byId: boolean } {
  const match = /\/scim\/v2\/([^/]+)(\/[^/]+)?\/?$/i.exec(route)
  const resource = match ? RESOURCES[(match[1] as string).toLowerCase()] : undefined
  const rest = match?.[2]
  return {
    ...(resource ? { resource } : {}),
    byId: rest !== undefined && rest.toLowerCase() !== '/.search',
  }
}

/** `userName eq "x"` alone (or externalId, displayName, id): Entra's way to match before a create. */
const MATCH = /^\s*(userName|externalId|displayName|id)\s+eq\s+("(?:[^"\\]|\\.)*"|\S+)\s*$/i

/** The value a matching filter looks for, unquoted; undefined for any other filter. */
export function matchedValue(filter: string | undefined): string | undefined {
  const match = filter === undefined ? null : MATCH.exec(filter)
  if (!match) return undefined
  const value = match[2] as string
  if (!value.startsWith('"')) return value
  try {
    return JSON.parse(value) as string
  } catch {
    return value.slice(1, -1)
  }
}

export function requestOperation(shape: RequestShape): Operation {
  const method = shape.method.toUpperCase()
  const { resource, byId } = routeResource(shape.route)
  switch (method) {
    case 'POST':
      if (resource === 'Search' || /\/\.search\/?$/i.test(shape.route))
        return matchedValue(searchFilter(shape.body)) !== undefined ? 'match' : 'read'
      return 'create'
    case 'GET':
    case 'HEAD':
      return !byId && matchedValue(shape.filter) !== undefined ? 'match' : 'read'
    case 'DELETE':
      return 'delete'
    case 'PUT':
      return isObject(shape.body) && isFalse(field(shape.body, 'active')) ? 'disable' : 'update'
    case 'PATCH':
      return patchOperation(shape.body, resource)
    default:
      return 'read'
  }
}

function searchFilter(body: unknown): string | undefined {
  const filter = isObject(body) ? field(body, 'filter') : undefined
  return typeof filter === 'string' ? filter : undefined
}

function field(object: Record<string, unknown>, name: string): unknown {
  return Object.entries(object).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1]
}

function isFalse(value: unknown): boolean {
  return value === false || (typeof value === 'string' && value.toLowerCase() === 'false')
}

/** A PATCH's operation from its Operations (RFC 7644 §3.5.2), before it is applied. */
function patchOperation(body: unknown, resource: string | undefined): Operation {
  const list = isObject(body) ? field(body, 'Operations') : undefined
  const ops = Array.isArray(list) ? list.filter(isObject) : []
  const pathOf = (op: Record<string, unknown>): string => {
    const path = field(op, 'path')
    return typeof path === 'string' ? path.trim().toLowerCase() : ''
  }
  const opOf = (op: Record<string, unknown>): string => String(field(op, 'op') ?? '').toLowerCase()
  const setsInactive = ops.some((op) => {
    const value = field(op, 'value')
    if (pathOf(op) === 'active') return isFalse(value)
    return pathOf(op) === '' && isObject(value) && isFalse(field(value, 'active'))
  })
  if (setsInactive) return 'disable'
  if (
    resource === 'Group' &&
    ops.length > 0 &&
    ops.every((op) => pathOf(op).startsWith('members'))
  ) {
    if (ops.every((op) => opOf(op) === 'add')) return 'member add'
    if (ops.every((op) => opOf(op) === 'remove')) return 'member remove'
  }
  return 'update'
}
