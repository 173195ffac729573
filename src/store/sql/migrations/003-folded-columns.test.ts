// Migration 003 on a database written before it: the folded columns are backfilled by Roster's folding,
// for every row, past one batch.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import Sqlite from 'better-sqlite3'
import { Kysely, Migrator, SqliteDialect } from 'kysely'
import type { Migration } from 'kysely'
import * as initial from './001-initial.js'
import * as groups from './002-groups.js'
import { MIGRATIONS } from './index.js'

const migrateTo = async (db: Kysely<unknown>, migrations: Record<string, Migration>) => {
  const { error } = await new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  }).migrateToLatest()
  if (error) throw error
}

describe('migration 003-folded-columns', () => {
  it('backfills every folded column of rows written before it', async (t) => {
    const database = new Sqlite(':memory:')
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) })
    t.after(() => db.destroy())
    await migrateTo(db, { '001-initial': initial, '002-groups': groups })
    database.exec(`insert into tenants values ('t', 't', 'T', '2026-01-01', 0)`)
    const user = database.prepare(
      `insert into users (tenant_id, id, user_name, user_name_folded, active, given_name, family_name, preferred_language, timezone, created, last_modified, version)
       values ('t', ?, ?, ?, 1, ?, 'ΟΔΥΣΣΕΥΣ', 'PT-br', 'US/Pacific', '2026-01-01', '2026-01-01', 1)`,
    )
    // More than one batch of 1,000.
    for (let i = 0; i < 1001; i++) user.run(`u${i}`, `U${i}`, `u${i}`, i === 0 ? 'İlkay' : null)
    database.exec(
      `insert into user_emails values ('t', 'u0', 0, 'A@B.C', 'a@b.c', 'work', 'Work Email', 1, 'Büro')`,
    )
    database.exec(
      `insert into user_roles values ('t', 'u0', 0, 'Standard User', 'Primary', null, null)`,
    )
    await migrateTo(db, MIGRATIONS as Record<string, Migration>)
    const row = database
      .prepare(
        `select given_name_folded, family_name_folded, preferred_language_folded, timezone_folded from users where id = 'u0'`,
      )
      .get()
    assert.deepEqual(row, {
      given_name_folded: 'İlkay'.toLowerCase(),
      family_name_folded: 'ΟΔΥΣΣΕΥΣ'.toLowerCase(),
      preferred_language_folded: 'pt-br',
      timezone_folded: 'us/pacific',
    })
    const missing = database
      .prepare(`select count(*) as n from users where family_name_folded is null`)
      .get() as { n: number }
    assert.equal(missing.n, 0)
    assert.deepEqual(
      database.prepare(`select device_folded, display_folded from user_emails`).get(),
      { device_folded: 'work email', display_folded: 'büro' },
    )
    assert.deepEqual(
      database.prepare(`select value_folded, type_folded, display_folded from user_roles`).get(),
      { value_folded: 'standard user', type_folded: 'primary', display_folded: null },
    )
  })
})
