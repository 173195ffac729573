// AST → filter text, the inverse of parseFilter for round-trip tests and for logs.
import { printAttrPath } from '../path/attr-path.js'
import type { Filter, Literal } from './ast.js'

export function printFilter(filter: Filter): string {
  switch (filter.kind) {
    case 'compare':
      return `${printAttrPath(filter.path)} ${filter.op} ${printLiteral(filter.value)}`
    case 'present':
      return `${printAttrPath(filter.path)} pr`
    case 'and':
      return `${group(filter.left, 'or')} and ${group(filter.right, 'or')}`
    case 'or':
      return `${printFilter(filter.left)} or ${printFilter(filter.right)}`
    case 'not':
      return `not (${printFilter(filter.filter)})`
    case 'valuePath':
      return `${printAttrPath(filter.path)}[${printFilter(filter.filter)}]`
    default: {
      const never: never = filter
      return never
    }
  }
}

/** Parenthesise an `or` under an `and`; everything else binds tighter already. */
function group(filter: Filter, loose: 'or'): string {
  return filter.kind === loose ? `(${printFilter(filter)})` : printFilter(filter)
}

function printLiteral(literal: Literal): string {
  switch (literal.type) {
    case 'string':
      return literal.quoted ? JSON.stringify(literal.value) : literal.value
    case 'number':
      return literal.raw
    case 'boolean':
      return String(literal.value)
    case 'null':
      return 'null'
    default: {
      const never: never = literal
      return never
    }
  }
}
