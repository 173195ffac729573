// The body of a create (POST /Users, POST /Groups) as Entra builds it from the mappings (§2.4, §3.2):
// core and enterprise attributes, value-filter paths as elements of their multi-valued attribute
// (`emails[type eq "work"].value` → `{"type": "work", "value": …, "primary": true}`), booleans as JSON
// booleans, and `meta.resourceType`. Custom extension URNs are not listed in `schemas` (Q10).
import { AppRoles } from '../expression/value.js'
import type { Flow, FlowValue } from '../mapping/flow.js'
import { CORE_GROUP, CORE_USER, ENTERPRISE_USER } from '../mapping/target-path.js'
import type { TargetPath } from '../mapping/target-path.js'
import { asBoolean, getIgnoringCase, isBooleanTarget, isMultiValuedTarget } from './values.js'

/** The odd schema URI Entra puts on group creation (§3.2, Q11). */
export const ADSCIM_GROUP =
  'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'

type Json = Record<string, unknown>

/** A value a target cannot take: a list into a single-valued attribute (Entra's error code). */
export class FlowError extends Error {
  readonly code = 'SchemaPropertyCanOnlyAcceptValue'
}

/** Entra's POST form of app roles (S7): complex values with primary, type, display and value. */
export function rolesComplex(roles: AppRoles): Json[] {
  return roles.roles.map((r) => ({
    primary: false,
    type: 'WindowsAzureActiveDirectoryRole',
    display: r.displayName ?? r.value,
    value: r.value,
  }))
}

/** A scalar for `path`: booleans for boolean attributes, text otherwise. */
export function scalarFor(path: TargetPath, value: string | boolean): string | boolean {
  if (isBooleanTarget(path)) return asBoolean(value)
  return typeof value === 'boolean' ? (value ? 'True' : 'False') : value
}

function child(container: Json, key: string): unknown {
  const existing = Object.keys(container).find((k) => k.toLowerCase() === key.toLowerCase())
  return existing === undefined ? undefined : container[existing]
}

/** Writes `value` at `path` into `body` (mutated: the body is being built). */
export function writeTarget(body: Json, path: TargetPath, value: FlowValue): void {
  const list = Array.isArray(value) || value instanceof AppRoles
  if (list && !isMultiValuedTarget(path))
    throw new FlowError(
      `${path.text} holds one value, and the mapping gives several (${value instanceof AppRoles ? value.roles.map((r) => r.value).join(', ') : (value as readonly string[]).join(', ')}): pick one with Item(…, 1) or SingleAppRoleAssignment.`,
    )
  let container = body
  if (path.schema) {
    const existing = child(body, path.schema)
    container = (existing ?? (body[path.schema] = {})) as Json
  }
  const name = path.attribute
  if (value instanceof AppRoles) {
    container[name] = rolesComplex(value)
    return
  }
  if (Array.isArray(value)) {
    container[name] = (value as readonly string[]).map((v) => ({ value: v }))
    return
  }
  const scalar = scalarFor(path, value as string | boolean)
  if (path.filter) {
    const elements = (child(container, name) ?? (container[name] = [])) as Json[]
    const filter = path.filter
    let element = elements.find(
      (e) =>
        String(getIgnoringCase(e, filter.attribute)).toLowerCase() === filter.value.toLowerCase(),
    )
    if (!element) {
      const filterPath: TargetPath = { text: filter.attribute, attribute: filter.attribute }
      element = { [filter.attribute]: scalarFor(filterPath, filter.value) }
      // Entra marks its work email primary (§2.4's documented body).
      if (
        name.toLowerCase() === 'emails' &&
        filter.attribute.toLowerCase() === 'type' &&
        filter.value.toLowerCase() === 'work'
      )
        element['primary'] = true
      elements.push(element)
    }
    element[path.sub ?? 'value'] = scalar
    return
  }
  if (path.sub) {
    const complex = (child(container, name) ?? (container[name] = {})) as Json
    complex[path.sub] = scalar
    return
  }
  container[name] = scalar
}

/** POST /Users or /Groups from the flows of an object being created. */
export function createBody(
  kind: 'User' | 'Group',
  flows: readonly Flow[],
  mappedSchemas: readonly string[],
): Json {
  const body: Json = {
    schemas:
      kind === 'User'
        ? [CORE_USER, ...(mappedSchemas.includes(ENTERPRISE_USER) ? [ENTERPRISE_USER] : [])]
        : [CORE_GROUP, ADSCIM_GROUP],
  }
  for (const flow of flows) writeTarget(body, flow.mapping.target, flow.value)
  body['meta'] = { resourceType: kind }
  return body
}
