// The Store ports over Kysely, shared by every SQL adapter; an adapter supplies the Kysely instance and
// its SqlDialect. Functions take the database first, so they run alike in or out of a transaction.
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import { ScimError } from '../../scim/errors.js'
import { DEFAULT_SETTINGS, SETTING_KEYS } from '../../scim/profile/settings.js'
import { confirmConfig } from '../store.js'
import type { ClientInfo, Store, Tenant, TenantStore, TokenInfo } from '../store.js'
import { ConfigCache } from './config-cache.js'
import { propertyStore } from './property-store.js'
import { precompiled } from './precompiled.js'
import type { SqlDialect } from './dialect.js'
import { sessionStore, signInStore } from './console-store.js'
import { settingsStore } from './settings-store.js'
import type { ClientRow, Database, TenantRow, TokenRow } from './tables.js'
import { groupStore } from './group-store.js'
import { userReads } from './user-hydrate.js'
import type { UserReads } from './user-hydrate.js'
import { userStore } from './user-store.js'

/** The store's precompiled reads, shared by every tenant's store. */
interface Reads {
  readonly users: UserReads
  /** SqlStoreOptions.groupWalkLimit. */
  readonly walkLimit: number | undefined
}

export interface SqlStoreOptions {
  readonly db: Kysely<Database>
  readonly dialect: SqlDialect
  readonly now?: () => string
  readonly close?: () => Promise<void>
  /**
   * getUserText and Entra's matches (listUsers, listUserTexts) walk at most this many nesting rows, then
   * throw GroupWalkTooLarge (user-groups.ts): the SQLite adapter then reads in its read pool. Unlimited
   * by default.
   */
  readonly groupWalkLimit?: number
}

/** Beyond this many tenants' stores kept, the memo starts over (ids come from resolved tenants only). */
const MAX_TENANT_STORES = 10_000

export function createSqlStore(options: SqlStoreOptions): Store {
  const { db, dialect } = options
  const now = options.now ?? (() => new Date().toISOString())
  const version = precompiled([], () =>
    db.selectFrom('roster_config').select('version').where('id', '=', 1),
  )
  const cache = new ConfigCache(async () => {
    const { rows } = await db.executeQuery(version({}))
    return Number(rows[0]?.version)
  })
  /** Runs a configuration change, then forgets what this process cached (triggers move the version). */
  const changing = async <T>(change: () => Promise<T>): Promise<T> => {
    try {
      return await change()
    } finally {
      cache.clear()
    }
  }
  const tenantWhere = (column: 'id' | 'slug', value: string) => async () => {
    const row = await db
      .selectFrom('tenants')
      .selectAll()
      .where(column, '=', value)
      .executeTakeFirst()
    return row ? toTenant(row) : undefined
  }
  // Statements compiled once for the store's life (precompiled.ts). A read that cannot return the
  // configuration version in its own statement confirms it with a statement of its own, first.
  const confirm = async (relied: number): Promise<void> =>
    confirmConfig(relied, await cache.refresh())
  const reads: Reads = {
    users: userReads(db, dialect, confirm),
    walkLimit: options.groupWalkLimit,
  }
  // A tenant's store holds no state of its own (its caches live in `cache`): built once per tenant and
  // reused by every request, instead of a few hundred closures per request.
  const tenants = new Map<string, TenantStore>()
  return translatingErrors(dialect, {
    forTenant: (tenantId) => {
      let tenant = tenants.get(tenantId)
      if (!tenant) {
        if (tenants.size >= MAX_TENANT_STORES) tenants.clear()
        tenant = translatingErrors(
          dialect,
          tenantStore(db, dialect, now, tenantId, cache, changing, reads),
        )
        tenants.set(tenantId, tenant)
      }
      return tenant
    },
    refresh: () => cache.refresh(),
    heldConfigVersion: () => cache.held,
    ...sessionStore(db),
    tenantById: (id) => cache.get(`tenant:id:${id}`, tenantWhere('id', id)),
    tenantBySlug: (slug) => cache.get(`tenant:slug:${slug}`, tenantWhere('slug', slug)),
    ensureTenant: (slug, name) =>
      changing(async () => {
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
      }),
    async listTenants() {
      const rows = await db.selectFrom('tenants').selectAll().orderBy('slug').execute()
      return rows.map(toTenant)
    },
    setTenantDisabled: (id, disabled) =>
      changing(async () => {
        await db
          .updateTable('tenants')
          .set({ disabled: disabled ? 1 : 0 })
          .where('id', '=', id)
          .execute()
      }),
    renameTenant: (id, name) =>
      changing(async () => {
        await db.updateTable('tenants').set({ name }).where('id', '=', id).execute()
      }),
    removeTenantHost: (tenantId, host) =>
      changing(async () => {
        const result = await db
          .deleteFrom('tenant_hosts')
          .where('host', '=', host)
          .where('tenant_id', '=', tenantId)
          .executeTakeFirst()
        return Number(result.numDeletedRows) > 0
      }),
    addTenantHost: (tenantId, host) =>
      changing(async () => {
        const existing = await db
          .selectFrom('tenant_hosts')
          .selectAll()
          .where('host', '=', host)
          .executeTakeFirst()
        if (existing && existing.tenant_id !== tenantId)
          throw ScimError.uniqueness(`The host ${host} already belongs to another tenant.`)
        if (!existing)
          await db.insertInto('tenant_hosts').values({ host, tenant_id: tenantId }).execute()
      }),
    tenantByHost: (host) =>
      cache.get(`tenant:host:${host}`, async () => {
        const row = await db
          .selectFrom('tenant_hosts')
          .innerJoin('tenants', 'tenants.id', 'tenant_hosts.tenant_id')
          .selectAll('tenants')
          .where('tenant_hosts.host', '=', host)
          .executeTakeFirst()
        return row ? toTenant(row) : undefined
      }),
    async hostsOf(tenantId) {
      const rows = await db
        .selectFrom('tenant_hosts')
        .select('host')
        .where('tenant_id', '=', tenantId)
        .orderBy('host')
        .execute()
      return rows.map((r) => r.host)
    },
    clientById: (id) =>
      cache.get(`client:${id}`, async () => {
        const row = await db
          .selectFrom('oauth_clients')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirst()
        return row ? { ...toClient(row), secretHash: row.secret_hash } : undefined
      }),
    signingKeys: () =>
      cache.get('keys', async () => {
        const rows = await db.selectFrom('signing_keys').selectAll().orderBy('created').execute()
        return rows.map((r) => ({
          id: r.id,
          algorithm: r.algorithm,
          privateJwk: r.private_jwk,
          publicJwk: r.public_jwk,
          created: r.created,
          retiredAt: r.retired_at,
        }))
      }),
    rotateSigningKey: (key) =>
      changing(() =>
        db.transaction().execute(async (trx) => {
          await trx
            .updateTable('signing_keys')
            .set({ retired_at: key.created })
            .where('retired_at', 'is', null)
            .execute()
          await trx
            .insertInto('signing_keys')
            .values({
              id: key.id,
              algorithm: key.algorithm,
              private_jwk: key.privateJwk,
              public_jwk: key.publicJwk,
              created: key.created,
              retired_at: null,
            })
            .execute()
        }),
      ),
    tokenByHash: (hash) =>
      cache.get(`token:${hash}`, async () => {
        const row = await db
          .selectFrom('tokens')
          .selectAll()
          .where('hash', '=', hash)
          .executeTakeFirst()
        return row ? toToken(row) : undefined
      }),
    // Not `changing`: a last use is not configuration, and migration 013's triggers keep the version.
    async recordUse(use) {
      const table = use.kind === 'token' ? 'tokens' : 'oauth_clients'
      await db
        .updateTable(table)
        .set({ last_used_at: use.at })
        .where('tenant_id', '=', use.tenantId)
        .where('id', '=', use.id)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', use.at)]))
        .execute()
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
  cache: ConfigCache,
  changing: <T>(change: () => Promise<T>) => Promise<T>,
  reads: Reads,
): TenantStore {
  const properties = propertyStore(db, dialect, now, tenantId, cache, changing)
  return {
    tenantId,
    ...settingsStore(db, tenantId, cache, changing),
    ...properties,
    ...userStore(db, dialect, now, tenantId, reads.users, properties.properties, reads.walkLimit),
    ...groupStore(db, dialect, now, tenantId),
    ...signInStore(db, tenantId),
    createClient: (client) =>
      changing(async () => {
        const row: ClientRow = {
          tenant_id: tenantId,
          id: client.id,
          name: client.name,
          secret_hash: client.secretHash,
          scope: client.scope,
          created: now(),
          revoked_at: null,
          last_used_at: null,
        }
        await db.insertInto('oauth_clients').values(row).execute()
        return toClient(row)
      }),
    async listClients() {
      const rows = await db
        .selectFrom('oauth_clients')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy('created')
        .execute()
      return rows.map(toClient)
    },
    revokeClient: (id) =>
      changing(async () => {
        const result = await db
          .updateTable('oauth_clients')
          .set({ revoked_at: now() })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .executeTakeFirst()
        return Number(result.numUpdatedRows) > 0
      }),
    createToken: (token) =>
      changing(async () => {
        const row: TokenRow = {
          tenant_id: tenantId,
          id: randomUUID(),
          name: token.name,
          hash: token.hash,
          created: now(),
          expires_at: token.expiresAt,
          revoked_at: null,
          last_used_at: null,
        }
        await db.insertInto('tokens').values(row).execute()
        return toToken(row)
      }),
    async listTokens() {
      const rows = await db
        .selectFrom('tokens')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy('created')
        .execute()
      return rows.map(toToken)
    },
    revokeToken: (id) =>
      changing(async () => {
        const result = await db
          .updateTable('tokens')
          .set({ revoked_at: now() })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .executeTakeFirst()
        return Number(result.numUpdatedRows) > 0
      }),
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

function toClient(row: ClientRow): ClientInfo {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    scope: row.scope === 'admin' ? 'admin' : 'scim',
    created: row.created,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
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
    lastUsedAt: row.last_used_at,
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
