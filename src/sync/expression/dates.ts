// Date-times as Entra's date functions read and write them: CDate's input forms, and .NET custom date
// and time format strings (FormatDateTime's inputFormat and outputFormat; CDate and Now write
// `M/d/yyyy h:mm:ss tt`). Invariant culture. A parsed value with an offset becomes its UTC equivalent,
// as S8's CDate examples show ("2021-06-30+08:00" → "6/29/2021 4:00:00 PM"); without one it is UTC.

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] // prettier-ignore
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

type FormatToken =
  | { readonly kind: 'field'; readonly letter: string; readonly count: number }
  | { readonly kind: 'literal'; readonly text: string }

const LETTERS = new Set(['d', 'f', 'F', 'g', 'h', 'H', 'K', 'm', 'M', 's', 't', 'y', 'z'])

/** .NET's standard formats (one letter) as custom ones, en-US as Entra writes dates. */
const STANDARD: Readonly<Record<string, string>> = {
  d: 'M/d/yyyy',
  D: 'dddd, MMMM d, yyyy',
  t: 'h:mm tt',
  T: 'h:mm:ss tt',
  g: 'M/d/yyyy h:mm tt',
  G: 'M/d/yyyy h:mm:ss tt',
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
  o: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  O: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
}

/** A .NET custom format string as fields and literals ('quoted', "quoted", \x and % handled). */
export function formatTokens(given: string): FormatToken[] {
  const format = STANDARD[given] ?? given
  const tokens: FormatToken[] = []
  const literal = (text: string): void => {
    const last = tokens[tokens.length - 1]
    if (last?.kind === 'literal')
      tokens[tokens.length - 1] = { kind: 'literal', text: last.text + text }
    else tokens.push({ kind: 'literal', text })
  }
  for (let i = 0; i < format.length;) {
    const c = format[i] as string
    if (c === "'" || c === '"') {
      const end = format.indexOf(c, i + 1)
      if (end === -1) throw new Error(`the quote at position ${i + 1} of the format is not closed`)
      literal(format.slice(i + 1, end))
      i = end + 1
    } else if (c === '\\') {
      literal(format[i + 1] ?? '')
      i += 2
    } else if (c === '%') {
      i++
    } else if (LETTERS.has(c)) {
      let end = i + 1
      while (format[end] === c) end++
      tokens.push({ kind: 'field', letter: c, count: end - i })
      i = end
    } else {
      literal(c)
      i++
    }
  }
  return tokens
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0')

/** `ms` (UTC) written with a .NET custom format; `offsetMinutes` is what z/zz/zzz/K show. */
export function formatDateTime(ms: number, format: string, offsetMinutes: number): string {
  const d = new Date(ms + offsetMinutes * 60_000)
  const year = d.getUTCFullYear()
  const hours = d.getUTCHours()
  const fraction = pad(d.getUTCMilliseconds(), 3) + '0000'
  const sign = offsetMinutes < 0 ? '-' : '+'
  const abs = Math.abs(offsetMinutes)
  let out = ''
  for (const token of formatTokens(format)) {
    if (token.kind === 'literal') {
      out += token.text
      continue
    }
    const n = token.count
    switch (token.letter) {
      case 'y':
        out += n <= 2 ? pad(year % 100, n) : pad(year, n)
        break
      case 'M': {
        const month = d.getUTCMonth()
        out += n >= 4 ? MONTHS[month] : n === 3 ? MONTHS[month]?.slice(0, 3) : pad(month + 1, n)
        break
      }
      case 'd': {
        const day = d.getUTCDay()
        out += n >= 4 ? DAYS[day] : n === 3 ? DAYS[day]?.slice(0, 3) : pad(d.getUTCDate(), n)
        break
      }
      case 'h':
        out += pad(hours % 12 === 0 ? 12 : hours % 12, Math.min(n, 2))
        break
      case 'H':
        out += pad(hours, Math.min(n, 2))
        break
      case 'm':
        out += pad(d.getUTCMinutes(), Math.min(n, 2))
        break
      case 's':
        out += pad(d.getUTCSeconds(), Math.min(n, 2))
        break
      case 'f':
        out += fraction.slice(0, Math.min(n, 7))
        break
      case 'F':
        out += fraction.slice(0, Math.min(n, 7)).replace(/0+$/, '')
        break
      case 't':
        out += (hours < 12 ? 'AM' : 'PM').slice(0, Math.min(n, 2))
        break
      case 'z':
        out +=
          n === 1
            ? `${sign}${Math.floor(abs / 60)}`
            : n === 2
              ? `${sign}${pad(Math.floor(abs / 60), 2)}`
              : `${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`
        break
      case 'K':
        out +=
          offsetMinutes === 0 ? 'Z' : `${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`
        break
      case 'g':
        out += 'A.D.'
        break
    }
  }
  return out
}

interface Parts {
  year?: number
  month?: number
  day?: number
  hour?: number
  hour12?: number
  pm?: boolean
  minute?: number
  second?: number
  ms?: number
  offset?: number
}

/** The UTC instant `parts` name, or undefined when a part is out of range. */
function instant(parts: Parts): number | undefined {
  const year = parts.year ?? 1
  const month = parts.month ?? 1
  const day = parts.day ?? 1
  let hour = parts.hour ?? 0
  if (parts.hour12 !== undefined) {
    if (parts.hour12 < 1 || parts.hour12 > 12) return undefined
    hour = (parts.hour12 % 12) + (parts.pm ? 12 : 0)
  } else if (parts.pm !== undefined && hour < 12 && parts.pm) hour += 12
  const minute = parts.minute ?? 0
  const second = parts.second ?? 0
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  date.setUTCHours(hour, minute, second, parts.ms ?? 0)
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return undefined
  return date.getTime() - (parts.offset ?? 0) * 60_000
}

function offsetMinutes(text: string): number {
  if (text === 'Z' || text === 'z') return 0
  const m = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(text) as RegExpExecArray
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0)
  return m[1] === '-' ? -minutes : minutes
}

const ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i
const US =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i

/**
 * CDate's reading of a string: ISO 8601 dates with an optional time and offset (`2009-06-15T01:45:30-07:00`,
 * Workday's `2020-03-16-07:00`, `2021-08-24`) and the US form Entra writes (`8/25/2021 5:41:18 PM`).
 */
export function parseDate(text: string): number | undefined {
  const trimmed = text.trim()
  const iso = ISO.exec(trimmed)
  if (iso) {
    return instant({
      year: Number(iso[1]),
      month: Number(iso[2]),
      day: Number(iso[3]),
      hour: Number(iso[4] ?? 0),
      minute: Number(iso[5] ?? 0),
      second: Number(iso[6] ?? 0),
      ms: Number(((iso[7] ?? '') + '000').slice(0, 3)),
      ...(iso[8] !== undefined ? { offset: offsetMinutes(iso[8]) } : {}),
    })
  }
  const us = US.exec(trimmed)
  if (us) {
    const meridiem = us[7]?.toUpperCase()
    return instant({
      year: Number(us[3]),
      month: Number(us[1]),
      day: Number(us[2]),
      ...(meridiem !== undefined
        ? { hour12: Number(us[4] ?? 12), pm: meridiem === 'PM' }
        : { hour: Number(us[4] ?? 0) }),
      minute: Number(us[5] ?? 0),
      second: Number(us[6] ?? 0),
      ...(us[8] !== undefined ? { offset: offsetMinutes(us[8]) } : {}),
    })
  }
  return undefined
}

/** Number patterns for the fields a format may hold when parsing; `n` is the letter count. */
function fieldPattern(letter: string, n: number): RegExp | undefined {
  switch (letter) {
    case 'y':
      return n <= 2 ? /^\d{1,2}/ : n === 4 ? /^\d{4}/ : /^\d{3,5}/
    case 'M':
      return n >= 3 ? /^[A-Za-z]+/ : n === 2 ? /^\d{2}/ : /^\d{1,2}/
    case 'd':
      return n >= 3 ? /^[A-Za-z]+/ : n === 2 ? /^\d{2}/ : /^\d{1,2}/
    case 'h':
    case 'H':
    case 'm':
    case 's':
      return n >= 2 ? /^\d{2}/ : /^\d{1,2}/
    case 'f':
      return new RegExp(`^\\d{${Math.min(n, 7)}}`)
    case 'F':
      return new RegExp(`^\\d{0,${Math.min(n, 7)}}`)
    case 't':
      return n >= 2 ? /^(AM|PM)/i : /^[AP]/i
    case 'z':
      return n >= 3 ? /^[+-]\d{2}:\d{2}/ : n === 2 ? /^[+-]\d{2}/ : /^[+-]\d{1,2}/
    case 'K':
      return /^(Z|[+-]\d{2}:\d{2})?/i
    default:
      return undefined
  }
}

/** DateTime.ParseExact with a custom format (leading and trailing white space allowed), or undefined. */
export function parseExact(text: string, format: string): number | undefined {
  const input = text.trim()
  const parts: Parts = {}
  let i = 0
  for (const token of formatTokens(format)) {
    if (token.kind === 'literal') {
      if (input.slice(i, i + token.text.length) !== token.text) return undefined
      i += token.text.length
      continue
    }
    const pattern = fieldPattern(token.letter, token.count)
    const match = pattern?.exec(input.slice(i))
    if (!match) return undefined
    const raw = match[0]
    i += raw.length
    switch (token.letter) {
      case 'y':
        parts.year =
          token.count <= 2 ? 2000 + Number(raw) - (Number(raw) >= 50 ? 100 : 0) : Number(raw)
        break
      case 'M': {
        if (token.count >= 3) {
          const index = MONTHS.findIndex(
            (m) => (token.count === 3 ? m.slice(0, 3) : m).toLowerCase() === raw.toLowerCase(),
          )
          if (index === -1) return undefined
          parts.month = index + 1
        } else parts.month = Number(raw)
        break
      }
      case 'd':
        if (token.count < 3) parts.day = Number(raw)
        break
      case 'h':
        parts.hour12 = Number(raw)
        break
      case 'H':
        parts.hour = Number(raw)
        break
      case 'm':
        parts.minute = Number(raw)
        break
      case 's':
        parts.second = Number(raw)
        break
      case 'f':
      case 'F':
        parts.ms = Number((raw + '000').slice(0, 3))
        break
      case 't':
        parts.pm = raw.toUpperCase().startsWith('P')
        break
      case 'z':
      case 'K':
        if (raw !== '') parts.offset = offsetMinutes(raw)
        break
    }
  }
  if (i !== input.length) return undefined
  return instant(parts)
}
