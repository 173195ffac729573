// In-memory evaluation of a filter against a resource or one element of a multi-valued attribute
// (RFC 7644 §3.4.2.2 semantics). PATCH value paths use it to pick elements; tests use it as an oracle
// for the SQL compiler. Comparison follows the attribute's definition: caseExact strings, dateTime
// ordering, numbers, booleans (eq/ne only).
import { ScimError } from '../errors.js'
import type { AttributeDef } from '../schema/attribute.js'
import { subAttribute } from '../schema/attribute.js'
import type { Registry } from '../schema/registry.js'
import type { Json, JsonObject } from '../resource/coerce.js'
import { isObject } from '../resource/coerce.js'
import type { AttrPath, CompareOp, Filter, Literal } from './ast.js'
import { literalBoolean } from './literal.js'

/**
 * Maps a string before comparison. `key` is the lower-case dotted path (`emails.type`); the default folds
 * case for caseExact:false attributes. The profile adds equivalences (`work` ≡ `Work Email`).
 */
export type Fold = (key: string, value: string, def: AttributeDef) => string

export const defaultFold: Fold = (_key, value, def) => (def.caseExact ? value : value.toLowerCase())

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

export function evaluate(
  filter: Filter,
  target: JsonObject,
  scope: Scope,
  fold: Fold = defaultFold,
): boolean {
  switch (filter.kind) {
    case 'and':
      return (
        evaluate(filter.left, target, scope, fold) && evaluate(filter.right, target, scope, fold)
      )
    case 'or':
      return (
        evaluate(filter.left, target, scope, fold) || evaluate(filter.right, target, scope, fold)
      )
    case 'not':
      return !evaluate(filter.filter, target, scope, fold)
    case 'present': {
      const { values } = resolve(filter.path, target, scope)
      return values.some((v) => v !== null && v !== '' && !(Array.isArray(v) && v.length === 0))
    }
    case 'compare': {
      const { values, def, key } = resolve(filter.path, target, scope)
      if (filter.op === 'ne')
        return !values.some((v) => compareOne('eq', v, filter.value, def, key, fold))
      return values.some((v) => compareOne(filter.op, v, filter.value, def, key, fold))
    }
    case 'valuePath': {
      const found = scope.lookup(filter.path)
      if (!found || found.sub || found.def.type !== 'complex')
        throw unknownAttribute(filter.path, scope)
      const inner = elementScope(found.def)
      const list = target[found.def.name]
      const items = Array.isArray(list) ? list : list === undefined ? [] : [list]
      return items.some((item) => isObject(item) && evaluate(filter.filter, item, inner, fold))
    }
    default: {
      const never: never = filter
      return never
    }
  }
}

function resolve(
  path: AttrPath,
  target: JsonObject,
  scope: Scope,
): { values: Json[]; def: AttributeDef; key: string } {
  const found = scope.lookup(path)
  if (!found) throw unknownAttribute(path, scope)
  let { def } = found
  let values = flatten(target[found.def.name])
  let key = scope.prefix + found.def.name.toLowerCase()
  let sub = found.sub
  // RFC 7644 §3.4.2.2: a multi-valued complex attribute without a sub-attribute compares its `value`.
  if (!sub && def.type === 'complex') sub = subAttribute(def, 'value')
  if (sub) {
    values = values.flatMap((v) => (isObject(v) ? flatten(v[sub.name]) : []))
    key = `${key}.${sub.name.toLowerCase()}`
    def = sub
  }
  return { values, def, key }
}

function flatten(value: Json | undefined): Json[] {
  if (value === undefined || value === null) return []
  return Array.isArray(value) ? value : [value]
}

function compareOne(
  op: CompareOp,
  actual: Json,
  literal: Literal,
  def: AttributeDef,
  key: string,
  fold: Fold,
): boolean {
  if (literal.type === 'null') return op === 'eq' ? actual === null : false
  switch (def.type) {
    case 'boolean': {
      if (op !== 'eq')
        throw ScimError.invalidFilter(
          `The operator '${op}' does not apply to the boolean attribute '${key}'; use eq or ne.`,
        )
      const wanted = literalBoolean(literal)
      if (wanted === undefined) {
        throw ScimError.invalidFilter(`'${key}' is a boolean; compare it with true or false.`)
      }
      return typeof actual === 'boolean' && actual === wanted
    }
    case 'integer':
    case 'decimal': {
      if (typeof actual !== 'number' || literal.type !== 'number') return false
      return order(op, actual, literal.value)
    }
    case 'dateTime': {
      const a = typeof actual === 'string' ? Date.parse(actual) : NaN
      const b = literal.type === 'string' ? Date.parse(literal.value) : NaN
      if (Number.isNaN(b))
        throw ScimError.invalidFilter(
          `'${key}' compares date-times; the value must be an RFC 3339 date-time.`,
        )
      return !Number.isNaN(a) && order(op, a, b)
    }
    default: {
      if (typeof actual !== 'string') return false
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
  switch (op) {
    case 'eq':
      return a === b
    case 'gt':
      return a > b
    case 'ge':
      return a >= b
    case 'lt':
      return a < b
    case 'le':
      return a <= b
    default:
      throw ScimError.invalidFilter(`The operator '${op}' does not apply here.`)
  }
}

function unknownAttribute(path: AttrPath, scope: Scope): ScimError {
  const name = [path.uri, [path.attr, path.sub].filter(Boolean).join('.')].filter(Boolean).join(':')
  return ScimError.invalidFilter(
    `The filter names '${scope.prefix}${name}', which is not an attribute of this directory (see /Schemas).`,
  )
}
