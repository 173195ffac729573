// The schema registry: one lookup of attribute definitions by (optional URN, name, sub-attribute), case
// insensitive (RFC 7643 §2.1). Built once per resource type and passed down; never a global.
import type { ScimError } from '../errors.js'
import { subAttribute } from './attribute.js'
import type { AttributeDef } from './attribute.js'
import { COMMON_ATTRIBUTES } from './common.js'
import { GROUP_ATTRIBUTES, GROUP_SCHEMA } from './group.js'
import { USER_ATTRIBUTES, USER_SCHEMA } from './user.js'
import type { PropertyDef } from './extension.js'

export interface SchemaDef {
  readonly id: string
  readonly name: string
  readonly description: string
  readonly attributes: readonly AttributeDef[]
}

export interface ResourceTypeDef {
  readonly name: string
  readonly endpoint: string
  readonly description: string
  readonly schema: SchemaDef
  readonly extensions: readonly SchemaDef[]
}

/** A resolved attribute path: the top-level attribute and, for `name.givenName`, the sub-attribute. */
export interface ResolvedPath {
  readonly schema: string
  readonly attribute: AttributeDef
  readonly sub: AttributeDef | undefined
}

export const USER_SCHEMA_DEF: SchemaDef = Object.freeze({
  id: USER_SCHEMA,
  name: 'User',
  description: 'A person of the directory (xMatters profile).',
  attributes: USER_ATTRIBUTES,
})

export const USER_RESOURCE_TYPE: ResourceTypeDef = Object.freeze({
  name: 'User',
  endpoint: '/Users',
  description: 'People of the directory',
  schema: USER_SCHEMA_DEF,
  extensions: [],
})

export const GROUP_SCHEMA_DEF: SchemaDef = Object.freeze({
  id: GROUP_SCHEMA,
  name: 'Group',
  description: 'A group of users and groups.',
  attributes: GROUP_ATTRIBUTES,
})

export const GROUP_RESOURCE_TYPE: ResourceTypeDef = Object.freeze({
  name: 'Group',
  endpoint: '/Groups',
  description: 'Groups of users and groups',
  schema: GROUP_SCHEMA_DEF,
  extensions: [],
})

export class Registry {
  readonly resourceType: ResourceTypeDef
  /** The tenant's custom properties behind the roster extension's attributes (extension.ts). */
  readonly properties: readonly PropertyDef[]
  private readonly schemasByUrn: ReadonlyMap<string, SchemaDef>

  constructor(resourceType: ResourceTypeDef, properties: readonly PropertyDef[] = []) {
    this.resourceType = resourceType
    this.properties = properties
    const all = [resourceType.schema, ...resourceType.extensions]
    this.schemasByUrn = new Map(all.map((s) => [s.id.toLowerCase(), s]))
  }

  get schemas(): readonly SchemaDef[] {
    return [this.resourceType.schema, ...this.resourceType.extensions]
  }

  /** Whether `urn` is an extension schema of this resource type (not its core schema). */
  isExtension(urn: string): boolean {
    return (
      urn.toLowerCase() !== this.resourceType.schema.id.toLowerCase() &&
      this.schemasByUrn.has(urn.toLowerCase())
    )
  }

  /** The property definition behind an extension attribute, by name (case-insensitive). */
  property(name: string): PropertyDef | undefined {
    const wanted = name.toLowerCase()
    return this.properties.find((p) => p.name.toLowerCase() === wanted)
  }

  schema(urn: string): SchemaDef | undefined {
    return this.schemasByUrn.get(urn.toLowerCase())
  }

  /** A top-level attribute of the core schema (or a common attribute), by case-insensitive name. */
  attribute(name: string, urn?: string): { schema: string; attribute: AttributeDef } | undefined {
    const wanted = name.toLowerCase()
    const schema = urn === undefined ? this.resourceType.schema : this.schema(urn)
    if (!schema) return undefined
    const found = schema.attributes.find((a) => a.name.toLowerCase() === wanted)
    if (found) return { schema: schema.id, attribute: found }
    if (schema === this.resourceType.schema) {
      const common = COMMON_ATTRIBUTES.find((a) => a.name.toLowerCase() === wanted)
      if (common) return { schema: schema.id, attribute: common }
    }
    return undefined
  }

  /** Resolves `attr` / `attr.sub` with an optional schema URN, or undefined when the directory has no such attribute. */
  resolve(path: {
    readonly uri?: string
    readonly attr: string
    readonly sub?: string
  }): ResolvedPath | undefined {
    const top = this.attribute(path.attr, path.uri)
    if (!top) return undefined
    if (path.sub === undefined)
      return { schema: top.schema, attribute: top.attribute, sub: undefined }
    const sub = subAttribute(top.attribute, path.sub)
    return sub ? { schema: top.schema, attribute: top.attribute, sub } : undefined
  }

  /** Like resolve, but a missing attribute is a 400 with the given scimType naming the path. */
  require(
    path: { readonly uri?: string; readonly attr: string; readonly sub?: string },
    make: (detail: string) => ScimError,
  ): ResolvedPath {
    const resolved = this.resolve(path)
    if (resolved) return resolved
    const text = [path.uri, [path.attr, path.sub].filter(Boolean).join('.')]
      .filter(Boolean)
      .join(':')
    throw make(
      `The attribute '${text}' is not part of the ${this.resourceType.name} schema of this directory (see /Schemas).`,
    )
  }

  /** Splits a URN-qualified attribute name (`urn:...:User:name.givenName`) into its URN and path. */
  splitUrn(text: string): { uri?: string; rest: string } {
    const lower = text.toLowerCase()
    for (const schema of this.schemas) {
      const prefix = schema.id.toLowerCase()
      if (lower.startsWith(prefix + ':'))
        return { uri: schema.id, rest: text.slice(prefix.length + 1) }
      if (lower === prefix) return { uri: schema.id, rest: '' }
    }
    return { rest: text }
  }
}

export const userRegistry = (): Registry => new Registry(USER_RESOURCE_TYPE)
export const groupRegistry = (): Registry => new Registry(GROUP_RESOURCE_TYPE)
