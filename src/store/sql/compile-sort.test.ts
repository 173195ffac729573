// ORDER BY terms for sortBy: folded strings, primary-first values of multi-valued attributes, nulls and
// the id tie-break; unknown attributes are 400 invalidValue.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import Sqlite from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { path } from '../../scim/filter/ast.js'
import { userRegistry } from '../../scim/schema/registry.js'
import { USER_TARGET } from './columns.js'
import { compileSort } from './compile-sort.js'
import { USER_GROUPS } from './relations.cases.js'
import type { Database } from './tables.js'

const db = new Kysely<Database>({
  dialect: new SqliteDialect({ database: new Sqlite(':memory:') }),
})
const registry = userRegistry()

function order(sortBy?: string, descending = false): string {
  const sort = sortBy === undefined ? undefined : { path: path(sortBy), descending }
  const query = db
    .selectFrom('users')
    .select('id')
    .orderBy(compileSort(sort, USER_TARGET, registry))
    .compile()
  return query.sql.replace(/^select "id" from "users" order by /, '')
}

const CHILD = (table: string, value: string): string =>
  `(select ${value} from "${table}" as c where c.tenant_id = "users"."tenant_id" and c.user_id = "users"."id" order by coalesce(c.is_primary, 0) desc, c.position asc limit 1)`

const CASES: [string | undefined, boolean, string][] = [
  [undefined, false, '"users"."created" asc, "users"."id" asc'],
  // NOT NULL columns need no NULLS clause (the index serves the order).
  ['userName', false, '"users"."user_name_folded" asc, "users"."id" asc'],
  ['userName', true, '"users"."user_name_folded" desc, "users"."id" desc'],
  ['externalId', false, '"users"."external_id" asc nulls last, "users"."id" asc'],
  ['name.familyName', false, '"users"."family_name_folded" asc nulls last, "users"."id" asc'],
  ['meta.lastModified', true, '"users"."last_modified" desc, "users"."id" desc'],
  [
    'emails',
    false,
    `${CHILD('user_emails', '"c"."value_folded"')} asc nulls last, "users"."id" asc`,
  ],
  [
    'phoneNumbers.type',
    false,
    `${CHILD('user_phones', 'case when "c"."type" is null then null else "c"."device_folded" end')} asc nulls last, "users"."id" asc`,
  ],
  [
    'groups.display',
    false,
    `(select "c"."display_folded" from ${USER_GROUPS} order by c.display_folded asc, c.value asc limit 1) asc nulls last, "users"."id" asc`,
  ],
]

describe('compileSort on users (SQLite)', () => {
  for (const [sortBy, descending, expected] of CASES) {
    it(`${sortBy ?? '(none)'} ${descending ? 'descending' : 'ascending'}`, () => {
      assert.equal(order(sortBy, descending), expected)
    })
  }
  for (const bad of ['displayName', 'password', 'name.formatted']) {
    it(`refuses ${bad} with 400 invalidValue`, () => {
      assert.throws(() => order(bad), { status: 400, scimType: 'invalidValue' })
    })
  }
})
