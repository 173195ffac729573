// The indexes PostgreSQL uses for the filters Entra and Okta send (issue 6): each filter's compiled
// query is EXPLAINed with sequential scans disabled, so the plan shows whether an index CAN serve it
// whatever the table sizes. A plan that still reads the table sequentially has no usable index.
// Runs when DATABASE_URL is set (.ci/run sets it), in a schema of its own.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Kysely, PostgresDialect, sql } from 'kysely'
import type { SqlBool } from 'kysely'
import pg from 'pg'
import { defaultFold } from '../../scim/filter/evaluate.js'
import { parseFilter } from '../../scim/filter/parser.js'
import { DEFAULT_SETTINGS } from '../../scim/profile/settings.js'
import { userFold } from '../../scim/profile/user-fold.js'
import { groupRegistry, userRegistry } from '../../scim/schema/registry.js'
import { GROUP_TARGET, USER_TARGET } from '../sql/columns.js'
import { compileFilter } from '../sql/compile-filter.js'
import type { Database } from '../sql/tables.js'
import { postgresDialect } from './postgres-store.js'
import { analyzeSchema, testSchemaStore } from './test-schema.js'

const url = process.env['DATABASE_URL']

/** filter, the table it lists, the index the plan must use. */
const CASES: readonly [string, 'users' | 'groups', string][] = [
  ['userName eq "Ann@Contoso.com"', 'users', 'users_user_name_unique'],
  ['externalId eq "jyoung"', 'users', 'users_external_id'],
  ['emails.value eq "ann@contoso.com"', 'users', 'user_emails_value'],
  ['emails[type eq "work"].value eq "ann@contoso.com"', 'users', 'user_emails_value'],
  ['phoneNumbers.value eq "+14155550123"', 'users', 'user_phones_value'],
  ['id eq "u1"', 'users', 'users_pk'],
  ['displayName eq "On-call"', 'groups', 'groups_display_name_unique'],
  ['externalId eq "8aa1a0c0"', 'groups', 'groups_external_id'],
  ['members[value eq "u1"]', 'groups', 'group_users_user'],
  ['id eq "g1"', 'groups', 'groups_pk'],
  // sw and ew: ranges of migration 015's B-tree indexes (affix-range.ts).
  ['userName sw "user12"', 'users', 'users_user_name_prefix'],
  ['userName ew "12@contoso.com"', 'users', 'users_user_name_suffix'],
  ['emails.value sw "user12"', 'users', 'user_emails_value_prefix'],
  ['emails[type eq "work" and value ew "12@contoso.com"]', 'users', 'user_emails_value_suffix'],
  ['displayName sw "group 1"', 'groups', 'groups_display_name_prefix'],
  ['displayName ew "p 12"', 'groups', 'groups_display_name_suffix'],
]

/** 5,000 users with an email and a phone, 500 groups of 10 users each, in tenant t1. */
const SEED = `
  insert into tenants (id, slug, name, created, disabled) values ('t1', 't1', 'T1', '2026-01-01', 0);
  insert into users (tenant_id, id, user_name, user_name_folded, external_id, active, created, last_modified, version)
    select 't1', 'u' || i, 'user' || i || '@contoso.com', 'user' || i || '@contoso.com', 'ext' || i, 1, '2026-01-01', '2026-01-01', 1
    from generate_series(1, 5000) as i;
  insert into user_emails (tenant_id, user_id, position, value, value_folded, type, device)
    select 't1', 'u' || i, 0, 'user' || i || '@contoso.com', 'user' || i || '@contoso.com', 'work', 'Work Email'
    from generate_series(1, 5000) as i;
  insert into user_phones (tenant_id, user_id, position, value, value_folded, type, device)
    select 't1', 'u' || i, 0, '+1415555' || lpad(i::text, 4, '0'), '+1415555' || lpad(i::text, 4, '0'), 'work', 'Work Phone'
    from generate_series(1, 5000) as i;
  insert into groups (tenant_id, id, display_name, display_name_folded, external_id, created, last_modified, version)
    select 't1', 'g' || i, 'Group ' || i, 'group ' || i, 'gext' || i, '2026-01-01', '2026-01-01', 1
    from generate_series(1, 500) as i;
  insert into group_users (tenant_id, group_id, user_id)
    select 't1', 'g' || (1 + i / 10), 'u' || i from generate_series(1, 4990) as i;
`

interface PlanNode {
  'Node Type': string
  'Relation Name'?: string
  'Index Name'?: string
  Plans?: PlanNode[]
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)]
}

if (url === undefined || url === '') {
  describe('PostgreSQL indexes', () => {
    it(
      'runs when DATABASE_URL is set (postgres://...); .ci/run sets it',
      {
        skip: 'DATABASE_URL is not set',
      },
      () => {},
    )
  })
} else {
  describe('PostgreSQL indexes', () => {
    it('serve every filter Entra and Okta send', async (t) => {
      const { store, schema } = await testSchemaStore(url, t, { poolSize: 1 })
      await store.close()
      const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` })
      await client.connect()
      t.after(() => client.end())
      // Kysely only compiles here; the plans are read through one connection with seqscan off.
      const db = new Kysely<Database>({
        dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
      })
      t.after(() => db.destroy())
      // Enough rows, analysed, for the planner's costs to be those of a real directory.
      await client.query(SEED)
      await analyzeSchema(client)
      await client.query('set enable_seqscan = off')
      for (const [filter, table, index] of CASES) {
        const condition = compileFilter(parseFilter(filter), {
          target: table === 'users' ? USER_TARGET : GROUP_TARGET,
          registry: table === 'users' ? userRegistry() : groupRegistry(),
          fold: table === 'users' ? userFold(DEFAULT_SETTINGS) : defaultFold,
          dialect: postgresDialect,
        })
        const query = db
          .selectFrom(table)
          .select(`${table}.id`)
          .where(`${table}.tenant_id`, '=', 't1')
          .where(sql<SqlBool>`${condition}`)
          .compile()
        const explained = await client.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
          `explain (format json) ${query.sql}`,
          [...query.parameters],
        )
        const plan = explained.rows[0]?.['QUERY PLAN'][0]?.Plan as PlanNode
        const all = nodes(plan)
        const scans = all.map(
          (n) => `${n['Node Type']} ${n['Index Name'] ?? n['Relation Name'] ?? ''}`,
        )
        assert.ok(
          all.some((n) => n['Index Name'] === index),
          `${filter}: expected ${index}; plan: ${scans.join(', ')}`,
        )
        assert.ok(
          !all.some((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === table),
          `${filter}: reads ${table} sequentially; plan: ${scans.join(', ')}`,
        )
      }
    })
  })
}
