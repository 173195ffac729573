// A property definition from an administrator's input, as `roster properties add` options or the
// console's "Custom properties" form give it: one validation for both, each problem a ScimError
// (invalidValue) whose detail names the field as that edge labels it (`--values`, "List values"). Also the
// audit events of definition changes, so the CLI and the console log the same words.
import { ScimError } from '../errors.js'
import type { AuditEvent } from '../log/audit.js'
import {
  PROPERTY_CANONICAL_MAX,
  PROPERTY_TYPES,
  PROPERTY_VALUE_MAX,
  ROSTER_USER_EXTENSION,
  aliasProblem,
  propertyNameProblem,
} from './extension.js'
import type { PropertyDef, PropertyType } from './extension.js'

/** The longest description (shown in /Schemas and the console). */
export const PROPERTY_DESCRIPTION_MAX = 1000

/** How an edge names the fields in its messages (`--max-length` on the CLI, "Max length" in the console). */
export interface FieldLabels {
  readonly type: string
  readonly values: string
  readonly maxLength: string
  readonly alias: string
  readonly description: string
}

export interface PropertyInput {
  readonly name: string
  readonly type: string
  /** Comma-separated list values as typed; undefined when the option or field was not given. */
  readonly values: string | undefined
  readonly multi: boolean
  readonly required: boolean
  readonly maxLength: number | undefined
  readonly caseExact: boolean
  readonly aliases: readonly string[]
  readonly description: string | undefined
}

/** A max length as typed: a whole number from 1 to PROPERTY_VALUE_MAX, or undefined. */
export function parseMaxLength(text: string): number | undefined {
  const n = Number(text)
  return /^\s*\d+\s*$/.test(text) && Number.isInteger(n) && n >= 1 && n <= PROPERTY_VALUE_MAX
    ? n
    : undefined
}

/** `A, B,,C` → [A, B, C]: trimmed, empty ones dropped, each once. */
export function splitList(text: string, separator: RegExp | string = ','): string[] {
  return [
    ...new Set(
      text
        .split(separator)
        .map((v) => v.trim())
        .filter((v) => v !== ''),
    ),
  ]
}

const invalid = (detail: string): ScimError => ScimError.invalidValue(detail)

/**
 * The definition the input describes, checked against the tenant's other properties (`existing`, for
 * aliases named once per tenant). Throws a ScimError (400 invalidValue) naming what is wrong. The store
 * checks again what only it can see (a name taken ignoring case: 409; the number of properties).
 */
export function definitionOf(
  input: PropertyInput,
  existing: readonly PropertyDef[],
  labels: FieldLabels,
): PropertyDef {
  const nameProblem = propertyNameProblem(input.name)
  if (nameProblem) throw invalid(`${nameProblem}.`)
  if (!(PROPERTY_TYPES as readonly string[]).includes(input.type))
    throw invalid(`${labels.type} must be one of ${PROPERTY_TYPES.join(', ')}.`)
  const type = input.type as PropertyType
  const values = input.values === undefined ? [] : splitList(input.values)
  if (input.values !== undefined && values.length === 0)
    throw invalid(`${labels.values} needs at least one value (A,B,C).`)
  if (values.length > PROPERTY_CANONICAL_MAX)
    throw invalid(`${labels.values} takes at most ${PROPERTY_CANONICAL_MAX} values.`)
  const folded = new Set(values.map((v) => v.toLowerCase()))
  if (folded.size !== values.length)
    throw invalid(`${labels.values} has values that differ only by case; they match ignoring case.`)
  if (values.length > 0 && type !== 'string')
    throw invalid(`${labels.values} makes a list property, whose type is string.`)
  if (
    input.maxLength !== undefined &&
    (!Number.isInteger(input.maxLength) ||
      input.maxLength < 1 ||
      input.maxLength > PROPERTY_VALUE_MAX)
  )
    throw invalid(`${labels.maxLength} must be a whole number from 1 to ${PROPERTY_VALUE_MAX}.`)
  if (input.maxLength !== undefined && type !== 'string')
    throw invalid(`${labels.maxLength} applies to string properties only.`)
  const tooLong = values.find((v) => [...v].length > (input.maxLength ?? PROPERTY_VALUE_MAX))
  if (tooLong !== undefined)
    throw invalid(`The value '${tooLong}' is longer than ${labels.maxLength}.`)
  const description = (input.description ?? '').trim()
  if ([...description].length > PROPERTY_DESCRIPTION_MAX)
    throw invalid(`${labels.description} has at most ${PROPERTY_DESCRIPTION_MAX} characters.`)
  const aliases = [...new Set(input.aliases)]
  const folds = new Set(aliases.map((a) => a.toLowerCase()))
  if (folds.size !== aliases.length)
    throw invalid(`${labels.alias}: the same alias is given twice (aliases ignore case).`)
  for (const alias of aliases) {
    const problem = aliasProblem(alias, existing)
    if (problem) throw invalid(`${labels.alias}: ${problem}.`)
  }
  return {
    name: input.name,
    type,
    canonicalValues: values,
    multiValued: input.multi,
    required: input.required,
    maxLength: input.maxLength,
    caseExact: input.caseExact,
    aliases,
    description,
  }
}

/** The SCIM path an identity provider maps to the property. */
export const propertyPath = (name: string): string => `${ROSTER_USER_EXTENSION}:${name}`

const users = (n: number): string => `${n} user${n === 1 ? '' : 's'}`

/** The audit events of definition changes, the same from the CLI and the console. */
export const propertyEvents = {
  added(def: PropertyDef & { readonly id: string }): AuditEvent {
    return {
      operation: 'properties.add',
      resource: 'property',
      resourceId: def.id,
      detail: `property '${def.name}' defined (${def.type}${def.multiValued ? ', multi-valued' : ''}${def.required ? ', required' : ''})`,
    }
  },
  renamed(old: string, def: PropertyDef & { readonly id: string }): AuditEvent {
    return {
      operation: 'properties.rename',
      resource: 'property',
      resourceId: def.id,
      detail: `property '${old}' renamed to '${def.name}'`,
    }
  },
  removed(name: string, holders: number): AuditEvent {
    return {
      operation: 'properties.remove',
      resource: 'property',
      detail: `property '${name}' removed${holders > 0 ? ` with the values of ${users(holders)}` : ''}`,
    }
  },
}

/** Why a removal was refused: `holders` users hold a value and the removal was not forced. */
export function heldMessage(name: string, holders: number, remedy: string): string {
  return `${users(holders)} ${holders === 1 ? 'holds' : 'hold'} a value of '${name}'; ${remedy}.`
}
