// The Store ports over Kysely, shared by every SQL adapter; an adapter supplies the Kysely instance and
// its SqlDialect. Functions take the database first, so they run alike in or out of a transaction.
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import { ScimError } from '../../scim/errors.js'
import { DEFAULT_SETTINGS, SETTING_KEYS } from '../../scim/profile/settings.js'
import type { Store, Tenant, TenantStore, TokenInfo } from '../store.js'
import type { SqlDialect } from './dialect.js'
import { settingsStore } from './settings-store.js'
import type { Database, TenantRow, TokenRow } from './tables.js'
import { groupStore } from './group-store.js'
import { userStore } from './user-store.js'

export interface SqlStoreOptions {
  readonly db: Kysely<Database>
  readonly dialect: SqlDialect
  readonly now?: () => string
  readonly close?: () => Promise<void>
}

export function createSqlStore(options: SqlStoreOptions): Store {
  const { db, dialect } = options
  const now = options.now ?? (() => new Date().toISOString())
  return translatingErrors(dialect, {
    forTenant: (tenantId) => translatingErrors(dialect, tenantStore(db, dialect, now, tenantId)),
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
  })
}

function tenantStore(
  db: Kysely<Database>,
  dialect: SqlDialect,
  now: () => string,
  tenantId: string,
): TenantStore {
  return {
    tenantId,
    ...settingsStore(db, tenantId),
    ...userStore(db, dialect, now, tenantId),
    ...groupStore(db, dialect, now, tenantId),
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

/** How long a client should wait before retrying when the database cannot be reached. */
export const RETRY_AFTER_SECONDS = 5

/**
 * Every method of `target`, with a database that cannot be reached (connection refused or lost,
 * shutting down, too many connections) turned into 503 with Retry-After: the request fails cleanly,
 * the server keeps running, and the next request tries a fresh connection.
 */
function translatingErrors<T extends object>(dialect: SqlDialect, target: T): T {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(target)) {
    out[key] =
      typeof value === 'function'
        ? (...args: unknown[]): unknown => {
            const result: unknown = value.apply(target, args)
            if (!(result instanceof Promise)) return result
            return result.catch((error: unknown) => {
              if (dialect.errorKind(error) === 'unavailable') {
                throw ScimError.unavailable(
                  'The directory database is unavailable; retry shortly.',
                  RETRY_AFTER_SECONDS,
                )
              }
              throw error
            })
          }
        : value
  }
  return out as T
}
