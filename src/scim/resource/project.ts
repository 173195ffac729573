// RFC 7644 §3.4.2.5 and §3.9: `attributes` and `excludedAttributes` select what a response carries.
// `id` and `schemas` (and `meta.resourceType`) are always returned; `returned: never` never is;
// `returned: request` only when asked for by name.
import { ScimError } from '../errors.js'
import { parseAttrPath } from '../path/attr-path.js'
import type { AttributeDef } from '../schema/attribute.js'
import type { Registry } from '../schema/registry.js'
import type { Json, JsonObject } from './coerce.js'
import { isObject } from './coerce.js'

export interface Projection {
  readonly attributes?: readonly string[]
  readonly excludedAttributes?: readonly string[]
}

interface Selector {
  /** The schema URN, lower-case (the core schema's for core and common attributes). */
  readonly schema: string
  readonly attr: string
  readonly sub?: string
}

/** Parses a comma-separated list of attribute paths; an attribute the schema lacks is a 400. */
export function parseAttributeList(
  text: string | undefined,
  registry: Registry,
  param: string,
): string[] | undefined {
  if (text === undefined || text.trim() === '') return undefined
  return text.split(',').map((item) => {
    const trimmed = item.trim()
    // An extension's URN alone selects all of its attributes.
    if (registry.isExtension(trimmed)) return trimmed
    const parsed = parseAttrPath(trimmed)
    if (!parsed || !registry.resolve(parsed)) {
      throw ScimError.invalidValue(
        `${param}: '${trimmed}' is not an attribute of the ${registry.resourceType.name} schema (see /Schemas).`,
      )
    }
    return trimmed
  })
}

export function project(
  resource: JsonObject,
  registry: Registry,
  projection: Projection,
): JsonObject {
  const include = projection.attributes?.map((a) => selector(a, registry))
  const exclude = projection.excludedAttributes?.map((a) => selector(a, registry))
  const out: JsonObject = {}
  for (const [key, value] of Object.entries(resource)) {
    if (key === 'schemas') {
      out[key] = value
      continue
    }
    if (registry.isExtension(key) && isObject(value)) {
      // An extension object (RFC 7643 §3.3): its attributes are selected like any other; an object
      // left empty is not returned, and `schemas` then no longer lists it.
      const urn = registry.schema(key)?.id ?? key
      const inner: JsonObject = {}
      for (const [name, v] of Object.entries(value)) {
        const def = registry.attribute(name, urn)?.attribute
        const projected = def && projectAttribute(def, v, include, exclude, urn)
        if (projected !== undefined) inner[name] = projected
      }
      if (Object.keys(inner).length > 0) out[key] = inner
      continue
    }
    const def = registry.attribute(key)?.attribute
    if (!def) continue
    const core = registry.resourceType.schema.id
    const projected = projectAttribute(def, value, include, exclude, core)
    if (projected !== undefined) out[key] = projected
  }
  const schemas = out['schemas']
  if (Array.isArray(schemas)) {
    out['schemas'] = schemas.filter(
      (s) => typeof s !== 'string' || !registry.isExtension(s) || isObject(out[s]),
    )
  }
  return out
}

function projectAttribute(
  def: AttributeDef,
  value: Json,
  include: readonly Selector[] | undefined,
  exclude: readonly Selector[] | undefined,
  schemaId: string,
): Json | undefined {
  const name = def.name.toLowerCase()
  const schema = schemaId.toLowerCase()
  const same = (s: Selector): boolean => (s.attr === name || s.attr === '') && s.schema === schema
  if (def.returned === 'never') return undefined
  if (def.returned === 'always') return value
  if (name === 'meta') {
    // meta.resourceType is always returned; the rest follows the selectors.
    const selected = filterSubs(def, value, include, exclude)
    return isObject(value)
      ? { resourceType: value['resourceType'] ?? null, ...(isObject(selected) ? selected : {}) }
      : value
  }
  if (include) {
    const hits = include.filter(same)
    if (hits.length === 0) return undefined
    if (hits.some((s) => s.sub === undefined)) return value
    return filterSubs(def, value, hits, undefined)
  }
  if (def.returned === 'request') return undefined
  if (exclude) {
    const hits = exclude.filter(same)
    if (hits.some((s) => s.sub === undefined)) return undefined
    if (hits.length > 0) return filterSubs(def, value, undefined, hits)
  }
  return value
}

/**
 * Keeps or drops sub-attributes of a complex (or multi-valued complex) value. An element left with no
 * sub-attribute is dropped, and a value left empty is not returned (RFC 7643 §2.5: unassigned).
 */
function filterSubs(
  def: AttributeDef,
  value: Json,
  include: readonly Selector[] | undefined,
  exclude: readonly Selector[] | undefined,
): Json | undefined {
  const name = def.name.toLowerCase()
  const keep = (key: string): boolean => {
    const k = key.toLowerCase()
    if (include) return include.some((s) => s.attr === name && (s.sub === undefined || s.sub === k))
    if (exclude)
      return !exclude.some((s) => s.attr === name && (s.sub === undefined || s.sub === k))
    return true
  }
  const pick = (element: Json): Json | undefined => {
    if (!isObject(element)) return element
    const kept = Object.entries(element).filter(([k]) => keep(k))
    return kept.length > 0 ? Object.fromEntries(kept) : undefined
  }
  if (Array.isArray(value)) {
    const elements = value.map(pick).filter((e): e is Json => e !== undefined)
    return elements.length > 0 ? elements : undefined
  }
  return pick(value)
}

function selector(text: string, registry: Registry): Selector {
  if (registry.isExtension(text)) return { schema: text.toLowerCase(), attr: '' }
  const parsed = parseAttrPath(text)
  const resolved = parsed ? registry.resolve(parsed) : undefined
  return {
    schema: (resolved?.schema ?? registry.resourceType.schema.id).toLowerCase(),
    attr: (resolved?.attribute.name ?? text).toLowerCase(),
    ...(resolved?.sub ? { sub: resolved.sub.name.toLowerCase() } : {}),
  }
}
