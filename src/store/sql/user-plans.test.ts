// The plans of the statements that read users and their groups (issue 12, finding 1: a recursive query
// that searched all of a tenant's nesting rows at every step). Each operation of the table runs on a
// real store; every statement it sends is captured with its parameters and EXPLAINed on the same
// database: SQLite's EXPLAIN QUERY PLAN (with ANALYZE statistics, as the store runs PRAGMA optimize),
// and PostgreSQL's EXPLAIN with sequential scans disabled after ANALYZE, so the plan shows which index
// CAN serve each step whatever the table sizes (runs when DATABASE_URL is set; .ci/run sets it).
// Every plan must use the indexes its case names, constrained on the columns named, and none may read a
// table whole or read the tenant's membership or nesting rows by tenant alone.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import type { TestContext } from 'node:test'
import Sqlite from 'better-sqlite3'
import pg from 'pg'
import { defaultFold } from '../../scim/filter/evaluate.js'
import { parseFilter } from '../../scim/filter/parser.js'
import { parseAttrPath } from '../../scim/path/attr-path.js'
import { DEFAULT_SETTINGS } from '../../scim/profile/settings.js'
import { userFold } from '../../scim/profile/user-fold.js'
import type { AttrPath } from '../../scim/filter/ast.js'
import { analyzeSchema, testSchemaStore } from '../postgres/test-schema.js'
import { openSqliteStore } from '../sqlite/sqlite-store.js'
import type { TenantStore } from '../store.js'

const url = process.env['DATABASE_URL']

/** An index by its name in the migrations, and the columns a step must constrain through it. */
type Use = readonly [index: string, columns: readonly string[]]

interface PlanCase {
  readonly name: string
  readonly run: (tenant: TenantStore) => Promise<unknown>
  /** Every one of these is used by some statement of the operation. */
  readonly uses: readonly Use[]
}

const fold = userFold(DEFAULT_SETTINGS)
const list = { fold, startIndex: 1, count: 100 }
const sortBy = (path: string): { path: AttrPath; descending: boolean } => ({
  path: parseAttrPath(path) as AttrPath,
  descending: false,
})

/** A user row read by key, its direct groups by user, and each step up the nesting by member. */
const HYDRATE: readonly Use[] = [
  ['users_pk', ['tenant_id', 'id']],
  ['group_users_user', ['tenant_id', 'user_id']],
  ['group_groups_member', ['tenant_id', 'member_id']],
  ['groups_pk', ['tenant_id', 'id']],
]

const CASES: readonly PlanCase[] = [
  {
    name: 'a user by id: its row, its direct groups, then one lookup per group and level up',
    run: (t) => t.getUser('u5'),
    uses: HYDRATE,
  },
  {
    name: 'a page of 100 users in creation order, each in 322 groups',
    run: (t) => t.listUsers(list),
    uses: [['users_created', ['tenant_id']], ...HYDRATE],
  },
  {
    name: "Entra's match on userName",
    run: (t) => t.listUsers({ ...list, filter: parseFilter('userName eq "U5@contoso.com"') }),
    uses: [['users_user_name_unique', ['tenant_id', 'user_name_folded']], ...HYDRATE.slice(1)],
  },
  {
    name: "Entra's match on externalId",
    run: (t) => t.listUsers({ ...list, filter: parseFilter('externalId eq "ext5"') }),
    uses: [['users_external_id', ['tenant_id', 'external_id']], ...HYDRATE],
  },
  {
    name: "Entra's match on a group's displayName",
    run: (t) =>
      t.listGroups({
        fold: defaultFold,
        startIndex: 1,
        count: 100,
        filter: parseFilter('displayName eq "Parent 7"'),
      }),
    uses: [['groups_display_name_unique', ['tenant_id', 'display_name_folded']]],
  },
  // The relation's plan is the same whatever the users it is evaluated for; these cases narrow them to one
  // (evaluating it for 20,000 users in 322 groups is the cost ROSTER_STATEMENT_TIMEOUT bounds).
  {
    name: 'a filter on groups.display walks each user’s nesting by index',
    run: (t) =>
      t.listUsers({
        ...list,
        filter: parseFilter('userName eq "u5@contoso.com" and groups.display eq "Parent 7"'),
      }),
    uses: [
      ['group_users_user', ['tenant_id', 'user_id']],
      ['group_groups_member', ['tenant_id', 'member_id']],
      ['groups_pk', ['tenant_id', 'id']],
    ],
  },
  {
    name: 'sortBy=groups.display walks each user’s nesting by index',
    run: (t) =>
      t.listUsers({
        ...list,
        filter: parseFilter('externalId eq "ext5"'),
        sort: sortBy('groups.display'),
      }),
    uses: [
      ['group_users_user', ['tenant_id', 'user_id']],
      ['group_groups_member', ['tenant_id', 'member_id']],
      ['groups_pk', ['tenant_id', 'id']],
    ],
  },
]

/** Membership and nesting indexes: a step through one of them must constrain more than the tenant. */
const RELATION_INDEXES = [
  'group_users_pk',
  'group_users_user',
  'group_groups_pk',
  'group_groups_member',
]

/**
 * Two tenants alike (so that the tenant alone selects half of every table): 20,000 users, one group G0
 * holding them all, nested into 300 parents and a 20-deep chain (every user is in 322 groups), 2,000
 * teams of 10, and 30,000 other groups in a chain of their own: nesting rows no walk from these users reaches,
 * as a directory has, and enough of them that PostgreSQL's costs are a directory's (with a few thousand,
 * hashing a level of 300 groups against all of the tenant's nesting rows costs less than 300 lookups,
 * and the planner rightly does that). Plain SQL both databases run.
 */
function seedSql(tenant: string): string {
  const n = (count: number) =>
    `with recursive n(i) as (select 1 union all select i + 1 from n where i < ${count}) `
  return `
    insert into tenants (id, slug, name, created, disabled) values ('${tenant}', '${tenant}', '${tenant}', '2026-01-01', 0);
    insert into users (tenant_id, id, user_name, user_name_folded, external_id, active, created, last_modified, version)
      ${n(20_000)} select '${tenant}', 'u' || i, 'U' || i || '@contoso.com', 'u' || i || '@contoso.com', 'ext' || i, 1, '2026-01-01', '2026-01-01', 1 from n;
    insert into groups (tenant_id, id, display_name, display_name_folded, created, last_modified, version)
      values ('${tenant}', 'g0', 'G0', 'g0', '2026-01-01', '2026-01-01', 1);
    insert into groups (tenant_id, id, display_name, display_name_folded, created, last_modified, version)
      ${n(300)} select '${tenant}', 'p' || i, 'Parent ' || i, 'parent ' || i, '2026-01-02', '2026-01-02', 1 from n;
    insert into groups (tenant_id, id, display_name, display_name_folded, created, last_modified, version)
      ${n(20)} select '${tenant}', 'c' || i, 'Chain ' || i, 'chain ' || i, '2026-01-03', '2026-01-03', 1 from n;
    insert into groups (tenant_id, id, display_name, display_name_folded, created, last_modified, version)
      ${n(2000)} select '${tenant}', 't' || i, 'Team ' || i, 'team ' || i, '2026-01-04', '2026-01-04', 1 from n;
    insert into group_users (tenant_id, group_id, user_id) ${n(20_000)} select '${tenant}', 'g0', 'u' || i from n;
    insert into group_users (tenant_id, group_id, user_id) ${n(20_000)} select '${tenant}', 't' || (1 + (i - 1) / 10), 'u' || i from n;
    insert into group_groups (tenant_id, group_id, member_id) ${n(300)} select '${tenant}', 'p' || i, 'g0' from n;
    insert into group_groups (tenant_id, group_id, member_id) values ('${tenant}', 'c1', 'g0');
    insert into group_groups (tenant_id, group_id, member_id) ${n(19)} select '${tenant}', 'c' || (i + 1), 'c' || i from n;
    insert into groups (tenant_id, id, display_name, display_name_folded, created, last_modified, version)
      ${n(30_000)} select '${tenant}', 'o' || i, 'Other ' || i, 'other ' || i, '2026-01-05', '2026-01-05', 1 from n;
    insert into group_groups (tenant_id, group_id, member_id) ${n(29_999)} select '${tenant}', 'o' || (i + 1), 'o' || i from n;
    insert into resource_counts (tenant_id, resource, shard, n) values ('${tenant}', 'users', 0, 20000), ('${tenant}', 'groups', 0, 32321);
  `
}

const SEED = seedSql('t1') + seedSql('t2')

interface Statement {
  readonly sql: string
  readonly parameters: readonly unknown[]
}

/** Runs the case on tenant t1 of `store`, with `capture` collecting statements only meanwhile. */
async function statementsOf(
  c: PlanCase,
  tenant: TenantStore,
  captured: Statement[],
  capturing: { on: boolean },
): Promise<Statement[]> {
  captured.length = 0
  capturing.on = true
  try {
    await c.run(tenant)
  } finally {
    capturing.on = false
  }
  assert.ok(captured.length > 0, `${c.name}: no statement captured`)
  return [...captured]
}

/**
 * A SQLite store on a new file holding `seed` (then ANALYZE, as the store's PRAGMA optimize would), and
 * the plans of the statements a case sends on tenant t1: each statement's SQL and EXPLAIN QUERY PLAN lines.
 */
async function sqlitePlans(
  t: TestContext,
  seed: string,
): Promise<{
  db: Sqlite.Database
  plansOf: (c: PlanCase) => Promise<{ sql: string; lines: string[] }[]>
}> {
  const dir = mkdtempSync(join(tmpdir(), 'roster-plans-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'roster.db')
  const captured: Statement[] = []
  const capturing = { on: false }
  const store = await openSqliteStore({
    file,
    inline: true,
    onStatement: (sql, parameters) => {
      if (capturing.on) captured.push({ sql, parameters })
    },
  })
  t.after(() => store.close())
  const db = new Sqlite(file)
  t.after(() => db.close())
  db.exec(seed)
  db.exec('analyze')
  const tenant = store.forTenant('t1')
  const plansOf = async (c: PlanCase) =>
    (await statementsOf(c, tenant, captured, capturing)).map((s) => ({
      sql: s.sql,
      lines: (
        db.prepare(`explain query plan ${s.sql}`).all(...s.parameters) as { detail: string }[]
      ).map((row) => row.detail),
    }))
  return { db, plansOf }
}

describe('plans of reading users and their groups: SQLite (EXPLAIN QUERY PLAN)', () => {
  it('use the named indexes, never a scan of a table or of the tenant’s nesting rows', async (t) => {
    const { db, plansOf } = await sqlitePlans(t, SEED)
    // SQLite names a PRIMARY KEY or UNIQUE constraint's index sqlite_autoindex_<table>_<n>: found by
    // its columns, so the cases name indexes as the migrations (and PostgreSQL) do.
    const sqliteName = (index: string): string => {
      const table = /^(users|groups|group_users|group_groups)_/.exec(index)?.[1] as string
      const byColumns: Record<string, string> = {
        users_pk: 'tenant_id,id',
        users_user_name_unique: 'tenant_id,user_name_folded',
        groups_pk: 'tenant_id,id',
        groups_display_name_unique: 'tenant_id,display_name_folded',
        group_users_pk: 'tenant_id,group_id,user_id',
        group_groups_pk: 'tenant_id,group_id,member_id',
      }
      const columns = byColumns[index]
      if (columns === undefined) return index
      const indexes = db.prepare(`pragma index_list(${table})`).all() as { name: string }[]
      const found = indexes.find(
        (i) =>
          (db.prepare(`pragma index_info(${i.name})`).all() as { name: string }[])
            .map((c) => c.name)
            .join(',') === columns,
      )
      assert.ok(found, `no index on ${table}(${columns})`)
      return found.name
    }
    const relationIndexes = RELATION_INDEXES.map(sqliteName)
    for (const c of CASES) {
      const plans = await plansOf(c)
      const all = plans.flatMap((p) => p.lines)
      const shown = plans.map((p) => `${p.sql.slice(0, 80)}…\n    ${p.lines.join('\n    ')}`)
      for (const [index, columns] of c.uses) {
        const step = `USING (COVERING )?INDEX ${sqliteName(index)} \\(${columns.map((col) => `${col}=\\?`).join(' AND ')}`
        assert.ok(
          all.some((line) => new RegExp(`^SEARCH \\w+ ${step}`).test(line)),
          `${c.name}: expected a search through ${index} on ${columns.join(', ')}; plans:\n${shown.join('\n')}`,
        )
      }
      for (const line of all) {
        // What may be scanned: json_each (a bound id list), and the queue of a recursive CTE, a
        // co-routine or a subquery the statement itself built.
        assert.ok(
          !/^SCAN /.test(line) || /^SCAN (json_each VIRTUAL TABLE|anc|agg|c|d)\b/.test(line),
          `${c.name}: reads a table whole (${line}); plans:\n${shown.join('\n')}`,
        )
        const relation = /^SEARCH \w+ USING (?:COVERING )?INDEX (\w+) \(tenant_id=\?\)$/.exec(line)
        assert.ok(
          !relation || !relationIndexes.includes(relation[1] as string),
          `${c.name}: reads the tenant's membership or nesting rows by tenant alone (${line}); plans:\n${shown.join('\n')}`,
        )
      }
    }
  })
})

describe('plans of reading users in a directory without groups yet: SQLite', () => {
  // With no membership or nesting rows (a directory Entra has not yet given groups), the statistics make
  // the tenant's nesting index look free to read whole; the check "is any of this user's groups
  // nested?" must still start from the user.
  it('never reads the nesting rows by tenant alone to read a user by id or by userName', async (t) => {
    const n = (count: number) =>
      `with recursive n(i) as (select 1 union all select i + 1 from n where i < ${count}) `
    const { plansOf } = await sqlitePlans(
      t,
      `
      insert into tenants (id, slug, name, created, disabled) values ('t1', 't1', 't1', '2026-01-01', 0);
      insert into users (tenant_id, id, user_name, user_name_folded, external_id, active, created, last_modified, version)
        ${n(2000)} select 't1', 'u' || i, 'U' || i || '@contoso.com', 'u' || i || '@contoso.com', 'ext' || i, 1, '2026-01-01', '2026-01-01', 1 from n;
    `,
    )
    const reads: readonly [string, (t: TenantStore) => Promise<unknown>][] = [
      ['by id', (t) => t.getUser('u5')],
      [
        'by userName',
        (t) => t.listUsers({ ...list, filter: parseFilter('userName eq "U5@contoso.com"') }),
      ],
    ]
    for (const [name, run] of reads) {
      const lines = (await plansOf({ name, run, uses: [] })).flatMap((p) => p.lines)
      assert.ok(
        lines.some((l) =>
          /^SEARCH \w+ (EXISTS )?USING COVERING INDEX group_groups_member \(tenant_id=\? AND member_id=\?\)/.test(
            l,
          ),
        ),
        `${name}: the nesting check goes through group_groups_member by member; plan:\n${lines.join('\n')}`,
      )
      for (const line of lines)
        assert.ok(
          !/^SEARCH \w+ USING (?:COVERING )?INDEX group_groups\w* \(tenant_id=\?\)$/.test(line),
          `${name}: reads the tenant's nesting rows by tenant alone (${line})`,
        )
    }
  })
})

interface PlanNode {
  'Node Type': string
  'Relation Name'?: string
  'Index Name'?: string
  'Index Cond'?: string
  Plans?: PlanNode[]
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)]
}

/** Whether an Index Cond constrains `column` (PostgreSQL writes `(column = …)`, maybe qualified). */
const constrains = (cond: string | undefined, column: string): boolean =>
  new RegExp(`\\((\\w+\\.)?${column} = `).test(cond ?? '')

if (url === undefined || url === '') {
  describe('plans of reading users and their groups: PostgreSQL (EXPLAIN)', () => {
    it(
      'runs when DATABASE_URL is set (postgres://...); .ci/run sets it',
      {
        skip: 'DATABASE_URL is not set',
      },
      () => {},
    )
  })
} else {
  describe('plans of reading users and their groups: PostgreSQL (EXPLAIN)', () => {
    it('use the named indexes, never a scan of a table or of the tenant’s nesting rows', async (t) => {
      const captured: Statement[] = []
      const capturing = { on: false }
      const { store, schema } = await testSchemaStore(url, t, {
        poolSize: 1,
        onStatement: (sql, parameters) => {
          if (capturing.on) captured.push({ sql, parameters })
        },
      })
      const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` })
      await client.connect()
      t.after(() => client.end())
      await client.query(SEED)
      await analyzeSchema(client)
      await client.query('set enable_seqscan = off')
      const tenant = store.forTenant('t1')
      for (const c of CASES) {
        const plans: { sql: string; nodes: PlanNode[] }[] = []
        for (const s of await statementsOf(c, tenant, captured, capturing)) {
          const explained = await client.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
            `explain (format json) ${s.sql}`,
            [...s.parameters],
          )
          plans.push({
            sql: s.sql,
            nodes: nodes(explained.rows[0]?.['QUERY PLAN'][0]?.Plan as PlanNode),
          })
        }
        const all = plans.flatMap((p) => p.nodes)
        const describe = (n: PlanNode) =>
          `${n['Node Type']} ${n['Index Name'] ?? n['Relation Name'] ?? ''} ${n['Index Cond'] ?? ''}`.trim()
        const shown = plans.map(
          (p) => `${p.sql.slice(0, 80)}…\n    ${p.nodes.map(describe).join('\n    ')}`,
        )
        for (const [index, columns] of c.uses) {
          assert.ok(
            all.some(
              (n) =>
                n['Index Name'] === index &&
                columns.every((col) => constrains(n['Index Cond'], col)),
            ),
            `${c.name}: expected ${index} on ${columns.join(', ')}; plans:\n${shown.join('\n')}`,
          )
        }
        for (const n of all) {
          assert.notEqual(
            n['Node Type'],
            'Seq Scan',
            `${c.name}: reads ${n['Relation Name']} whole; plans:\n${shown.join('\n')}`,
          )
          if (RELATION_INDEXES.includes(n['Index Name'] ?? '')) {
            assert.ok(
              ['group_id', 'user_id', 'member_id'].some((col) => constrains(n['Index Cond'], col)),
              `${c.name}: reads the tenant's membership or nesting rows by tenant alone (${describe(n)}); plans:\n${shown.join('\n')}`,
            )
          }
        }
      }
    })
  })
}
