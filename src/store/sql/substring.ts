// Substring filters through SQLite's FTS5 trigram tables (migration 014): the rows that may hold a folded
// text inside an indexed folded column, as a condition on the owning users or groups row. The
// condition only narrows: the filter's own LIKE on the folded column still decides (compile-filter.ts),
// so the results are those of a scan whatever the index returns (docs/performance.md, substring filters).
import { sql } from 'kysely'
import type { RawBuilder } from 'kysely'
import type { OwnerTable, SubstringIndex } from './columns.js'

/** Trigrams need three characters (code points); a shorter text is left to the scan. */
export const TRIGRAM = 3

/**
 * An FTS5 phrase of the whole text: one string, a `"` doubled (FTS5 query syntax, §3.1), so no character
 * of a filter value is an FTS5 operator. With the trigram tokenizer a phrase matches the rows holding
 * its text as a substring.
 */
export function ftsPhrase(text: string): string {
  return `"${text.replaceAll('"', '""')}"`
}

/**
 * `owner.rowid in (…)`: the owner rows whose `index.column` may contain `text`; undefined for a text under
 * three characters. An email's index leads to its user through the email row (rowid) and the user's key.
 */
export function ftsCandidates(
  index: SubstringIndex,
  owner: OwnerTable,
  text: string,
): RawBuilder<unknown> | undefined {
  if ([...text].length < TRIGRAM) return undefined
  const search = sql.table(`${index.table}_search`)
  const matching = sql`select rowid from ${search} where ${sql.ref(index.column)} match ${ftsPhrase(text)}`
  const rowid = sql.ref(`${owner}.rowid`)
  if (index.table === owner) return sql`${rowid} in (${matching})`
  // CROSS JOIN keeps SQLite's join order: from the few matching emails to their users, never the reverse.
  return sql`${rowid} in (select o.rowid from ${sql.table(index.table)} as e cross join ${sql.table(owner)} as o where e.rowid in (${matching}) and o.tenant_id = e.tenant_id and o.id = e.user_id)`
}
