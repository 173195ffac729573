// Substring filters (co, sw, ew) served by the trigram indexes of migration 014, on SQLite and (with
// DATABASE_URL) PostgreSQL:
// - the results are the in-memory evaluator's (evaluate.ts, the profile's fold) for generated values and
//   patterns: accents composed and decomposed, ß and ẞ, fullwidth forms, dotted İ, final sigma, emoji,
//   LIKE, GLOB and FTS5 metacharacters, quotes, backslashes, patterns of one to many characters;
// - every write path keeps the index in step: create, update (PUT and PATCH write through updateUser),
//   delete, a tenant's deletion (FTS5's integrity-check against the tables, on SQLite);
// - SQLite's plan reads the rows the index finds (EXPLAIN QUERY PLAN) once the planner has statistics;
//   PostgreSQL's plans are checked in postgres/postgres-indexes.test.ts.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import type { TestContext } from 'node:test'
import Sqlite from 'better-sqlite3'
import pg from 'pg'
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely'
import type { SqlBool } from 'kysely'
import { defaultFold, evaluate, resourceScope } from '../../scim/filter/evaluate.js'
import type { Fold } from '../../scim/filter/evaluate.js'
import { parseFilter } from '../../scim/filter/parser.js'
import { DEFAULT_SETTINGS } from '../../scim/profile/settings.js'
import { userFold } from '../../scim/profile/user-fold.js'
import type { JsonObject } from '../../scim/resource/coerce.js'
import type { UserData } from '../../scim/resource/user.js'
import { groupRegistry, userRegistry } from '../../scim/schema/registry.js'
import { TRIGRAM_NOTICE, openPostgresStore, postgresDialect } from '../postgres/postgres-store.js'
import { analyzeSchema, testSchemaStore } from '../postgres/test-schema.js'
import { openSqliteStore, sqliteDialect } from '../sqlite/sqlite-store.js'
import type { Store, TenantStore } from '../store.js'
import { GROUP_TARGET, USER_TARGET } from './columns.js'
import { compileFilter } from './compile-filter.js'
import { SUBSTRING_COLUMNS } from './migrations/014-substring-index.js'
import { COUNT_LIMIT, chooseTrigrams, ftsTrigramCounts } from './substring.js'
import type { Database } from './tables.js'

const url = process.env['DATABASE_URL']
const userFolding = userFold(DEFAULT_SETTINGS)
const userScope = resourceScope(userRegistry())
const groupScope = resourceScope(groupRegistry())

/** Pieces the generated values are made of: each a case the folding or a pattern syntax must survive. */
const PIECES = [
  'an',
  'ÄN',
  'ß',
  'SS',
  'ẞ',
  'e\u0301',
  'é',
  'É',
  'Ａｂ',
  'ab',
  '１',
  'İ',
  'ı',
  'ΣΑΣ',
  'ς',
  'ﬁ',
  '😀',
  '👩‍💻',
  '50%',
  '_x',
  '*?',
  '[a]',
  '"q"',
  "o'b",
  '\\',
  ' ',
  '.',
  '@',
  'Zoë',
  'mc',
]

/** A small deterministic generator (mulberry32), so a failure is reproduced by its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Generated {
  readonly users: readonly UserData[]
  readonly groups: readonly string[]
  readonly patterns: readonly string[]
}

function generate(seed: number): Generated {
  const next = random(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T
  const text = (min: number, max: number): string =>
    Array.from({ length: min + Math.floor(next() * (max - min + 1)) }, () => pick(PIECES)).join('')
  const users: UserData[] = Array.from({ length: 60 }, (_, i) => ({
    // The index keeps userNames unique whatever their folding.
    userName: `${text(1, 4)}#${i}`,
    active: true,
    ...(next() < 0.8 ? { givenName: text(1, 3) } : {}),
    ...(next() < 0.8 ? { familyName: text(1, 3) } : {}),
    emails: [
      ...(next() < 0.8
        ? [{ value: `${text(1, 2)}@${text(1, 2)}.com`, type: 'work', device: 'Work Email' }]
        : []),
      ...(next() < 0.4 ? [{ value: `${text(1, 3)}@home`, device: 'Home Email' }] : []),
    ],
    phoneNumbers: [],
    roles: [],
  }))
  const groups = Array.from({ length: 30 }, (_, i) => `${text(1, 4)} ${i}`)
  const values = [
    ...users.flatMap((u) => [
      u.userName,
      u.givenName ?? '',
      u.familyName ?? '',
      ...u.emails.map((e) => e.value),
    ]),
    ...groups,
  ].filter((v) => v !== '')
  // Substrings of stored values (by code point, in another case at times), and fresh combinations.
  const patterns = Array.from({ length: 70 }, () => {
    if (next() < 0.3) return text(1, 2)
    const points = [...pick(values)]
    const start = Math.floor(next() * points.length)
    const end = start + 1 + Math.floor(next() * Math.min(6, points.length - start))
    const slice = points.slice(start, end).join('')
    const cased = next()
    return cased < 0.2 ? slice.toUpperCase() : cased < 0.4 ? slice.toLowerCase() : slice
  })
  return { users, groups, patterns: [...new Set(patterns)] }
}

const USER_PATHS = ['userName', 'name.givenName', 'name.familyName', 'emails.value', 'emails']

function userJson(id: string, data: UserData): JsonObject {
  return {
    id,
    userName: data.userName,
    name: {
      ...(data.givenName !== undefined ? { givenName: data.givenName } : {}),
      ...(data.familyName !== undefined ? { familyName: data.familyName } : {}),
    },
    emails: data.emails.map((e) => ({ value: e.value, ...(e.type ? { type: e.type } : {}) })),
  }
}

async function ids(
  tenant: TenantStore,
  kind: 'users' | 'groups',
  filter: string,
  fold: Fold,
): Promise<{ total: number; ids: string[] }> {
  const query = { filter: parseFilter(filter), fold, startIndex: 1, count: 1000 }
  if (kind === 'users') {
    const page = await tenant.listUsers(query)
    return { total: page.total, ids: page.users.map((u) => u.id).sort() }
  }
  const page = await tenant.listGroups(query)
  return { total: page.total, ids: page.groups.map((g) => g.id).sort() }
}

/** Each generated filter's results through the store against the evaluator's over the same values. */
async function agreesWithEvaluator(store: Store, seed: number): Promise<number> {
  const tenant = store.forTenant((await store.ensureTenant(`t${seed}`, 'T')).id)
  // Another tenant with the same values: its rows are in the same indexes and must never show.
  const other = store.forTenant((await store.ensureTenant(`o${seed}`, 'O')).id)
  const { users, groups, patterns } = generate(seed)
  const userDocs: JsonObject[] = []
  for (const data of users) {
    const created = await tenant.createUser(data, undefined)
    await other.createUser(data, undefined)
    userDocs.push(userJson(created.id, data))
  }
  const groupDocs: JsonObject[] = []
  for (const displayName of groups) {
    const created = await tenant.createGroup({ displayName }, [])
    await other.createGroup({ displayName }, [])
    groupDocs.push({ id: created.id, displayName })
  }
  return compareWithEvaluator(
    tenant,
    patterns,
    userDocs,
    groupDocs,
    `seed ${seed}`,
    (op, literal) => [`userName ${op} ${literal} or name.familyName ${op} ${literal}`],
  )
}

/**
 * co, sw and ew of each pattern on every indexed path (and `more` filters on users) through the store,
 * against the evaluator over the same documents: the same ids and the same total; the number compared.
 */
async function compareWithEvaluator(
  tenant: TenantStore,
  patterns: Iterable<string>,
  userDocs: readonly JsonObject[],
  groupDocs: readonly JsonObject[],
  label: string,
  more: (op: string, literal: string) => string[],
): Promise<number> {
  let checked = 0
  for (const pattern of patterns) {
    const literal = JSON.stringify(pattern)
    for (const op of ['co', 'sw', 'ew']) {
      const filters: [string, 'users' | 'groups'][] = [
        ...USER_PATHS.map((path): [string, 'users'] => [`${path} ${op} ${literal}`, 'users']),
        [`emails[type eq "work" and value ${op} ${literal}]`, 'users'],
        ...more(op, literal).map((filter): [string, 'users'] => [filter, 'users']),
        [`displayName ${op} ${literal}`, 'groups'],
      ]
      for (const [filter, kind] of filters) {
        const parsed = parseFilter(filter)
        const expected =
          kind === 'users'
            ? userDocs.filter((u) => evaluate(parsed, u, userScope, userFolding))
            : groupDocs.filter((g) => evaluate(parsed, g, groupScope, defaultFold))
        const wanted = expected.map((d) => d['id'] as string).sort()
        const actual = await ids(tenant, kind, filter, kind === 'users' ? userFolding : defaultFold)
        assert.deepEqual(actual.ids, wanted, `${label}: ${filter}`)
        assert.equal(actual.total, wanted.length, `${label}: ${filter}`)
        checked++
      }
    }
  }
  return checked
}

/**
 * Values whose prefixes and suffixes end at the edges of a range's bound (postgres/affix-range.ts): the
 * last code point U+10FFFF (no successor), U+D7FF (followed by U+E000), U+FFFF and surrogate pairs
 * (raised as one code point), LIKE's metacharacters, a decomposed accent.
 */
const EDGE_VALUES = [
  'x\u{10FFFF}',
  'x\u{10FFFF}\u{10FFFF}a',
  'x\u{10FFFE}z',
  'xy',
  '\u{10FFFF}',
  '\u{10FFFF}q\u{10FFFF}',
  'y\uD7FF',
  'y\uD7FFq',
  'y\uE000',
  'z\uFFFF',
  'z\u{10000}',
  'w😀',
  'w😁',
  'w\u{1F7FF}',
  'w\u{1F800}',
  '50%_\\',
  '50%x',
  'a_b',
  'axb',
  'a\\b',
  'e\u0301',
  'é',
]

/** sw, ew and co of every prefix and suffix of the edge values (and of none) against the evaluator. */
async function agreesOnEdges(store: Store): Promise<number> {
  const tenant = store.forTenant((await store.ensureTenant('edges', 'Edges')).id)
  const base: UserData = { userName: 'x', active: true, emails: [], phoneNumbers: [], roles: [] }
  const userDocs: JsonObject[] = []
  const groupDocs: JsonObject[] = []
  for (const [i, value] of EDGE_VALUES.entries()) {
    const data: UserData = {
      ...base,
      userName: `${value}#${i}`,
      givenName: value,
      familyName: `${i}${value}`,
      emails: [{ value: `${value}@${value}`, type: 'work', device: 'Work Email' }],
    }
    userDocs.push(userJson((await tenant.createUser(data, undefined)).id, data))
    const group = await tenant.createGroup({ displayName: value }, [])
    groupDocs.push({ id: group.id, displayName: value })
  }
  // A lone surrogate reaches PostgreSQL as U+FFFD (and matches nothing here). U+FFFD itself is left out:
  // SQLite's LIKE reads U+FFFE and U+FFFF as U+FFFD, a quirk of SQLite's scan that predates the indexes.
  const patterns = new Set(['%', '_', '\\', 'nothing\u{10FFFF}', 'x\uD800'])
  for (const value of EDGE_VALUES) {
    const points = [...value]
    for (let i = 1; i <= points.length; i++) {
      patterns.add(points.slice(0, i).join(''))
      patterns.add(points.slice(-i).join(''))
    }
  }
  // The negation checks that the range AND-ed with LIKE (PostgreSQL) keeps its meaning under `not`.
  return compareWithEvaluator(
    tenant,
    patterns,
    userDocs,
    groupDocs,
    'edge values',
    (op, literal) => [`not (name.givenName ${op} ${literal})`],
  )
}

/** Each write path, then what co finds; `verify` checks the index against the tables (SQLite). */
async function writesKeepTheIndex(store: Store, verify: () => void): Promise<void> {
  const tenant = store.forTenant((await store.ensureTenant('writes', 'Writes')).id)
  const find = async (filter: string): Promise<string[]> =>
    (await ids(tenant, filter.startsWith('displayName') ? 'groups' : 'users', filter, userFolding))
      .ids
  const base: UserData = { userName: 'x', active: true, emails: [], phoneNumbers: [], roles: [] }
  const ann = await tenant.createUser(
    {
      ...base,
      userName: 'Alpha-One',
      givenName: 'Émile',
      familyName: 'Zoë',
      emails: [{ value: 'first@one.example', type: 'work', device: 'Work Email' }],
    },
    undefined,
  )
  const bob = await tenant.createUser({ ...base, userName: 'bravo-two' }, undefined)
  verify()
  assert.deepEqual(await find('userName co "PHA-O"'), [ann.id])
  assert.deepEqual(await find('name.givenName sw "émi"'), [ann.id])
  assert.deepEqual(await find('emails co "st@one"'), [ann.id])

  // An update that changes the indexed values (what PUT and PATCH write).
  await tenant.updateUser(ann.id, (current) => ({
    data: {
      ...current,
      userName: 'Gamma-Three',
      familyName: 'Ødegård',
      emails: [{ value: 'second@two.example', type: 'home', device: 'Home Email' }],
    },
    password: undefined,
  }))
  verify()
  assert.deepEqual(await find('userName co "pha-o"'), [])
  assert.deepEqual(await find('userName co "mma-t"'), [ann.id])
  assert.deepEqual(await find('name.familyName ew "gård"'), [ann.id])
  assert.deepEqual(await find('name.familyName co "zoë"'), [])
  assert.deepEqual(await find('emails co "st@one"'), [])
  assert.deepEqual(await find('emails co "nd@two"'), [ann.id])

  // An update that keeps them (a password change): nothing moves.
  await tenant.updateUser(ann.id, (current) => ({ data: current, password: 'hash' }))
  verify()
  assert.deepEqual(await find('userName co "mma-t"'), [ann.id])

  assert.equal(await tenant.deleteUser(bob.id), true)
  verify()
  assert.deepEqual(await find('userName co "avo-t"'), [])

  const group = await tenant.createGroup({ displayName: 'Night Shift' }, [])
  verify()
  assert.deepEqual(await find('displayName co "ght sh"'), [group.id])
  await tenant.updateGroup(group.id, () => ({ data: { displayName: 'Day Shift' }, members: [] }))
  verify()
  assert.deepEqual(await find('displayName co "ght sh"'), [])
  assert.deepEqual(await find('displayName sw "day s"'), [group.id])
  assert.equal(await tenant.deleteGroup(group.id), true)
  verify()
  assert.deepEqual(await find('displayName sw "day s"'), [])
}

/** FTS5's integrity-check with rank 1: the index must hold exactly what its table holds. */
function integrityCheck(file: string): () => void {
  return () => {
    const db = new Sqlite(file)
    try {
      for (const table of Object.keys(SUBSTRING_COLUMNS)) {
        db.prepare(
          `insert into ${table}_search (${table}_search, rank) values ('integrity-check', 1)`,
        ).run()
      }
    } finally {
      db.close()
    }
  }
}

async function sqliteStore(t: TestContext): Promise<{ store: Store; file: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'roster-substring-'))
  const file = join(dir, 'roster.db')
  const store = await openSqliteStore({ file, inline: true })
  t.after(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return { store, file }
}

describe('substring filters on SQLite (FTS5 trigram)', () => {
  it('find what the in-memory evaluator finds, for generated Unicode values and patterns', async (t) => {
    const { store } = await sqliteStore(t)
    for (const seed of [1, 2]) assert.ok((await agreesWithEvaluator(store, seed)) > 1000)
  })

  it('find what the evaluator finds for prefixes and suffixes ending at a range bound’s edge cases', async (t) => {
    const { store } = await sqliteStore(t)
    assert.ok((await agreesOnEdges(store)) > 1000)
  })

  it('keep the index in step on every write path, and on a tenant deletion', async (t) => {
    const { store, file } = await sqliteStore(t)
    await writesKeepTheIndex(store, integrityCheck(file))
    const tenant = store.forTenant((await store.ensureTenant('gone', 'Gone')).id)
    await tenant.createUser(
      {
        userName: 'cascade-user',
        givenName: 'Cascade',
        active: true,
        emails: [{ value: 'cascade@example.com', type: 'work', device: 'Work Email' }],
        phoneNumbers: [],
        roles: [],
      },
      undefined,
    )
    await tenant.createGroup({ displayName: 'Cascade group' }, [])
    // A tenant's deletion reaches users, emails and groups by ON DELETE CASCADE, which fires triggers.
    const db = new Sqlite(file)
    db.pragma('foreign_keys = ON')
    db.prepare(`delete from tenants where slug = 'gone'`).run()
    db.close()
    integrityCheck(file)()
  })

  it('reads the rows the index finds, not the tenant’s (EXPLAIN QUERY PLAN)', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-substring-plan-'))
    const file = join(dir, 'roster.db')
    t.after(() => rmSync(dir, { recursive: true, force: true }))
    const first = await openSqliteStore({ file, inline: true })
    const tenantId = (await first.ensureTenant('plan', 'Plan')).id
    await first.close()
    // 3,000 users with an email and 300 groups, written straight into the file (the triggers index them).
    const raw = new Sqlite(file)
    raw.transaction(() => {
      const user = raw.prepare(
        `insert into users (tenant_id, id, user_name, user_name_folded, active, given_name, given_name_folded, family_name, family_name_folded, created, last_modified, version) values (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, 1)`,
      )
      const email = raw.prepare(
        `insert into user_emails (tenant_id, user_id, position, value, value_folded, device, device_folded) values (?, ?, 0, ?, ?, 'Work Email', 'work email')`,
      )
      const group = raw.prepare(
        `insert into groups (tenant_id, id, display_name, display_name_folded, created, last_modified, version) values (?, ?, ?, ?, ?, ?, 1)`,
      )
      for (let i = 0; i < 3000; i++) {
        const name = `user${i}@contoso.com`
        const time = new Date(Date.UTC(2026, 0, 1) + i).toISOString()
        const family = [`Family${i}`, `family${i}`]
        user.run(tenantId, `u${i}`, name, name, `Given${i}`, `given${i}`, ...family, time, time)
        email.run(tenantId, `u${i}`, name, name)
        if (i < 300) group.run(tenantId, `g${i}`, `Group ${i}`, `group ${i}`, time, time)
      }
    })()
    raw.close()
    // Opening the store analyses the tables (PRAGMA optimize); a connection opened after reads the statistics.
    await (await openSqliteStore({ file, inline: true })).close()
    const reader = new Sqlite(file, { readonly: true })
    reader.pragma('case_sensitive_like = ON') // as the store's connections
    t.after(() => reader.close())
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: reader }) })
    const cases: [string, 'users' | 'groups'][] = [
      ['userName co "er123@"', 'users'],
      ['name.familyName sw "family12"', 'users'],
      ['name.givenName ew "en123"', 'users'],
      ['emails.value co "r123@con"', 'users'],
      ['emails[type eq "work" and value co "r123@con"]', 'users'],
      ['userName ew "23@contoso.com" and active eq true', 'users'],
      ['displayName co "oup 12"', 'groups'],
    ]
    const planOf = (query: { sql: string; parameters: readonly unknown[] }): string[] =>
      reader
        .prepare(`explain query plan ${query.sql}`)
        .all(...(query.parameters as unknown[]))
        .map((row) => (row as { detail: string }).detail)
    // userName sw: the unique (tenant_id, user_name_folded) index reads the prefix's range instead.
    const prefix = db
      .selectFrom('users')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where(
        sql<SqlBool>`${compileFilter(parseFilter('userName sw "user12"'), { target: USER_TARGET, registry: userRegistry(), fold: userFolding, dialect: sqliteDialect })}`,
      )
      .compile()
    assert.deepEqual(planOf(prefix), [
      'SEARCH users USING INDEX sqlite_autoindex_users_2 (tenant_id=? AND user_name_folded>? AND user_name_folded<?)',
    ])
    for (const [filter, table] of cases) {
      const condition = compileFilter(parseFilter(filter), {
        target: table === 'users' ? USER_TARGET : GROUP_TARGET,
        registry: table === 'users' ? userRegistry() : groupRegistry(),
        fold: table === 'users' ? userFolding : defaultFold,
        dialect: sqliteDialect,
      })
      const base = db
        .selectFrom(table)
        .where('tenant_id', '=', tenantId)
        .where(sql<SqlBool>`${condition}`)
      // The two statements of a list (listUsers, listGroups): the total and the page.
      for (const query of [
        base.select((eb) => eb.fn.countAll().as('n')).compile(),
        base
          .select('id')
          .orderBy(sql`${sql.ref(`${table}.created`)} asc, ${sql.ref(`${table}.id`)} asc`)
          .limit(100)
          .compile(),
      ]) {
        const plan = planOf(query)
        const text = plan.join(' | ')
        assert.ok(
          plan.some((d) => d === `SEARCH ${table} USING INTEGER PRIMARY KEY (rowid=?)`),
          `${filter}: reads ${table} by the rows the index found; plan: ${text}`,
        )
        assert.ok(
          plan.some((d) =>
            d.startsWith(
              `SCAN ${table === 'users' && filter.includes('emails') ? 'user_emails' : table}_search VIRTUAL TABLE`,
            ),
          ),
          `${filter}: uses the trigram index; plan: ${text}`,
        )
      }
    }
  })
})

/** text, rows holding each trigram (absent: not known), limit → what the index is asked (substring.ts). */
const CHOICES: readonly [
  string,
  Record<string, number>,
  number | undefined,
  string[] | 'scan' | undefined,
][] = [
  // The rarest trigrams only, rarest first; common ones (every row's domain) are left to LIKE.
  ['42@co', { '42@': 10, '2@c': 100, '@co': 5000 }, 5000, ['42@', '2@c']],
  // A further trigram in more than 16 times the rarest's rows costs more than it narrows.
  ['42@co', { '42@': 10, '2@c': 1000, '@co': 5000 }, 5000, ['42@']],
  ['4242@', { '424': 3, '242': 3, '42@': 40 }, 4096, ['424', '242', '42@']],
  ['4242@', { '424': 3, '242': 3, '42@': 49 }, 4096, ['424', '242']],
  // At most three, even when all are rare.
  ['abcdef', { abc: 1, bcd: 1, cde: 1, def: 1 }, 4096, ['abc', 'bcd', 'cde']],
  // A trigram in no row: the index finds nothing, cheaply.
  ['zzz', { zzz: 0 }, 4096, ['zzz']],
  // Even the rarest is in the limit's rows: a scan reads less.
  ['contoso', { con: 4096, ont: 4096, nto: 4096, tos: 4096, oso: 4096 }, 4096, 'scan'],
  // Every trigram in more than the first count's rows: counted again, up to the limit.
  ['abcd', { abc: 2000, bcd: 3000 }, 4096, ['abc', 'bcd']],
  ['abcd', { abc: 2000, bcd: 3000 }, 1500, 'scan'],
  // A count or the limit not known yet: the whole phrase.
  ['4242@', { '424': 3, '242': 3 }, 4096, undefined],
  ['4242@', { '424': 3, '242': 3, '42@': 40 }, undefined, undefined],
  // Under three characters: no trigram, nothing to ask.
  ['42', {}, 4096, undefined],
]

describe('the trigrams a substring filter asks of the index (chooseTrigrams)', () => {
  for (const [text, counts, limit, expected] of CHOICES) {
    it(`${text} ${JSON.stringify(counts)} limit ${limit}: ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(
        // A count read up to `upTo` rows stops there.
        chooseTrigrams(
          text,
          (t, upTo) => (t in counts ? Math.min(counts[t] as number, upTo) : undefined),
          limit,
        ),
        expected,
      )
    })
  }
})

describe('a filtered list on SQLite: the first page tells the total', () => {
  it('sends no count when the matches fit the first page, and counts when more match', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-substring-count-'))
    const statements: string[] = []
    const store = await openSqliteStore({
      file: join(dir, 'roster.db'),
      inline: true,
      onStatement: (text) => statements.push(text),
    })
    t.after(async () => {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    })
    const tenant = store.forTenant((await store.ensureTenant('count', 'Count')).id)
    const base: UserData = { userName: 'x', active: true, emails: [], phoneNumbers: [], roles: [] }
    for (const name of ['ann@a.com', 'bob@a.com', 'cy@b.com'])
      await tenant.createUser({ ...base, userName: name }, undefined)
    const cases: [string, number, number, number, boolean][] = [
      // filter, count, startIndex → total, whether a count statement ran
      ['userName ew "@a.com"', 2, 1, 2, false],
      ['userName ew "@a.com"', 1, 1, 2, true],
      ['userName co "@"', 10, 1, 3, false],
      ['userName co "@"', 10, 2, 3, true],
      ['userName co "zzz"', 10, 1, 0, false],
    ]
    for (const [filter, count, startIndex, total, counted] of cases) {
      statements.length = 0
      const page = await tenant.listUsers({
        filter: parseFilter(filter),
        fold: userFolding,
        startIndex,
        count,
      })
      assert.equal(page.total, total, filter)
      assert.equal(page.users.length, Math.min(count, total - startIndex + 1), filter)
      assert.equal(
        statements.some((s) => s.startsWith('select count(*) as "n"')),
        counted,
        `${filter} count ${count} startIndex ${startIndex}: ${statements.join('\n')}`,
      )
    }
  })
})

describe('substring filters on SQLite: the trigrams chosen by their counts', () => {
  it('ask the index for the rare trigrams only, and scan when every trigram is common', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-substring-counts-'))
    const file = join(dir, 'roster.db')
    t.after(() => rmSync(dir, { recursive: true, force: true }))
    const first = await openSqliteStore({ file, inline: true })
    const tenantId = (await first.ensureTenant('counts', 'Counts')).id
    await first.close()
    // More users than the count limit, all in one domain: its trigrams are in every row.
    const users = COUNT_LIMIT + 500
    const raw = new Sqlite(file)
    raw.transaction(() => {
      const user = raw.prepare(
        `insert into users (tenant_id, id, user_name, user_name_folded, active, created, last_modified, version) values (?, ?, ?, ?, 1, ?, ?, 1)`,
      )
      for (let i = 0; i < users; i++) {
        const name = `user${i}@contoso.com`
        const time = new Date(Date.UTC(2026, 0, 1) + i).toISOString()
        user.run(tenantId, `u${i}`, name, name, time, time)
      }
    })()
    raw.close()
    const reader = new Sqlite(file, { readonly: true })
    reader.pragma('case_sensitive_like = ON')
    t.after(() => reader.close())
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: reader }) })
    const counts = ftsTrigramCounts(db)
    const compiled = (filter: string) => {
      const ctx = {
        target: USER_TARGET,
        registry: userRegistry(),
        fold: userFolding,
        dialect: sqliteDialect,
        counts,
      }
      return db
        .selectFrom('users')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where(sql<SqlBool>`${compileFilter(parseFilter(filter), ctx)}`)
    }
    const cases: [string, string | undefined, number][] = [
      // The trigrams of `4321@` are rare; those of `@contoso.com` are in every row and are not asked.
      ['userName ew "4321@contoso.com"', '"432" AND "321" AND "21@"', 1],
      ['userName co "er4321@c"', '"432" AND "321" AND "21@"', 1],
      // Every trigram is in every row: LIKE alone (no MATCH parameter), as a scan.
      ['userName co "contoso"', undefined, users],
      ['userName ew "@contoso.com"', undefined, users],
    ]
    for (const [filter, match, total] of cases) {
      // Before the counts are read the whole phrase is asked; fill reads them (twice for common ones).
      compiled(filter).compile()
      while (await counts.fill()) compiled(filter).compile()
      const query = compiled(filter)
      const { parameters, sql: text } = query.compile()
      const asked = parameters.find((p) => typeof p === 'string' && p.startsWith('"'))
      assert.equal(asked, match, `${filter}: ${text}`)
      assert.equal(text.includes('users_search'), match !== undefined, `${filter}: ${text}`)
      assert.equal((await query.execute()).length, total, filter)
    }
    // Known counts are not read again.
    compiled('userName ew "4321@contoso.com"').compile()
    assert.equal(await counts.fill(), false)
  })
})

/**
 * filter, the table it lists, the index its plan must use: pg_trgm's for co (migration 014), the B-tree
 * ranges for sw and ew (migration 015, postgres/affix-range.ts).
 */
const PG_CASES: readonly [string, 'users' | 'groups', string][] = [
  ['userName co "er12345@"', 'users', 'users_user_name_trgm'],
  ['userName sw "USER4242@"', 'users', 'users_user_name_prefix'],
  ['userName ew "4242@contoso.com"', 'users', 'users_user_name_suffix'],
  ['name.givenName sw "given4242"', 'users', 'users_given_name_prefix'],
  ['name.givenName ew "n4242"', 'users', 'users_given_name_suffix'],
  ['name.familyName co "mily4242"', 'users', 'users_family_name_trgm'],
  ['name.familyName sw "family4242"', 'users', 'users_family_name_prefix'],
  ['name.familyName ew "y4242"', 'users', 'users_family_name_suffix'],
  ['emails.value co "r4242@con"', 'users', 'user_emails_value_trgm'],
  ['emails.value sw "user4242@"', 'users', 'user_emails_value_prefix'],
  ['emails.value ew "4242@contoso.com"', 'users', 'user_emails_value_suffix'],
  ['emails[type eq "work" and value co "r4242@con"]', 'users', 'user_emails_value_trgm'],
  ['emails[type eq "work" and value ew "4242@contoso.com"]', 'users', 'user_emails_value_suffix'],
  ['displayName sw "group 4242"', 'groups', 'groups_display_name_prefix'],
  ['displayName ew "24242"', 'groups', 'groups_display_name_suffix'],
  // A prefix ending in U+10FFFF: its range ends past the code point before (`user4243`). (A text of
  // U+10FFFF alone has no end: a generic plan, guessing a third of the rows, prefers the trigrams.)
  ['userName sw "user4242\u{10FFFF}"', 'users', 'users_user_name_prefix'],
]

const PG_SEED = `
  insert into tenants (id, slug, name, created, disabled) values ('t1', 't1', 'T1', '2026-01-01', 0);
  insert into users (tenant_id, id, user_name, user_name_folded, active, given_name, given_name_folded, family_name, family_name_folded, created, last_modified, version)
    select 't1', 'u' || i, 'user' || i || '@contoso.com', 'user' || i || '@contoso.com', 1, 'Given' || i, 'given' || i, 'Family' || i, 'family' || i, '2026-01-01', '2026-01-01', 1
    from generate_series(1, 100000) as i;
  insert into user_emails (tenant_id, user_id, position, value, value_folded, type, device, device_folded)
    select 't1', 'u' || i, 0, 'user' || i || '@contoso.com', 'user' || i || '@contoso.com', 'work', 'Work Email', 'work email'
    from generate_series(1, 100000) as i;
  insert into groups (tenant_id, id, display_name, display_name_folded, created, last_modified, version)
    select 't1', 'g' || i, 'Group ' || i, 'group ' || i, '2026-01-01', '2026-01-01', 1
    from generate_series(1, 100000) as i;
`

if (url === undefined || url === '') {
  describe('substring filters on PostgreSQL (pg_trgm)', () => {
    it(
      'runs when DATABASE_URL is set (postgres://...); .ci/run sets it',
      {
        skip: 'DATABASE_URL is not set',
      },
      () => {},
    )
  })
} else {
  describe('substring filters on PostgreSQL (pg_trgm)', () => {
    it('find what the in-memory evaluator finds, for generated Unicode values and patterns', async (t) => {
      const { store } = await testSchemaStore(url, t)
      for (const seed of [1, 2]) assert.ok((await agreesWithEvaluator(store, seed)) > 1000)
    })

    it('find what the evaluator finds for prefixes and suffixes ending at a range bound’s edge cases', async (t) => {
      const { store } = await testSchemaStore(url, t)
      assert.ok((await agreesOnEdges(store)) > 1000)
    })

    it('keep their results in step on every write path', async (t) => {
      const { store } = await testSchemaStore(url, t)
      // PostgreSQL maintains its own indexes: only the results are checked.
      await writesKeepTheIndex(store, () => {})
    })

    it('say at open when the trigram indexes are missing (pg_trgm unavailable), and still answer', async (t) => {
      const { store, schema } = await testSchemaStore(url, t, { poolSize: 1 })
      assert.deepEqual(store.notices, [])
      await store.close()
      const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` })
      await client.connect()
      // What migration 014 leaves where the extension could not be installed: no trigram index.
      await client.query('drop index users_user_name_trgm')
      await client.end()
      const reopened = await openPostgresStore({ connectionString: url, schema, poolSize: 1 })
      t.after(() => reopened.close())
      assert.deepEqual(reopened.notices, [TRIGRAM_NOTICE])
      const tenant = reopened.forTenant((await reopened.ensureTenant('scan', 'Scan')).id)
      const ann = await tenant.createUser(
        { userName: 'Ann@Example.com', active: true, emails: [], phoneNumbers: [], roles: [] },
        undefined,
      )
      assert.deepEqual((await ids(tenant, 'users', 'userName co "N@EXA"', userFolding)).ids, [
        ann.id,
      ])
    })

    it('are planned on their indexes at 100,000 users, custom and generic plans (EXPLAIN, the planner left free)', async (t) => {
      const { store, schema } = await testSchemaStore(url, t, { poolSize: 1 })
      await store.close()
      const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` })
      await client.connect()
      t.after(() => client.end())
      // A tenant's 100,000 users and as many groups, analysed: below some thousands of rows a scan of the
      // tenant's index costs less than a GIN index's start, and PostgreSQL rightly prefers it.
      await client.query(PG_SEED)
      await analyzeSchema(client)
      const db = new Kysely<Database>({
        dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
      })
      t.after(() => db.destroy())
      for (const [n, [filter, table, index]] of PG_CASES.entries()) {
        const condition = compileFilter(parseFilter(filter), {
          target: table === 'users' ? USER_TARGET : GROUP_TARGET,
          registry: table === 'users' ? userRegistry() : groupRegistry(),
          fold: table === 'users' ? userFolding : defaultFold,
          dialect: postgresDialect,
        })
        const query = db
          .selectFrom(table)
          .select(`${table}.id`)
          .where(`${table}.tenant_id`, '=', 't1')
          .where(sql<SqlBool>`${condition}`)
          .compile()
        // A list's statement as sent (unnamed: planned for its values), then as a named prepared
        // statement (precompiled.ts) once PostgreSQL has switched to its generic plan.
        const custom = await client.query<{ 'QUERY PLAN': string }>(`explain ${query.sql}`, [
          ...query.parameters,
        ])
        await client.query(`prepare plan_${n} as ${query.sql}`)
        await client.query('set plan_cache_mode = force_generic_plan')
        const values = query.parameters.map((p) => client.escapeLiteral(String(p)))
        const generic = await client.query<{ 'QUERY PLAN': string }>(
          `explain execute plan_${n}(${values.join(', ')})`,
        )
        await client.query('reset plan_cache_mode')
        for (const [kind, explained] of [
          ['custom', custom],
          ['generic', generic],
        ] as const) {
          const plan = explained.rows.map((r) => r['QUERY PLAN']).join('\n')
          assert.ok(
            plan.includes(`Index Scan on ${index}`) || plan.includes(`Index Scan using ${index} `),
            `${filter} (${kind} plan): expected ${index}; plan:\n${plan}`,
          )
        }
      }
    })
  })
}
