// A group PATCH (RFC 7644 §3.5.2) split into what it does to the group's own attributes and what it does
// to its members, so members are changed as rows: adding or removing k members costs O(k) whatever the
// group's size. The own-attribute operations go through the PATCH engine unchanged (same errors, same
// Entra shapes); member operations become steps, applied in order by the store in one transaction.
// Every Entra and RFC member form is covered (entra-client-behaviour.md §3.4-3.6, Q6, Q7).
import { ScimError } from '../errors.js'
import { checkFilter, elementScope } from '../filter/evaluate.js'
import type { Filter } from '../filter/ast.js'
import { checkRelationTerms, relationTerms } from '../filter/limits.js'
import { parsePatchPath } from '../filter/parser.js'
import { isObject } from '../resource/coerce.js'
import type { Json, JsonObject } from '../resource/coerce.js'
import type { MemberRef } from '../resource/group.js'
import { throwIfIssues } from '../resource/issues.js'
import type { Issue } from '../resource/issues.js'
import type { Registry } from '../schema/registry.js'
import { memberRefs } from '../profile/group-rules.js'
import type { PatchOperation } from './operations.js'

export type MemberStep =
  /** Adds these members; those already present are left as they are (RFC 7644 §3.5.2.1). */
  | { readonly kind: 'add'; readonly members: readonly MemberRef[] }
  /** Removes these member ids; ids that are not members are ignored. */
  | { readonly kind: 'remove'; readonly ids: readonly string[] }
  /** Removes every member (remove `members` without a value). */
  | { readonly kind: 'clear' }
  /** Makes the members exactly these (replace, PUT): only the difference is written. */
  | { readonly kind: 'set'; readonly members: readonly MemberRef[] }
  /** Removes the members a value filter other than `value eq` selects (`members[type eq "Group"]`). */
  | { readonly kind: 'removeWhere'; readonly filter: Filter }

export interface GroupPatchPlan {
  /** Operations on displayName and externalId (and unknown attributes, for validation to report). */
  readonly attributes: readonly PatchOperation[]
  readonly members: readonly MemberStep[]
}

export function planGroupPatch(
  operations: readonly PatchOperation[],
  registry: Registry,
): GroupPatchPlan {
  const attributes: PatchOperation[] = []
  const members: MemberStep[] = []
  for (const operation of operations) {
    const where = `Operations[${operation.index}] (${operation.op}${operation.path ? ` '${operation.path}'` : ''})`
    try {
      if (operation.path === undefined) {
        // Path-less add/replace: each key is a path; `members` keys become member steps.
        if (operation.op !== 'remove' && isObject(operation.value)) {
          const rest: JsonObject = {}
          for (const [key, value] of Object.entries(operation.value)) {
            if (isMembers(key, registry)) members.push(...steps(operation.op, value))
            else rest[key] = value
          }
          if (Object.keys(rest).length > 0) attributes.push({ ...operation, value: rest })
          continue
        }
        attributes.push(operation)
        continue
      }
      const { uri, rest } = registry.splitUrn(operation.path)
      const parsed = parsePatchPath(uri === undefined ? operation.path : `${uri}:${rest}`)
      const found = registry.attribute(parsed.path.attr, parsed.path.uri)
      if (found?.attribute.name !== 'members') {
        attributes.push(operation)
        continue
      }
      const subName = parsed.path.sub ?? parsed.sub
      if (subName !== undefined) {
        // value, type and $ref are immutable and display is read-only (RFC 7643 §4.2): a member is
        // added or removed, never edited in place.
        throw ScimError.mutability(
          `a member's ${subName} cannot be changed; add or remove the member instead.`,
        )
      }
      if (parsed.filter) {
        checkFilter(parsed.filter, elementScope(found.attribute))
        members.push(...filtered(operation, parsed.filter))
        continue
      }
      members.push(...steps(operation.op, operation.value))
    } catch (error) {
      if (error instanceof ScimError)
        throw new ScimError(error.status, error.scimType, `${where}: ${error.detail}`)
      throw error
    }
  }
  // Each removeWhere walks the group's members: the request's filters on them are bounded together.
  checkRelationTerms(
    members.reduce(
      (n, step) =>
        n + (step.kind === 'removeWhere' ? Math.max(1, relationTerms(step.filter, true)) : 0),
      0,
    ),
  )
  checkMemberScans(members)
  return { attributes, members }
}

/**
 * Runs of consecutive filter-valued member removals one group PATCH may hold (README "Limits"). The
 * store removes each run with one scan of the group's members on the writer connection (group-store.ts
 * mergedRemovals); another member operation between two removals starts another scan.
 */
export const MAX_MEMBER_SCANS = 2

function checkMemberScans(steps: readonly MemberStep[]): void {
  let scans = 0
  steps.forEach((step, i) => {
    if (step.kind === 'removeWhere' && steps[i - 1]?.kind !== 'removeWhere') scans++
  })
  if (scans <= MAX_MEMBER_SCANS) return
  throw ScimError.invalidFilter(
    `The PATCH removes members by filter in ${scans} places separated by other member operations; at most ${MAX_MEMBER_SCANS} are allowed in one request (each scans the group's members). Put the removals by filter next to each other, or split the PATCH.`,
  )
}

function isMembers(key: string, registry: Registry): boolean {
  const { uri, rest } = registry.splitUrn(key)
  return registry.attribute(rest, uri)?.attribute.name === 'members'
}

/** `members` with op and value (the value is `undefined` when the operation has none). */
function steps(op: PatchOperation['op'], value: Json | undefined): MemberStep[] {
  switch (op) {
    case 'add':
      if (value === undefined || value === null)
        throw ScimError.invalidValue('value is required: the members to add.')
      return [{ kind: 'add', members: refs(value) }]
    case 'replace':
      // RFC 7644 §3.5.2.3: replace the whole list with the given one (an empty list clears it).
      return [{ kind: 'set', members: refs(value ?? []) }]
    case 'remove':
      // RFC 7644 §3.5.2.2: without a value, every member goes; Entra's remove with a value array
      // removes only those (Q6), and an empty array removes nothing.
      if (value === undefined || value === null) return [{ kind: 'clear' }]
      return [{ kind: 'remove', ids: refs(value).map((m) => m.value) }]
  }
}

/** `members[value eq "id"]` (or several `value eq` joined by `or`) targets ids; other filters select. */
function filtered(operation: PatchOperation, filter: Filter): MemberStep[] {
  const ids = valueIds(filter)
  if (operation.op === 'remove') {
    return ids ? [{ kind: 'remove', ids }] : [{ kind: 'removeWhere', filter }]
  }
  // add/replace on `members[value eq "id"]`: the element is the member itself (Entra's upsert, Q8).
  if (ids && ids.length === 1 && ids[0] !== undefined) {
    // The filter names the member; a `value` sent in any case (RFC 7643 §2.1) does not override it.
    const extra = Object.entries(isObject(operation.value) ? operation.value : {}).filter(
      ([key]) => key.toLowerCase() !== 'value',
    )
    return [{ kind: 'add', members: refs({ ...Object.fromEntries(extra), value: ids[0] }) }]
  }
  throw ScimError.invalidPath(
    `${operation.op} on 'members[...]' needs the filter value eq "<member id>"; to add members, add to 'members'.`,
  )
}

function valueIds(filter: Filter): string[] | undefined {
  if (filter.kind === 'or') {
    const left = valueIds(filter.left)
    const right = valueIds(filter.right)
    return left && right ? [...left, ...right] : undefined
  }
  if (
    filter.kind === 'compare' &&
    filter.op === 'eq' &&
    filter.path.sub === undefined &&
    filter.path.uri === undefined &&
    filter.path.attr.toLowerCase() === 'value' &&
    filter.value.type === 'string'
  ) {
    return [filter.value.value]
  }
  return undefined
}

function refs(value: Json): MemberRef[] {
  const issues: Issue[] = []
  const out = memberRefs(value, 'value', issues)
  throwIfIssues(issues)
  return out
}
