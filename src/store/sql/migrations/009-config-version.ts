// 009: one counter that moves whenever the configuration requests are authorised and validated with
// changes: tenants, their hosts and settings, tokens, OAuth clients, signing keys. Triggers move it, so
// no writer (the server, the CLI, another instance, a future table's code) can forget to; a server
// caches configuration and reads the counter once per request (store/sql/config-cache.ts), so a change
// made anywhere takes effect on the very next request.
import type { Kysely, Migration } from 'kysely'
import { sql } from 'kysely'

/** The tables whose rows are configuration (cached by servers). */
export const CONFIG_TABLES = [
  'tenants',
  'tenant_hosts',
  'tenant_settings',
  'tokens',
  'oauth_clients',
  'signing_keys',
] as const

const EVENTS = ['insert', 'update', 'delete'] as const

async function createCounter(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('roster_config')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute()
  await sql`insert into roster_config (id, version) values (1, 1)`.execute(db)
}

export function configVersion(dialect: 'sqlite' | 'postgres'): Migration {
  return {
    async up(db) {
      await createCounter(db)
      if (dialect === 'postgres') {
        await sql`create function roster_config_bump() returns trigger language plpgsql as $$
          begin update roster_config set version = version + 1 where id = 1; return null; end $$`.execute(
          db,
        )
      }
      for (const table of CONFIG_TABLES) await bumpConfigOn(db, dialect, table)
    },
    async down(db) {
      for (const table of CONFIG_TABLES) await dropConfigBump(db, dialect, table)
      if (dialect === 'postgres')
        await sql`drop function if exists roster_config_bump()`.execute(db)
      await db.schema.dropTable('roster_config').execute()
    },
  }
}

/** Makes every change of `table` move the configuration version (a later configuration table's migration). */
export async function bumpConfigOn(
  db: Kysely<unknown>,
  dialect: 'sqlite' | 'postgres',
  table: string,
): Promise<void> {
  if (dialect === 'postgres') {
    await sql`create trigger ${sql.id(`${table}_config_bump`)} after insert or update or delete on ${sql.table(table)} for each statement execute function roster_config_bump()`.execute(
      db,
    )
    return
  }
  for (const event of EVENTS) {
    await sql`create trigger ${sql.id(`${table}_config_${event}`)} after ${sql.raw(event)} on ${sql.table(table)} begin update roster_config set version = version + 1 where id = 1; end`.execute(
      db,
    )
  }
}

export async function dropConfigBump(
  db: Kysely<unknown>,
  dialect: 'sqlite' | 'postgres',
  table: string,
): Promise<void> {
  if (dialect === 'postgres') {
    await sql`drop trigger if exists ${sql.id(`${table}_config_bump`)} on ${sql.table(table)}`.execute(
      db,
    )
    return
  }
  for (const event of EVENTS)
    await sql`drop trigger if exists ${sql.id(`${table}_config_${event}`)}`.execute(db)
}
