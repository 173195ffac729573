// How a filter literal reads against a boolean attribute: true/false, or Entra's strings "True"/"False"
// in any case (`roles[primary eq "True"].value`, entra-client-behaviour.md §8.1 and Q2).
import { toBoolean } from '../resource/coerce.js'
import type { Literal } from './ast.js'

export function literalBoolean(literal: Literal): boolean | undefined {
  if (literal.type === 'boolean') return literal.value
  return literal.type === 'string' ? toBoolean(literal.value) : undefined
}
