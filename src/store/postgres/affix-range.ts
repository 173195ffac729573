// `sw` and `ew` (RFC 7644 §3.4.2.2) on PostgreSQL as ranges of B-tree indexes (migration 015): a prefix
// is a range of the folded column in the "C" collation, a suffix the same range of the column reversed.
// pg_trgm's GIN index serves such a LIKE poorly (a prefix's first trigrams, a suffix's common ones such
// as `@contoso.com`), and a LIKE with a bound parameter is a range only in a custom plan. The range is
// AND-ed with the LIKE, which still decides (compile-filter.ts): it holds every value the LIKE matches,
// so results are the scan's whatever the bounds (docs/performance.md, substring filters).
import { sql } from 'kysely'
import type { RawBuilder } from 'kysely'

const LAST_CODE_POINT = '\u{10FFFF}'

/**
 * The text as PostgreSQL receives it: pg encodes parameters as UTF-8, where a lone surrogate (a JS
 * string may hold one; no character) becomes U+FFFD. Bounds are computed on this text, never on the
 * raw one, or a bound would be encoded as another string than the one computed.
 */
const asSent = (text: string): string => text.toWellFormed()

/** The text's code points in reverse order, as PostgreSQL's reverse() reverses a UTF-8 text. */
export function reversed(text: string): string {
  return [...asSent(text)].reverse().join('')
}

/**
 * The least string above every string starting with `prefix`, in code point order (PostgreSQL's "C"
 * collation compares UTF-8 bytes, which order as code points): the prefix with its last code point
 * raised by one, after the trailing U+10FFFF (no code point follows them) are dropped; undefined when
 * none remains: every string from `prefix` on starts with it. U+D800 to U+DFFF are not characters (no
 * UTF-8 text holds them), so U+D7FF is followed by U+E000.
 */
export function prefixEnd(prefix: string): string | undefined {
  const points = [...asSent(prefix)]
  while (points.at(-1) === LAST_CODE_POINT) points.pop()
  const last = points.pop()
  if (last === undefined) return undefined
  const next = (last.codePointAt(0) as number) + 1
  return points.join('') + String.fromCodePoint(next === 0xd800 ? 0xe000 : next)
}

/**
 * `column sw text` (`ew`) as a range of migration 015's index on `column` (on `reverse(column)`) in the
 * "C" collation, written as the index is so the planner matches it, custom or generic plan alike;
 * undefined for an empty text (every value matches: no range narrows).
 */
export function affixRange(
  column: RawBuilder<unknown>,
  op: 'sw' | 'ew',
  text: string,
): RawBuilder<unknown> | undefined {
  if (text === '') return undefined
  const key = op === 'sw' ? sql`${column} collate "C"` : sql`reverse(${column}) collate "C"`
  const from = op === 'sw' ? asSent(text) : reversed(text)
  const end = prefixEnd(from)
  return end === undefined ? sql`${key} >= ${from}` : sql`${key} >= ${from} and ${key} < ${end}`
}
