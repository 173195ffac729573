// What every data command of the CLI needs: the configured store and the tenant it acts on.
import { databaseConfig } from '../config.js'
import { defaultTenant, openStore } from '../main.js'
import type { Store, Tenant, TenantStore } from '../store/store.js'

export interface CliContext {
  readonly store: Store
  readonly tenant: Tenant
  readonly data: TenantStore
}

/** Opens the store, runs `action`, and always closes the store. */
export async function withTenant<T>(action: (ctx: CliContext) => Promise<T>): Promise<T> {
  const store = await openStore(databaseConfig())
  try {
    const tenant = await defaultTenant(store)
    return await action({ store, tenant, data: store.forTenant(tenant.id) })
  } finally {
    await store.close()
  }
}

/** A failure the user can fix: printed on stderr without a stack, exit code 1. */
export class CliError extends Error {}

/** The values in their first order, each once. */
export function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)]
}
