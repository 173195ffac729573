// In-memory evaluation of a filter against a resource or one element of a multi-valued attribute
// (RFC 7644 §3.4.2.2 semantics). PATCH value paths use it to pick elements; tests use it as an oracle
// for the SQL compiler. Comparison follows the attribute's definition: caseExact strings, dateTime
// ordering, numbers, booleans (eq/ne only).
import { ScimError } from '../errors.js'
import type { AttributeDef } from '../schema/attribute.js'
import { subAttribute } from '../schema/attribute.js'
import type { Registry } from '../schema/registry.js'
import type { Json, JsonObject } from '../resource/coerce.js'
import { hasValue, isObject, toBoolean } from '../resource/coerce.js'
import type { AttrPath, CompareOp, Filter, Literal } from './ast.js'
import { literalBoolean } from './literal.js'

/**
 * Maps a string before comparison. `key` is the lower-case dotted path (`emails.type`); the default folds
 * case for caseExact:false attributes. The profile adds equivalences (`work` ≡ `Work Email`).
 */
export type Fold = ((key: string, value: string, def: AttributeDef) => string) & {
  /**
   * The fold as data (JSON), so that it can be rebuilt where functions cannot travel (a query run in a
   * worker thread: user-fold.ts foldFromSpec). A fold without one is only run where it was made.
   */
  readonly spec?: FoldSpec
}

export interface FoldSpec {
  readonly kind: string
  readonly [detail: string]: unknown
}

export const defaultFold: Fold = Object.assign(
  (_key: string, value: string, def: AttributeDef) => (def.caseExact ? value : value.toLowerCase()),
  { spec: { kind: 'default' } },
)

/** Where names are looked up: a resource's schema, or a complex attribute's sub-attributes. */
export interface Scope {
  readonly prefix: string
  lookup(path: AttrPath): { def: AttributeDef; sub: AttributeDef | undefined } | undefined
}

export function resourceScope(registry: Registry): Scope {
  return {
    prefix: '',
    lookup: (path) => {
      const r = registry.resolve(path)
      return r ? { def: r.attribute, sub: r.sub } : undefined
    },
  }
}

export function elementScope(parent: AttributeDef): Scope {
  return {
    prefix: `${parent.name.toLowerCase()}.`,
    lookup: (path) => {
      if (path.uri !== undefined || path.sub !== undefined) return undefined
      const def = subAttribute(parent, path.attr)
      return def ? { def, sub: undefined } : undefined
    },
  }
}

/**
 * Whether `target` matches `filter`. The filter is checked first (checkFilter), so a filter that names
 * an unknown attribute or an operator its attribute does not take is a 400 whatever the data holds.
 */
export function evaluate(
  filter: Filter,
  target: JsonObject,
  scope: Scope,
  fold: Fold = defaultFold,
): boolean {
  checkFilter(filter, scope)
  return matches(filter, target, scope, fold)
}

/**
 * 400 invalidFilter for a filter no data could make valid, the same refusals as the SQL compiler
 * (style.md §5.8: an unknown attribute is never dropped): an attribute the scope does not have, a
 * returned:never attribute, a comparison on a complex attribute without a `value`, an operator the
 * type does not take (RFC 7644 §3.4.2.2: gt/ge/lt/le on a boolean), a non-boolean literal for a
 * boolean, a literal that is not a date-time for a dateTime.
 */
export function checkFilter(filter: Filter, scope: Scope): void {
  switch (filter.kind) {
    case 'and':
    case 'or':
      checkFilter(filter.left, scope)
      checkFilter(filter.right, scope)
      return
    case 'not':
      checkFilter(filter.filter, scope)
      return
    case 'present':
      resolveDef(filter.path, scope)
      return
    case 'compare': {
      const { def, key } = resolveDef(filter.path, scope)
      checkComparison(filter.op, filter.value, def, key)
      return
    }
    case 'valuePath':
      checkFilter(filter.filter, valueScope(filter.path, scope))
      return
    default: {
      const never: never = filter
      return never
    }
  }
}

function matches(filter: Filter, target: JsonObject, scope: Scope, fold: Fold): boolean {
  switch (filter.kind) {
    case 'and':
      return matches(filter.left, target, scope, fold) && matches(filter.right, target, scope, fold)
    case 'or':
      return matches(filter.left, target, scope, fold) || matches(filter.right, target, scope, fold)
    case 'not':
      return !matches(filter.filter, target, scope, fold)
    case 'present':
      return resolve(filter.path, target, scope).values.some(hasValue)
    case 'compare': {
      const { values, def, key } = resolve(filter.path, target, scope)
      // RFC 7643 §2.5: null, "" and [] all mean "unassigned", so `eq null` is "has no value".
      if (filter.value.type === 'null') {
        const present = values.some(hasValue)
        return filter.op === 'eq' ? !present : filter.op === 'ne' ? present : false
      }
      // ne is true when no value is equal, including when there is no value at all.
      if (filter.op === 'ne')
        return !values.some((v) => compareOne('eq', v, filter.value, def, key, fold))
      return values.some((v) => compareOne(filter.op, v, filter.value, def, key, fold))
    }
    case 'valuePath': {
      const parent = valueScope(filter.path, scope)
      const list = target[parent.def.name]
      const items = Array.isArray(list) ? list : list === undefined ? [] : [list]
      return items.some((item) => isObject(item) && matches(filter.filter, item, parent, fold))
    }
    default: {
      const never: never = filter
      return never
    }
  }
}

/** The scope inside `attr[...]`: `attr` must be a complex attribute, named without a sub-attribute. */
function valueScope(path: AttrPath, scope: Scope): Scope & { def: AttributeDef } {
  const found = scope.lookup(path)
  if (!found || found.sub || found.def.type !== 'complex') throw unknownAttribute(path, scope)
  return { ...elementScope(found.def), def: found.def }
}

/**
 * The definition a comparison applies to and its dotted key (`emails.value` for `emails`), with the
 * attribute the value is read from in the target (`top`).
 */
function resolveDef(
  path: AttrPath,
  scope: Scope,
): { top: AttributeDef; def: AttributeDef; key: string } {
  const found = scope.lookup(path)
  if (!found) throw unknownAttribute(path, scope)
  let def = found.def
  let key = scope.prefix + found.def.name.toLowerCase()
  // RFC 7644 §3.4.2.2: a multi-valued complex attribute without a sub-attribute compares its `value`.
  const sub = found.sub ?? (def.type === 'complex' ? subAttribute(def, 'value') : undefined)
  if (sub) {
    key = `${key}.${sub.name.toLowerCase()}`
    def = sub
  }
  if (def.returned === 'never' || found.def.returned === 'never')
    throw ScimError.invalidFilter(`'${key}' cannot be used in a filter.`)
  return { top: found.def, def, key }
}

function resolve(
  path: AttrPath,
  target: JsonObject,
  scope: Scope,
): { values: Json[]; def: AttributeDef; key: string } {
  const { top, def, key } = resolveDef(path, scope)
  let values = flatten(target[top.name])
  if (def !== top) values = values.flatMap((v) => (isObject(v) ? flatten(v[def.name]) : []))
  return { values, def, key }
}

function checkComparison(op: CompareOp, literal: Literal, def: AttributeDef, key: string): void {
  if (def.type === 'complex') {
    throw ScimError.invalidFilter(
      `'${key}' is complex; compare one of its sub-attributes (${key}.<sub> or ${key}[...]).`,
    )
  }
  if (literal.type === 'null') return
  switch (def.type) {
    case 'boolean':
      if (op !== 'eq' && op !== 'ne')
        throw ScimError.invalidFilter(
          `The operator '${op}' does not apply to the boolean attribute '${key}'; use eq or ne.`,
        )
      // Entra's "True"/"False" strings read as booleans (literal.ts).
      if (literalBoolean(literal) === undefined)
        throw ScimError.invalidFilter(`'${key}' is a boolean; compare it with true or false.`)
      return
    case 'dateTime':
      if (op === 'co' || op === 'sw' || op === 'ew')
        throw ScimError.invalidFilter(
          `The operator '${op}' does not apply to the date-time attribute '${key}'.`,
        )
      if (literal.type !== 'string' || Number.isNaN(Date.parse(literal.value)))
        throw ScimError.invalidFilter(
          `'${key}' compares date-times; the value must be an RFC 3339 date-time.`,
        )
      return
    case 'integer':
    case 'decimal':
      if (op === 'co' || op === 'sw' || op === 'ew')
        throw ScimError.invalidFilter(
          `The operator '${op}' does not apply to the number attribute '${key}'.`,
        )
      return
    default:
      return
  }
}

function flatten(value: Json | undefined): Json[] {
  if (value === undefined || value === null) return []
  return Array.isArray(value) ? value : [value]
}

/** One stored value against a literal that checkComparison accepted (never null). */
function compareOne(
  op: CompareOp,
  actual: Json,
  literal: Literal,
  def: AttributeDef,
  key: string,
  fold: Fold,
): boolean {
  switch (def.type) {
    case 'boolean':
      // A PATCH may have just written "True" (validation coerces later), so the stored side reads the
      // same way as the literal.
      return toBoolean(actual) === literalBoolean(literal)
    case 'integer':
    case 'decimal': {
      if (typeof actual !== 'number' || literal.type !== 'number') return false
      return order(op, actual, literal.value)
    }
    case 'dateTime': {
      const a = typeof actual === 'string' ? Date.parse(actual) : NaN
      const b = literal.type === 'string' ? Date.parse(literal.value) : NaN
      return !Number.isNaN(a) && !Number.isNaN(b) && order(op, a, b)
    }
    default: {
      if (typeof actual !== 'string' || literal.type === 'null') return false
      const text = literal.type === 'number' ? literal.raw : String(literal.value)
      const a = fold(key, actual, def)
      const b = fold(key, text, def)
      switch (op) {
        case 'co':
          return a.includes(b)
        case 'sw':
          return a.startsWith(b)
        case 'ew':
          return a.endsWith(b)
        default:
          return order(op, a, b)
      }
    }
  }
}

function order(op: CompareOp, a: number | string, b: number | string): boolean {
  const c =
    typeof a === 'string' && typeof b === 'string'
      ? compareCodePoints(a, b)
      : a < b
        ? -1
        : a > b
          ? 1
          : 0
  switch (op) {
    case 'eq':
      return a === b
    case 'gt':
      return c > 0
    case 'ge':
      return c >= 0
    case 'lt':
      return c < 0
    case 'le':
      return c <= 0
    default:
      // co/sw/ew on numbers and date-times are refused by checkComparison.
      throw ScimError.invalidFilter(`The operator '${op}' does not apply here.`)
  }
}

/**
 * Unicode code point order (what SQLite's and PostgreSQL's C/UTF-8 byte comparison gives), not
 * JavaScript's UTF-16 code unit order, which puts characters beyond U+FFFF before U+E000-U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i)
    let y = b.charCodeAt(i)
    if (x === y) continue
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000
    }
    return x - y
  }
  return a.length - b.length
}

function unknownAttribute(path: AttrPath, scope: Scope): ScimError {
  const name = [path.uri, [path.attr, path.sub].filter(Boolean).join('.')].filter(Boolean).join(':')
  return ScimError.invalidFilter(
    `The filter names '${scope.prefix}${name}', which is not an attribute of this directory (see /Schemas).`,
  )
}
