// Substring filters through SQLite's FTS5 trigram tables (migration 014): the rows that may hold a folded
// text inside an indexed folded column, as a condition on the owning users or groups row. The
// condition only narrows: the filter's own LIKE on the folded column still decides (compile-filter.ts),
// so the results are those of a scan whatever the index returns (docs/performance.md, substring filters).
//
// Which trigrams: a phrase of the whole text makes FTS5 read the position list of every trigram in it,
// and `…@contoso.com` holds trigrams every row has. With the rows holding each trigram (TrigramCounts,
// counted up to a limit and kept for a while), the index is asked for the rarest few only; when even
// the rarest is in a large share of the rows, the index would read more than the scan: LIKE alone.
import { sql } from 'kysely'
import type { Kysely, RawBuilder } from 'kysely'
import type { OwnerTable, SubstringIndex } from './columns.js'
import type { Database } from './tables.js'

/** Trigrams need three characters (code points); a shorter text is left to the scan. */
export const TRIGRAM = 3

/** Rows of a trigram counted at most; beyond, the index is not chosen unless the table is 8 times larger. */
export const COUNT_LIMIT = 4096
/** The trigrams asked of the index at most (each beyond the rarest narrows, and costs its list). */
const MAX_TERMS = 3
/** A further trigram is asked only when it is in at most this many times the rarest one's rows. */
const TERM_SPREAD = 16
/** The first count of each trigram stops here: enough to find a rare one, cheap for a common one. */
export const FIRST_COUNT = 1024
/** Trigrams of a long text counted at most, spread over it (any of them is a valid narrowing). */
const MAX_COUNTED = 16
/** How long a count is trusted (ms): it only chooses the plan, never the results. */
const COUNT_TTL_MS = 60_000
/** Counts kept per database; beyond, the oldest go. */
const CAPACITY = 8192

/**
 * An FTS5 phrase of the whole text: one string, a `"` doubled (FTS5 query syntax, §3.1), so no character
 * of a filter value is an FTS5 operator. With the trigram tokenizer a phrase matches the rows holding
 * its text as a substring.
 */
export function ftsPhrase(text: string): string {
  return `"${text.replaceAll('"', '""')}"`
}

/** The distinct trigrams of `text`, by code point, in order of first appearance. */
export function trigramsOf(text: string): string[] {
  const points = [...text]
  const found = new Set<string>()
  for (let i = 0; i + TRIGRAM <= points.length; i++)
    found.add(points.slice(i, i + TRIGRAM).join(''))
  return [...found]
}

/**
 * How many rows of an index hold each trigram, as far as known: a count under `upTo` is exact, one of
 * `upTo` or more says "at least that many"; undefined when not read that far yet, which `get` notes so
 * that `fill` reads it.
 */
export interface TrigramCounts {
  get(index: SubstringIndex, trigram: string, upTo: number): number | undefined
  /** Counting beyond this is not needed: the index is not chosen when the rarest trigram reaches it. */
  limit(index: SubstringIndex): number | undefined
  /** Reads what `get` and `limit` were asked and did not know; true when it read anything. */
  fill(): Promise<boolean>
}

/**
 * The trigrams to ask the index for, rarest first; `'scan'` when the rarest is in `limit` rows or more;
 * undefined when a count is not known (the whole phrase is asked then). Counted first up to
 * FIRST_COUNT (cheap: a common trigram's list is read that far only), then, when every trigram reaches
 * it, up to `limit`.
 */
export function chooseTrigrams(
  text: string,
  count: (trigram: string, upTo: number) => number | undefined,
  limit: number | undefined,
): string[] | 'scan' | undefined {
  if (limit === undefined) return undefined
  const trigrams = spread(trigramsOf(text), MAX_COUNTED)
  if (trigrams.length === 0) return undefined
  for (const upTo of limit > FIRST_COUNT ? [FIRST_COUNT, limit] : [limit]) {
    const counted: [string, number][] = []
    for (const trigram of trigrams) {
      const n = count(trigram, upTo)
      if (n !== undefined) counted.push([trigram, n])
    }
    if (counted.length < trigrams.length) return undefined
    counted.sort((a, b) => a[1] - b[1])
    const rarest = (counted[0] as [string, number])[1]
    if (rarest >= upTo) continue
    return counted
      .filter(([, n], i) => i < MAX_TERMS && n < upTo && n <= Math.max(rarest, 1) * TERM_SPREAD)
      .map(([trigram]) => trigram)
  }
  return 'scan'
}

/** At most `max` of `list`, evenly spaced. */
function spread<T>(list: readonly T[], max: number): T[] {
  if (list.length <= max) return [...list]
  return Array.from({ length: max }, (_, i) => list[Math.floor((i * list.length) / max)] as T)
}

/**
 * `owner.rowid in (…)`: the owner rows whose `index.column` may contain `text`; undefined for a text under
 * three characters, or when the counts say a scan reads less. An email's index leads to its user through
 * the email row (rowid) and the user's key.
 */
export function ftsCandidates(
  index: SubstringIndex,
  owner: OwnerTable,
  text: string,
  counts?: TrigramCounts,
): RawBuilder<unknown> | undefined {
  if ([...text].length < TRIGRAM) return undefined
  const chosen = counts
    ? chooseTrigrams(text, (t, upTo) => counts.get(index, t, upTo), counts.limit(index))
    : undefined
  if (chosen === 'scan') return undefined
  // Each chosen trigram is a phrase of one token; their AND holds every row the whole phrase does.
  const query = chosen ? chosen.map(ftsPhrase).join(' AND ') : ftsPhrase(text)
  const search = sql.table(`${index.table}_search`)
  const matching = sql`select rowid from ${search} where ${sql.ref(index.column)} match ${query}`
  const rowid = sql.ref(`${owner}.rowid`)
  if (index.table === owner) return sql`${rowid} in (${matching})`
  // CROSS JOIN keeps SQLite's join order: from the few matching emails to their users, never the reverse.
  return sql`${rowid} in (select o.rowid from ${sql.table(index.table)} as e cross join ${sql.table(owner)} as o where e.rowid in (${matching}) and o.tenant_id = e.tenant_id and o.id = e.user_id)`
}

interface Kept {
  readonly n: number
  /** The count was read up to this many rows (`n` equal to it: at least that many). */
  readonly upTo: number
  readonly at: number
}

const kept = new WeakMap<Kysely<Database>, TrigramCounts>()

/**
 * The trigram counts of one database (one connection, so one per process and read worker), kept with it.
 * A trigram's count reads its list up to the rows asked (FTS5 reads it lazily); a table's size is its
 * largest rowid (rowids grow; a deleted row leaves a gap, which only makes the limit larger).
 */
export function ftsTrigramCounts(db: Kysely<Database>, now = Date.now): TrigramCounts {
  const known = kept.get(db)
  if (known) return known
  const counts = new Map<string, Kept>()
  const sizes = new Map<string, Kept>()
  const wanted = new Map<string, { index: SubstringIndex; trigram: string; upTo: number }>()
  const wantedSizes = new Set<SubstringIndex['table']>()
  const fresh = (entry: Kept | undefined): number | undefined =>
    entry && now() - entry.at < COUNT_TTL_MS ? entry.n : undefined
  const limitOf = (table: string): number | undefined => {
    const size = fresh(sizes.get(table))
    return size === undefined ? undefined : Math.max(COUNT_LIMIT, Math.ceil(size / 8))
  }
  const result: TrigramCounts = {
    get(index, trigram, upTo) {
      const key = `${index.table}\u0000${index.column}\u0000${trigram}`
      const entry = counts.get(key)
      const n = fresh(entry)
      if (n !== undefined && entry && (n < entry.upTo || entry.upTo >= upTo)) return n
      wanted.set(key, { index, trigram, upTo: Math.max(upTo, wanted.get(key)?.upTo ?? 0) })
      return undefined
    },
    limit(index) {
      const limit = limitOf(index.table)
      if (limit === undefined) wantedSizes.add(index.table)
      return limit
    },
    async fill() {
      if (wanted.size === 0 && wantedSizes.size === 0) return false
      for (const table of [...wantedSizes]) {
        wantedSizes.delete(table)
        const { rows } = await sql<{
          n: number | null
        }>`select max(rowid) as n from ${sql.table(table)}`.execute(db)
        sizes.set(table, { n: Number(rows[0]?.n ?? 0), upTo: Infinity, at: now() })
      }
      for (const [key, { index, trigram, upTo }] of [...wanted]) {
        wanted.delete(key)
        const search = sql.table(`${index.table}_search`)
        const { rows } = await sql<{
          n: number
        }>`select count(*) as n from (select 1 from ${search} where ${sql.ref(index.column)} match ${ftsPhrase(trigram)} limit ${upTo})`.execute(
          db,
        )
        counts.delete(key)
        counts.set(key, { n: Number(rows[0]?.n ?? 0), upTo, at: now() })
        if (counts.size > CAPACITY) counts.delete(counts.keys().next().value as string)
      }
      return true
    },
  }
  kept.set(db, result)
  return result
}
