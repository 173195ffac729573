// Splits a filter into tokens with their positions. Words (attribute paths, operators, keywords, numbers,
// unquoted values) are told apart by the parser, which knows what it expects next.
import { ScimError } from '../errors.js'

export type Token =
  | { readonly kind: '(' | ')' | '[' | ']' | 'end'; readonly pos: number }
  | { readonly kind: 'word'; readonly text: string; readonly pos: number }
  | { readonly kind: 'string'; readonly value: string; readonly pos: number }

const PUNCT = new Set(['(', ')', '[', ']'])

export function tokenize(input: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < input.length) {
    const c = input[i] as string
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++
    } else if (PUNCT.has(c)) {
      tokens.push({ kind: c as '(' | ')' | '[' | ']', pos: i })
      i++
    } else if (c === '"') {
      const end = stringEnd(input, i)
      let value: unknown
      try {
        value = JSON.parse(input.slice(i, end + 1))
      } catch {
        throw ScimError.invalidFilter(`Invalid escape in the string starting at position ${i + 1}.`)
      }
      tokens.push({ kind: 'string', value: value as string, pos: i })
      i = end + 1
    } else {
      const start = i
      while (i < input.length && !/[\s()[\]"]/.test(input[i] as string)) i++
      tokens.push({ kind: 'word', text: input.slice(start, i), pos: start })
    }
  }
  tokens.push({ kind: 'end', pos: input.length })
  return tokens
}

/** Index of the closing quote of the JSON string that opens at `start`. */
function stringEnd(input: string, start: number): number {
  for (let i = start + 1; i < input.length; i++) {
    const c = input[i]
    if (c === '\\') i++
    else if (c === '"') return i
  }
  throw ScimError.invalidFilter(`The string starting at position ${start + 1} is not closed.`)
}
