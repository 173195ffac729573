// 006 (log database): entries, their error causes (one row per cause, so errors group by cause with an
// index), and per-minute counts updated as entries are written (the console's Activity chart reads
// them, never the log). The sequence is SQLite's INTEGER PRIMARY KEY or PostgreSQL's bigserial.
import type { Kysely, Migration } from 'kysely'

export function provisioningLog(database: 'sqlite' | 'postgres'): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('provisioning_log')
        .addColumn('seq', database === 'postgres' ? 'bigserial' : 'integer', (c) =>
          database === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('time', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('method', 'text')
        .addColumn('path', 'text')
        .addColumn('resource', 'text')
        .addColumn('resource_id', 'text')
        .addColumn('target', 'text')
        .addColumn('target_folded', 'text')
        .addColumn('operation', 'text', (c) => c.notNull())
        .addColumn('status', 'integer')
        .addColumn('is_error', 'integer', (c) => c.notNull())
        .addColumn('scim_type', 'text')
        .addColumn('detail', 'text')
        .addColumn('attributes', 'text', (c) => c.notNull())
        .addColumn('changes', 'text', (c) => c.notNull())
        .addColumn('duration_ms', 'real')
        .addColumn('request_id', 'text')
        .execute()
      for (const [name, columns] of [
        ['provisioning_log_tenant_seq', ['tenant_id', 'seq']],
        ['provisioning_log_tenant_time', ['tenant_id', 'time']],
        ['provisioning_log_tenant_error', ['tenant_id', 'is_error', 'seq']],
        ['provisioning_log_tenant_resource', ['tenant_id', 'resource_id', 'seq']],
        ['provisioning_log_tenant_target', ['tenant_id', 'target_folded', 'seq']],
      ] as const) {
        await db.schema
          .createIndex(name)
          .on('provisioning_log')
          .columns([...columns])
          .execute()
      }
      await db.schema
        .createTable('log_causes')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('time', 'text', (c) => c.notNull())
        .addColumn('cause', 'text', (c) => c.notNull())
        .addColumn('fix', 'text', (c) => c.notNull())
        .addColumn('target', 'text')
        .execute()
      await db.schema
        .createIndex('log_causes_tenant_time')
        .on('log_causes')
        .columns(['tenant_id', 'time'])
        .execute()
      await db.schema
        .createIndex('log_causes_tenant_seq')
        .on('log_causes')
        .columns(['tenant_id', 'seq'])
        .execute()
      await db.schema
        .createTable('log_minutes')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('minute', 'text', (c) => c.notNull())
        .addColumn('requests', 'integer', (c) => c.notNull())
        .addColumn('errors', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('log_minutes_pk', ['tenant_id', 'minute'])
        .execute()
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['log_minutes', 'log_causes', 'provisioning_log'])
        await db.schema.dropTable(table).execute()
    },
  }
}

/** The log database's migrations, applied by the log adapter with a migration table of their own. */
export function logMigrations(database: 'sqlite' | 'postgres'): Record<string, Migration> {
  return { '006-provisioning-log': provisioningLog(database) }
}
