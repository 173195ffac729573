// The PATCH engine (RFC 7644 §3.5.2): applies operations to a resource's SCIM JSON and returns a new
// object; the input is never mutated. Validation of the result is the caller's (the same as for POST).
// Entra's shapes are accepted (entra-client-behaviour.md §4): add on a single-valued attribute sets it,
// path-less add/replace with dotted and URN-qualified keys, value-filter paths that match nothing create
// the element, remove with a value array removes only the listed elements.
import { ScimError } from '../errors.js'
import { evaluate, elementScope } from '../filter/evaluate.js'
import type { Fold } from '../filter/evaluate.js'
import type { Filter } from '../filter/ast.js'
import { parsePatchPath } from '../filter/parser.js'
import type { AttributeDef } from '../schema/attribute.js'
import { attribute, subAttribute } from '../schema/attribute.js'
import type { Registry } from '../schema/registry.js'
import { isObject } from '../resource/coerce.js'
import type { Json, JsonObject } from '../resource/coerce.js'
import type { PatchOperation } from './operations.js'

export interface PatchContext {
  readonly registry: Registry
  readonly fold?: Fold
}

interface Target {
  /** The key in the resource object (canonical name, or the extension URN for extension attributes). */
  readonly key: string
  readonly def: AttributeDef
  readonly known: boolean
  readonly filter?: Filter
  readonly sub?: AttributeDef
}

export function applyPatch(
  resource: JsonObject,
  operations: readonly PatchOperation[],
  ctx: PatchContext,
): JsonObject {
  let current: JsonObject = structuredClone(resource)
  for (const operation of operations) current = applyOne(current, operation, ctx)
  return current
}

function applyOne(resource: JsonObject, operation: PatchOperation, ctx: PatchContext): JsonObject {
  const where = `Operations[${operation.index}] (${operation.op}${operation.path ? ` '${operation.path}'` : ''})`
  try {
    if (operation.path === undefined) {
      if (operation.op === 'remove')
        throw ScimError.noTarget('remove needs a path (RFC 7644 §3.5.2.2).')
      if (!isObject(operation.value)) {
        throw ScimError.invalidValue(
          'without a path, value must be an object of attribute names and values.',
        )
      }
      // RFC 7644 §3.5.2.1/3: each key is a path; Entra sends dotted (`name.givenName`) and URN keys.
      let out = resource
      for (const [key, value] of Object.entries(operation.value)) {
        out = applyAt(out, operation.op, target(key, ctx.registry), value, ctx)
      }
      return out
    }
    return applyAt(
      resource,
      operation.op,
      target(operation.path, ctx.registry),
      operation.value,
      ctx,
    )
  } catch (error) {
    if (error instanceof ScimError) {
      throw new ScimError(error.status, error.scimType, `${where}: ${error.detail}`)
    }
    throw error
  }
}

function target(text: string, registry: Registry): Target {
  const { uri, rest } = registry.splitUrn(text)
  const parsed = parsePatchPath(uri === undefined ? text : `${uri}:${rest}`)
  const found = registry.attribute(parsed.path.attr, parsed.path.uri)
  if (!found) {
    // Not an attribute of this directory: carried as a plain key so that validation reports it as
    // unsupported (or drops it, in `ignore` mode) exactly as it does for POST.
    const key = parsed.path.uri ? `${parsed.path.uri}` : parsed.path.attr
    const inner = parsed.path.uri ? parsed.path.attr : parsed.path.sub
    const def = attribute(key, inner || parsed.filter ? 'complex' : 'string', {
      multiValued: parsed.filter !== undefined,
      subAttributes: [],
    })
    return { key, def, known: false }
  }
  const def = found.attribute
  if (def.mutability === 'readOnly') {
    throw ScimError.mutability(`'${def.name}' is read-only.`)
  }
  let sub: AttributeDef | undefined
  const subName = parsed.path.sub ?? parsed.sub
  if (subName !== undefined) {
    sub = subAttribute(def, subName)
    if (!sub) throw ScimError.invalidPath(`'${def.name}' has no sub-attribute '${subName}'.`)
  }
  if (parsed.filter && !(def.multiValued && def.type === 'complex')) {
    throw ScimError.invalidPath(
      `'${def.name}' is not a multi-valued complex attribute; it takes no [filter].`,
    )
  }
  return {
    key: def.name,
    def,
    known: true,
    ...(parsed.filter ? { filter: parsed.filter } : {}),
    ...(sub ? { sub } : {}),
  }
}

function applyAt(
  resource: JsonObject,
  op: PatchOperation['op'],
  t: Target,
  value: Json | undefined,
  ctx: PatchContext,
): JsonObject {
  if (!t.known) {
    // Unknown attribute: record the attempt so validation can name it.
    return op === 'remove' ? without(resource, t.key) : { ...resource, [t.key]: value ?? null }
  }
  if (op !== 'remove' && value === undefined) throw ScimError.invalidValue('value is required.')
  const out: JsonObject = { ...resource }
  const current = out[t.key]
  if (t.def.multiValued) {
    out[t.key] = multiValued(asArray(current), op, t, value, ctx)
    if ((out[t.key] as Json[]).length === 0) delete out[t.key]
    return out
  }
  if (t.sub) {
    const parent = isObject(current) ? { ...current } : {}
    if (op === 'remove') delete parent[t.sub.name]
    else parent[t.sub.name] = value as Json
    out[t.key] = parent
    return out
  }
  if (op === 'remove') return without(out, t.key)
  // RFC 7644 §3.5.2.1/3: a complex value merges its sub-attributes; a simple one is set (Entra Q3).
  out[t.key] =
    t.def.type === 'complex' && isObject(value) && isObject(current)
      ? { ...current, ...value }
      : (value as Json)
  return out
}

function multiValued(
  list: Json[],
  op: PatchOperation['op'],
  t: Target,
  value: Json | undefined,
  ctx: PatchContext,
): Json[] {
  if (t.filter) {
    const scope = elementScope(t.def)
    const filter = t.filter
    const matches = (item: Json): boolean =>
      isObject(item) && evaluate(filter, item, scope, ctx.fold)
    if (op === 'remove') {
      if (!t.sub) return list.filter((item) => !matches(item))
      const subName = t.sub.name
      return list.map((item) => (matches(item) && isObject(item) ? without(item, subName) : item))
    }
    const update = (item: JsonObject): JsonObject =>
      t.sub
        ? { ...item, [t.sub.name]: value as Json }
        : isObject(value)
          ? { ...item, ...value }
          : item
    if (list.some(matches))
      return list.map((item) => (matches(item) && isObject(item) ? update(item) : item))
    // Entra (Q8): a value path that matches nothing creates the element from the filter's equalities.
    return [...list, update(equalities(filter, t.def))]
  }
  if (t.sub) {
    const subName = t.sub.name
    return list.map((item) => {
      if (!isObject(item)) return item
      return op === 'remove' ? without(item, subName) : { ...item, [subName]: value as Json }
    })
  }
  const values = asArray(value ?? null)
  switch (op) {
    case 'replace':
      return values
    case 'add':
      // RFC 7644 §3.5.2.1: adding a value already present changes nothing.
      return [...list, ...values.filter((v) => !list.some((item) => sameElement(item, v)))]
    case 'remove':
      // Entra (Q6): remove with a value array removes only those elements; without one, all of them.
      if (values.length === 0) return []
      return list.filter((item) => !values.some((v) => sameElement(item, v)))
  }
}

/** `type eq "work" and primary eq true` → `{ type: 'work', primary: true }`. */
function equalities(filter: Filter, parent: AttributeDef): JsonObject {
  if (filter.kind === 'and')
    return { ...equalities(filter.left, parent), ...equalities(filter.right, parent) }
  if (
    filter.kind === 'compare' &&
    filter.op === 'eq' &&
    filter.path.sub === undefined &&
    filter.value.type !== 'null'
  ) {
    const name = subAttribute(parent, filter.path.attr)?.name ?? filter.path.attr
    return { [name]: filter.value.value }
  }
  throw ScimError.noTarget(
    'no element matches the filter, and it is not a plain equality to create one from.',
  )
}

function sameElement(a: Json, b: Json): boolean {
  if (isObject(a) && isObject(b)) return a['value'] !== undefined && a['value'] === b['value']
  return a === b
}

function asArray(value: Json | undefined): Json[] {
  if (value === undefined || value === null) return []
  return Array.isArray(value) ? value : [value]
}

function without(object: JsonObject, key: string): JsonObject {
  const { [key]: _removed, ...rest } = object
  return rest
}
