// What every data command of the CLI needs: the configured store and the tenant it acts on.
import { existsSync } from 'node:fs'
import { databaseConfig, describeDatabase } from '../config.js'
import { defaultTenant, openStore } from '../open.js'
import type { Store, Tenant, TenantStore } from '../store/store.js'
import { DEFAULT_TENANT_SLUG } from '../store/store.js'

export interface CliContext {
  readonly store: Store
  readonly tenant: Tenant
  readonly data: TenantStore
}

/** The tenant given with the global `--tenant SLUG` option (main.ts sets it before every command). */
let selectedSlug: string | undefined
export function selectTenant(slug: string | undefined): void {
  selectedSlug = slug?.trim().toLowerCase()
}

/** The tenant given with --tenant, if one was. */
export function selectedTenant(): string | undefined {
  return selectedSlug
}

/**
 * Opens the store, runs `action` on the selected tenant (the default tenant without --tenant), and
 * always closes the store. A tenant that does not exist is an error, except the default one, which is
 * created on first use.
 */
export async function withTenant<T>(action: (ctx: CliContext) => Promise<T>): Promise<T> {
  return withStore(
    async (store) => {
      const tenant =
        selectedSlug === undefined || selectedSlug === DEFAULT_TENANT_SLUG
          ? await defaultTenant(store)
          : await store.tenantBySlug(selectedSlug)
      if (!tenant)
        throw new CliError(
          `There is no tenant '${selectedSlug}' (roster tenant list; roster tenant create ${selectedSlug}).`,
        )
      return action({ store, tenant, data: store.forTenant(tenant.id) })
    },
    { tenant: selectedSlug ?? DEFAULT_TENANT_SLUG },
  )
}

/**
 * Opens the store, runs `action`, and always closes the store. Only `roster serve` and `roster init`
 * create a database (`create`): any other command refuses a missing SQLite file, so a typo in ROSTER_DB
 * or another working folder never silently yields a new, empty database. Every command names the
 * database it uses on stderr (stdout keeps only the command's answer).
 */
export async function withStore<T>(
  action: (store: Store) => Promise<T>,
  options: { create?: boolean; tenant?: string } = {},
): Promise<T> {
  const config = databaseConfig()
  if (!config.databaseUrl && !options.create && !existsSync(config.dbFile))
    throw new CliError(`no database at ${config.dbFile}; set ROSTER_DB or run roster init`)
  process.stderr.write(
    `roster: database ${describeDatabase(config)}${options.tenant ? `, tenant ${options.tenant}` : ''}\n`,
  )
  const store = await openStore(config)
  try {
    return await action(store)
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
