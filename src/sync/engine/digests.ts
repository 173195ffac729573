// What an incremental cycle compares: a digest of each source object as the mappings see it (Entra's
// attributes, scope, IsSoftDeleted, app roles, and for groups the members in scope).
import { AppRoles } from '../expression/value.js'
import type { Value } from '../expression/value.js'
import type { ScopedGroup, ScopedUser } from '../scope.js'
import { digest } from './state.js'

const plain = (value: Value): unknown =>
  value instanceof AppRoles
    ? value.roles.map((r) => r.value)
    : typeof value === 'symbol'
      ? null
      : value

function attributes(map: ReadonlyMap<string, Value>): Record<string, unknown> {
  return Object.fromEntries([...map].map(([k, v]) => [k, plain(v)]))
}

export const userDigest = (user: ScopedUser): string =>
  digest({ a: attributes(user.attributes), s: user.inScope })

export const groupDigest = (group: ScopedGroup): string =>
  digest({ a: attributes(group.attributes), s: group.inScope, m: [...group.userMembers].sort() })
