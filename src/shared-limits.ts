// Rate-limit counters every instance shares, chosen by the composition root: Redis when REDIS_URL is set,
// else the PostgreSQL database when DATABASE_URL is, else this process's memory. A shared store that
// cannot answer is never a failed request: rate-limiter-flexible's insurance limiter counts in memory
// meanwhile (limits then hold per instance, as without a shared store), and a warning is logged when
// the store goes away and when it comes back.
import { Redis } from 'ioredis'
import pg from 'pg'
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis } from 'rate-limiter-flexible'
import type { LimiterFactory } from './http/rate-limits.js'
import { memoryLimiters } from './http/rate-limits.js'
import type { Logger } from './log.js'

export interface SharedLimiters {
  readonly kind: 'memory' | 'redis' | 'postgres'
  readonly make: LimiterFactory
  /** Resolves once the store answers, or after `ms` (the server then starts counting in memory). */
  ready(ms?: number): Promise<void>
  close(): Promise<void>
}

/** Logs once when the store fails and once when it answers again. */
function outageLog(logger: Logger, store: string): { failed(error: unknown): void; ok(): void } {
  let down = false
  return {
    failed(error) {
      if (down) return
      down = true
      logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        `${store} is unreachable: rate limits are counted per instance until it answers again`,
      )
    },
    ok() {
      if (!down) return
      down = false
      logger.info(`${store} answers again: rate limits are shared by every instance`)
    },
  }
}

/** `namespace` prefixes every key (several deployments, or tests, may share one Redis). */
export function redisLimiters(url: string, logger: Logger, namespace = 'roster'): SharedLimiters {
  const outage = outageLog(logger, 'Redis')
  // No offline queue: while Redis is away a command fails at once (and the insurance counts), instead
  // of waiting for a reconnection with the request on hold.
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    lazyConnect: false,
  })
  client.on('error', (error: unknown) => outage.failed(error))
  client.on('ready', () => outage.ok())
  return {
    kind: 'redis',
    ready: (ms = 2000) =>
      client.status === 'ready'
        ? Promise.resolve()
        : new Promise((resolve) => {
            const timer = setTimeout(resolve, ms)
            client.once('ready', () => {
              clearTimeout(timer)
              resolve()
            })
          }),
    make: (options) =>
      new RateLimiterRedis({
        storeClient: client,
        ...options,
        keyPrefix: `${namespace}:${options.keyPrefix}`,
        insuranceLimiter: new RateLimiterMemory({ ...options }),
      }),
    close: async () => {
      client.disconnect()
    },
  }
}

export function postgresLimiters(
  url: string,
  logger: Logger,
  options: { readonly schema?: string; readonly tableName?: string } = {},
): SharedLimiters {
  const outage = outageLog(logger, 'PostgreSQL (rate limits)')
  const pool = new pg.Pool({
    connectionString: url,
    max: 2,
    connectionTimeoutMillis: 2000,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  })
  pool.on('error', (error) => outage.failed(error))
  // Every query's outcome tells whether the store is there (the limiter swallows the errors).
  const client = {
    query: (query: pg.QueryConfig) =>
      pool.query(query).then(
        (result) => {
          outage.ok()
          return result
        },
        (error: unknown) => {
          outage.failed(error)
          throw error
        },
      ),
  }
  const tableName = options.tableName ?? 'roster_rate_limits'
  // rate-limiter-flexible's own table (its documented shape), created once here so that no limiter
  // answers from memory while its table is being created.
  const created = client
    .query({
      text: `create table if not exists ${pg.escapeIdentifier(tableName)} (key varchar(255) primary key, points integer not null default 0, expire bigint)`,
    })
    .then(
      () => true,
      (error: unknown) =>
        // Two instances creating it at once: the loser's error means the table is there.
        (error as { code?: string }).code === '23505',
    )
  return {
    kind: 'postgres',
    ready: async () => {
      await created
    },
    make: (limit) =>
      new RateLimiterPostgres({
        storeClient: client,
        storeType: 'pool',
        tableName,
        tableCreated: true,
        ...limit,
        insuranceLimiter: new RateLimiterMemory({ ...limit }),
      }),
    close: () => pool.end(),
  }
}

/** Redis if given, else PostgreSQL if the store is on it, else memory. */
export function sharedLimiters(
  config: { readonly redisUrl?: string; readonly databaseUrl?: string },
  logger: Logger,
): SharedLimiters {
  if (config.redisUrl) return redisLimiters(config.redisUrl, logger)
  if (config.databaseUrl) return postgresLimiters(config.databaseUrl, logger)
  return {
    kind: 'memory',
    make: memoryLimiters,
    ready: async () => undefined,
    close: async () => undefined,
  }
}
