// The filter AST (RFC 7644 §3.4.2.2): a readonly discriminated union on `kind`. Builders are for tests
// and for the parser; nodes are frozen.

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le'
export const COMPARE_OPS: readonly CompareOp[] = [
  'eq',
  'ne',
  'co',
  'sw',
  'ew',
  'gt',
  'ge',
  'lt',
  'le',
]

/** `[URI ":"] ATTRNAME ["." subAttr]` with the names as written (lookups are case insensitive). */
export interface AttrPath {
  readonly uri?: string
  readonly attr: string
  readonly sub?: string
}

export type Literal =
  | { readonly type: 'string'; readonly value: string; readonly quoted: boolean }
  | { readonly type: 'number'; readonly value: number; readonly raw: string }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'null' }

export type Filter =
  | {
      readonly kind: 'compare'
      readonly path: AttrPath
      readonly op: CompareOp
      readonly value: Literal
    }
  | { readonly kind: 'present'; readonly path: AttrPath }
  | { readonly kind: 'and'; readonly left: Filter; readonly right: Filter }
  | { readonly kind: 'or'; readonly left: Filter; readonly right: Filter }
  | { readonly kind: 'not'; readonly filter: Filter }
  | { readonly kind: 'valuePath'; readonly path: AttrPath; readonly filter: Filter }

export const compare = (path: AttrPath, op: CompareOp, value: Literal): Filter =>
  Object.freeze({ kind: 'compare', path, op, value })
export const present = (path: AttrPath): Filter => Object.freeze({ kind: 'present', path })
export const and = (left: Filter, right: Filter): Filter =>
  Object.freeze({ kind: 'and', left, right })
export const or = (left: Filter, right: Filter): Filter =>
  Object.freeze({ kind: 'or', left, right })
export const not = (filter: Filter): Filter => Object.freeze({ kind: 'not', filter })
export const valuePath = (path: AttrPath, filter: Filter): Filter =>
  Object.freeze({ kind: 'valuePath', path, filter })

/** Path builder: `path('name.givenName')`, `path('urn:x:User:title')`. */
export function path(text: string): AttrPath {
  const colon = text.lastIndexOf(':')
  const uri = colon >= 0 ? text.slice(0, colon) : undefined
  const [attr = '', sub] = text.slice(colon + 1).split('.')
  return Object.freeze({ ...(uri ? { uri } : {}), attr, ...(sub ? { sub } : {}) })
}

export const str = (value: string): Literal =>
  Object.freeze({ type: 'string', value, quoted: true })
export const num = (value: number): Literal =>
  Object.freeze({ type: 'number', value, raw: String(value) })
export const bool = (value: boolean): Literal => Object.freeze({ type: 'boolean', value })
export const nul: Literal = Object.freeze({ type: 'null' })
