// The Store ports over Kysely, shared by every SQL adapter; an adapter supplies the Kysely instance and
// its SqlDialect. Functions take the database first, so they run alike in or out of a transaction.
import { randomUUID } from 'node:crypto'
import type { Kysely, SqlBool } from 'kysely'
import { sql } from 'kysely'
import { ScimError } from '../../scim/errors.js'
import { DEFAULT_SETTINGS, SETTING_KEYS } from '../../scim/profile/settings.js'
import type { SettingKey, TenantSettings } from '../../scim/profile/settings.js'
import type { UserData, UserRecord } from '../../scim/resource/user.js'
import { userRegistry } from '../../scim/schema/registry.js'
import type {
  PasswordChange,
  Store,
  Tenant,
  TenantStore,
  TokenInfo,
  UserPage,
  UserQuery,
} from '../store.js'
import { compileUserFilter } from './compile-filter.js'
import { compileUserSort } from './compile-sort.js'
import type { SqlDialect } from './dialect.js'
import type { Database, TenantRow, TokenRow } from './tables.js'
import { deviceRows, roleRows, toUserRecord, userColumns } from './user-rows.js'

export interface SqlStoreOptions {
  readonly db: Kysely<Database>
  readonly dialect: SqlDialect
  readonly now?: () => string
  readonly close?: () => Promise<void>
}

const registry = userRegistry()

export function createSqlStore(options: SqlStoreOptions): Store {
  const { db, dialect } = options
  const now = options.now ?? (() => new Date().toISOString())
  return {
    forTenant: (tenantId) => tenantStore(db, dialect, now, tenantId),
    async tenantBySlug(slug) {
      const row = await db
        .selectFrom('tenants')
        .selectAll()
        .where('slug', '=', slug)
        .executeTakeFirst()
      return row ? toTenant(row) : undefined
    },
    async ensureTenant(slug, name) {
      const created = now()
      await db
        .insertInto('tenants')
        .values({ id: randomUUID(), slug, name, created, disabled: 0 })
        .onConflict((oc) => oc.column('slug').doNothing())
        .execute()
      const row = await db
        .selectFrom('tenants')
        .selectAll()
        .where('slug', '=', slug)
        .executeTakeFirstOrThrow()
      // Defaults are seeded per tenant, so a later change of defaults never alters an existing tenant.
      await db
        .insertInto('tenant_settings')
        .values(
          SETTING_KEYS.map((key) => ({
            tenant_id: row.id,
            key,
            value: JSON.stringify(DEFAULT_SETTINGS[key]),
          })),
        )
        .onConflict((oc) => oc.columns(['tenant_id', 'key']).doNothing())
        .execute()
      return toTenant(row)
    },
    async listTenants() {
      const rows = await db.selectFrom('tenants').selectAll().orderBy('slug').execute()
      return rows.map(toTenant)
    },
    async tokenByHash(hash) {
      const row = await db
        .selectFrom('tokens')
        .selectAll()
        .where('hash', '=', hash)
        .executeTakeFirst()
      return row ? toToken(row) : undefined
    },
    async ping() {
      await sql`select 1`.execute(db)
    },
    async close() {
      await (options.close ? options.close() : db.destroy())
    },
  }
}

function tenantStore(
  db: Kysely<Database>,
  dialect: SqlDialect,
  now: () => string,
  tenantId: string,
): TenantStore {
  const translate = (error: unknown, userName: string): never => {
    if (dialect.errorKind(error) === 'unique') {
      throw ScimError.uniqueness(
        `The userName '${userName}' is already taken by another user (userNames are unique ignoring case).`,
      )
    }
    throw error
  }
  const readSettings = async (): Promise<TenantSettings> => {
    const rows = await db
      .selectFrom('tenant_settings')
      .select(['key', 'value'])
      .where('tenant_id', '=', tenantId)
      .execute()
    const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]))
    return { ...DEFAULT_SETTINGS, ...stored } as TenantSettings
  }
  const loadUsers = async (ids: readonly string[]): Promise<Map<string, UserRecord>> => {
    if (ids.length === 0) return new Map()
    const [rows, emails, phones, roles] = await Promise.all([
      db
        .selectFrom('users')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', ids)
        .execute(),
      db
        .selectFrom('user_emails')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('user_id', 'in', ids)
        .orderBy('position')
        .execute(),
      db
        .selectFrom('user_phones')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('user_id', 'in', ids)
        .orderBy('position')
        .execute(),
      db
        .selectFrom('user_roles')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('user_id', 'in', ids)
        .orderBy('position')
        .execute(),
    ])
    const of = <T extends { user_id: string }>(list: readonly T[], id: string): T[] =>
      list.filter((r) => r.user_id === id)
    return new Map(
      rows.map((row) => [
        row.id,
        toUserRecord(row, of(emails, row.id), of(phones, row.id), of(roles, row.id)),
      ]),
    )
  }
  const writeChildren = async (
    trx: Kysely<Database>,
    userId: string,
    data: UserData,
  ): Promise<void> => {
    const emails = deviceRows(tenantId, userId, data.emails)
    const phones = deviceRows(tenantId, userId, data.phoneNumbers)
    const roles = roleRows(tenantId, userId, data.roles)
    if (emails.length > 0) await trx.insertInto('user_emails').values(emails).execute()
    if (phones.length > 0) await trx.insertInto('user_phones').values(phones).execute()
    if (roles.length > 0) await trx.insertInto('user_roles').values(roles).execute()
  }

  return {
    tenantId,
    settings: readSettings,
    async setSetting<K extends SettingKey>(key: K, value: TenantSettings[K]) {
      await db
        .insertInto('tenant_settings')
        .values({ tenant_id: tenantId, key, value: JSON.stringify(value) })
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'key']).doUpdateSet({ value: JSON.stringify(value) }),
        )
        .execute()
      return readSettings()
    },

    async updateSetting<K extends SettingKey>(
      key: K,
      change: (current: TenantSettings[K], all: TenantSettings) => TenantSettings[K],
    ) {
      for (let attempt = 0; attempt < 50; attempt++) {
        const all = await readSettings()
        const row = await db
          .selectFrom('tenant_settings')
          .select('value')
          .where('tenant_id', '=', tenantId)
          .where('key', '=', key)
          .executeTakeFirst()
        const next = JSON.stringify(change(all[key], all))
        if (!row) {
          const inserted = await db
            .insertInto('tenant_settings')
            .values({ tenant_id: tenantId, key, value: next })
            .onConflict((oc) => oc.columns(['tenant_id', 'key']).doNothing())
            .executeTakeFirst()
          if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return readSettings()
          continue
        }
        const updated = await db
          .updateTable('tenant_settings')
          .set({ value: next })
          .where('tenant_id', '=', tenantId)
          .where('key', '=', key)
          .where('value', '=', row.value)
          .executeTakeFirst()
        if (Number(updated.numUpdatedRows) > 0) return readSettings()
      }
      throw new Error(`The setting ${key} kept changing under concurrent writers; retry.`)
    },

    async createUser(data, passwordHash) {
      const id = randomUUID()
      const time = now()
      try {
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('users')
            .values({
              tenant_id: tenantId,
              id,
              ...userColumns(data),
              password_hash: passwordHash ?? null,
              created: time,
              last_modified: time,
              version: 1,
            })
            .execute()
          await writeChildren(trx, id, data)
        })
      } catch (error) {
        translate(error, data.userName)
      }
      return { ...data, id, created: time, lastModified: time, version: 1 }
    },

    async getUser(id) {
      return (await loadUsers([id])).get(id)
    },

    async listUsers(query: UserQuery): Promise<UserPage> {
      const where = query.filter
        ? sql<SqlBool>`${compileUserFilter(query.filter, { registry, fold: query.fold, dialect })}`
        : sql<SqlBool>`1 = 1`
      // Compiled before counting, so a bad sortBy is a 400 even when the page is empty.
      const order = compileUserSort(query.sort, registry, dialect)
      const base = db.selectFrom('users').where('tenant_id', '=', tenantId).where(where)
      const counted = await base
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      const total = Number(counted.n)
      if (query.count === 0 || total < query.startIndex) return { total, users: [] }
      const page = await base
        .select('id')
        .orderBy(order)
        .limit(query.count)
        .offset(query.startIndex - 1)
        .execute()
      const ids = page.map((r) => r.id)
      const users = await loadUsers(ids)
      return { total, users: ids.flatMap((id) => users.get(id) ?? []) }
    },

    async updateUser(id, expectedVersion, data, password: PasswordChange) {
      const time = now()
      try {
        const updated = await db.transaction().execute(async (trx) => {
          const result = await trx
            .updateTable('users')
            .set({
              ...userColumns(data),
              ...(password !== undefined ? { password_hash: password } : {}),
              last_modified: time,
              version: expectedVersion + 1,
            })
            .where('tenant_id', '=', tenantId)
            .where('id', '=', id)
            .where('version', '=', expectedVersion)
            .executeTakeFirst()
          if (Number(result.numUpdatedRows) === 0) return false
          for (const table of ['user_emails', 'user_phones', 'user_roles'] as const) {
            await trx
              .deleteFrom(table)
              .where('tenant_id', '=', tenantId)
              .where('user_id', '=', id)
              .execute()
          }
          await writeChildren(trx, id, data)
          return true
        })
        if (!updated) {
          const exists = await db
            .selectFrom('users')
            .select('id')
            .where('tenant_id', '=', tenantId)
            .where('id', '=', id)
            .executeTakeFirst()
          return exists ? 'conflict' : undefined
        }
      } catch (error) {
        translate(error, data.userName)
      }
      const record = await this.getUser(id)
      return record ?? undefined
    },

    async deleteUser(id) {
      const result = await db
        .deleteFrom('users')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst()
      return Number(result.numDeletedRows) > 0
    },

    async createToken(token) {
      const row: TokenRow = {
        tenant_id: tenantId,
        id: randomUUID(),
        name: token.name,
        hash: token.hash,
        created: now(),
        expires_at: token.expiresAt,
        revoked_at: null,
      }
      await db.insertInto('tokens').values(row).execute()
      return toToken(row)
    },
    async listTokens() {
      const rows = await db
        .selectFrom('tokens')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy('created')
        .execute()
      return rows.map(toToken)
    },
    async revokeToken(id) {
      const result = await db
        .updateTable('tokens')
        .set({ revoked_at: now() })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) > 0
    },
  }
}

function toTenant(row: TenantRow): Tenant {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    created: row.created,
    disabled: row.disabled === 1,
  }
}

function toToken(row: TokenRow): TokenInfo {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    created: row.created,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  }
}
