// The changed attributes of a write, from the resource before and after it: names and old → new values
// as an admin reads them. Pure; passwords are never part of UserData, so they can never appear here.
import type { MemberStep } from '../patch/group-plan.js'
import type { GroupData } from '../resource/group.js'
import type { DeviceValue, RoleValue, UserData } from '../resource/user.js'
import type { Change } from './entry.js'
import { clip } from './entry.js'

type Flat = Map<string, string>

/** A user as attribute paths and display strings; emails and phones are keyed by their device. */
export function flattenUser(user: UserData): Flat {
  const out: Flat = new Map()
  const put = (path: string, value: string | undefined): void => {
    if (value !== undefined) out.set(path, clip(value))
  }
  put('userName', user.userName)
  put('externalId', user.externalId)
  put('active', String(user.active))
  put('name.givenName', user.givenName)
  put('name.familyName', user.familyName)
  put('preferredLanguage', user.preferredLanguage)
  put('timezone', user.timezone)
  for (const [key, list] of [
    ['emails', user.emails],
    ['phoneNumbers', user.phoneNumbers],
  ] as const) {
    for (const device of list) put(`${key}[type eq "${device.device}"].value`, describe(device))
  }
  if (user.roles.length > 0) put('roles', user.roles.map(describe).join(', '))
  return out
}

function describe(value: DeviceValue | RoleValue): string {
  return value.primary ? `${value.value} (primary)` : value.value
}

/** The difference of two flattened resources, in the order of `after` then what `before` alone had. */
export function diff(before: Flat, after: Flat): Change[] {
  const changes: Change[] = []
  for (const [path, value] of after) {
    const old = before.get(path)
    if (old !== value)
      changes.push(old === undefined ? { path, new: value } : { path, old, new: value })
  }
  for (const [path, old] of before) if (!after.has(path)) changes.push({ path, old })
  return changes
}

/** What a user write changed; `before` undefined for a create, `after` undefined for a delete. */
export function userChanges(before: UserData | undefined, after: UserData | undefined): Change[] {
  return diff(before ? flattenUser(before) : new Map(), after ? flattenUser(after) : new Map())
}

function flattenGroup(group: GroupData): Flat {
  const out: Flat = new Map([['displayName', clip(group.displayName)]])
  if (group.externalId !== undefined) out.set('externalId', clip(group.externalId))
  return out
}

/** Member ids shown per change; a step with more says how many more. */
const MEMBERS_SHOWN = 20

function ids(list: readonly string[]): string {
  const shown = list.slice(0, MEMBERS_SHOWN).join(', ')
  return list.length > MEMBERS_SHOWN ? `${shown} and ${list.length - MEMBERS_SHOWN} more` : shown
}

/** What a group write changed: its attributes, and its member steps as they were asked. */
export function groupChanges(
  before: GroupData | undefined,
  after: GroupData | undefined,
  steps: readonly MemberStep[] = [],
): Change[] {
  const changes = diff(
    before ? flattenGroup(before) : new Map(),
    after ? flattenGroup(after) : new Map(),
  )
  for (const step of steps) {
    switch (step.kind) {
      case 'add':
        if (step.members.length > 0)
          changes.push({ path: 'members', new: `added ${ids(step.members.map((m) => m.value))}` })
        break
      case 'remove':
        if (step.ids.length > 0) changes.push({ path: 'members', old: `removed ${ids(step.ids)}` })
        break
      case 'clear':
        changes.push({ path: 'members', old: 'all members removed' })
        break
      case 'set':
        changes.push({
          path: 'members',
          new:
            step.members.length === 0
              ? 'no members'
              : `set to ${ids(step.members.map((m) => m.value))}`,
        })
        break
      case 'removeWhere':
        changes.push({ path: 'members', old: 'removed members matching a filter' })
        break
      default: {
        const never: never = step
        throw new Error(`unknown member step ${String(never)}`)
      }
    }
  }
  return changes
}

/** The operation of a member-only group PATCH; undefined when it does anything else too. */
export function memberOperation(
  attributeOps: number,
  steps: readonly MemberStep[],
): 'member add' | 'member remove' | undefined {
  if (attributeOps > 0 || steps.length === 0) return undefined
  if (steps.every((s) => s.kind === 'add')) return 'member add'
  if (steps.every((s) => s.kind === 'remove' || s.kind === 'removeWhere' || s.kind === 'clear'))
    return 'member remove'
  return undefined
}

/** A user update that flips `active` is a disable or an enable, as Entra means it (a soft delete). */
export function userUpdateOperation(changes: readonly Change[]): 'update' | 'disable' | 'enable' {
  const active = changes.find((c) => c.path === 'active')
  if (active?.new === 'false') return 'disable'
  if (active?.new === 'true' && active.old === 'false') return 'enable'
  return 'update'
}
