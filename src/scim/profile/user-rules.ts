// The xMatters attribute profile (product.md) applied to a coerced User body: every rule collects its
// issues with a path; the result is UserData with values exactly as sent.
import type { Registry } from '../schema/registry.js'
import { coerceResource, isObject } from '../resource/coerce.js'
import type { Json, JsonObject } from '../resource/coerce.js'
import { throwIfIssues } from '../resource/issues.js'
import type { Issue } from '../resource/issues.js'
import type { DeviceValue, RoleValue, UserInput } from '../resource/user.js'
import { ScimError } from '../errors.js'
import { resolveDevice } from './devices.js'
import type { DeviceKind } from './devices.js'
import { emailProblem } from './email.js'
import { resolveLanguage } from './languages.js'
import { passwordProblems } from './password.js'
import { controlCharacter } from '../json.js'
import { phoneProblem } from './phone.js'
import { parseProperties } from './properties.js'
import type { TenantSettings } from './settings.js'
import { isTimeZoneEnabled } from './time-zones.js'

export const USER_NAME_MAX = 100
export const EXTERNAL_ID_MAX = 250
export const NAME_PART_MAX = 255
/** No control, format (zero-width, bidi), surrogate, private-use or unassigned characters, no line separators. */
const PRINTABLE = /^[^\p{C}\p{Zl}\p{Zp}]+$/u

/**
 * Validates a User body (POST, PUT, or the result of a PATCH) against the schema and the tenant's profile.
 * Throws one 400 listing every problem. Unsupported attributes are a 400 in `reject` mode and dropped
 * (and reported in `ignored`) in `ignore` mode. `patch` skips the check of required custom properties:
 * a PATCH never fails because a user lacks one (deprovisioning must always work).
 */
export function parseUser(
  body: unknown,
  registry: Registry,
  settings: TenantSettings,
  mode: 'write' | 'patch' = 'write',
): UserInput {
  const coerced = coerceResource(body, registry)
  const shape = coerced.issues.filter((i) => i.scimType === 'invalidSyntax')
  if (shape.length > 0) throwIfIssues(shape)
  const issues: Issue[] = []
  // In reject mode the unsupported attributes are one more problem, reported with all the others.
  if (coerced.unsupported.length > 0 && settings.unsupportedAttributes === 'reject') {
    issues.push({ path: '', message: unsupportedError(coerced.unsupported).detail })
  }
  issues.push(...coerced.issues)
  const v = coerced.value
  const userName = requiredString(v, 'userName', issues)
  if (userName !== undefined) {
    if ([...userName].length > USER_NAME_MAX)
      issues.push({ path: 'userName', message: `must have at most ${USER_NAME_MAX} characters` })
    // A control character is reported by coercion already. White space at either end would make
    // ' rb6 ' and 'rb6' two names that look alike (RFC 8265 §3.3 compares names without it).
    const shape =
      controlCharacter(userName) !== undefined
        ? undefined
        : !PRINTABLE.test(userName) || userName.trim() === ''
          ? 'must contain only printable characters, not only spaces'
          : userName.trim() !== userName
            ? 'must not begin or end with white space'
            : undefined
    if (shape !== undefined) issues.push({ path: 'userName', message: shape })
  }
  const externalId = optionalString(v, 'externalId')
  if (externalId !== undefined && [...externalId].length > EXTERNAL_ID_MAX) {
    issues.push({ path: 'externalId', message: `must have at most ${EXTERNAL_ID_MAX} characters` })
  }
  const name = isObject(v['name']) ? v['name'] : {}
  const givenName = optionalString(name, 'givenName')
  const familyName = optionalString(name, 'familyName')
  for (const [key, value] of [
    ['givenName', givenName],
    ['familyName', familyName],
  ] as const) {
    if (value === undefined && settings.requireNames)
      issues.push({ path: `name.${key}`, message: 'is required by this tenant' })
    if (value !== undefined && [...value].length > NAME_PART_MAX)
      issues.push({ path: `name.${key}`, message: `must have at most ${NAME_PART_MAX} characters` })
  }

  const preferredLanguage = optionalString(v, 'preferredLanguage')
  let languageCode: string | undefined
  if (preferredLanguage !== undefined) {
    languageCode = resolveLanguage(preferredLanguage, settings.languages)
    if (languageCode === undefined) {
      issues.push({
        path: 'preferredLanguage',
        message: `'${preferredLanguage}' is not a language enabled for this tenant; send a code (en, pt_BR), a BCP 47 tag (pt-BR) or a name (English) of an enabled language (roster languages list)`,
      })
    }
  }
  const timezone = optionalString(v, 'timezone')
  if (timezone !== undefined && !isTimeZoneEnabled(timezone, settings.timezones)) {
    issues.push({
      path: 'timezone',
      message: `'${timezone}' is not an IANA time zone enabled for this tenant (for example America/Los_Angeles or US/Pacific; roster timezones list)`,
    })
  }
  const password = optionalString(v, 'password')
  if (password !== undefined) {
    // Checked even without a userName, so every problem is reported in one pass.
    const problems = passwordProblems(password, settings.passwordPolicy, userName ?? '')
    if (problems.length > 0) {
      issues.push({
        path: 'password',
        message: `does not meet the password policy: ${problems.join(', ')}`,
      })
    }
  }
  const emails = devices(v, 'emails', 'email', settings, issues)
  const phoneNumbers = devices(v, 'phoneNumbers', 'phone', settings, issues)
  const roles = userRoles(v, settings, issues)
  const properties = parseProperties(v, registry, mode === 'write', issues)
  throwIfIssues(issues)

  const active = typeof v['active'] === 'boolean' ? v['active'] : true
  return {
    data: {
      userName: userName as string,
      ...(externalId !== undefined ? { externalId } : {}),
      active,
      ...(givenName !== undefined ? { givenName } : {}),
      ...(familyName !== undefined ? { familyName } : {}),
      ...(preferredLanguage !== undefined ? { preferredLanguage, languageCode } : {}),
      ...(timezone !== undefined ? { timezone } : {}),
      emails,
      phoneNumbers,
      roles,
      ...(properties.values !== undefined ? { properties: properties.values } : {}),
      ...(properties.aliases !== undefined ? { propertyAliases: properties.aliases } : {}),
    },
    ...(password !== undefined ? { password } : {}),
    ignored: coerced.unsupported,
  }
}

export function unsupportedError(paths: readonly string[]): ScimError {
  const unique = [...new Set(paths)]
  const many = unique.length > 1
  return ScimError.invalidValue(
    `This directory does not support the attribute${many ? 's' : ''} ${unique.join(', ')}. ` +
      `Remove ${many ? 'them' : 'it'} from the attribute mapping in your identity provider (Entra: Provisioning > Mappings), ` +
      "or have an administrator run 'roster policy set unsupportedAttributes ignore' to accept and drop them.",
  )
}

function requiredString(v: JsonObject, key: string, issues: Issue[]): string | undefined {
  const value = v[key]
  if (typeof value !== 'string' || value === '') {
    issues.push({ path: key, message: 'is required' })
    return undefined
  }
  return value
}

/** An empty string is "no value": Entra clears an attribute by sending "" (entra-client-behaviour.md §2.6). */
function optionalString(v: JsonObject, key: string): string | undefined {
  const value = v[key]
  return typeof value === 'string' && value !== '' ? value : undefined
}

function elements(v: JsonObject, key: string): JsonObject[] {
  const list = v[key]
  return Array.isArray(list) ? list.filter(isObject) : []
}

function devices(
  v: JsonObject,
  key: 'emails' | 'phoneNumbers',
  kind: DeviceKind,
  settings: TenantSettings,
  issues: Issue[],
): DeviceValue[] {
  const out: DeviceValue[] = []
  const used = new Map<string, number>()
  const ofKind = settings.devices.filter((d) => d.kind === kind)
  const available = ofKind.map((d) => d.name)
  // The canonical types that mean a device of this kind (`other` is an email alias only by default).
  const aliases = [...new Set(ofKind.flatMap((d) => d.aliases))]
  elements(v, key).forEach((element, index) => {
    const path = `${key}[${index}]`
    const value = optionalString(element, 'value')
    if (value === undefined) {
      issues.push({ path: `${path}.value`, message: 'is required' })
      return
    }
    const problem = kind === 'email' ? emailProblem(value) : phoneProblem(value)
    if (problem) issues.push({ path: `${path}.value`, message: problem })
    const type = optionalString(element, 'type')
    // An element without a type is the tenant's first device of its kind (Work Email, Work Phone).
    const device = type === undefined ? available[0] : resolveDevice(type, kind, settings.devices)
    if (device === undefined) {
      issues.push({
        path: `${path}.type`,
        message: `'${type ?? ''}' is not ${kind === 'email' ? 'an' : 'a'} ${kind} device name of this tenant; use one of ${available.join(', ')}${aliases.length > 0 ? ` (or ${aliases.join(', ')})` : ''}`,
      })
      return
    }
    const earlier = used.get(device)
    if (earlier !== undefined) {
      issues.push({
        path: `${path}.type`,
        message: `'${device}' is already used by ${key}[${earlier}]; a user has at most one ${kind} per device name`,
      })
      return
    }
    used.set(device, index)
    out.push(withOptional({ value, device }, element))
  })
  checkOnePrimary(out, key, issues)
  return out
}

/**
 * Entra's app-role mappings (AppRoleAssignmentsComplex) send each role's `value` as a JSON-encoded string,
 * `{"id":"…","value":"Admin","displayName":"Admin"}` (entra-client-behaviour.md Q15): the role is its
 * inner `value`, which is what is validated and stored.
 */
export function roleName(value: string | undefined): string | undefined {
  if (value === undefined || !value.trimStart().startsWith('{')) return value
  try {
    const parsed: unknown = JSON.parse(value)
    const inner = isObject(parsed) ? parsed['value'] : undefined
    return typeof inner === 'string' && inner !== '' ? inner : value
  } catch {
    return value
  }
}

function userRoles(v: JsonObject, settings: TenantSettings, issues: Issue[]): RoleValue[] {
  const out: RoleValue[] = []
  // Sets, so that a long roles array costs linear time whatever the number of roles defined.
  const defined = new Set(settings.roles)
  const taken = new Map<string, number>()
  elements(v, 'roles').forEach((element, index) => {
    const value = roleName(optionalString(element, 'value'))
    if (value === undefined) {
      issues.push({ path: `roles[${index}].value`, message: 'is required' })
      return
    }
    if (!defined.has(value)) {
      const near = settings.roles.find((r) => r.toLowerCase() === value.toLowerCase())
      issues.push({
        path: `roles[${index}].value`,
        message: near
          ? `'${value}' is not a role of this tenant; role names match exactly: did you mean '${near}'?`
          : `'${value}' is not a role of this tenant; define it first (roster roles add) or map an existing role`,
      })
      return
    }
    // A role named twice is one role; what the later element sets (a PATCH's
    // `roles[type eq "Primary"].value` on the default role) is kept, so reading the user back shows it.
    const earlier = taken.get(value)
    if (earlier !== undefined) {
      out[earlier] = { ...out[earlier], ...withOptional({ value }, element) }
      return
    }
    taken.set(value, out.length)
    out.push(withOptional({ value }, element))
  })
  checkOnePrimary(out, 'roles', issues)
  // Every user holds at least one role (xMatters REST requires one): the tenant's default role.
  return out.length > 0 || issues.length > 0 ? out : [{ value: settings.defaultRole }]
}

function withOptional<T extends { value: string }>(
  base: T,
  element: JsonObject,
): T & Omit<RoleValue, 'value'> {
  const type = optionalString(element, 'type')
  const display = optionalString(element, 'display')
  const primary: Json | undefined = element['primary']
  return {
    ...base,
    ...(type !== undefined ? { type } : {}),
    ...(typeof primary === 'boolean' ? { primary } : {}),
    ...(display !== undefined ? { display } : {}),
  }
}

/** RFC 7643 §2.4: the primary attribute value "true" MUST appear no more than once. */
function checkOnePrimary(
  list: readonly { primary?: boolean }[],
  key: string,
  issues: Issue[],
): void {
  if (list.filter((e) => e.primary === true).length > 1) {
    issues.push({ path: key, message: 'at most one element may have primary set to true' })
  }
}
