// RFC 7643 §2.2 and §7: an attribute definition is data. The registry, validation, projection, filters,
// PATCH paths and the SQL column map are all driven by these records.

export type AttributeType =
  'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'complex' | 'binary'

export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly'
export type Returned = 'always' | 'never' | 'default' | 'request'
export type Uniqueness = 'none' | 'server' | 'global'

export interface AttributeDef {
  readonly name: string
  readonly type: AttributeType
  readonly multiValued: boolean
  readonly description: string
  readonly required: boolean
  readonly caseExact: boolean
  readonly mutability: Mutability
  readonly returned: Returned
  readonly uniqueness: Uniqueness
  readonly subAttributes?: readonly AttributeDef[]
  readonly canonicalValues?: readonly string[]
  readonly referenceTypes?: readonly string[]
}

type Options = Partial<Omit<AttributeDef, 'name' | 'type'>>

/** Builds a definition with RFC 7643 §2.2's defaults: single-valued, optional, readWrite, caseExact false. */
export function attribute(name: string, type: AttributeType, options: Options = {}): AttributeDef {
  return Object.freeze({
    name,
    type,
    multiValued: options.multiValued ?? false,
    description: options.description ?? '',
    required: options.required ?? false,
    caseExact: options.caseExact ?? false,
    mutability: options.mutability ?? 'readWrite',
    returned: options.returned ?? 'default',
    uniqueness: options.uniqueness ?? 'none',
    ...(options.subAttributes ? { subAttributes: Object.freeze([...options.subAttributes]) } : {}),
    ...(options.canonicalValues ? { canonicalValues: options.canonicalValues } : {}),
    ...(options.referenceTypes ? { referenceTypes: options.referenceTypes } : {}),
  })
}

/** Case-insensitive lookup of a sub-attribute (RFC 7643 §2.1: attribute names are case insensitive). */
export function subAttribute(parent: AttributeDef, name: string): AttributeDef | undefined {
  const wanted = name.toLowerCase()
  return parent.subAttributes?.find((sub) => sub.name.toLowerCase() === wanted)
}
