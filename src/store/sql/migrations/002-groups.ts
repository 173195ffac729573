// 002: groups and their members. Members are rows (one per member), in two tables so that a foreign key
// on each side removes a deleted user or group from every group structurally. Keyed by tenant first.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('groups')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    /** displayName folded by Roster's code: the key of uniqueness and of the Entra matching filter. */
    .addColumn('display_name_folded', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('last_modified', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('groups_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('groups_display_name_unique', ['tenant_id', 'display_name_folded'])
    .execute()
  await db.schema
    .createIndex('groups_external_id')
    .on('groups')
    .columns(['tenant_id', 'external_id'])
    .execute()
  await db.schema
    .createIndex('groups_created')
    .on('groups')
    .columns(['tenant_id', 'created', 'id'])
    .execute()
  // Users in groups. The primary key serves a group's member list in id order; the second index serves
  // a user's groups and the removal of a deleted user.
  await db.schema
    .createTable('group_users')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_users_pk', ['tenant_id', 'group_id', 'user_id'])
    .addForeignKeyConstraint(
      'group_users_group_fk',
      ['tenant_id', 'group_id'],
      'groups',
      ['tenant_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'group_users_user_fk',
      ['tenant_id', 'user_id'],
      'users',
      ['tenant_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute()
  await db.schema
    .createIndex('group_users_user')
    .on('group_users')
    .columns(['tenant_id', 'user_id', 'group_id'])
    .execute()
  // Groups in groups (nesting), acyclic: the store refuses a member that would make a cycle.
  await db.schema
    .createTable('group_groups')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_groups_pk', ['tenant_id', 'group_id', 'member_id'])
    .addForeignKeyConstraint(
      'group_groups_group_fk',
      ['tenant_id', 'group_id'],
      'groups',
      ['tenant_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'group_groups_member_fk',
      ['tenant_id', 'member_id'],
      'groups',
      ['tenant_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute()
  await db.schema
    .createIndex('group_groups_member')
    .on('group_groups')
    .columns(['tenant_id', 'member_id', 'group_id'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['group_groups', 'group_users', 'groups']) {
    await db.schema.dropTable(table).execute()
  }
}
