// Attribute mappings as Entra's mapping screen holds them (customize-application-attributes, S7): per
// object type, whether it is provisioned, the target object actions, and one row per target attribute.
import type { Expression } from '../expression/ast.js'
import type { TargetPath } from './target-path.js'

export type MappingType = 'Direct' | 'Constant' | 'Expression' | 'None'
/** "Apply this mapping": Always, or Only during object creation. */
export type ApplyMapping = 'Always' | 'OnlyDuringCreation'

export interface AttributeMapping {
  readonly targetAttribute: string
  readonly target: TargetPath
  readonly mappingType: MappingType
  /** Direct: the source attribute (an Entra name). */
  readonly sourceAttribute?: string
  /** Expression: the parsed expression. */
  readonly expression?: Expression
  /** Constant: the value. */
  readonly constantValue?: string
  /** "Default value if null": sent on create only (S7); for None, whenever the target is empty. */
  readonly defaultValue?: string
  /** "Matching precedence" when "Match objects using this attribute" is Yes (1 is tried first). */
  readonly matchingPrecedence?: number
  readonly applyMapping: ApplyMapping
}

export interface ObjectMapping {
  readonly enabled: boolean
  readonly actions: { readonly create: boolean; readonly update: boolean; readonly delete: boolean }
  readonly attributeMappings: readonly AttributeMapping[]
}

export interface Mappings {
  readonly users: ObjectMapping
  readonly groups: ObjectMapping
}

/** The matching attributes of an object type in precedence order. */
export function matchingAttributes(mapping: ObjectMapping): AttributeMapping[] {
  return mapping.attributeMappings
    .filter((m) => m.matchingPrecedence !== undefined)
    .sort((a, b) => (a.matchingPrecedence as number) - (b.matchingPrecedence as number))
}

/** A mapping whose value is another provisioned object's target id (manager, members). */
export function isReference(mapping: AttributeMapping): boolean {
  return (
    mapping.mappingType === 'Direct' &&
    (mapping.sourceAttribute?.toLowerCase() === 'manager' ||
      mapping.sourceAttribute?.toLowerCase() === 'members')
  )
}

/** How a mapping reads on Entra's screen: the source attribute, the expression or the constant. */
export function describeSource(mapping: AttributeMapping): string {
  switch (mapping.mappingType) {
    case 'Direct':
      return mapping.sourceAttribute ?? ''
    case 'Expression':
      return mapping.expression?.source ?? ''
    case 'Constant':
      return JSON.stringify(mapping.constantValue ?? '')
    case 'None':
      return ''
  }
}
