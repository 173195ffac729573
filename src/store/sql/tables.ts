// The Kysely Database interface: one row type per table, snake_case columns. Every table is keyed by
// tenant first (primary keys and indexes lead with tenant_id) so a deployment can distribute by tenant.

export interface TenantRow {
  id: string
  slug: string
  name: string
  created: string
  disabled: number
}

export interface SettingRow {
  tenant_id: string
  key: string
  /** JSON text. */
  value: string
}

export interface TokenRow {
  tenant_id: string
  id: string
  name: string
  /** SHA-256 of the token, hex; the token itself is never stored. */
  hash: string
  created: string
  expires_at: string | null
  revoked_at: string | null
  /** Migration 013: written alone, never with a configuration column (see the migration). */
  last_used_at: string | null
}

export interface UserRow {
  tenant_id: string
  id: string
  user_name: string
  /** userName folded by Roster's own code (full Unicode), the key of uniqueness and filters. */
  user_name_folded: string
  external_id: string | null
  active: number
  given_name: string | null
  family_name: string | null
  preferred_language: string | null
  language_code: string | null
  timezone: string | null
  given_name_folded: string | null
  family_name_folded: string | null
  preferred_language_folded: string | null
  timezone_folded: string | null
  password_hash: string | null
  created: string
  last_modified: string
  version: number
}

/** Every column of UserRow, in table order (a read names them rather than `*`: user-hydrate.ts). */
export const USER_COLUMNS = [
  'tenant_id',
  'id',
  'user_name',
  'user_name_folded',
  'external_id',
  'active',
  'given_name',
  'family_name',
  'preferred_language',
  'language_code',
  'timezone',
  'given_name_folded',
  'family_name_folded',
  'preferred_language_folded',
  'timezone_folded',
  'password_hash',
  'created',
  'last_modified',
  'version',
] as const satisfies readonly (keyof UserRow)[]
/** Compiles only while USER_COLUMNS names every column of UserRow. */
export const USER_COLUMNS_COMPLETE: Exclude<
  keyof UserRow,
  (typeof USER_COLUMNS)[number]
> extends never
  ? true
  : never = true

export interface DeviceRow {
  tenant_id: string
  user_id: string
  position: number
  value: string
  value_folded: string
  type: string | null
  device: string
  device_folded: string | null
  is_primary: number | null
  display: string | null
  display_folded: string | null
}

export interface RoleRow {
  tenant_id: string
  user_id: string
  position: number
  value: string
  value_folded: string | null
  type: string | null
  type_folded: string | null
  is_primary: number | null
  display: string | null
  display_folded: string | null
}

export interface GroupRow {
  tenant_id: string
  id: string
  display_name: string
  /** displayName folded by Roster's code, the key of uniqueness and filters. */
  display_name_folded: string
  external_id: string | null
  created: string
  last_modified: string
  version: number
}

export interface GroupUserRow {
  tenant_id: string
  group_id: string
  user_id: string
}

export interface GroupGroupRow {
  tenant_id: string
  group_id: string
  member_id: string
}

export interface TenantHostRow {
  host: string
  tenant_id: string
}

export interface ClientRow {
  tenant_id: string
  id: string
  name: string
  secret_hash: string
  scope: string
  created: string
  revoked_at: string | null
  /** Migration 013: written alone, never with a configuration column (see the migration). */
  last_used_at: string | null
}

export interface SigningKeyRow {
  id: string
  algorithm: string
  private_jwk: string
  public_jwk: string
  created: string
  retired_at: string | null
}

/** The configuration version (migration 009): one row, id 1, moved by triggers. */
export interface ConfigVersionRow {
  id: number
  version: number
}

export interface SessionRow {
  /** SHA-256 of the session id, hex; the id itself is only in the browser's cookie. */
  hash: string
  tenant_id: string
  user_id: string
  user_name: string
  csrf: string
  created: string
  expires_at: string
}

/** Users and groups per tenant, in shards whose sum is the count (migration 011). */
export interface ResourceCountRow {
  tenant_id: string
  resource: string
  shard: number
  n: number
}

/** A custom user property of a tenant (migration 012); JSON text in the list columns. */
export interface PropertyDefinitionRow {
  tenant_id: string
  id: string
  name: string
  name_folded: string
  type: string
  canonical_values: string
  multi_valued: number
  required: number
  max_length: number | null
  case_exact: number
  aliases: string
  description: string
  created: string
}

/** One value of a user's custom property: `value` is its JSON as sent; the rest is what filters compare. */
export interface PropertyValueRow {
  tenant_id: string
  user_id: string
  property_id: string
  position: number
  value: string
  value_text: string | null
  value_folded: string | null
  value_number: number | null
  /** The alias the value was sent under, read back under it; null for the property's own name. */
  sent_as: string | null
}

export interface Database {
  roster_config: ConfigVersionRow
  resource_counts: ResourceCountRow
  tenants: TenantRow
  tenant_settings: SettingRow
  tokens: TokenRow
  users: UserRow
  user_emails: DeviceRow
  user_phones: DeviceRow
  user_roles: RoleRow
  groups: GroupRow
  group_users: GroupUserRow
  group_groups: GroupGroupRow
  tenant_hosts: TenantHostRow
  oauth_clients: ClientRow
  signing_keys: SigningKeyRow
  admin_sessions: SessionRow
  property_definitions: PropertyDefinitionRow
  user_property_values: PropertyValueRow
}
