// Opening the store and the provisioning log: PostgreSQL when DATABASE_URL is set, else SQLite. Each
// adapter is imported when it is opened, so a CLI command loads the one database driver it uses and
// never the HTTP server (main.ts, the server's composition root, re-exports these).
import type { Config } from './config.js'
import type { LogStore } from './store/log.js'
import type { Store, Tenant } from './store/store.js'
import { DEFAULT_TENANT_SLUG } from './store/store.js'

/**
 * The provisioning log: PostgreSQL tables when DATABASE_URL is set, else a SQLite file beside ROSTER_DB
 * (roster-log.db) owned by a worker thread; `inProcess` (the CLI) opens that file in this thread.
 */
export async function openLog(
  config: Pick<Config, 'dbFile' | 'databaseUrl'> & Partial<Pick<Config, 'logCacheMiB'>>,
  options: { inProcess?: boolean } = {},
): Promise<LogStore> {
  if (config.databaseUrl) {
    const { openPostgresLog } = await import('./store/postgres/postgres-log.js')
    return openPostgresLog({ connectionString: config.databaseUrl })
  }
  const { logFileFor, openSqliteLog, openSqliteLogHere } =
    await import('./store/sqlite/sqlite-log.js')
  const file = logFileFor(config.dbFile)
  return options.inProcess
    ? openSqliteLogHere(file, config.logCacheMiB)
    : openSqliteLog(file, config.logCacheMiB)
}

/** PostgreSQL when DATABASE_URL is set, else SQLite in ROSTER_DB. */
export async function openStore(
  config: Pick<Config, 'dbFile' | 'databaseUrl'> &
    Partial<Pick<Config, 'statementTimeoutMs' | 'sqliteCacheMiB' | 'pgPrepare'>>,
): Promise<Store> {
  const timeout = config.statementTimeoutMs ? { statementTimeoutMs: config.statementTimeoutMs } : {}
  if (config.databaseUrl) {
    const { openPostgresStore } = await import('./store/postgres/postgres-store.js')
    return openPostgresStore({
      connectionString: config.databaseUrl,
      ...timeout,
      ...(config.pgPrepare === false ? { prepare: false } : {}),
    })
  }
  const { openSqliteStore } = await import('./store/sqlite/sqlite-store.js')
  return openSqliteStore({
    file: config.dbFile,
    ...timeout,
    ...(config.sqliteCacheMiB === undefined ? {} : { cacheMiB: config.sqliteCacheMiB }),
  })
}

/** The default tenant, created with its default settings on first use. */
export async function defaultTenant(store: Store): Promise<Tenant> {
  return store.ensureTenant(DEFAULT_TENANT_SLUG, 'Default tenant')
}
