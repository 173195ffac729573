// The composition root: config → logger → store → app → listen. With cli/, the only place that chooses a
// concrete store adapter.
import type { FastifyInstance } from 'fastify'
import type { Config } from './config.js'
import { createApp, SCIM_PREFIXES } from './http/app.js'
import { createLogger } from './log.js'
import type { Logger } from './log.js'
import { openPostgresStore } from './store/postgres/postgres-store.js'
import { sharedLimiters } from './shared-limits.js'
import { openSqliteStore } from './store/sqlite/sqlite-store.js'
import type { Store, Tenant } from './store/store.js'
import { DEFAULT_TENANT_SLUG } from './store/store.js'

/** PostgreSQL when DATABASE_URL is set, else SQLite in ROSTER_DB. */
export async function openStore(
  config: Pick<Config, 'dbFile' | 'databaseUrl'> & Partial<Pick<Config, 'statementTimeoutMs'>>,
): Promise<Store> {
  const timeout = config.statementTimeoutMs ? { statementTimeoutMs: config.statementTimeoutMs } : {}
  if (config.databaseUrl)
    return openPostgresStore({ connectionString: config.databaseUrl, ...timeout })
  return openSqliteStore({ file: config.dbFile, ...timeout })
}

/** The default tenant, created with its default settings on first use. */
export async function defaultTenant(store: Store): Promise<Tenant> {
  return store.ensureTenant(DEFAULT_TENANT_SLUG, 'Default tenant')
}

export interface Running {
  readonly app: FastifyInstance
  readonly store: Store
  readonly url: string
  stop(): Promise<void>
}

export async function start(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
): Promise<Running> {
  const store = await openStore(config)
  await defaultTenant(store)
  const limiters = sharedLimiters(config, logger)
  if (limiters.kind !== 'memory') {
    await limiters.ready()
    logger.info(`rate limits are shared through ${limiters.kind}`)
  }
  const app = await createApp({
    limiters: limiters.make,
    store,
    logger,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    timeouts: config.timeouts,
  })
  // Beyond this many open connections new ones are closed at once, so idle or slow clients cannot use up
  // the process's file descriptors (the headers timeout closes the idle ones meanwhile).
  app.server.maxConnections = config.maxConnections
  await app.listen({ port: config.port, host: config.host })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  const url = `http://${host}:${port}`
  let stopping: Promise<void> | undefined
  return {
    app,
    store,
    url,
    // Graceful: stop accepting, let in-flight requests finish, then close the database.
    stop: () =>
      (stopping ??= app
        .close()
        .then(() => store.close())
        .then(() => limiters.close())),
  }
}

export function banner(url: string, config: Pick<Config, 'dbFile' | 'databaseUrl'>): string {
  return [
    `Roster is serving SCIM 2.0 (${config.databaseUrl ? 'PostgreSQL' : `SQLite: ${config.dbFile}`}).`,
    `  Tenant URL:   ${url}${SCIM_PREFIXES[0]}`,
    `  Secret Token: run  npx roster token create --name entra  and paste the last line it prints.`,
  ].join('\n')
}
