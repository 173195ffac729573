// Substring filters at the store (docs/performance.md, substring filters): each filter's listUsers through
// the trigram index beside the same store without it (the dialect without substringCandidates: the LIKE
// scan Roster ran before migration 014), on one file of BENCH_USERS users with an email each seeded by
// test/seed.ts. Medians of 7 runs, count 100; the totals must agree.
//
//   npm run bench:substring       (BENCH_USERS=100000)
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Sqlite from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { parseFilter } from '../src/scim/filter/parser.js'
import { DEFAULT_SETTINGS } from '../src/scim/profile/settings.js'
import { userFold } from '../src/scim/profile/user-fold.js'
import { createSqlStore } from '../src/store/sql/sql-store.js'
import type { Database } from '../src/store/sql/tables.js'
import { openSqliteStore, sqliteDialect } from '../src/store/sqlite/sqlite-store.js'
import type { TenantStore } from '../src/store/store.js'
import { seed } from '../test/seed.js'

const USERS = Number(process.env['BENCH_USERS'] ?? 100_000)
const FILTERS = [
  'userName co "er12345@"',
  'userName sw "user4242"',
  'userName ew "4242@contoso.com"',
  'emails.value co "r4242@c"',
  'name.familyName co "mily4242"',
  'userName co "er1"',
  'userName co "contoso"',
  'userName co "42"',
]

const dir = mkdtempSync(join(tmpdir(), 'roster-substring-'))
const file = join(dir, 'roster.db')
try {
  const first = await openSqliteStore({ file, inline: true })
  const tenantId = (await first.ensureTenant('acme', 'Acme')).id
  await first.close()
  seed(file, tenantId, (s) => {
    s.users(USERS, 'user', (i) => ({ givenName: `Given${i}`, familyName: `Family${i}` }))
  })
  const raw = new Sqlite(file)
  raw.exec(
    `insert into user_emails (tenant_id, user_id, position, value, value_folded, device, device_folded) select tenant_id, id, 0, user_name, user_name_folded, 'Work Email', 'work email' from users`,
  )
  raw.close()
  // Opening the store gathers the planner's statistics (PRAGMA optimize).
  await (await openSqliteStore({ file, inline: true })).close()
  const open = (indexed: boolean): TenantStore => {
    const database = new Sqlite(file, { readonly: true })
    database.pragma('case_sensitive_like = ON')
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) })
    const { substringCandidates: _, ...scan } = sqliteDialect
    return createSqlStore({ db, dialect: indexed ? sqliteDialect : scan }).forTenant(tenantId)
  }
  const fold = userFold(DEFAULT_SETTINGS)
  const time = async (tenant: TenantStore, filter: string) => {
    const runs: number[] = []
    let total = 0
    for (let i = 0; i < 7; i++) {
      const started = process.hrtime.bigint()
      const query = { filter: parseFilter(filter), fold, startIndex: 1, count: 100 }
      total = (await tenant.listUsers(query)).total
      runs.push(Number(process.hrtime.bigint() - started) / 1e6)
    }
    return { ms: [...runs].sort((a, b) => a - b)[3] as number, total }
  }
  const indexed = open(true)
  const scanned = open(false)
  console.log(`${USERS} users; listUsers ms, medians of 7`)
  console.log('filter'.padEnd(34), 'matches'.padStart(8), 'scan'.padStart(9), 'index'.padStart(9))
  for (const filter of FILTERS) {
    const scan = await time(scanned, filter)
    const index = await time(indexed, filter)
    if (scan.total !== index.total) throw new Error(`${filter}: ${scan.total} ≠ ${index.total}`)
    console.log(
      filter.padEnd(34),
      String(index.total).padStart(8),
      scan.ms.toFixed(1).padStart(9),
      index.ms.toFixed(1).padStart(9),
    )
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
