// Keyset conditions as SQL (NULLs above every value, a row-value comparison for NOT NULL keys) and
// index paging's window read from the nearer end. Executed on both databases by keyset.contract.ts and
// group.contract.ts.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import Sqlite from 'better-sqlite3'
import { Kysely, SqliteDialect, sql } from 'kysely'
import { beyond, indexWindow, orderTerms } from './keyset.js'
import type { Order } from './keyset.js'
import type { Database } from './tables.js'

const db = new Kysely<Database>({
  dialect: new SqliteDialect({ database: new Sqlite(':memory:') }),
})
const text = (raw: ReturnType<typeof beyond>): string =>
  db
    .selectFrom('users')
    .select('id')
    .where(raw)
    .compile()
    .sql.replace(/^.* where /, '')

const id = sql.ref('users.id')
const created: Order = {
  key: sql.ref('users.created'),
  keyType: 'string',
  id,
  descending: false,
  nullable: false,
}
const family: Order = {
  key: sql.ref('users.family_name_folded'),
  keyType: 'string',
  id,
  descending: false,
  nullable: true,
}
const at = (key: string | null) => ({ key, id: 'x' })

describe('keyset conditions', () => {
  const cases: [string, Order, string | null, boolean, string][] = [
    ['NOT NULL key, forward', created, 't', false, '("users"."created", "users"."id") > (?, ?)'],
    ['NOT NULL key, backward', created, 't', true, '("users"."created", "users"."id") < (?, ?)'],
    [
      'descending, forward',
      { ...created, descending: true },
      't',
      false,
      '("users"."created", "users"."id") < (?, ?)',
    ],
    [
      'nullable key after a value: NULLs still to come',
      family,
      'adams',
      false,
      '("users"."family_name_folded" > ? or ("users"."family_name_folded" = ? and "users"."id" > ?) or "users"."family_name_folded" is null)',
    ],
    [
      'nullable key after a NULL: only NULLs with a greater id',
      family,
      null,
      false,
      '("users"."family_name_folded" is null and "users"."id" > ?)',
    ],
    [
      'nullable key before a NULL: every value, and NULLs with a smaller id',
      family,
      null,
      true,
      '("users"."family_name_folded" is not null or "users"."id" < ?)',
    ],
    [
      'descending nullable key after a value: no NULL (they came first)',
      { ...family, descending: true },
      'adams',
      false,
      '("users"."family_name_folded" < ? or ("users"."family_name_folded" = ? and "users"."id" < ?))',
    ],
    [
      'a constant key: the id alone',
      { keyType: 'string', id, descending: false, nullable: true },
      null,
      false,
      '"users"."id" > ?',
    ],
  ]
  for (const [name, order, key, reverse, expected] of cases) {
    it(name, () => {
      assert.equal(text(beyond(order, at(key), reverse)), expected)
    })
  }
  it('orders a NOT NULL key without a NULLS clause (its index serves the order)', () => {
    const q = (terms: ReturnType<typeof orderTerms>) =>
      db
        .selectFrom('users')
        .select('id')
        .orderBy(terms)
        .compile()
        .sql.replace(/^.* order by /, '')
    assert.equal(q(orderTerms(created)), '"users"."created" asc, "users"."id" asc')
    assert.equal(q(orderTerms(created, true)), '"users"."created" desc, "users"."id" desc')
    assert.equal(
      q(orderTerms(family, true)),
      '"users"."family_name_folded" desc nulls first, "users"."id" desc',
    )
  })
  it('refuses a position whose key has another type than the order (400 invalidCursor)', () => {
    assert.throws(() => beyond(created, { key: 5, id: 'x' }), { scimType: 'invalidCursor' })
  })
})

describe('index paging window', () => {
  const cases: [
    total: number,
    startIndex: number,
    count: number,
    window: ReturnType<typeof indexWindow>,
  ][] = [
    [100_000, 1, 100, { offset: 0, limit: 100, reverse: false }],
    [100_000, 99_901, 100, { offset: 0, limit: 100, reverse: true }],
    [100_000, 99_951, 100, { offset: 0, limit: 50, reverse: true }],
    [100_000, 50_001, 100, { offset: 49_900, limit: 100, reverse: true }],
    [100_000, 49_951, 100, { offset: 49_950, limit: 100, reverse: false }],
    [10, 10, 5, { offset: 0, limit: 1, reverse: true }],
    [10, 3, 2, { offset: 2, limit: 2, reverse: false }],
    [10, 7, 2, { offset: 2, limit: 2, reverse: true }],
  ]
  for (const [total, startIndex, count, window] of cases) {
    it(`${startIndex}+${count} of ${total}`, () => {
      assert.deepEqual(indexWindow(total, startIndex, count), window)
    })
  }
})
