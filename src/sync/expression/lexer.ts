// Splits an attribute-mapping expression into tokens with their offsets (docs/sync-expressions.md):
// attributes in brackets, strings in double quotes with `\\` and `\"` as the only escapes (S8: "if you
// need a backslash or quotation mark in the string, it must be escaped with the backslash"), numbers
// (decimal, or VBA hexadecimal `&HF7`), names, `( ) ,` and the comparison operators of IIF.
import { ExpressionError } from './errors.js'

export type CompareOp = '=' | '<>' | '<' | '<=' | '>' | '>='

export type Token =
  | { readonly kind: '(' | ')' | ',' | 'end'; readonly pos: number; readonly length: number }
  | {
      readonly kind: 'compare'
      readonly op: CompareOp
      readonly pos: number
      readonly length: number
    }
  | {
      readonly kind: 'attribute'
      readonly name: string
      readonly pos: number
      readonly length: number
    }
  | {
      readonly kind: 'string'
      readonly value: string
      readonly pos: number
      readonly length: number
    }
  | {
      readonly kind: 'number'
      readonly value: number
      readonly pos: number
      readonly length: number
    }
  | { readonly kind: 'name'; readonly name: string; readonly pos: number; readonly length: number }

const SPACE = /[ \t\r\n\u00a0]/
const NAME_START = /[A-Za-z_]/
const NAME_PART = /[A-Za-z0-9_]/
const DIGIT = /[0-9]/
const HEX = /[0-9A-Fa-f]/

export function tokenize(source: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < source.length) {
    const c = source[i] as string
    const next = source[i + 1] ?? ''
    if (SPACE.test(c)) {
      i++
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, pos: i, length: 1 })
      i++
    } else if (c === '[') {
      const end = source.indexOf(']', i + 1)
      const stop = end === -1 ? source.length : end
      const inner = source.slice(i + 1, stop)
      const bad = inner.search(/[[\n"(),]/)
      if (end === -1 || bad !== -1)
        throw new ExpressionError(
          'The attribute name is not closed: write it as [attributeName].',
          i,
          Math.max(1, bad === -1 ? stop - i : bad + 1),
        )
      if (inner.trim() === '')
        throw new ExpressionError('An attribute needs a name between the brackets.', i, 2)
      if (inner !== inner.trim())
        throw new ExpressionError(
          `Attribute names hold no spaces: write [${inner.trim()}].`,
          i,
          end - i + 1,
        )
      tokens.push({ kind: 'attribute', name: inner, pos: i, length: end - i + 1 })
      i = end + 1
    } else if (c === ']') {
      throw new ExpressionError("A ']' without its '['.", i)
    } else if (c === '"') {
      const { value, end } = readString(source, i)
      tokens.push({ kind: 'string', value, pos: i, length: end - i + 1 })
      i = end + 1
    } else if (c === '“' || c === '”') {
      throw new ExpressionError('A typographic quote: strings take straight double quotes (").', i)
    } else if (c === "'") {
      throw new ExpressionError(`Strings take double quotes: write "..." instead of '...'.`, i)
    } else if (
      DIGIT.test(c) ||
      (c === '-' && DIGIT.test(next)) ||
      (c === '.' && DIGIT.test(next))
    ) {
      const match = /^-?(?:\d+(?:\.\d*)?|\.\d+)/.exec(source.slice(i)) as RegExpExecArray
      const text = match[0]
      if (NAME_START.test(source[i + text.length] ?? ''))
        throw new ExpressionError(
          `'${text}${source[i + text.length]}…' is neither a number nor a name.`,
          i,
          text.length + 1,
        )
      tokens.push({ kind: 'number', value: Number(text), pos: i, length: text.length })
      i += text.length
    } else if (c === '&' && (next === 'H' || next === 'h')) {
      let end = i + 2
      while (end < source.length && HEX.test(source[end] as string)) end++
      if (end === i + 2) throw new ExpressionError('&H needs hexadecimal digits, e.g. &HF7.', i, 2)
      tokens.push({
        kind: 'number',
        value: Number.parseInt(source.slice(i + 2, end), 16),
        pos: i,
        length: end - i,
      })
      i = end
    } else if (NAME_START.test(c)) {
      let end = i + 1
      while (end < source.length && NAME_PART.test(source[end] as string)) end++
      tokens.push({ kind: 'name', name: source.slice(i, end), pos: i, length: end - i })
      i = end
    } else if (c === '=' || c === '<' || c === '>') {
      const two = source.slice(i, i + 2)
      const op: CompareOp =
        two === '<>' || two === '<=' || two === '>=' ? (two as CompareOp) : (c as CompareOp)
      if (two === '==') throw new ExpressionError("Equality is a single '=' (VBA), not '=='.", i, 2)
      tokens.push({ kind: 'compare', op, pos: i, length: op.length })
      i += op.length
    } else if (c === '!' && next === '=') {
      throw new ExpressionError("'Not equal' is written '<>' (VBA), not '!='.", i, 2)
    } else if (c === '&' || c === '+') {
      throw new ExpressionError(
        `'${c}' does not join strings here: use Append(a, b) or Join("", a, b).`,
        i,
      )
    } else {
      const code = c.codePointAt(0) ?? 0
      const shown = code < 0x20 ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `'${c}'`
      throw new ExpressionError(`Unexpected character ${shown}.`, i)
    }
  }
  tokens.push({ kind: 'end', pos: source.length, length: 1 })
  return tokens
}

/** A string literal opening at `start`: its value and the offset of its closing quote. */
function readString(source: string, start: number): { value: string; end: number } {
  let value = ''
  for (let i = start + 1; i < source.length; i++) {
    const c = source[i] as string
    if (c === '"') return { value, end: i }
    if (c === '\\') {
      const escaped = source[i + 1]
      if (escaped === '\\' || escaped === '"') {
        value += escaped
        i++
        continue
      }
      throw new ExpressionError(
        escaped === undefined
          ? 'The string ends with a lone backslash: write \\\\ for a backslash.'
          : `'\\${escaped}' is not an escape: only \\\\ (a backslash) and \\" (a quote) are; a regular expression's \\${escaped} is written \\\\${escaped}.`,
        i,
        escaped === undefined ? 1 : 2,
      )
    }
    value += c
  }
  throw new ExpressionError(
    'The string is not closed: a " is missing.',
    start,
    source.length - start,
  )
}
