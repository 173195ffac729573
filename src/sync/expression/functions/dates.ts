// Date functions. Date-times are UTC instants; they read as `M/d/yyyy h:mm:ss tt` (S8). DateAdd and
// DateDiff take VBA's intervals and VBA's rules: months and years move the calendar (31 January + 1
// month is 28 or 29 February), DateDiff counts whole units toward zero, and "ww" counts Sundays crossed.
import { parseDate, parseExact, formatDateTime } from '../dates.js'
import { DateTime } from '../value.js'
import type { Call, FunctionSpec } from './spec.js'

const INTERVALS = ['yyyy', 'm', 'd', 'ww', 'h', 'n', 's'] as const
type Interval = (typeof INTERVALS)[number]

const DAY = 86_400_000
/** 1601-01-01T00:00:00Z in 100-nanosecond ticks before the Unix epoch: AD's date numbers (S8). */
const FILETIME_EPOCH = 116_444_736_000_000_000n
/** AD's "never" values for accountExpires. */
const NEVER = new Set([0n, 9_223_372_036_854_775_807n])

function interval(call: Call, i: number): Interval {
  const text = call.text(i)
  const found = INTERVALS.find((v) => v === text)
  return (
    found ??
    call.fail(
      `the interval is one of ${INTERVALS.map((v) => `"${v}"`).join(', ')}, not ${JSON.stringify(text)}.`,
      i,
    )
  )
}

/** Argument `i` as a UTC instant: a date-time, or a string CDate reads. */
function instant(call: Call, i: number): number | null {
  const value = call.value(i)
  if (value === null) return null
  if (value instanceof DateTime) return value.ms
  const text = call.text(i)
  if (text === null) return null
  const ms = parseDate(text)
  if (ms === undefined)
    call.fail(
      `${JSON.stringify(text)} is not a date (e.g. 2021-06-30, 2009-06-15T01:45:30-07:00 or 8/25/2021 5:41:18 PM).`,
      i,
    )
  return ms
}

function addMonths(ms: number, months: number): number {
  const d = new Date(ms)
  const day = d.getUTCDate()
  d.setUTCDate(1)
  d.setUTCMonth(d.getUTCMonth() + months)
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()
  d.setUTCDate(Math.min(day, last))
  return d.getTime()
}

/** The Sunday starting `ms`'s week, at the same time of day. */
const weekStart = (ms: number): number => ms - new Date(ms).getUTCDay() * DAY

export const DATE_FUNCTIONS: readonly FunctionSpec[] = [
  {
    name: 'CDate',
    params: [{ name: 'expression' }],
    evaluate: (call) => {
      const ms = instant(call, 0)
      return ms === null ? null : new DateTime(ms)
    },
  },
  {
    name: 'DateAdd',
    params: [{ name: 'interval' }, { name: 'value' }, { name: 'dateTime' }],
    evaluate: (call) => {
      const unit = interval(call, 0)
      const n = call.number(1)
      const ms = instant(call, 2)
      if (n === null || ms === null) return null
      const k = Math.round(n)
      const added =
        unit === 'yyyy'
          ? addMonths(ms, 12 * k)
          : unit === 'm'
            ? addMonths(ms, k)
            : ms + k * { d: DAY, ww: 7 * DAY, h: 3_600_000, n: 60_000, s: 1000 }[unit]
      return new DateTime(added)
    },
  },
  {
    name: 'DateDiff',
    params: [{ name: 'interval' }, { name: 'date1' }, { name: 'date2' }],
    evaluate: (call) => {
      const unit = interval(call, 0)
      const a = instant(call, 1)
      const b = instant(call, 2)
      if (a === null || b === null) return null
      const da = new Date(a)
      const db = new Date(b)
      switch (unit) {
        case 'yyyy':
          return db.getUTCFullYear() - da.getUTCFullYear()
        case 'm':
          return (
            (db.getUTCFullYear() - da.getUTCFullYear()) * 12 + db.getUTCMonth() - da.getUTCMonth()
          )
        case 'ww':
          return Math.trunc((weekStart(b) - weekStart(a)) / (7 * DAY)) || 0
        default:
          return Math.trunc((b - a) / { d: DAY, h: 3_600_000, n: 60_000, s: 1000 }[unit]) || 0
      }
    },
  },
  {
    name: 'DateFromNum',
    params: [{ name: 'value' }],
    evaluate: (call) => {
      const text = call.text(0)
      if (text === null) return null
      if (!/^\s*-?\d+(\.0*)?\s*$/.test(text))
        call.fail(`${JSON.stringify(text)} is not an AD date number.`, 0)
      const ticks = BigInt(text.trim().replace(/\.0*$/, ''))
      if (NEVER.has(ticks)) return null
      const ms = Number((ticks - FILETIME_EPOCH) / 10_000n)
      if (Math.abs(ms) > 8.64e15) call.fail(`${text} is outside the dates a DateTime holds.`, 0)
      return new DateTime(ms)
    },
  },
  {
    name: 'FormatDateTime',
    params: [
      { name: 'source' },
      { name: 'dateTimeStyles', optional: true },
      { name: 'inputFormat' },
      { name: 'outputFormat' },
    ],
    evaluate: (call) => {
      const value = call.value(0)
      if (value === null) return null
      const output = call.text(3) ?? ''
      let ms: number | undefined
      if (value instanceof DateTime) ms = value.ms
      else {
        const text = call.text(0) ?? ''
        const input = call.text(2) ?? ''
        try {
          ms = parseExact(text, input)
        } catch (error) {
          call.fail(
            error instanceof Error ? `inputFormat: ${error.message}.` : 'inputFormat is invalid.',
            2,
          )
        }
        if (ms === undefined)
          call.fail(
            `${JSON.stringify(text)} does not match the inputFormat ${JSON.stringify(input)}.`,
            0,
          )
      }
      try {
        return formatDateTime(ms as number, output, 0)
      } catch (error) {
        return call.fail(
          error instanceof Error ? `outputFormat: ${error.message}.` : 'outputFormat is invalid.',
          3,
        )
      }
    },
  },
  {
    name: 'Now',
    params: [],
    evaluate: (call) => new DateTime(call.ctx.now()),
  },
  {
    name: 'NumFromDate',
    params: [{ name: 'value' }],
    // The AD number (100-ns ticks since 1601) as digits: it exceeds what a double holds exactly.
    evaluate: (call) => {
      const ms = instant(call, 0)
      return ms === null ? null : (BigInt(ms) * 10_000n + FILETIME_EPOCH).toString()
    },
  },
]
