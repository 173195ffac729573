// The tenant's custom user properties (product.md: "custom properties"): the extension schema
// `urn:ietf:params:scim:schemas:extension:roster:2.0:User`, one attribute per property the tenant
// defines. Definitions are data read with the tenant's configuration; the registry built from them is
// what every request of that tenant validates, projects, patches and filters with.
import { attribute } from './attribute.js'
import type { AttributeDef } from './attribute.js'
import { Registry, USER_RESOURCE_TYPE } from './registry.js'
import type { SchemaDef } from './registry.js'

export const ROSTER_USER_EXTENSION = 'urn:ietf:params:scim:schemas:extension:roster:2.0:User'

export const PROPERTY_TYPES = ['string', 'integer', 'decimal', 'boolean', 'dateTime'] as const
export type PropertyType = (typeof PROPERTY_TYPES)[number]

/** Limits of definitions (README "Custom properties"). */
export const MAX_PROPERTIES = 100
export const PROPERTY_NAME_MAX = 64
/** The longest string value when a property sets no maxLength, and the most it may set. */
export const PROPERTY_VALUE_MAX = 2048
/** The most values a multi-valued property holds for one user. */
export const PROPERTY_VALUES_MAX = 100
export const PROPERTY_CANONICAL_MAX = 500

/** One property as the tenant defined it (`roster properties add`). */
export interface PropertyDef {
  readonly name: string
  readonly type: PropertyType
  /** A list property: only these values, matched ignoring case, stored as sent. */
  readonly canonicalValues: readonly string[]
  readonly multiValued: boolean
  /** Checked on POST and PUT, never on PATCH (deprovisioning must always work). */
  readonly required: boolean
  readonly maxLength: number | undefined
  readonly caseExact: boolean
  /** SCIM paths (`title`, `urn:…:enterprise:2.0:User:department`) accepted as other names of it. */
  readonly aliases: readonly string[]
  readonly description: string
}

/** RFC 7643 §2.1 ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA. */
const ATTRNAME = /^[A-Za-z][A-Za-z0-9_-]*$/

/** Why a property name is not acceptable, or undefined. */
export function propertyNameProblem(name: string): string | undefined {
  if (!ATTRNAME.test(name))
    return `'${name}' is not an attribute name (RFC 7643 §2.1: a letter, then letters, digits, '-' or '_')`
  if (name.length > PROPERTY_NAME_MAX)
    return `'${name}' is longer than ${PROPERTY_NAME_MAX} characters`
  return undefined
}

/** The definition as a SCIM attribute of the extension schema (RFC 7643 §7). */
export function propertyAttribute(def: PropertyDef): AttributeDef {
  const detail = [
    def.description,
    def.maxLength !== undefined ? `At most ${def.maxLength} characters.` : '',
  ]
    .filter(Boolean)
    .join(' ')
  return attribute(def.name, def.type, {
    multiValued: def.multiValued,
    required: def.required,
    caseExact: def.caseExact,
    description: detail,
    ...(def.canonicalValues.length > 0 ? { canonicalValues: def.canonicalValues } : {}),
  })
}

export function propertySchema(properties: readonly PropertyDef[]): SchemaDef {
  return Object.freeze({
    id: ROSTER_USER_EXTENSION,
    name: 'RosterUser',
    description: "The tenant's custom user properties (roster properties list).",
    attributes: properties.map(propertyAttribute),
  })
}

const registries = new WeakMap<readonly PropertyDef[], Registry>()

/**
 * The User registry of a tenant with these properties: the core schema and the extension. Memoised on
 * the definitions array, which the configuration cache keeps for as long as the configuration holds.
 */
export function userRegistryFor(properties: readonly PropertyDef[]): Registry {
  const known = registries.get(properties)
  if (known) return known
  const registry = new Registry(
    { ...USER_RESOURCE_TYPE, extensions: [propertySchema(properties)] },
    properties,
  )
  registries.set(properties, registry)
  return registry
}
