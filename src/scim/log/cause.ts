// Errors grouped by cause. A failed request has one cause per problem its SCIM error reports; problems
// that an admin fixes the same way (the same attribute mapping, the same message whatever the user's
// value) share a key. The fix shown is the problem's own message: the words of the SCIM error's detail.
import type { ScimError } from '../errors.js'
import { isObject } from '../resource/coerce.js'
import type { Cause } from './entry.js'
import { clip } from './entry.js'

/**
 * `phoneNumbers[0].value` as the mapping Entra shows (`phoneNumbers[type eq "Work Phone"].value`) when
 * the request's element says its type; else the index is dropped (`phoneNumbers[].value`).
 */
export function mappingPath(path: string, body: unknown): string {
  return path.replace(/^(\w+)\[(\d+)\]/, (whole, name: string, index: string) => {
    const list = isObject(body) ? body[name] : undefined
    const element = Array.isArray(list) ? list[Number(index)] : undefined
    const type = isObject(element) ? element['type'] : undefined
    return typeof type === 'string' && type !== '' ? `${name}[type eq "${type}"]` : `${name}[]`
  })
}

/** A message with its quoted values and ids blanked: the same fix whatever the user's value. */
function template(message: string): string {
  return message
    .replace(/'[^']*'/g, "'…'")
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '…')
    .replace(/\[\d+\]/g, '[]')
}

/** The attributes named by the unsupported-attributes problem (scim/profile/user-rules.ts). */
const UNSUPPORTED = /does not support the attributes? (.+?)\. Remove/

export interface CausesOf {
  readonly causes: Cause[]
  /** The attribute paths at fault, as mapped in Entra. */
  readonly attributes: string[]
}

/** The causes of a SCIM error for a request with this body. */
export function causesOf(error: ScimError, body: unknown): CausesOf {
  const head = `${error.status} ${error.scimType ?? ''}`
  if (error.problems.length === 0) {
    return {
      causes: [{ key: `${head}|${template(error.detail)}`, fix: clip(error.detail) }],
      attributes: [],
    }
  }
  const causes = new Map<string, Cause>()
  const attributes: string[] = []
  for (const problem of error.problems) {
    const path = problem.path === '' ? '' : mappingPath(problem.path, body)
    if (path !== '') attributes.push(path)
    else attributes.push(...(UNSUPPORTED.exec(problem.message)?.[1]?.split(', ') ?? []))
    const key = `${head}|${path}|${template(problem.message)}`
    const fix = clip(path === '' ? problem.message : `${path}: ${problem.message}`)
    if (!causes.has(key)) causes.set(key, { key, fix })
  }
  return { causes: [...causes.values()], attributes: [...new Set(attributes)] }
}
