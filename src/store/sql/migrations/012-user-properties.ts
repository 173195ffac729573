// 012: custom user properties (issue 14). `property_definitions` is configuration (the tenant's
// extension schema): its changes move the configuration version (migration 009), so a property added,
// renamed or removed with the CLI applies to a running server's next request. `user_property_values`
// holds one row per value, keyed by the property's id (a rename touches no value), with what filters
// compare: `value_folded` (strings folded by Roster's code, date-times as UTC instants) and
// `value_number` (numbers, booleans as 1/0), each indexed after (tenant, property), so
// `urn:…:roster:2.0:User:costCenter eq "42"` is an index lookup. `sent_as` keeps the alias a value was
// sent under, so it is read back under that name.
import type { Migration } from 'kysely'
import { bumpConfigOn, dropConfigBump } from './009-config-version.js'

export function userProperties(dialect: 'sqlite' | 'postgres'): Migration {
  return {
    async up(db) {
      await db.schema
        .createTable('property_definitions')
        .addColumn('tenant_id', 'text', (c) =>
          c.notNull().references('tenants.id').onDelete('cascade'),
        )
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_folded', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('canonical_values', 'text', (c) => c.notNull())
        .addColumn('multi_valued', 'integer', (c) => c.notNull())
        .addColumn('required', 'integer', (c) => c.notNull())
        .addColumn('max_length', 'integer')
        .addColumn('case_exact', 'integer', (c) => c.notNull())
        .addColumn('aliases', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('created', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('property_definitions_pk', ['tenant_id', 'id'])
        .addUniqueConstraint('property_definitions_name', ['tenant_id', 'name_folded'])
        .execute()
      await db.schema
        .createTable('user_property_values')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('property_id', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('value_text', 'text')
        .addColumn('value_folded', 'text')
        .addColumn('value_number', 'double precision')
        .addColumn('sent_as', 'text')
        .addPrimaryKeyConstraint('user_property_values_pk', [
          'tenant_id',
          'user_id',
          'property_id',
          'position',
        ])
        .addForeignKeyConstraint(
          'user_property_values_user',
          ['tenant_id', 'user_id'],
          'users',
          ['tenant_id', 'id'],
          (fk) => fk.onDelete('cascade'),
        )
        .addForeignKeyConstraint(
          'user_property_values_property',
          ['tenant_id', 'property_id'],
          'property_definitions',
          ['tenant_id', 'id'],
          (fk) => fk.onDelete('cascade'),
        )
        .execute()
      await db.schema
        .createIndex('user_property_values_folded')
        .on('user_property_values')
        .columns(['tenant_id', 'property_id', 'value_folded', 'user_id'])
        .execute()
      await db.schema
        .createIndex('user_property_values_number')
        .on('user_property_values')
        .columns(['tenant_id', 'property_id', 'value_number', 'user_id'])
        .execute()
      await bumpConfigOn(db, dialect, 'property_definitions')
    },
    async down(db) {
      await dropConfigBump(db, dialect, 'property_definitions')
      await db.schema.dropTable('user_property_values').execute()
      await db.schema.dropTable('property_definitions').execute()
    },
  }
}
