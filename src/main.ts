// The composition root: config → logger → store → app → listen. open.ts (re-exported here) chooses the
// concrete store and log adapters.
import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import type { Config } from './config.js'
import { describeDatabase } from './config.js'
import { createApp, SCIM_PREFIXES } from './http/app.js'
import { metricsServer } from './http/metrics-server.js'
import { createLogger } from './log.js'
import type { Logger } from './log.js'
import { createMetrics } from './metrics.js'
import type { Metrics } from './metrics.js'
import { startPruner } from './provisioning/pruner.js'
import { createRecorder } from './provisioning/recorder.js'
import type { Recorder } from './provisioning/recorder.js'
import { defaultTenant, openLog, openStore } from './open.js'
import { logFileFor } from './store/sqlite/sqlite-log.js'
import { sharedLimiters } from './shared-limits.js'
import type { Store } from './store/store.js'

export { defaultTenant, openLog, openStore } from './open.js'

export interface Running {
  readonly app: FastifyInstance
  readonly store: Store
  readonly url: string
  /** Where /metrics is served (ROSTER_METRICS_PORT), if it is. */
  readonly metricsUrl?: string
  stop(): Promise<void>
}

export async function start(
  config: Config,
  logger: Logger = createLogger(config.logLevel, undefined, config.logFormat),
): Promise<Running> {
  const store = await openStore(config)
  for (const notice of store.notices ?? []) logger.warn(notice)
  await defaultTenant(store)
  const limiters = sharedLimiters(config, logger)
  if (limiters.kind !== 'memory') {
    await limiters.ready()
    logger.info(`rate limits are shared through ${limiters.kind}`)
  }
  const log = await openLog(config)
  const metrics = createMetrics()
  const recorder = config.log
    ? createRecorder({
        log,
        onError: (error, lost) =>
          logger.warn({ err: error, lost }, 'provisioning log write failed; entries dropped'),
      })
    : undefined
  observeStorage(metrics, config, store, recorder)
  const stopPruner = startPruner(store, log, (error) =>
    logger.warn({ err: error }, 'provisioning log pruning failed'),
  )
  const app = await createApp({
    limiters: limiters.make,
    store,
    logger,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    timeouts: config.timeouts,
    log,
    metrics,
    ...(recorder ? { recorder } : {}),
  })
  // Beyond this many open connections new ones are closed at once, so idle or slow clients cannot use up
  // the process's file descriptors (the headers timeout closes the idle ones meanwhile).
  app.server.maxConnections = config.maxConnections
  await app.listen({ port: config.port, host: config.host })
  const scrape = config.metricsPort === undefined ? undefined : metricsServer(metrics.registry)
  if (scrape) await listen(scrape, config.metricsPort ?? 0, config.host)
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  const url = `http://${host}:${port}`
  let stopping: Promise<void> | undefined
  return {
    app,
    store,
    url,
    ...(scrape ? { metricsUrl: `http://${host}:${(scrape.address() as AddressInfo).port}` } : {}),
    // Graceful: stop accepting, let in-flight requests finish, write the log's queue, close the databases.
    stop: () =>
      (stopping ??= (async () => {
        stopPruner()
        await new Promise((resolve) => (scrape ? scrape.close(resolve) : resolve(undefined)))
        await app.close()
        await recorder?.close()
        await log.close()
        await store.close()
        await limiters.close()
      })()),
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
}

/** Gauges of the log's queue and drops, the SQLite WAL size, and the PostgreSQL pool. */
function observeStorage(
  metrics: Metrics,
  config: Config,
  store: Store,
  recorder: Recorder | undefined,
): void {
  metrics.gauge('roster_log_queue_depth', 'Provisioning-log entries waiting to be written', () =>
    recorder ? recorder.depth() : 0,
  )
  metrics.counter(
    'roster_log_dropped_total',
    'Provisioning-log entries dropped (queue full or write failed)',
    () => (recorder ? recorder.dropped() : 0),
  )
  if (config.databaseUrl) {
    for (const key of ['total', 'idle', 'waiting'] as const)
      metrics.gauge(`roster_db_pool_${key}`, `PostgreSQL pool connections: ${key}`, () =>
        store.poolStats ? store.poolStats()[key] : 0,
      )
    return
  }
  for (const [name, file] of [
    ['roster_sqlite_wal_bytes', `${config.dbFile}-wal`],
    ['roster_sqlite_log_wal_bytes', `${logFileFor(config.dbFile)}-wal`],
  ] as const) {
    metrics.gauge(
      name,
      `Size of ${file.endsWith('-log.db-wal') ? "the log's" : 'the'} SQLite WAL file`,
      () => {
        try {
          return statSync(file).size
        } catch {
          return 0
        }
      },
    )
  }
}

/**
 * The start-up banner (on stderr: stdout carries only log lines). It names the database and gives the
 * exact CLI invocation that acts on it, from any folder.
 */
export function banner(
  url: string,
  config: Pick<Config, 'dbFile' | 'databaseUrl'>,
  metricsUrl?: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return [
    `Roster is serving SCIM 2.0 from ${describeDatabase(config)}.`,
    `  Tenant URL:   ${url}${SCIM_PREFIXES[0]}`,
    `  Secret Token: run  ${cliInvocation(config, env)} token create --name entra  and paste the last line it prints.`,
    `  Console:      ${url}/admin (sign in as a user holding the Company Admin role)`,
    ...(metricsUrl ? [`  Metrics:      ${metricsUrl}/metrics`] : []),
  ].join('\n')
}

/** The project's folder, where `npx roster` finds the command. */
const PROJECT = fileURLToPath(new URL('..', import.meta.url))

/**
 * How to run the CLI on this database: the configuration (ROSTER_CONFIG, else DATABASE_URL without its
 * password, else ROSTER_DB as an absolute path), from the project's folder when this process runs
 * elsewhere.
 */
export function cliInvocation(
  config: Pick<Config, 'dbFile' | 'databaseUrl'>,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const where = env['ROSTER_CONFIG']
    ? `ROSTER_CONFIG=${shellQuote(resolve(env['ROSTER_CONFIG']))}`
    : config.databaseUrl
      ? `DATABASE_URL=${shellQuote(withoutPassword(config.databaseUrl))}`
      : `ROSTER_DB=${shellQuote(config.dbFile)}`
  const cd =
    resolve(process.cwd()) === resolve(PROJECT) ? '' : `cd ${shellQuote(resolve(PROJECT))} && `
  return `${cd}${where} npx roster`
}

function withoutPassword(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl)
    if (url.password !== '') url.password = 'PASSWORD'
    return url.toString()
  } catch {
    return '$DATABASE_URL'
  }
}

/** A word for a POSIX shell: as it is when it is plain, else in single quotes. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`
}
