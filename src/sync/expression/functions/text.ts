// The string functions of S8 (docs/sync-expressions.md lists each with its rules for null). A null
// source gives null (the attribute does not flow), except where S8 says otherwise (Left, Word).
import { normalizeDiacritics } from '../diacritics.js'
import type { FunctionSpec } from './spec.js'

const source = { name: 'source' }

/** .NET ToTitleCase's word separators: anything that is not a letter, a mark or a digit. */
const WORD_CHAR = /[\p{L}\p{M}\p{Nd}]/u

function titleCase(text: string, separators: string | null): string {
  let out = ''
  let start = true
  for (const c of text.toLowerCase()) {
    const separator = separators === null ? !WORD_CHAR.test(c) : separators.includes(c)
    out += start && !separator ? c.toUpperCase() : c
    start = separator
  }
  return out
}

function culture(name: string | null, fail: (m: string) => never): string | undefined {
  if (name === null || name === '') return undefined
  try {
    return Intl.getCanonicalLocales(name)[0]
  } catch {
    return fail(`${JSON.stringify(name)} is not a culture name (RFC 4646, e.g. "tr-TR").`)
  }
}

export const TEXT_FUNCTIONS: readonly FunctionSpec[] = [
  {
    name: 'Append',
    params: [source, { name: 'suffix' }],
    evaluate: (call) => {
      const s = call.text(0)
      return s === null ? null : s + (call.text(1) ?? '')
    },
  },
  {
    name: 'ConvertToBase64',
    params: [source],
    // "a Unicode base64 string": the UTF-16LE bytes, as .NET's Encoding.Unicode.
    evaluate: (call) => {
      const s = call.text(0)
      return s === null ? null : Buffer.from(s, 'utf16le').toString('base64')
    },
  },
  {
    name: 'ConvertToUTF8Hex',
    params: [source],
    evaluate: (call) => {
      const s = call.text(0)
      return s === null ? null : Buffer.from(s, 'utf8').toString('hex').toUpperCase()
    },
  },
  {
    name: 'CStr',
    params: [{ name: 'value' }],
    evaluate: (call) => call.text(0),
  },
  {
    name: 'InStr',
    params: [
      { name: 'value1' },
      { name: 'value2' },
      { name: 'start', optional: true },
      { name: 'compareType', optional: true },
    ],
    evaluate: (call) => {
      const haystack = call.text(0)
      const needle = call.text(1)
      if (haystack === null || needle === null) return null
      const start = call.has(2) ? (call.number(2) ?? 1) : 1
      if (!Number.isInteger(start) || start < 1)
        call.fail(`start is 1-based: ${start} is not a position.`, 2)
      const mode = call.has(3) ? call.text(3) : 'vbBinaryCompare'
      if (mode !== 'vbBinaryCompare' && mode !== 'vbTextCompare')
        call.fail('compareType is vbBinaryCompare (case-sensitive) or vbTextCompare.', 3)
      const fold = (s: string): string => (mode === 'vbTextCompare' ? s.toLowerCase() : s)
      return fold(haystack).indexOf(fold(needle), start - 1) + 1
    },
  },
  {
    name: 'Left',
    params: [{ name: 'String' }, { name: 'NumChars' }],
    // S8: numChars = 0 gives "", numChars < 0 gives the input, a null string gives "".
    evaluate: (call) => {
      const s = call.text(0)
      if (s === null) return ''
      const n = call.number(1) ?? 0
      return n < 0 ? s : [...s].slice(0, Math.trunc(n)).join('')
    },
  },
  {
    name: 'Len',
    params: [source],
    evaluate: (call) => {
      const s = call.text(0)
      return s === null ? null : [...s].length
    },
  },
  {
    name: 'Mid',
    params: [source, { name: 'start' }, { name: 'length' }],
    evaluate: (call) => {
      const s = call.text(0)
      if (s === null) return null
      const start = call.number(1) ?? 1
      const length = call.number(2) ?? 0
      if (!Number.isInteger(start) || start < 1)
        call.fail(`start is 1-based (the first character is 1): ${start} is not a position.`, 1)
      if (!Number.isInteger(length) || length < 0)
        call.fail(`length must be 0 or more, not ${length}.`, 2)
      return [...s].slice(start - 1, start - 1 + length).join('')
    },
  },
  {
    name: 'NormalizeDiacritics',
    params: [source],
    evaluate: (call) => {
      const s = call.text(0)
      return s === null ? null : normalizeDiacritics(s)
    },
  },
  {
    name: 'PCase',
    params: [source, { name: 'wordSeparators', optional: true }],
    evaluate: (call) => {
      const s = call.text(0)
      return s === null ? null : titleCase(s, call.has(1) ? call.text(1) : null)
    },
  },
  {
    name: 'StripSpaces',
    params: [source],
    evaluate: (call) => {
      const s = call.text(0)
      return s === null ? null : s.replaceAll(' ', '')
    },
  },
  {
    name: 'ToLower',
    params: [source, { name: 'culture', optional: true }],
    evaluate: (call) => {
      const s = call.text(0)
      if (s === null) return null
      const locale = culture(call.text(1), (m) => call.fail(m, 1))
      return locale ? s.toLocaleLowerCase(locale) : s.toLowerCase()
    },
  },
  {
    name: 'ToUpper',
    params: [source, { name: 'culture', optional: true }],
    evaluate: (call) => {
      const s = call.text(0)
      if (s === null) return null
      const locale = culture(call.text(1), (m) => call.fail(m, 1))
      return locale ? s.toLocaleUpperCase(locale) : s.toUpperCase()
    },
  },
  {
    name: 'Word',
    params: [{ name: 'String' }, { name: 'WordNumber' }, { name: 'Delimiters' }],
    // S8: a number below 1, a null string, or fewer words than the number give "".
    evaluate: (call) => {
      const s = call.text(0)
      const n = call.number(1) ?? 0
      const delimiters = call.text(2) ?? ''
      if (s === null || n < 1) return ''
      const words: string[] = []
      let current = ''
      for (const c of s) {
        if (delimiters.includes(c)) {
          if (current !== '') words.push(current)
          current = ''
        } else current += c
      }
      if (current !== '') words.push(current)
      return words[Math.trunc(n) - 1] ?? ''
    },
  },
]
