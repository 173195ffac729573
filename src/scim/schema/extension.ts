// The tenant's custom user properties (product.md: "custom properties"): the extension schema
// `urn:ietf:params:scim:schemas:extension:roster:2.0:User`, one attribute per property the tenant
// defines. Definitions are data read with the tenant's configuration; the registry built from them is
// what every request of that tenant validates, projects, patches and filters with.
import { attribute } from './attribute.js'
import type { AttributeDef } from './attribute.js'
import { Registry, USER_RESOURCE_TYPE, USER_SCHEMA_DEF } from './registry.js'
import type { SchemaDef } from './registry.js'
import { USER_SCHEMA } from './user.js'

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

/** A definition with the defaults of `roster properties add NAME`: a single optional string. */
export function propertyDef(
  name: string,
  options: Partial<Omit<PropertyDef, 'name'>> = {},
): PropertyDef {
  return {
    name,
    type: 'string',
    canonicalValues: [],
    multiValued: false,
    required: false,
    maxLength: undefined,
    caseExact: false,
    aliases: [],
    description: '',
    ...options,
  }
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

/** Where an alias puts a value: an attribute of the core User schema, or of another schema (`urn`). */
export interface AliasPath {
  readonly urn: string | undefined
  readonly name: string
}

/** `title` → the core attribute; `urn:…:enterprise:2.0:User:department` → that schema's attribute. */
export function aliasPath(alias: string): AliasPath {
  const split = alias.lastIndexOf(':')
  return split < 0
    ? { urn: undefined, name: alias }
    : { urn: alias.slice(0, split), name: alias.slice(split + 1) }
}

/**
 * Why `alias` cannot name another attribute for a property, or undefined: it must be an attribute the
 * profile lacks (`title`, `nickName`, an enterprise attribute), named once across the tenant's properties.
 */
export function aliasProblem(alias: string, others: readonly PropertyDef[]): string | undefined {
  const { urn, name } = aliasPath(alias)
  if (!ATTRNAME.test(name))
    return `'${alias}' is not an attribute path (title, or urn:…:User:department)`
  if (urn !== undefined && !/^urn:[a-z0-9][a-z0-9-]{0,31}:\S+$/i.test(urn))
    return `'${urn}' is not a schema URN`
  const lower = urn?.toLowerCase()
  if (lower === ROSTER_USER_EXTENSION.toLowerCase())
    return `'${alias}' is in the roster extension itself; properties are already there`
  if (
    (lower === undefined || lower === USER_SCHEMA.toLowerCase()) &&
    new Registry(USER_RESOURCE_TYPE).attribute(name) !== undefined
  )
    return `'${name}' is an attribute of the xMatters profile, not one it lacks`
  const taken = others.find((p) => p.aliases.some((a) => a.toLowerCase() === alias.toLowerCase()))
  if (taken) return `'${alias}' is already an alias of '${taken.name}'`
  return undefined
}

const registries = new WeakMap<readonly PropertyDef[], Registry>()

/**
 * The User registry of a tenant with these properties: the core schema and the extension. Memoised on
 * the definitions array, which the configuration cache keeps for as long as the configuration holds.
 */
export function userRegistryFor(properties: readonly PropertyDef[]): Registry {
  const known = registries.get(properties)
  if (known) return known
  // Aliases are attributes too: a core one joins the tenant's core schema, another schema's one an
  // extension of that schema, so every part of the core handles them as it handles any attribute.
  const core: AttributeDef[] = []
  const others = new Map<string, { id: string; attributes: AttributeDef[] }>()
  for (const def of properties) {
    for (const alias of def.aliases) {
      const { urn, name } = aliasPath(alias)
      const attr = { ...propertyAttribute(def), name }
      if (urn === undefined || urn.toLowerCase() === USER_SCHEMA.toLowerCase()) {
        core.push(attr)
        continue
      }
      const schema = others.get(urn.toLowerCase()) ?? { id: urn, attributes: [] }
      schema.attributes.push(attr)
      others.set(urn.toLowerCase(), schema)
    }
  }
  const registry = new Registry(
    {
      ...USER_RESOURCE_TYPE,
      schema: { ...USER_SCHEMA_DEF, attributes: [...USER_SCHEMA_DEF.attributes, ...core] },
      extensions: [
        propertySchema(properties),
        ...[...others.values()].map((o) => ({
          id: o.id,
          name: o.id.split(':').at(-1) ?? o.id,
          description: 'Attributes this tenant accepts as other names of its custom properties.',
          attributes: o.attributes,
        })),
      ],
    },
    properties,
  )
  registries.set(properties, registry)
  return registry
}
