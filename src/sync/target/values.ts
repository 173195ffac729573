// Reading and writing a target attribute in a SCIM resource (RFC 7643 JSON), and comparing what the
// mappings want with what the target holds, as Entra does before it decides to PATCH (§2.1 step 7:
// values are compared as sent; a server that reformats them gets the same PATCH every cycle).
import { AppRoles } from '../expression/value.js'
import type { FlowValue } from '../mapping/flow.js'
import type { TargetPath } from '../mapping/target-path.js'

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Attributes whose values are JSON booleans (RFC 7643 §4.1, §2.4). */
export function isBooleanTarget(path: TargetPath): boolean {
  const leaf = (path.sub ?? path.attribute).toLowerCase()
  return leaf === 'active' || leaf === 'primary'
}

/** Multi-valued attributes a multi-valued source may flow into whole (RFC 7643 §4.1.2, §4.2). */
const MULTI_VALUED = new Set([
  'emails',
  'phonenumbers',
  'ims',
  'photos',
  'addresses',
  'entitlements',
  'roles',
  'x509certificates',
])

export const isMultiValuedTarget = (path: TargetPath): boolean =>
  !path.filter && !path.sub && MULTI_VALUED.has(path.attribute.toLowerCase())

/** A key of `object` compared ignoring case (RFC 7643 §2.1: attribute names are case-insensitive). */
export function getIgnoringCase(object: unknown, key: string): unknown {
  if (!isObject(object)) return undefined
  if (key in object) return object[key]
  const folded = key.toLowerCase()
  for (const [k, v] of Object.entries(object)) if (k.toLowerCase() === folded) return v
  return undefined
}

/** "True"/"False" (any case) as a boolean; other text unchanged, for the server to judge. */
export function asBoolean(value: string | boolean): string | boolean {
  if (typeof value === 'boolean') return value
  if (/^true$/i.test(value.trim())) return true
  if (/^false$/i.test(value.trim())) return false
  return value
}

/** Whether an element of a multi-valued attribute is the one a value filter selects. */
function selects(element: unknown, filter: NonNullable<TargetPath['filter']>): boolean {
  const actual = getIgnoringCase(element, filter.attribute)
  if (actual === undefined || actual === null) return false
  return String(actual).toLowerCase() === filter.value.toLowerCase()
}

/** What the resource holds at `path` (undefined when nothing). */
export function readTarget(resource: unknown, path: TargetPath): unknown {
  const container = path.schema ? getIgnoringCase(resource, path.schema) : resource
  const attribute = getIgnoringCase(container, path.attribute)
  if (path.filter) {
    if (!Array.isArray(attribute)) return undefined
    const element = attribute.find((e) =>
      selects(e, path.filter as NonNullable<TargetPath['filter']>),
    )
    return element === undefined ? undefined : getIgnoringCase(element, path.sub ?? 'value')
  }
  if (path.sub) return getIgnoringCase(attribute, path.sub)
  return attribute
}

export const isEmpty = (actual: unknown): boolean =>
  actual === undefined ||
  actual === null ||
  actual === '' ||
  (Array.isArray(actual) && actual.length === 0)

/** Role names of a roles attribute; Entra's JSON-encoded values (`{"value":"Admin",…}`) read as their value. */
function roleValues(actual: unknown): string[] {
  if (!Array.isArray(actual)) return []
  return actual.map((r) => {
    const value = isObject(r) ? r['value'] : r
    if (typeof value === 'string' && value.startsWith('{'))
      try {
        const parsed: unknown = JSON.parse(value)
        if (isObject(parsed) && typeof parsed['value'] === 'string') return parsed['value']
      } catch {
        // a plain value that starts with a brace
      }
    return String(value)
  })
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().every((v, i) => v === [...b].sort()[i])

/** Whether the target already holds `wanted` at `path`. */
export function holds(actual: unknown, wanted: FlowValue, path: TargetPath): boolean {
  if (isEmpty(actual)) return false
  if (wanted instanceof AppRoles)
    return sameSet(
      roleValues(actual),
      wanted.roles.map((r) => r.value),
    )
  if (Array.isArray(wanted)) {
    if (!Array.isArray(actual)) return false
    const values = actual.map((e) => (isObject(e) ? String(e['value']) : String(e)))
    return sameSet(values, wanted as readonly string[])
  }
  if (isBooleanTarget(path))
    return (
      String(asBoolean(String(actual))).toLowerCase() ===
      String(asBoolean(wanted as string | boolean)).toLowerCase()
    )
  if (typeof actual === 'object') return false
  return String(actual) === (typeof wanted === 'boolean' ? (wanted ? 'True' : 'False') : wanted)
}
