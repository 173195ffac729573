// Compiled SQL and parameters for representative filters, and proof that values never reach SQL text.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import Sqlite from 'better-sqlite3'
import { Kysely, SqliteDialect, sql } from 'kysely'
import type { SqlBool } from 'kysely'
import { parseFilter } from '../../scim/filter/parser.js'
import { DEFAULT_SETTINGS } from '../../scim/profile/settings.js'
import { userFold } from '../../scim/profile/user-fold.js'
import { userRegistry } from '../../scim/schema/registry.js'
import { openSqliteStore, sqliteDialect } from '../sqlite/sqlite-store.js'
import { USER_TARGET } from './columns.js'
import { compileFilter } from './compile-filter.js'
import { USER_GROUPS } from './relations.cases.js'
import type { Database } from './tables.js'

const db = new Kysely<Database>({
  dialect: new SqliteDialect({ database: new Sqlite(':memory:') }),
})
const ctx = {
  target: USER_TARGET,
  registry: userRegistry(),
  fold: userFold(DEFAULT_SETTINGS),
  dialect: sqliteDialect,
}

function compile(
  filter: string,
  unknownAttributes: 'reject' | 'absent' = 'reject',
): { sql: string; parameters: readonly unknown[] } {
  const where = sql<SqlBool>`${compileFilter(parseFilter(filter), { ...ctx, unknownAttributes })}`
  const query = db.selectFrom('users').select('id').where(where).compile()
  return {
    sql: query.sql.replace(/^select "id" from "users" where /, ''),
    parameters: query.parameters,
  }
}

const EXISTS = (table: string, condition: string): string =>
  `exists (select 1 from "${table}" as c where c.tenant_id = "users"."tenant_id" and c.user_id = "users"."id" and ${condition})`

/** The rows of a folded column's FTS5 trigram table that may match (store/sql/substring.ts). */
const FTS = (table: string, column: string): string =>
  `"users"."rowid" in (select rowid from "${table}_search" where "${column}" match ?)`
const EMAIL_FTS = `"users"."rowid" in (select o.rowid from "user_emails" as e cross join "users" as o where e.rowid in (select rowid from "user_emails_search" where "value_folded" match ?) and o.tenant_id = e.tenant_id and o.id = e.user_id)`

const CASES: { filter: string; sql: string; parameters: unknown[] }[] = [
  {
    filter: 'userName eq "Ann@Contoso.com"',
    sql: '"users"."user_name_folded" = ?',
    parameters: ['ann@contoso.com'],
  },
  { filter: 'externalId eq jyoung', sql: '"users"."external_id" = ?', parameters: ['jyoung'] },
  { filter: 'id eq "A1"', sql: '"users"."id" = ?', parameters: ['A1'] },
  {
    filter: 'name.givenName sw "Jo"',
    sql: `"users"."given_name_folded" like ? escape '\\'`,
    parameters: ['jo%'],
  },
  {
    // Three characters or more: the trigram index narrows (an FTS5 phrase, `"` doubled), LIKE decides.
    filter: 'userName co "50%_off\\\\"',
    sql: `(${FTS('users', 'user_name_folded')} and "users"."user_name_folded" like ? escape '\\')`,
    parameters: ['"50%_off\\"', '%50\\%\\_off\\\\%'],
  },
  {
    filter: 'name.familyName ew "Ö\\"Ö"',
    sql: `(${FTS('users', 'family_name_folded')} and "users"."family_name_folded" like ? escape '\\')`,
    parameters: ['"ö""ö"', '%ö"ö'],
  },
  { filter: 'active eq true', sql: '"users"."active" = ?', parameters: [1] },
  {
    filter: 'meta.created gt "2026-01-01T00:00:00+01:00"',
    sql: '"users"."created" > ?',
    parameters: ['2025-12-31T23:00:00.000Z'],
  },
  {
    filter: 'emails[type eq "work"].value eq "A@B.com"',
    sql: EXISTS(
      'user_emails',
      '(("c"."type" is not null and "c"."device_folded" = ?) and "c"."value_folded" = ?)',
    ),
    parameters: ['work email', 'a@b.com'],
  },
  {
    filter: 'emails co "@b"',
    sql: EXISTS('user_emails', `"c"."value_folded" like ? escape '\\'`),
    parameters: ['%@b%'],
  },
  {
    filter: 'emails.value co "@B.c"',
    sql: `(${EMAIL_FTS} and ${EXISTS('user_emails', `"c"."value_folded" like ? escape '\\'`)})`,
    parameters: ['"@b.c"', '%@b.c%'],
  },
  {
    filter: 'emails[type eq "work" and value sw "ann"]',
    sql: `(${EMAIL_FTS} and ${EXISTS('user_emails', `(("c"."type" is not null and "c"."device_folded" = ?) and "c"."value_folded" like ? escape '\\')`)})`,
    parameters: ['"ann"', 'work email', 'ann%'],
  },
  {
    // The index cannot narrow a negation, nor a disjunction with an unindexed side.
    filter: 'not (userName co "ann") or externalId co "ann"',
    sql: `(((${FTS('users', 'user_name_folded')} and "users"."user_name_folded" like ? escape '\\')) is not true or "users"."external_id" like ? escape '\\')`,
    parameters: ['"ann"', '%ann%', '%ann%'],
  },
  {
    filter: 'phoneNumbers pr',
    sql: EXISTS('user_phones', `("c"."value" is not null and "c"."value" <> '')`),
    parameters: [],
  },
  {
    filter: 'externalId ne "x"',
    sql: '("users"."external_id" = ?) is not true',
    parameters: ['x'],
  },
  {
    filter: 'userName eq "a" or not (externalId pr) and active eq false',
    sql: `("users"."user_name_folded" = ? or ((("users"."external_id" is not null and "users"."external_id" <> '')) is not true and "users"."active" = ?))`,
    parameters: ['a', 0],
  },
  {
    filter: 'groups.value eq "g1"',
    sql: `exists (select 1 from ${USER_GROUPS} and "c"."value" = ?)`,
    parameters: ['g1'],
  },
  {
    filter: 'groups[type eq "indirect"]',
    sql: `exists (select 1 from ${USER_GROUPS} and "c"."type" = ?)`,
    parameters: ['indirect'],
  },
]

describe('compileFilter on users (SQLite)', () => {
  for (const c of CASES) {
    it(c.filter, () => {
      assert.deepEqual(compile(c.filter), { sql: c.sql, parameters: c.parameters })
    })
  }

  const ERRORS = [
    ['displayName eq "x"', /displayName/],
    ['password eq "x"', /password/],
    ['active gt true', /boolean/],
    ['meta.created gt "yesterday"', /date-time/],
    ['emails[value eq "a"] and phoneNumbers[emails[value eq "b"]]', /.+/],
  ] as const
  for (const [filter, detail] of ERRORS) {
    it(`refuses ${filter} with 400 invalidFilter`, () => {
      assert.throws(() => compile(filter), { status: 400, scimType: 'invalidFilter', detail })
    })
  }
})

describe('compileFilter with unknownAttributes absent (unsupportedAttributes=ignore)', () => {
  // An attribute the schema lacks has no value: eq and pr match nothing, ne and not everything.
  const CASES: [string, string][] = [
    ['manager eq "2819c223"', '1 = 0'],
    ['displayName pr', '1 = 0'],
    ['title ne "x"', '1 = 1'],
    [
      'id eq "u1" and urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager eq "m"',
      '("users"."id" = ? and 1 = 0)',
    ],
    ['addresses[type eq "work"]', '1 = 0'],
    [
      'emails[foo eq "x"]',
      'exists (select 1 from "user_emails" as c where c.tenant_id = "users"."tenant_id" and c.user_id = "users"."id" and 1 = 0)',
    ],
  ]
  for (const [filter, expected] of CASES) {
    it(filter, () => assert.equal(compile(filter, 'absent').sql, expected))
  }
  it('still refuses an attribute the schema has but cannot compare that way', () => {
    assert.throws(() => compile('active gt true', 'absent'), { status: 400 })
    assert.throws(() => compile('password eq "x"', 'absent'), { status: 400 })
  })
})

describe('SQL injection', () => {
  const ATTACKS = [
    `x"; drop table users; --`,
    `x' or '1'='1`,
    `') or 1=1 --`,
    `\\'; delete from tokens; --`,
    `%' union select hash from tokens --`,
  ]
  it('keeps every value out of the SQL text', () => {
    for (const attack of ATTACKS) {
      for (const op of ['eq', 'co', 'sw', 'ew', 'gt']) {
        const { sql: text, parameters } = compile(`userName ${op} ${JSON.stringify(attack)}`)
        assert.ok(
          !text.includes(attack.toLowerCase()) && !text.includes('drop') && !text.includes('union'),
          text,
        )
        // co and ew also pass the value to the trigram index, as a parameter too (userName sw is
        // served by its B-tree index).
        assert.equal(parameters.length, ['co', 'ew'].includes(op) ? 2 : 1)
      }
    }
  })

  it('runs the attacks against a real database, which still has its tables and rows', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-injection-'))
    const store = await openSqliteStore({ file: join(dir, 'roster.db') })
    t.after(async () => {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    })
    const tenant = store.forTenant((await store.ensureTenant('acme', 'Acme')).id)
    await tenant.createToken({ name: 'entra', hash: 'h', expiresAt: null })
    await tenant.createUser(
      { userName: 'ann', active: true, emails: [], phoneNumbers: [], roles: [] },
      undefined,
    )
    for (const attack of ATTACKS) {
      const page = await tenant.listUsers({
        filter: parseFilter(`userName eq ${JSON.stringify(attack)}`),
        fold: ctx.fold,
        startIndex: 1,
        count: 10,
      })
      assert.equal(page.total, 0)
    }
    assert.equal((await tenant.listUsers({ fold: ctx.fold, startIndex: 1, count: 10 })).total, 1)
    assert.equal((await tenant.listTokens()).length, 1)
  })
})
