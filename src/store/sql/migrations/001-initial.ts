// 001: tenants, settings, tokens, users and their multi-valued attributes. Keyed by tenant first.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tenants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema
    .createTable('tenant_settings')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('tenant_settings_pk', ['tenant_id', 'key'])
    .execute()
  await db.schema
    .createTable('tokens')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('revoked_at', 'text')
    .addPrimaryKeyConstraint('tokens_pk', ['tenant_id', 'id'])
    .execute()
  await db.schema
    .createTable('users')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('user_name_folded', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('given_name', 'text')
    .addColumn('family_name', 'text')
    .addColumn('preferred_language', 'text')
    .addColumn('language_code', 'text')
    .addColumn('timezone', 'text')
    .addColumn('password_hash', 'text')
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('last_modified', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('users_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('users_user_name_unique', ['tenant_id', 'user_name_folded'])
    .execute()
  await db.schema
    .createIndex('users_external_id')
    .on('users')
    .columns(['tenant_id', 'external_id'])
    .execute()
  await db.schema
    .createIndex('users_created')
    .on('users')
    .columns(['tenant_id', 'created', 'id'])
    .execute()
  for (const table of ['user_emails', 'user_phones']) {
    await db.schema
      .createTable(table)
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('value_folded', 'text', (c) => c.notNull())
      .addColumn('type', 'text')
      .addColumn('device', 'text', (c) => c.notNull())
      .addColumn('is_primary', 'integer')
      .addColumn('display', 'text')
      .addPrimaryKeyConstraint(`${table}_pk`, ['tenant_id', 'user_id', 'position'])
      .addUniqueConstraint(`${table}_device_unique`, ['tenant_id', 'user_id', 'device'])
      .addForeignKeyConstraint(
        `${table}_user_fk`,
        ['tenant_id', 'user_id'],
        'users',
        ['tenant_id', 'id'],
        (c) => c.onDelete('cascade'),
      )
      .execute()
    await db.schema
      .createIndex(`${table}_value`)
      .on(table)
      .columns(['tenant_id', 'value_folded'])
      .execute()
  }
  await db.schema
    .createTable('user_roles')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('type', 'text')
    .addColumn('is_primary', 'integer')
    .addColumn('display', 'text')
    .addPrimaryKeyConstraint('user_roles_pk', ['tenant_id', 'user_id', 'position'])
    .addForeignKeyConstraint(
      'user_roles_user_fk',
      ['tenant_id', 'user_id'],
      'users',
      ['tenant_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'user_roles',
    'user_phones',
    'user_emails',
    'users',
    'tokens',
    'tenant_settings',
    'tenants',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
