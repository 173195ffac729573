// 006: the admin console. Sessions (keyed by a SHA-256 of the cookie's random id, so a database reader
// cannot hijack one) shared by every instance, and xMatters' `Company Admin` role added to every
// tenant's roles where missing: it grants the console by default (settings key consoleRoles).
import type { Kysely } from 'kysely'
import { sql } from 'kysely'

const CONSOLE_ROLE = 'Company Admin'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('admin_sessions')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('user_name', 'text', (c) => c.notNull())
    /** The synchronizer token every form of this session must carry. */
    .addColumn('csrf', 'text', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('admin_sessions_tenant_user')
    .on('admin_sessions')
    .columns(['tenant_id', 'user_id'])
    .execute()
  await db.schema
    .createIndex('admin_sessions_expires')
    .on('admin_sessions')
    .column('expires_at')
    .execute()
  const rows = await sql<{ tenant_id: string; value: string }>`
    select tenant_id, value from tenant_settings where key = 'roles'`.execute(db)
  for (const row of rows.rows) {
    const roles = JSON.parse(row.value) as string[]
    if (roles.includes(CONSOLE_ROLE)) continue
    await sql`update tenant_settings set value = ${JSON.stringify([...roles, CONSOLE_ROLE])}
      where tenant_id = ${row.tenant_id} and key = 'roles'`.execute(db)
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('admin_sessions').execute()
}
