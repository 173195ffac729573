// 004: what tenants and OAuth need. Host names mapped to tenants (`company.roster.example` → acme),
// OAuth clients per tenant (client credentials, RFC 6749 §4.4; the secret stored as a hash), and the
// keys access tokens are signed with (several: rotation keeps retired keys verifying until the tokens
// they signed have expired).
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tenant_hosts')
    .addColumn('host', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .execute()
  await db.schema
    .createTable('oauth_clients')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    /** SHA-256 of the secret (256 random bits), hex; the secret itself is never stored. */
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addPrimaryKeyConstraint('oauth_clients_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('oauth_clients_id_unique', ['id'])
    .execute()
  await db.schema
    .createTable('signing_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('algorithm', 'text', (c) => c.notNull())
    /** JWK JSON of the private key. Whoever reads the database can mint tokens: protect it as such. */
    .addColumn('private_jwk', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    /** Set when a newer key takes over signing; the key still verifies until retired_at + token lifetime. */
    .addColumn('retired_at', 'text')
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['signing_keys', 'oauth_clients', 'tenant_hosts']) {
    await db.schema.dropTable(table).execute()
  }
}
