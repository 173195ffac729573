// A Group body (POST, PUT, or the attributes a PATCH leaves) checked against the Group schema: every
// problem collected with its path, then one 400. Odd schema URNs are tolerated (entra-client-behaviour.md
// Q11); members are read as references (value, type) and resolved by the store, which knows who exists.
import { controlCharacter } from '../json.js'
import type { Registry } from '../schema/registry.js'
import { coerceResource, isObject } from '../resource/coerce.js'
import type { Json } from '../resource/coerce.js'
import { throwIfIssues } from '../resource/issues.js'
import type { Issue } from '../resource/issues.js'
import type { GroupInput, MemberRef, MemberType } from '../resource/group.js'
import type { TenantSettings } from './settings.js'
import { unsupportedError } from './user-rules.js'

export const DISPLAY_NAME_MAX = 256
export const GROUP_EXTERNAL_ID_MAX = 250
/** No control, format (zero-width, bidi), surrogate, private-use or unassigned characters. */
const PRINTABLE = /^[^\p{C}\p{Zl}\p{Zp}]+$/u

export function parseGroup(
  body: unknown,
  registry: Registry,
  settings: Pick<TenantSettings, 'unsupportedAttributes'>,
): GroupInput {
  const coerced = coerceResource(body, registry)
  const shape = coerced.issues.filter((i) => i.scimType === 'invalidSyntax')
  if (shape.length > 0) throwIfIssues(shape)
  const issues: Issue[] = []
  if (coerced.unsupported.length > 0 && settings.unsupportedAttributes === 'reject') {
    issues.push({ path: '', message: unsupportedError(coerced.unsupported).detail })
  }
  // Members are read from the body as sent, so a problem is named by its index there (coercion drops
  // null elements and would shift the indexes); memberRefs reports every member problem itself.
  issues.push(...coerced.issues.filter((i) => !/^members(\[|\.|$)/.test(i.path)))
  const v = coerced.value
  const displayName = typeof v['displayName'] === 'string' ? v['displayName'] : ''
  if (displayName === '') issues.push({ path: 'displayName', message: 'is required' })
  else {
    if ([...displayName].length > DISPLAY_NAME_MAX)
      issues.push({
        path: 'displayName',
        message: `must have at most ${DISPLAY_NAME_MAX} characters`,
      })
    if (
      controlCharacter(displayName) === undefined &&
      (!PRINTABLE.test(displayName) || displayName.trim() === '')
    )
      issues.push({
        path: 'displayName',
        message: 'must contain only printable characters, not only spaces',
      })
  }
  const externalId =
    typeof v['externalId'] === 'string' && v['externalId'] !== '' ? v['externalId'] : undefined
  if (externalId !== undefined && [...externalId].length > GROUP_EXTERNAL_ID_MAX)
    issues.push({
      path: 'externalId',
      message: `must have at most ${GROUP_EXTERNAL_ID_MAX} characters`,
    })
  const rawMembers = isObject(body)
    ? Object.entries(body).find(([k]) => k.toLowerCase() === 'members')?.[1]
    : undefined
  const members = memberRefs(rawMembers ?? [], 'members', issues)
  throwIfIssues(issues)
  return {
    data: { displayName, ...(externalId !== undefined ? { externalId } : {}) },
    members,
    ignored: coerced.unsupported,
  }
}

/**
 * Member references from a body or a PATCH value: objects with a `value` (the member's id) and an
 * optional `type` (User or Group, any case). `$ref` and `display` are ignored (Entra sends `$ref: null`).
 * Duplicates collapse to the first.
 */
export function memberRefs(raw: Json, path: string, issues: Issue[]): MemberRef[] {
  const items = Array.isArray(raw) ? raw : [raw]
  const out = new Map<string, MemberRef>()
  items.forEach((item, index) => {
    const at = `${path}[${index}]`
    if (item === null) return
    if (!isObject(item)) {
      issues.push({ path: at, message: 'must be an object with the member id in value' })
      return
    }
    const entry = Object.entries(item)
    const value = entry.find(([k]) => k.toLowerCase() === 'value')?.[1]
    if (typeof value !== 'string' || value.trim() === '') {
      issues.push({ path: `${at}.value`, message: 'is required: the id of a user or group' })
      return
    }
    const rawType = entry.find(([k]) => k.toLowerCase() === 'type')?.[1]
    let type: MemberType | undefined
    if (rawType !== undefined && rawType !== null && rawType !== '') {
      const lower = typeof rawType === 'string' ? rawType.toLowerCase() : ''
      if (lower === 'user') type = 'User'
      else if (lower === 'group') type = 'Group'
      else {
        issues.push({
          path: `${at}.type`,
          message: `must be User or Group, not ${JSON.stringify(rawType)}`,
        })
        return
      }
    }
    if (!out.has(value)) out.set(value, { value, ...(type ? { type } : {}) })
  })
  return [...out.values()]
}
