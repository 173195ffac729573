// One tenant's settings: a row per key holding JSON, merged over the defaults. updateSetting is a
// compare-and-set on the stored text, retried, so concurrent writers (CLI commands) never lose a change.
import type { Kysely } from 'kysely'
import { DEFAULT_SETTINGS } from '../../scim/profile/settings.js'
import type { SettingKey, TenantSettings } from '../../scim/profile/settings.js'
import type { TenantStore } from '../store.js'
import type { ConfigCache } from './config-cache.js'
import type { Database } from './tables.js'

type SettingsPart = Pick<TenantStore, 'settings' | 'setSetting' | 'updateSetting'>

export function settingsStore(
  db: Kysely<Database>,
  tenantId: string,
  cache: ConfigCache,
  changing: <T>(change: () => Promise<T>) => Promise<T>,
): SettingsPart {
  const readSettings = async (): Promise<TenantSettings> => {
    const rows = await db
      .selectFrom('tenant_settings')
      .select(['key', 'value'])
      .where('tenant_id', '=', tenantId)
      .execute()
    const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]))
    return { ...DEFAULT_SETTINGS, ...stored } as TenantSettings
  }

  return {
    // Cached per configuration version (config-cache.ts); writes below read the database itself.
    settings: () => cache.get(`settings:${tenantId}`, readSettings),
    setSetting: <K extends SettingKey>(key: K, value: TenantSettings[K]) =>
      changing(async () => {
        await db
          .insertInto('tenant_settings')
          .values({ tenant_id: tenantId, key, value: JSON.stringify(value) })
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'key']).doUpdateSet({ value: JSON.stringify(value) }),
          )
          .execute()
        return readSettings()
      }),

    updateSetting: <K extends SettingKey>(
      key: K,
      change: (current: TenantSettings[K], all: TenantSettings) => TenantSettings[K],
    ) =>
      changing(async () => {
        for (let attempt = 0; attempt < 50; attempt++) {
          const all = await readSettings()
          const row = await db
            .selectFrom('tenant_settings')
            .select('value')
            .where('tenant_id', '=', tenantId)
            .where('key', '=', key)
            .executeTakeFirst()
          // The change applies to the very text the compare-and-set checks, not to the earlier read.
          const current = row ? (JSON.parse(row.value) as TenantSettings[K]) : all[key]
          const next = JSON.stringify(change(current, { ...all, [key]: current }))
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
      }),
  }
}
