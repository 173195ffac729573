// Migrations 003, 008 and 011 on a database written before them, on SQLite and (with DATABASE_URL) PostgreSQL: the
// folded columns are backfilled by Roster's folding, for every row, past one page of 1,000; 008 folds
// userNames again as RFC 8265 compares them.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import Sqlite from 'better-sqlite3'
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely'
import type { Migration } from 'kysely'
import pg from 'pg'
import { locked } from '../../postgres/test-schema.js'
import * as initial from './001-initial.js'
import * as groups from './002-groups.js'
import { migrationsFor } from './index.js'

const url = process.env['DATABASE_URL']
const USERS = 1001

async function migrateTo(
  db: Kysely<unknown>,
  migrations: Record<string, Migration>,
  schema?: string,
): Promise<void> {
  const { error } = await new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  }).migrateToLatest()
  if (error) throw error
}

async function backfills(db: Kysely<unknown>, schema?: string): Promise<void> {
  await migrateTo(db, { '001-initial': initial, '002-groups': groups }, schema)
  await sql`insert into tenants values ('t', 't', 'T', '2026-01-01', 0)`.execute(db)
  for (let i = 0; i < USERS; i++) {
    await sql`insert into users (tenant_id, id, user_name, user_name_folded, active, given_name, family_name, preferred_language, timezone, created, last_modified, version)
      values ('t', ${`u${String(i).padStart(4, '0')}`}, ${`U${i}`}, ${`u${i}`}, 1, ${i === 0 ? 'İlkay' : null}, 'ΟΔΥΣΣΕΥΣ', 'PT-br', 'US/Pacific', '2026-01-01', '2026-01-01', 1)`.execute(
      db,
    )
  }
  // Written before 008, folded by lower case alone: 008 folds it as RFC 8265 does.
  await sql`insert into users (tenant_id, id, user_name, user_name_folded, active, created, last_modified, version)
    values ('t', 'w', 'ＪＯＳＥ́', 'ｊｏｓｅ́', 1, '2026-01-01', '2026-01-01', 1)`.execute(db)
  await sql`insert into user_emails values ('t', 'u0000', 0, 'A@B.C', 'a@b.c', 'work', 'Work Email', 1, 'Büro')`.execute(
    db,
  )
  await sql`insert into user_roles values ('t', 'u0000', 0, 'Standard User', 'Primary', null, null)`.execute(
    db,
  )
  await migrateTo(db, migrationsFor(schema ? 'postgres' : 'sqlite'), schema)
  const row =
    await sql`select given_name_folded, family_name_folded, preferred_language_folded, timezone_folded from users where id = 'u0000'`.execute(
      db,
    )
  assert.deepEqual(row.rows[0], {
    given_name_folded: 'İlkay'.toLowerCase(),
    family_name_folded: 'ΟΔΥΣΣΕΥΣ'.toLowerCase(),
    preferred_language_folded: 'pt-br',
    timezone_folded: 'us/pacific',
  })
  const missing = await sql<{
    n: number | string
  }>`select count(*) as n from users where family_name is not null and family_name_folded is null`.execute(
    db,
  )
  assert.equal(Number(missing.rows[0]?.n), 0)
  // 011 counts the users written before it.
  const counted = await sql<{
    n: number | string
  }>`select sum(n) as n from resource_counts where tenant_id = 't' and resource = 'users'`.execute(
    db,
  )
  assert.equal(Number(counted.rows[0]?.n), USERS + 1)
  assert.deepEqual(
    (
      await sql`select user_name, user_name_folded from users where id in ('w', 'u0007')`.execute(
        db,
      )
    ).rows,
    [
      { user_name: 'U7', user_name_folded: 'u7' },
      { user_name: 'ＪＯＳＥ́', user_name_folded: 'josé' },
    ],
  )
  assert.deepEqual(
    (await sql`select device_folded, display_folded from user_emails`.execute(db)).rows[0],
    { device_folded: 'work email', display_folded: 'büro' },
  )
  assert.deepEqual(
    (await sql`select value_folded, type_folded, display_folded from user_roles`.execute(db))
      .rows[0],
    { value_folded: 'standard user', type_folded: 'primary', display_folded: null },
  )
}

describe('migration 003-folded-columns', () => {
  it('backfills every folded column of rows written before it (SQLite)', async (t) => {
    const db = new Kysely<unknown>({
      dialect: new SqliteDialect({ database: new Sqlite(':memory:') }),
    })
    t.after(() => db.destroy())
    await backfills(db)
  })

  it(
    'backfills every folded column of rows written before it (PostgreSQL)',
    { skip: url ? false : 'DATABASE_URL is not set' },
    async () => {
      const schema = `roster_test_${randomBytes(6).toString('hex')}`
      // Under the test-schema lock: Kysely's migrator reads every schema's catalogue (test-schema.ts).
      await locked(url as string, async (admin) => {
        await admin.query(`create schema ${schema}`)
        const db = new Kysely<unknown>({
          dialect: new PostgresDialect({
            pool: new pg.Pool({
              connectionString: url,
              options: `-c search_path=${schema}`,
              max: 1,
            }),
          }),
        })
        try {
          await backfills(db, schema)
        } finally {
          await db.destroy()
          await admin.query(`drop schema ${schema} cascade`)
        }
      })
    },
  )
})
