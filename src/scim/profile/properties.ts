// The rules of custom properties (schema/extension.ts): each value is checked against its definition
// and kept exactly as sent; what the store indexes (a folded text, a number, an instant) is derived here
// too, so filters compare what validation accepted.
import { isObject, toBoolean } from '../resource/coerce.js'
import type { Json, JsonObject } from '../resource/coerce.js'
import type { Issue } from '../resource/issues.js'
import { controlCharacter } from '../json.js'
import {
  PROPERTY_VALUE_MAX,
  PROPERTY_VALUES_MAX,
  ROSTER_USER_EXTENSION,
  aliasPath,
} from '../schema/extension.js'
import type { PropertyDef } from '../schema/extension.js'
import type { Registry } from '../schema/registry.js'

/** A user's property values by property name: one value as sent, or an array for a multi-valued one. */
export type PropertyValues = Readonly<Record<string, Json>>

/** RFC 3339 / xsd:dateTime: a date, a time and an offset (or Z). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i
const INTEGER = /^[+-]?\d+$/
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

/** A user's property values, and the aliases some were sent under. */
export interface ParsedProperties {
  readonly values?: PropertyValues
  readonly aliases?: Readonly<Record<string, string>>
}

/** The values sent in one place (the property's own path or an alias), without unassigned ones. */
function itemsAt(container: Json | undefined, name: string): Json[] {
  const raw = isObject(container) ? container[name] : undefined
  return (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
    (v) => v !== null && v !== '',
  )
}

/**
 * The properties of a coerced body (the extension object, and the aliases: a core attribute such as
 * `title`, or another schema's), checked. `required` properties are checked only when `requireAll`
 * (POST and PUT): a PATCH never fails because a user lacks one.
 */
export function parseProperties(
  body: JsonObject,
  registry: Registry,
  requireAll: boolean,
  issues: Issue[],
): ParsedProperties {
  const out: Record<string, Json> = {}
  const aliases: Record<string, string> = {}
  for (const def of registry.properties) {
    const places = [
      {
        path: `${ROSTER_USER_EXTENSION}:${def.name}`,
        alias: undefined as string | undefined,
        items: itemsAt(body[ROSTER_USER_EXTENSION], def.name),
      },
      ...def.aliases.map((alias) => {
        const { urn, name } = aliasPath(alias)
        const schema = urn === undefined ? undefined : registry.schema(urn)?.id
        const container =
          schema === undefined || !registry.isExtension(schema) ? body : body[schema]
        return { path: alias, alias: alias as string | undefined, items: itemsAt(container, name) }
      }),
    ].filter((place) => place.items.length > 0)
    if (places.length > 1) {
      issues.push({
        path: places[0]?.path ?? def.name,
        message: `is sent under ${places.map((p) => p.path).join(' and ')}, names of one property; map only one of them`,
      })
      continue
    }
    const path = places[0]?.path ?? `${ROSTER_USER_EXTENSION}:${def.name}`
    const items = places[0]?.items ?? []
    if (items.length === 0) {
      if (def.required && requireAll)
        issues.push({ path, message: 'is required by this tenant (roster properties show)' })
      continue
    }
    if (!def.multiValued && items.length > 1) {
      issues.push({ path, message: 'takes a single value, not an array' })
      continue
    }
    if (items.length > PROPERTY_VALUES_MAX) {
      issues.push({ path, message: `holds at most ${PROPERTY_VALUES_MAX} values` })
      continue
    }
    const before = issues.length
    items.forEach((item, index) => {
      const problem = valueProblem(def, item)
      if (problem)
        issues.push({ path: def.multiValued ? `${path}[${index}]` : path, message: problem })
    })
    if (issues.length === before) {
      out[def.name] = def.multiValued ? items : (items[0] as Json)
      const alias = places[0]?.alias
      if (alias !== undefined) aliases[def.name] = alias
    }
  }
  return {
    ...(Object.keys(out).length > 0 ? { values: out } : {}),
    ...(Object.keys(aliases).length > 0 ? { aliases } : {}),
  }
}

function valueProblem(def: PropertyDef, value: Json): string | undefined {
  const shown = JSON.stringify(value)
  switch (def.type) {
    case 'boolean':
      return toBoolean(value) === undefined
        ? `must be a boolean (true or false), not ${shown}`
        : undefined
    case 'integer':
    case 'decimal': {
      const number = numberOf(def, value)
      if (number === undefined)
        return `must be ${def.type === 'integer' ? 'an integer' : 'a number'}, not ${shown}`
      if (def.type === 'integer' && !Number.isSafeInteger(number))
        return `must be an integer between ${Number.MIN_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`
      return undefined
    }
    case 'dateTime':
      return typeof value === 'string' && instantOf(value) !== undefined
        ? undefined
        : `must be an RFC 3339 date-time such as 2026-01-31T09:00:00Z, not ${shown}`
    case 'string': {
      if (typeof value !== 'string') return `must be a string, not ${shown}`
      const control = controlCharacter(value)
      if (control !== undefined) return `contains the control character ${control}; remove it`
      const max = def.maxLength ?? PROPERTY_VALUE_MAX
      if ([...value].length > max) return `must have at most ${max} characters`
      if (def.canonicalValues.length > 0 && canonicalOf(def, value) === undefined)
        return `'${value}' is not a value of this list property; use one of ${def.canonicalValues.join(', ')}`
      return undefined
    }
  }
}

/** The canonical value a list property's value names (ignoring case), or undefined. */
export function canonicalOf(def: PropertyDef, value: string): string | undefined {
  const wanted = value.toLowerCase()
  return def.canonicalValues.find((c) => c.toLowerCase() === wanted)
}

/** A number sent as a JSON number or as its decimal text (Entra's expressions produce strings). */
function numberOf(def: PropertyDef, value: Json): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (typeof value !== 'string') return undefined
  const text = value.trim()
  if (!(def.type === 'integer' ? INTEGER : DECIMAL).test(text)) return undefined
  const number = Number(text)
  return Number.isFinite(number) ? number : undefined
}

/** An RFC 3339 date-time as a normalised instant (ISO 8601 in UTC), or undefined. */
export function instantOf(value: string): string | undefined {
  if (!DATE_TIME.test(value)) return undefined
  // Date.parse rolls 2026-02-31 over to March: the calendar date and the clock must exist as written.
  const [year, month, day, hour, minute, second] = value.split(/[^0-9]/).map(Number)
  const date = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1))
  if (date.getUTCDate() !== day || date.getUTCMonth() !== (month ?? 1) - 1) return undefined
  if ((hour ?? 0) > 23 || (minute ?? 0) > 59 || (second ?? 0) > 59) return undefined
  const time = Date.parse(value)
  return Number.isNaN(time) ? undefined : new Date(time).toISOString()
}

/** What the store indexes for one valid value: a folded text (strings, date-times) or a number. */
export interface PropertyKey {
  readonly text: string | null
  readonly folded: string | null
  readonly number: number | null
}

export function propertyKey(def: PropertyDef, value: Json): PropertyKey {
  switch (def.type) {
    case 'boolean':
      return { text: null, folded: null, number: toBoolean(value) ? 1 : 0 }
    case 'integer':
    case 'decimal':
      return { text: null, folded: null, number: numberOf(def, value) ?? null }
    case 'dateTime': {
      const instant = typeof value === 'string' ? (instantOf(value) ?? null) : null
      return { text: instant, folded: instant, number: null }
    }
    case 'string': {
      const text = String(value)
      return { text, folded: text.toLowerCase(), number: null }
    }
  }
}
