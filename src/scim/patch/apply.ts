// The PATCH engine (RFC 7644 §3.5.2): applies operations to a resource's SCIM JSON and returns a new
// object; the input is never mutated. Validation of the result is the caller's (the same as for POST).
// Entra's shapes are accepted (entra-client-behaviour.md §4): add on a single-valued attribute sets it,
// path-less add/replace with dotted and URN-qualified keys, value-filter paths that match nothing create
// the element, remove with a value array removes only the listed elements.
import { ScimError } from '../errors.js'
import { checkFilter, evaluate, elementScope } from '../filter/evaluate.js'
import type { Fold } from '../filter/evaluate.js'
import type { Filter } from '../filter/ast.js'
import { parsePatchPath } from '../filter/parser.js'
import type { AttributeDef } from '../schema/attribute.js'
import { attribute, subAttribute } from '../schema/attribute.js'
import type { Registry } from '../schema/registry.js'
import { isObject, toBoolean } from '../resource/coerce.js'
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
  /** The extension schema URN whose object holds the attribute (RFC 7643 §3.3), if not the core. */
  readonly extension?: string
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
        const { uri, rest } = ctx.registry.splitUrn(key)
        if (uri !== undefined && rest === '' && ctx.registry.isExtension(uri) && isObject(value)) {
          // `{"urn:…:roster:2.0:User": {"costCenter": "42"}}`: each of its attributes.
          for (const [name, inner] of Object.entries(value))
            out = applyAt(out, operation.op, target(`${uri}:${name}`, ctx.registry), inner, ctx)
          continue
        }
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
    // Not an attribute of this directory: carried under its own name (`displayName`, or the full
    // `urn:...:User:employeeNumber` for another schema) so that validation reports it as unsupported
    // (or drops it, in `ignore` mode) exactly as it does for POST.
    const uri = parsed.path.uri
    const core =
      uri === undefined || uri.toLowerCase() === registry.resourceType.schema.id.toLowerCase()
    const key = core ? parsed.path.attr : `${uri}:${parsed.path.attr}`
    const def = attribute(key, 'string', { multiValued: parsed.filter !== undefined })
    return { key, def, known: false }
  }
  const def = found.attribute
  if (def.mutability === 'readOnly') {
    throw ScimError.mutability(`'${def.name}' is read-only.`)
  }
  let sub: AttributeDef | undefined
  const subName = parsed.path.sub ?? parsed.sub
  if (subName !== undefined) {
    if (def.type !== 'complex') {
      throw ScimError.invalidPath(
        `'${def.name}' is a ${def.type} attribute; it has no sub-attribute '${subName}'.`,
      )
    }
    // A sub-attribute the schema lacks (Entra's `name.formatted`, Q5) is carried as written, as a POST
    // body's would be, so that validation reports `name.formatted` as unsupported.
    sub = subAttribute(def, subName) ?? attribute(subName, 'string')
  }
  if (parsed.filter && !def.multiValued) {
    throw ScimError.invalidPath(
      `'${def.name}' is not a multi-valued attribute; it takes no [filter].`,
    )
  }
  // The filter's names and operators are checked now, not only when an element is there to test.
  if (parsed.filter) checkFilter(parsed.filter, elementScope(elementsOf(def)))
  const extension = registry.isExtension(found.schema) ? found.schema : undefined
  return {
    key: def.name,
    def,
    known: true,
    ...(parsed.filter ? { filter: parsed.filter } : {}),
    ...(sub ? { sub } : {}),
    ...(extension ? { extension } : {}),
  }
}

/**
 * A multi-valued simple attribute (a custom property's values) as the complex attribute whose elements
 * are `{value}`: how `skills[value eq "Go"]` selects among its values (RFC 7644 §3.5.2's value filter).
 */
function elementsOf(def: AttributeDef): AttributeDef {
  if (def.type === 'complex') return def
  return attribute(def.name, 'complex', {
    multiValued: true,
    subAttributes: [attribute('value', def.type, { caseExact: def.caseExact })],
  })
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
  if (t.extension !== undefined) {
    // The attribute lives in its extension's object; an object left empty goes.
    const { extension, ...inner } = t
    const current = resource[extension]
    const next = applyAt(isObject(current) ? current : {}, op, inner, value, ctx)
    return Object.keys(next).length > 0
      ? { ...resource, [extension]: next }
      : without(resource, extension)
  }
  if (t.def.multiValued && t.def.type !== 'complex' && t.filter) {
    // Values as `{value}` elements through the complex engine, then back to values.
    const def = elementsOf(t.def)
    const sub = t.sub ?? subAttribute(def, 'value')
    const wrapped = asArray(resource[t.key]).map((v) => ({ value: v }))
    const out = applyAt(
      { [t.key]: wrapped },
      op,
      { ...t, def, ...(sub ? { sub } : {}) },
      value,
      ctx,
    )
    const values = asArray(out[t.key]).map((e) => (isObject(e) ? (e['value'] ?? null) : e))
    return values.length > 0 ? { ...resource, [t.key]: values } : without(resource, t.key)
  }
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
  const { items, changed } = multiValuedChange(list, op, t, value, ctx)
  // RFC 7644 §3.5.2: setting one value's primary to true sets it to false on every other value.
  if (!subAttribute(t.def, 'primary') || !changed.some(isPrimary)) return items
  const written = new Set(changed)
  return items.map((item) =>
    isObject(item) && !written.has(item) && isPrimary(item) ? { ...item, primary: false } : item,
  )
}

/** The new list and the elements this operation wrote (for the primary rule). */
function multiValuedChange(
  list: Json[],
  op: PatchOperation['op'],
  t: Target,
  value: Json | undefined,
  ctx: PatchContext,
): { items: Json[]; changed: Json[] } {
  const changed: Json[] = []
  const write = <T extends Json>(item: T): T => {
    changed.push(item)
    return item
  }
  if (t.filter) {
    const scope = elementScope(elementsOf(t.def))
    const filter = t.filter
    const matches = (item: Json): boolean =>
      isObject(item) && evaluate(filter, item, scope, ctx.fold)
    if (op === 'remove') {
      if (!t.sub) return { items: list.filter((item) => !matches(item)), changed }
      const subName = t.sub.name
      const items = list.map((item) =>
        matches(item) && isObject(item) ? without(item, subName) : item,
      )
      return { items, changed }
    }
    // RFC 7644 §3.5.2.1/3: without a sub-attribute, value holds sub-attributes to set on each match.
    if (!t.sub && !isObject(value)) {
      throw ScimError.invalidValue(
        `'${t.def.name}[...]' takes an object of sub-attributes as its value.`,
      )
    }
    const update = (item: JsonObject): JsonObject =>
      write(
        t.sub ? { ...item, [t.sub.name]: value as Json } : { ...item, ...(value as JsonObject) },
      )
    if (list.some(matches)) {
      const items = list.map((item) => (matches(item) && isObject(item) ? update(item) : item))
      return { items, changed }
    }
    // Entra (Q8): a value path that matches nothing creates the element from the filter's equalities,
    // when it sets the element's value (`emails[type eq "work"].value`) or a whole element. Setting
    // another sub-attribute (`.primary`, `.display`) of an element that does not exist has no target.
    if (t.sub && t.sub.name !== 'value') {
      throw ScimError.noTarget(
        `no element of '${t.def.name}' matches the filter, so there is no ${t.sub.name} to set.`,
      )
    }
    return { items: [...list, update(equalities(filter, t.def))], changed }
  }
  if (t.sub) {
    const subName = t.sub.name
    const items = list.map((item) => {
      if (!isObject(item)) return item
      return op === 'remove' ? without(item, subName) : write({ ...item, [subName]: value as Json })
    })
    return { items, changed }
  }
  switch (op) {
    case 'replace': {
      const items = [...asArray(value)]
      return { items, changed: items }
    }
    case 'add': {
      // RFC 7644 §3.5.2.1: adding a value already present changes nothing; sub-attributes sent with
      // it (`primary`, `display`) are merged into the element that holds it. Elements are found by
      // their key in a map, so a long value array costs linear time, not quadratic.
      const items = [...list]
      const at = new Map<string, number>()
      items.forEach((item, index) => {
        const key = elementKey(item)
        if (key !== undefined && !at.has(key)) at.set(key, index)
      })
      for (const v of asArray(value)) {
        const key = elementKey(v)
        const index = key === undefined ? undefined : at.get(key)
        const current = index === undefined ? undefined : items[index]
        if (current === undefined || index === undefined) {
          if (key !== undefined) at.set(key, items.length)
          items.push(write(v))
        } else if (isObject(current) && isObject(v)) items[index] = write({ ...current, ...v })
      }
      return { items, changed }
    }
    case 'remove': {
      // Entra (Q6): remove with a value array removes only those elements (none for []); without a
      // value, all of them (RFC 7644 §3.5.2.2).
      if (value === undefined || value === null) return { items: [], changed }
      const keys = new Set(asArray(value).map(elementKey))
      return {
        items: list.filter((item) => {
          const key = elementKey(item)
          return key === undefined || !keys.has(key)
        }),
        changed,
      }
    }
  }
}

function isPrimary(item: Json): boolean {
  return isObject(item) && toBoolean(item['primary']) === true
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

/**
 * What makes two elements the same one: an object's primitive `value` (objects without one are never the
 * same as another), or a primitive itself. Typed, so `1` and `"1"` stay apart.
 */
function elementKey(item: Json): string | undefined {
  const v = isObject(item) ? item['value'] : item
  if (v === undefined || v === null || typeof v === 'object') return undefined
  return `${typeof v}:${String(v)}`
}

function asArray(value: Json | undefined): Json[] {
  if (value === undefined || value === null) return []
  return Array.isArray(value) ? value : [value]
}

function without(object: JsonObject, key: string): JsonObject {
  const { [key]: _removed, ...rest } = object
  return rest
}
