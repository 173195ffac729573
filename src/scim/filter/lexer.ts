// Splits a filter into tokens with their positions. Words (attribute paths, operators, keywords, numbers,
// unquoted values) are told apart by the parser, which knows what it expects next.
import { ScimError } from '../errors.js'

export type Token =
  | { readonly kind: '(' | ')' | '[' | ']' | 'end'; readonly pos: number }
  | { readonly kind: 'word'; readonly text: string; readonly pos: number }
  | { readonly kind: 'string'; readonly value: string; readonly pos: number }

const PUNCT = new Set(['(', ')', '[', ']'])
/** Separators between tokens: SP, plus the tab and line breaks clients put in pasted filters. */
const SPACE = new Set([' ', '\t', '\n', '\r'])

/**
 * A character a word may hold: everything but separators, punctuation, '"' and the other control
 * characters, which grammar.abnf's `unquoted` excludes (non-ASCII text such as U+00A0 is allowed).
 * The word loop and the branch that starts a word both use this one test, so a word always consumes
 * at least one character.
 */
function isWordChar(c: string): boolean {
  if (SPACE.has(c) || PUNCT.has(c) || c === '"') return false
  const code = c.charCodeAt(0)
  return code >= 0x20 && code !== 0x7f
}

/** `fail` builds the error (invalidFilter for filters, invalidPath for PATCH paths). */
export function tokenize(
  input: string,
  fail: (detail: string) => ScimError = ScimError.invalidFilter,
): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < input.length) {
    const c = input[i] as string
    if (SPACE.has(c)) {
      i++
    } else if (PUNCT.has(c)) {
      tokens.push({ kind: c as '(' | ')' | '[' | ']', pos: i })
      i++
    } else if (c === '"') {
      const end = stringEnd(input, i, fail)
      let value: unknown
      try {
        value = JSON.parse(input.slice(i, end + 1))
      } catch {
        throw fail(
          `The string starting at position ${i + 1} has an invalid escape or an unescaped control character (RFC 8259 §7).`,
        )
      }
      tokens.push({ kind: 'string', value: value as string, pos: i })
      i = end + 1
    } else if (isWordChar(c)) {
      const start = i
      while (i < input.length && isWordChar(input[i] as string)) i++
      tokens.push({ kind: 'word', text: input.slice(start, i), pos: start })
    } else {
      const code = c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')
      throw fail(`Unexpected control character U+${code} at position ${i + 1}.`)
    }
  }
  tokens.push({ kind: 'end', pos: input.length })
  return tokens
}

/** Index of the closing quote of the JSON string that opens at `start`. */
function stringEnd(input: string, start: number, fail: (detail: string) => ScimError): number {
  for (let i = start + 1; i < input.length; i++) {
    const c = input[i]
    if (c === '\\') i++
    else if (c === '"') return i
  }
  throw fail(`The string starting at position ${start + 1} is not closed.`)
}
