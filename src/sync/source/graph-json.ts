// A directory exported from Microsoft Graph as Graph returns it: `{"users": [...], "groups": [...],
// "appRoleAssignments": [...]}`, each list either an array or a Graph page (`{"value": [...]}`); a bare
// page or array of users is a directory of users. Unknown properties are kept (and can be mapped).
import type { Assignment, Directory, SourceGroup, SourceUser } from './directory.js'
import { SourceError } from './directory.js'
import { entraGroupAttributes, entraUserAttributes } from './entra-names.js'

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

function list(file: string, key: string, value: unknown): unknown[] {
  if (value === undefined || value === null) return []
  if (Array.isArray(value)) return value
  if (isObject(value) && Array.isArray(value['value'])) return value['value']
  throw new SourceError(`${file}: "${key}" must be an array (or a Graph page {"value": [...]}).`)
}

function idOf(file: string, where: string, item: unknown, seen: Map<string, string>): string {
  if (!isObject(item)) throw new SourceError(`${file}: ${where} is not an object.`)
  const id = item['id']
  if (typeof id !== 'string' || id.trim() === '')
    throw new SourceError(`${file}: ${where} has no "id" (Graph's object id, Entra's objectId).`)
  const previous = seen.get(id)
  if (previous !== undefined)
    throw new SourceError(`${file}: ${where} has the id ${JSON.stringify(id)} of ${previous}.`)
  seen.set(id, where)
  return id
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

export function userFromGraph(id: string, graph: Json): SourceUser {
  return {
    id,
    name: text(graph['userPrincipalName']) ?? text(graph['displayName']) ?? id,
    attributes: entraUserAttributes(graph),
    accountEnabled: graph['accountEnabled'] !== false,
  }
}

/** Member references: ids, or Graph directory objects (`{"@odata.type": …, "id": …}`). */
function memberIds(file: string, where: string, value: unknown): string[] {
  return list(file, `${where}.members`, value).map((m, i) => {
    const id = typeof m === 'string' ? m : isObject(m) ? m['id'] : undefined
    if (typeof id !== 'string' || id === '')
      throw new SourceError(
        `${file}: ${where}.members[${i}] is neither an id nor an object with an id.`,
      )
    return id
  })
}

export function parseGraphJson(file: string, content: string): Directory {
  let root: unknown
  try {
    root = JSON.parse(content)
  } catch (error) {
    throw new SourceError(
      `${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`,
    )
  }
  const isPage = isObject(root) && Array.isArray(root['value']) && !('users' in root)
  if (!Array.isArray(root) && !isObject(root))
    throw new SourceError(
      `${file}: expected {"users": [...], "groups": [...], "appRoleAssignments": [...]}.`,
    )
  const body: Json = Array.isArray(root) || isPage ? { users: root } : (root as Json)
  const ids = new Map<string, string>()
  const users = list(file, 'users', body['users']).map((item, i) => {
    const where = `users[${i}]`
    return userFromGraph(idOf(file, where, item, ids), item as Json)
  })
  const groups: SourceGroup[] = list(file, 'groups', body['groups']).map((item, i) => {
    const where = `groups[${i}]`
    const id = idOf(file, where, item, ids)
    const graph = item as Json
    return {
      id,
      name: text(graph['displayName']) ?? id,
      attributes: entraGroupAttributes(graph),
      members: [...new Set(memberIds(file, where, graph['members']))],
    }
  })
  const assignments: Assignment[] = list(
    file,
    'appRoleAssignments',
    body['appRoleAssignments'],
  ).map((item, i) => {
    const where = `appRoleAssignments[${i}]`
    if (!isObject(item) || typeof item['principalId'] !== 'string' || item['principalId'] === '')
      throw new SourceError(
        `${file}: ${where} has no "principalId" (the assigned user or group id).`,
      )
    const value = text(item['appRoleValue'])
    const roleId = text(item['appRoleId'])
    const display = text(item['appRoleDisplayName'])
    return {
      principalId: item['principalId'],
      ...(value !== undefined ? { appRoleValue: value } : {}),
      ...(roleId !== undefined ? { appRoleId: roleId } : {}),
      ...(display !== undefined ? { displayName: display } : {}),
    }
  })
  return { users, groups, assignments, format: 'json' }
}
