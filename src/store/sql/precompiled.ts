// The statements every request runs (a user by id, Entra's match, the configuration version) are built
// with Kysely once and compiled once; each run only binds new values to the same SQL text, which the
// adapters then execute as an already prepared statement (SQLite: statement-cache.ts). Building and
// compiling a query with Kysely costs about as much as running a lookup by key. On PostgreSQL their SQL
// texts are also run as named prepared statements (postgres-store.ts), parsed and planned once per
// connection instead of on every run (planning the read of a user took 6 ms, running it 0.4 ms).
import { CompiledQuery } from 'kysely'
import type { Compilable } from 'kysely'

/** The SQL text of every precompiled statement of this process, with a name of its own. */
const preparedNames = new Map<string, string>()

/**
 * The prepared-statement name of a precompiled statement's SQL text, or undefined for any other SQL
 * (statements built per request, whose variety is unbounded, are never prepared by name).
 */
export function preparedName(sql: string): string | undefined {
  return preparedNames.get(sql)
}

/** Stands for a named value while the query is compiled; never a value a client can send (NUL). */
const slot = (name: string): string => `\u0000roster-slot:${name}\u0000`

/**
 * `build` receives a placeholder for each name and returns the query (built on the store's Kysely, so it
 * compiles to that database's SQL). The result binds values by name: `run({ tenant, id })`.
 */
export function precompiled<N extends string, R>(
  names: readonly N[],
  build: (slots: Readonly<Record<N, string>>) => Compilable<R>,
): (values: Readonly<Record<N, unknown>>) => CompiledQuery<R> {
  let compiled:
    { readonly sql: string; readonly bind: readonly (N | { value: unknown })[] } | undefined
  return (values) => {
    if (!compiled) {
      const slots = Object.fromEntries(names.map((n) => [n, slot(n)])) as Record<N, string>
      const bySlot = new Map(names.map((n) => [slot(n), n]))
      const query = build(slots).compile()
      if (!preparedNames.has(query.sql))
        preparedNames.set(query.sql, `roster_${preparedNames.size + 1}`)
      compiled = {
        sql: query.sql,
        bind: query.parameters.map((p) => bySlot.get(p as string) ?? { value: p }),
      }
    }
    const { sql, bind } = compiled
    return CompiledQuery.raw(
      sql,
      bind.map((b) => (typeof b === 'string' ? values[b] : b.value)),
    ) as CompiledQuery<R>
  }
}
