// What the mappings make of one source object: the value of each target attribute that flows, the
// references to resolve (manager), and the first failure. Rules of Entra's mapping screen (S7): a null
// never flows; "Default value if null" flows on create only; "Only during object creation" rows flow on
// create only; None flows nothing, except its default into an empty target; IgnoreFlowIfNullOrEmpty
// drops the attribute, default included.
import { objectContext, SYSTEM_CLOCK } from '../expression/context.js'
import type { Clock } from '../expression/context.js'
import { ExpressionError, formatExpressionError } from '../expression/errors.js'
import { evaluateExpression } from '../expression/evaluate.js'
import { AppRoles, DateTime, IGNORE_FLOW, isMulti, scalarText } from '../expression/value.js'
import type { Value } from '../expression/value.js'
import type { AttributeMapping, ObjectMapping } from './model.js'
import { isReference } from './model.js'

export type FlowValue = string | boolean | readonly string[] | AppRoles

export interface Flow {
  readonly mapping: AttributeMapping
  readonly value: FlowValue
  /** None's default value: written only when the target holds nothing. */
  readonly onlyIfEmpty?: boolean
}

export interface Reference {
  readonly mapping: AttributeMapping
  /** The referenced object's source id (objectId). */
  readonly sourceId: string
}

export interface Evaluation {
  readonly flows: readonly Flow[]
  readonly references: readonly Reference[]
  readonly warnings: readonly string[]
  /** Values that log lines show as [Redact]. */
  readonly redacted: ReadonlySet<string>
  /** The mapping that could not be evaluated (the object fails, as in Entra). */
  readonly error?: { readonly mapping: AttributeMapping; readonly message: string }
}

/** An evaluated value as it flows: text for scalars, null for nothing. */
export function toFlowValue(value: Value): FlowValue | null {
  if (value === null || value === IGNORE_FLOW) return null
  if (typeof value === 'boolean' || typeof value === 'string') return value
  if (typeof value === 'number' || value instanceof DateTime) return scalarText(value)
  if (isMulti(value)) return value.length === 0 ? null : value
  if (value instanceof AppRoles) return value.roles.length === 0 ? null : value
  return null
}

/** One mapping's value for the object; throws an ExpressionError with the mapping's expression. */
function mappingValue(mapping: AttributeMapping, ctx: ReturnType<typeof objectContext>): Value {
  switch (mapping.mappingType) {
    case 'Direct':
      return ctx.attribute(mapping.sourceAttribute as string)
    case 'Constant':
      return mapping.constantValue ?? null
    case 'Expression':
      return evaluateExpression(
        mapping.expression as NonNullable<AttributeMapping['expression']>,
        ctx,
      )
    case 'None':
      return null
  }
}

export function evaluateObject(
  mapping: ObjectMapping,
  attributes: ReadonlyMap<string, Value>,
  options: { readonly creating: boolean; readonly clock?: Clock },
): Evaluation {
  const ctx = objectContext(attributes, options.clock ?? SYSTEM_CLOCK)
  const flows: Flow[] = []
  const references: Reference[] = []
  for (const m of mapping.attributeMappings) {
    if (m.applyMapping === 'OnlyDuringCreation' && !options.creating) continue
    if (isReference(m)) {
      if (m.sourceAttribute?.toLowerCase() === 'manager') {
        const id = ctx.attribute('manager')
        if (typeof id === 'string' && id !== '') references.push({ mapping: m, sourceId: id })
      }
      continue
    }
    let raw: Value
    try {
      raw = mappingValue(m, ctx)
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error
      const source = m.expression?.source ?? ''
      return {
        flows,
        references,
        warnings: [],
        redacted: ctx.redacted,
        error: {
          mapping: m,
          message: `${m.targetAttribute}: ${formatExpressionError(source, error)}`,
        },
      }
    }
    if (raw === IGNORE_FLOW) continue
    const value = toFlowValue(raw)
    if (m.mappingType === 'None') {
      if (m.defaultValue !== undefined)
        flows.push({ mapping: m, value: m.defaultValue, onlyIfEmpty: true })
    } else if (value !== null) flows.push({ mapping: m, value })
    else if (options.creating && m.defaultValue !== undefined)
      flows.push({ mapping: m, value: m.defaultValue })
  }
  return {
    flows,
    references,
    warnings: ctx.warnings.map((w) => `${w.message}`),
    redacted: ctx.redacted,
  }
}
