// 013: when each secret token and OAuth client was last used to authenticate (`last_used_at`, an ISO
// 8601 instant, null until first use), so `roster token list` and `roster client list` tell three
// tokens named `entra` apart. Servers write it at most once a minute per credential
// (auth/last-used.ts). Both tables are configuration (migration 009), but a last-used time is not: an
// update that writes last_used_at alone must not move the configuration version, or every server would
// drop its configuration cache once a minute per credential in use. The update triggers therefore fire
// only when last_used_at is unchanged, which makes this the contract for writers: last_used_at is
// written by itself (store's recordUse), never in the same UPDATE as a configuration column.
import type { Kysely, Migration } from 'kysely'
import { sql } from 'kysely'

const TABLES = ['tokens', 'oauth_clients'] as const

export function lastUsed(dialect: 'sqlite' | 'postgres'): Migration {
  return {
    async up(db) {
      for (const table of TABLES) {
        await db.schema.alterTable(table).addColumn('last_used_at', 'text').execute()
        await updateTrigger(db, dialect, table, 'ignoring last use')
      }
    },
    async down(db) {
      for (const table of TABLES) {
        await updateTrigger(db, dialect, table, 'every update')
        await db.schema.alterTable(table).dropColumn('last_used_at').execute()
      }
    },
  }
}

/** Replaces migration 009's update trigger of `table`. */
async function updateTrigger(
  db: Kysely<unknown>,
  dialect: 'sqlite' | 'postgres',
  table: string,
  fires: 'ignoring last use' | 'every update',
): Promise<void> {
  if (dialect === 'postgres') {
    // 009's trigger is one statement-level trigger for insert, update and delete; a WHEN comparing
    // OLD and NEW needs a row-level one, so updates get their own.
    await sql`drop trigger if exists ${sql.id(`${table}_config_bump`)} on ${sql.table(table)}`.execute(
      db,
    )
    await sql`drop trigger if exists ${sql.id(`${table}_config_bump_update`)} on ${sql.table(table)}`.execute(
      db,
    )
    if (fires === 'every update') {
      await sql`create trigger ${sql.id(`${table}_config_bump`)} after insert or update or delete on ${sql.table(table)} for each statement execute function roster_config_bump()`.execute(
        db,
      )
      return
    }
    await sql`create trigger ${sql.id(`${table}_config_bump`)} after insert or delete on ${sql.table(table)} for each statement execute function roster_config_bump()`.execute(
      db,
    )
    await sql`create trigger ${sql.id(`${table}_config_bump_update`)} after update on ${sql.table(table)} for each row when (old.last_used_at is not distinct from new.last_used_at) execute function roster_config_bump()`.execute(
      db,
    )
    return
  }
  await sql`drop trigger if exists ${sql.id(`${table}_config_update`)}`.execute(db)
  const when = fires === 'every update' ? sql`` : sql`when new.last_used_at is old.last_used_at`
  await sql`create trigger ${sql.id(`${table}_config_update`)} after update on ${sql.table(table)} ${when} begin update roster_config set version = version + 1 where id = 1; end`.execute(
    db,
  )
}
