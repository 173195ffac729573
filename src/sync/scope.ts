// Which source objects a cycle provisions. By default every user and group is in scope (Entra's "Sync
// all users and groups"); with `assigned`, only principals of an app role assignment and the direct user
// members of assigned groups ("Sync only assigned users and groups"). Adds Entra's computed attributes:
// IsSoftDeleted ("True" when accountEnabled is false or the user is out of scope) and the user's app
// role assignments (direct, and through the groups holding it).
import { AppRoles } from './expression/value.js'
import type { AppRole, Value } from './expression/value.js'
import type { Assignment, Directory, SourceGroup, SourceUser } from './source/directory.js'
import { SourceError } from './source/directory.js'

export interface ScopedUser extends SourceUser {
  readonly inScope: boolean
  /** Why it is in scope or not, for the Scoping step of the log. */
  readonly scopeReason: string
  readonly softDeleted: boolean
}

export interface SkippedMember {
  readonly id: string
  readonly reason: string
}

export interface ScopedGroup extends SourceGroup {
  readonly inScope: boolean
  readonly scopeReason: string
  /** The in-scope users among the members: what the target group gets. */
  readonly userMembers: readonly string[]
  /** Members left out, with the reason (nested groups, users out of scope or not in the source). */
  readonly skippedMembers: readonly SkippedMember[]
}

export interface ScopedDirectory {
  readonly users: readonly ScopedUser[]
  readonly groups: readonly ScopedGroup[]
  readonly assigned: boolean
}

export function applyScope(directory: Directory, assigned: boolean): ScopedDirectory {
  if (assigned && directory.format === 'csv')
    throw new SourceError(
      '--assigned needs the app role assignments of a JSON source ("appRoleAssignments"); a CSV source has none.',
    )
  const principals = new Set(directory.assignments.map((a) => a.principalId))
  const groupsById = new Map(directory.groups.map((g) => [g.id, g]))
  const assignedGroupOf = new Map<string, SourceGroup>()
  const groupsOfUser = new Map<string, SourceGroup[]>()
  for (const group of directory.groups)
    for (const member of group.members) {
      const list = groupsOfUser.get(member)
      if (list) list.push(group)
      else groupsOfUser.set(member, [group])
      if (principals.has(group.id) && !assignedGroupOf.has(member))
        assignedGroupOf.set(member, group)
    }
  const assignmentsOf = new Map<string, Assignment[]>()
  for (const a of directory.assignments)
    assignmentsOf.set(a.principalId, [...(assignmentsOf.get(a.principalId) ?? []), a])
  const rolesOf = (ids: readonly string[]): AppRole[] => {
    const roles = new Map<string, AppRole>()
    for (const a of ids.flatMap((id) => assignmentsOf.get(id) ?? []))
      if (a.appRoleValue !== undefined && !roles.has(a.appRoleValue))
        roles.set(a.appRoleValue, {
          value: a.appRoleValue,
          ...(a.appRoleId !== undefined ? { id: a.appRoleId } : {}),
          displayName: a.displayName ?? a.appRoleValue,
        })
    return [...roles.values()]
  }

  const users: ScopedUser[] = directory.users.map((user) => {
    const viaGroup = assignedGroupOf.get(user.id)
    const inScope = !assigned || principals.has(user.id) || viaGroup !== undefined
    const scopeReason = !assigned
      ? 'in scope: all users and groups are synced'
      : principals.has(user.id)
        ? 'in scope: assigned to the application'
        : viaGroup
          ? `in scope: member of the assigned group ${viaGroup.name}`
          : 'out of scope: not assigned to the application (NotEffectivelyEntitled)'
    const softDeleted = !inScope || !user.accountEnabled
    const attributes = new Map<string, Value>(user.attributes)
    attributes.set('IsSoftDeleted', softDeleted ? 'True' : 'False')
    const groupIds = (groupsOfUser.get(user.id) ?? []).map((g) => g.id)
    attributes.set('appRoleAssignments', new AppRoles(rolesOf([user.id, ...groupIds])))
    return { ...user, attributes, inScope, scopeReason, softDeleted }
  })
  const userById = new Map(users.map((u) => [u.id, u]))

  const groups: ScopedGroup[] = directory.groups.map((group) => {
    const inScope = !assigned || principals.has(group.id)
    const userMembers: string[] = []
    const skippedMembers: SkippedMember[] = []
    for (const id of group.members) {
      const user = userById.get(id)
      if (user?.inScope) userMembers.push(id)
      else if (user) skippedMembers.push({ id, reason: `${user.name} is out of scope` })
      else if (groupsById.has(id))
        skippedMembers.push({
          id,
          reason: `the group ${groupsById.get(id)?.name} is nested; Entra provisions one level of members`,
        })
      else skippedMembers.push({ id, reason: 'not in the source' })
    }
    const attributes = new Map<string, Value>(group.attributes)
    attributes.set('appRoleAssignments', new AppRoles(rolesOf([group.id])))
    return {
      ...group,
      attributes,
      inScope,
      scopeReason: !assigned
        ? 'in scope: all users and groups are synced'
        : inScope
          ? 'in scope: assigned to the application'
          : 'out of scope: not assigned to the application (NotEffectivelyEntitled)',
      userMembers,
      skippedMembers,
    }
  })
  return { users, groups, assigned }
}
