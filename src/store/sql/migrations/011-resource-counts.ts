// 011: how many users and groups each tenant has, kept in the transaction of every create and delete
// (store/sql/counts.ts), so an unfiltered list's totalResults is a sum of a few rows instead of a count
// over the tenant's index (100,000 entries scanned for every page). Several shards per tenant let
// concurrent writers on PostgreSQL update different rows; existing rows are counted once, here.
import type { Kysely } from 'kysely'
import { sql } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('resource_counts')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('shard', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('resource_counts_pk', ['tenant_id', 'resource', 'shard'])
    .execute()
  for (const [resource, table] of [
    ['users', 'users'],
    ['groups', 'groups'],
  ] as const) {
    await sql`insert into resource_counts (tenant_id, resource, shard, n) select tenant_id, ${resource}, 0, count(*) from ${sql.table(table)} group by tenant_id`.execute(
      db,
    )
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('resource_counts').execute()
}
