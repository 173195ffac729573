// PATCH bodies (RFC 7644 §3.5.2) in Entra's two shapes (entra-client-behaviour.md §2.6, §3.4-§3.6, §4):
// - default mode: `Add`/`Replace`/`Remove` capitalised, one operation per attribute with its path,
//   booleans as the strings "True"/"False" the expression produced, member removal as a value list;
// - aadOptscim062020 (flag) mode: lower-case ops, JSON booleans, replaces of several attributes as one
//   path-less `replace` whose keys are the paths (Q4), value-filter paths and adds with their own path,
//   member removal as `members[value eq "…"]`.
// Entra uses Add when the target has no value and Replace when it has another one (§2.6).
import { AppRoles } from '../expression/value.js'
import type { Flow, FlowValue } from '../mapping/flow.js'
import type { TargetPath } from '../mapping/target-path.js'
import { rolesComplex, scalarFor } from './body.js'
import { holds, isEmpty, readTarget } from './values.js'

export type Mode = 'default' | 'flag'
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'

type Json = Record<string, unknown>

export interface Change {
  readonly path: TargetPath
  readonly value: FlowValue
  /** Whether the target held a (different) value: Replace rather than Add. */
  readonly had: boolean
}

const opName = (mode: Mode, op: 'add' | 'replace' | 'remove'): string =>
  mode === 'default' ? `${op[0]?.toUpperCase()}${op.slice(1)}` : op

/** What differs between the target resource and what the flows want. */
export function changesFor(resource: unknown, flows: readonly Flow[]): Change[] {
  const changes: Change[] = []
  for (const flow of flows) {
    const path = flow.mapping.target
    const actual = readTarget(resource, path)
    if (flow.onlyIfEmpty && !isEmpty(actual)) continue
    if (holds(actual, flow.value, path)) continue
    changes.push({ path, value: flow.value, had: !isEmpty(actual) })
  }
  return changes
}

function patchValue(change: Change, mode: Mode): unknown {
  const { value, path } = change
  if (value instanceof AppRoles)
    return mode === 'default'
      ? value.roles.map((r) => ({
          value: JSON.stringify({
            id: r.id ?? r.value,
            value: r.value,
            displayName: r.displayName ?? r.value,
          }),
        }))
      : rolesComplex(value)
  if (Array.isArray(value)) return (value as readonly string[]).map((v) => ({ value: v }))
  const scalar = value as string | boolean
  if (mode === 'default') return typeof scalar === 'boolean' ? (scalar ? 'True' : 'False') : scalar
  return scalarFor(path, scalar)
}

export function patchOperations(changes: readonly Change[], mode: Mode): Json[] {
  if (mode === 'default')
    return changes.map((c) => ({
      op: opName(mode, c.value instanceof AppRoles || !c.had ? 'add' : 'replace'),
      path: c.path.text,
      value: patchValue(c, mode),
    }))
  const own = changes.filter(
    (c) => !c.had || c.path.filter !== undefined || c.value instanceof AppRoles,
  )
  const grouped = changes.filter((c) => !own.includes(c))
  const ops: Json[] = own.map((c) => ({
    op: c.had && !(c.value instanceof AppRoles) ? 'replace' : 'add',
    path: c.path.text,
    value: patchValue(c, mode),
  }))
  if (grouped.length === 1) {
    const c = grouped[0] as Change
    ops.push({ op: 'replace', path: c.path.text, value: patchValue(c, mode) })
  } else if (grouped.length > 1)
    ops.push({
      op: 'replace',
      value: Object.fromEntries(grouped.map((c) => [c.path.text, patchValue(c, mode)])),
    })
  return ops
}

export const patchBody = (operations: readonly Json[]): Json => ({
  schemas: [PATCH_OP],
  Operations: operations,
})

/** Entra's disable (§2.6, Q13): the one operation setting `active` to false. */
export function disableOperations(mode: Mode): Json[] {
  return [
    { op: opName(mode, 'replace'), path: 'active', value: mode === 'default' ? 'False' : false },
  ]
}

/** Member additions (§3.4, Q7): one operation with a value list. */
export function addMembers(ids: readonly string[], mode: Mode): Json[] {
  if (ids.length === 0) return []
  return [
    {
      op: opName(mode, 'add'),
      path: 'members',
      value: ids.map((id) => (mode === 'default' ? { $ref: null, value: id } : { value: id })),
    },
  ]
}

/** Member removals (§3.5, Q6): a value list in default mode, one filtered path per member in flag mode. */
export function removeMembers(ids: readonly string[], mode: Mode): Json[] {
  if (ids.length === 0) return []
  if (mode === 'default')
    return [{ op: 'Remove', path: 'members', value: ids.map((id) => ({ $ref: null, value: id })) }]
  return ids.map((id) => ({ op: 'remove', path: `members[value eq ${JSON.stringify(id)}]` }))
}

/** Setting a reference (manager, §2.6 Example 5): the target id with its $ref. */
export function referenceOperation(
  path: TargetPath,
  targetId: string,
  had: boolean,
  mode: Mode,
  tenantUrl: string,
): Json {
  return {
    op: opName(mode, had ? 'replace' : 'add'),
    path: path.text,
    value: [{ $ref: `${tenantUrl.replace(/\/+$/, '')}/Users/${targetId}`, value: targetId }],
  }
}

/** The id a reference attribute holds (`{"value": …}`, `[{"value": …}]` or a plain string). */
export function referencedId(actual: unknown): string | undefined {
  const first = Array.isArray(actual) ? actual[0] : actual
  if (typeof first === 'string') return first
  if (typeof first === 'object' && first !== null) {
    const value = (first as Json)['value']
    return typeof value === 'string' ? value : undefined
  }
  return undefined
}
