// AST → filter text, the inverse of parseFilter for round-trip tests and for logs:
// parseFilter(printFilter(f)) deep-equals f for every f the parser produces.
import { printAttrPath } from '../path/attr-path.js'
import type { Filter, Literal } from './ast.js'

export function printFilter(filter: Filter): string {
  switch (filter.kind) {
    case 'compare':
      return `${printAttrPath(filter.path)} ${filter.op} ${printLiteral(filter.value)}`
    case 'present':
      return `${printAttrPath(filter.path)} pr`
    // The parser reads `and` and `or` left-associatively, `and` binding tighter (RFC 7644 §3.4.2.2).
    // A left child needs parentheses only when it binds looser (`or` under `and`); a right child also
    // when it is the same operator, else `a and (b and c)` would come back as `(a and b) and c`.
    case 'and':
      return `${group(filter.left, ['or'])} and ${group(filter.right, ['or', 'and'])}`
    case 'or':
      return `${printFilter(filter.left)} or ${group(filter.right, ['or'])}`
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

/** Parenthesises `filter` when its kind is one of `loose`; everything else binds tighter already. */
function group(filter: Filter, loose: readonly Filter['kind'][]): string {
  return loose.includes(filter.kind) ? `(${printFilter(filter)})` : printFilter(filter)
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
