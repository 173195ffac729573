// Environment → a frozen, typed Config. Read once by main.ts/cli; nothing here runs at import time.
import { readFileSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import { parseEnv } from 'node:util'
import { normalizePublicUrl } from './http/origin.js'
import { DEFAULT_TIMEOUTS } from './http/timeouts.js'
import type { Timeouts } from './http/timeouts.js'

export interface Config {
  readonly port: number
  readonly host: string
  /** SQLite database file (when no databaseUrl is given). */
  readonly dbFile: string
  /** PostgreSQL connection string (DATABASE_URL=postgres://...); SQLite when absent. */
  readonly databaseUrl?: string
  /** Largest request body accepted, in bytes (413 beyond). */
  readonly bodyLimit: number
  readonly logLevel: string
  /** `pretty` lines for people or `json` lines for machines; unset: pretty on a terminal, else JSON. */
  readonly logFormat?: 'json' | 'pretty'
  /** Trust X-Forwarded-* headers (behind a reverse proxy that sets them). */
  /**
   * Which proxies' X-Forwarded-* headers to believe: false (none), a hop count (`true` is 1: the proxy in
   * front of Roster), or a comma-separated list of proxy addresses/CIDRs. Never "every hop": the client
   * writes the leftmost X-Forwarded-For entry, and the failure limits count by address.
   */
  readonly trustProxy: false | number | string
  /** Redis for state every instance shares (rate limits); unset: PostgreSQL when used, else memory. */
  readonly redisUrl?: string
  /**
   * ROSTER_PUBLIC_URL: the scheme, host and port clients reach Roster at (`https://roster.example.com`),
   * for every `meta.location` and `Location`; unset, each request's own URL is used.
   */
  readonly publicUrl?: string
  /** Connection and request bounds (README "Limits"); see Timeouts. */
  readonly timeouts: Timeouts
  /** Open connections beyond which new ones are closed at once (keeps file descriptors for the rest). */
  readonly maxConnections: number
  /** The database work of one request ends within this many milliseconds (503 with Retry-After). */
  readonly statementTimeoutMs: number
  /**
   * SQLite's page cache of the directory's connection, in MiB (ROSTER_SQLITE_CACHE): the server's or
   * the CLI's (the read pool's workers keep SQLite's 16 MiB). Pages beyond it are read from the file
   * again (from the OS's cache, which no process is charged for). Not used on PostgreSQL.
   */
  readonly sqliteCacheMiB: number
  /** The provisioning log's SQLite page cache, in MiB (ROSTER_LOG_CACHE); it fills as the log grows. */
  readonly logCacheMiB: number
  /** Record SCIM requests in the provisioning log (ROSTER_LOG=off turns it off, for benchmarks). */
  readonly log: boolean
  /**
   * PostgreSQL: run the hot statements as named prepared statements (ROSTER_PG_PREPARE=off for a
   * connection pooler that cannot keep them, such as PgBouncer before 1.21 in transaction mode).
   */
  readonly pgPrepare: boolean
  /** Serve /metrics on this port (same HOST); unset: metrics are not served. */
  readonly metricsPort?: number
}

export const DEFAULTS = {
  port: 8080,
  host: '127.0.0.1',
  dbFile: './data/roster.db',
  bodyLimit: 1024 * 1024,
  logLevel: 'info',
  requestTimeout: DEFAULT_TIMEOUTS.requestMs / 1000,
  headersTimeout: DEFAULT_TIMEOUTS.headersMs / 1000,
  keepAliveTimeout: DEFAULT_TIMEOUTS.keepAliveMs / 1000,
  statementTimeout: 5,
  sqliteCache: 16,
  logCache: 64,
} as const

/** The variables a ROSTER_CONFIG file may set (README "Configuration"). */
export const CONFIG_VARIABLES = [
  'PORT',
  'HOST',
  'ROSTER_DB',
  'DATABASE_URL',
  'REDIS_URL',
  'ROSTER_BODY_LIMIT',
  'ROSTER_TRUST_PROXY',
  'ROSTER_LOG',
  'ROSTER_METRICS_PORT',
  'ROSTER_PUBLIC_URL',
  'LOG_LEVEL',
  'LOG_FORMAT',
  'ROSTER_REQUEST_TIMEOUT',
  'ROSTER_HEADERS_TIMEOUT',
  'ROSTER_KEEPALIVE_TIMEOUT',
  'ROSTER_STATEMENT_TIMEOUT',
  'ROSTER_MAX_CONNECTIONS',
  'ROSTER_SQLITE_CACHE',
  'ROSTER_LOG_CACHE',
  'ROSTER_PG_PREPARE',
] as const

/** pino's levels, and `silent`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/**
 * The environment with the ROSTER_CONFIG file's settings under it: the file holds `NAME=value` lines
 * (the format of a .env file, read by node:util parseEnv; `#` starts a comment) naming only the
 * variables above; a variable set in the environment wins over the file. A relative ROSTER_DB in the
 * file is relative to the file's folder, so the server and the CLI find the same database from anywhere.
 */
export function withConfigFile(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const file = env['ROSTER_CONFIG']
  if (file === undefined || file === '') return env
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable'
    throw new Error(`ROSTER_CONFIG names ${resolve(file)}, which cannot be read (${code}).`)
  }
  const values = parseEnv(text)
  const known: readonly string[] = CONFIG_VARIABLES
  const unknown = Object.keys(values).filter((name) => !known.includes(name))
  if (unknown.length > 0) {
    throw new Error(
      `${resolve(file)} (ROSTER_CONFIG) sets ${unknown.join(', ')}, which Roster does not read; it may set ${CONFIG_VARIABLES.join(', ')}.`,
    )
  }
  const db = values['ROSTER_DB']
  if (db !== undefined && db !== '' && !isAbsolute(db))
    values['ROSTER_DB'] = resolve(dirname(resolve(file)), db)
  const merged: NodeJS.ProcessEnv = { ...values }
  for (const [name, value] of Object.entries(env))
    if (value !== undefined && value !== '') merged[name] = value
  return merged
}

/** The database settings alone: what the CLI's data commands need (a bad PORT must not break them). */
export function databaseConfig(
  environment: NodeJS.ProcessEnv = process.env,
): Pick<Config, 'dbFile' | 'databaseUrl' | 'sqliteCacheMiB' | 'logCacheMiB'> {
  const env = withConfigFile(environment)
  const url = env['DATABASE_URL']
  if (url !== undefined && url !== '' && !/^postgres(ql)?:\/\//.test(url)) {
    throw new Error(
      'DATABASE_URL must be a postgres:// or postgresql:// URL (unset it to use SQLite).',
    )
  }
  return {
    dbFile: resolve(env['ROSTER_DB'] || DEFAULTS.dbFile),
    ...(url ? { databaseUrl: url } : {}),
    sqliteCacheMiB: integer(
      env['ROSTER_SQLITE_CACHE'],
      DEFAULTS.sqliteCache,
      'ROSTER_SQLITE_CACHE',
      1,
      1_048_576,
    ),
    logCacheMiB: integer(
      env['ROSTER_LOG_CACHE'],
      DEFAULTS.logCache,
      'ROSTER_LOG_CACHE',
      1,
      1_048_576,
    ),
  }
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const env = withConfigFile(environment)
  return Object.freeze({
    port: integer(env['PORT'], DEFAULTS.port, 'PORT', 0, 65535),
    host: env['HOST'] || DEFAULTS.host,
    ...databaseConfig(env),
    bodyLimit: integer(
      env['ROSTER_BODY_LIMIT'],
      DEFAULTS.bodyLimit,
      'ROSTER_BODY_LIMIT',
      1024,
      512 * 1024 * 1024,
    ),
    logLevel: logLevel(env['LOG_LEVEL']),
    ...logFormat(env['LOG_FORMAT']),
    trustProxy: trustProxy(env['ROSTER_TRUST_PROXY']),
    ...redisUrl(env['REDIS_URL']),
    ...publicUrl(env['ROSTER_PUBLIC_URL']),
    timeouts: timeouts(env),
    maxConnections: integer(
      env['ROSTER_MAX_CONNECTIONS'],
      defaultMaxConnections(),
      'ROSTER_MAX_CONNECTIONS',
      1,
      1_000_000,
    ),
    statementTimeoutMs: seconds(
      env['ROSTER_STATEMENT_TIMEOUT'],
      DEFAULTS.statementTimeout,
      'ROSTER_STATEMENT_TIMEOUT',
    ),
    log: onOff(env['ROSTER_LOG'], 'ROSTER_LOG'),
    pgPrepare: onOff(env['ROSTER_PG_PREPARE'], 'ROSTER_PG_PREPARE'),
    ...(env['ROSTER_METRICS_PORT']
      ? {
          metricsPort: integer(env['ROSTER_METRICS_PORT'], 0, 'ROSTER_METRICS_PORT', 0, 65535),
        }
      : {}),
  })
}

/** Where the database is, for people: the SQLite file, or PostgreSQL's host, port and database (never a password). */
export function describeDatabase(config: Pick<Config, 'dbFile' | 'databaseUrl'>): string {
  if (!config.databaseUrl) return `SQLite ${config.dbFile}`
  try {
    const url = new URL(config.databaseUrl)
    return `PostgreSQL ${url.hostname || 'localhost'}:${url.port || '5432'}${url.pathname || '/'}`
  } catch {
    return 'PostgreSQL (DATABASE_URL)'
  }
}

function logLevel(text: string | undefined): string {
  const value = (text ?? '').trim().toLowerCase()
  if (value === '') return DEFAULTS.logLevel
  const levels: readonly string[] = LOG_LEVELS
  if (!levels.includes(value))
    throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not '${text}'.`)
  return value
}

function logFormat(text: string | undefined): { logFormat?: 'json' | 'pretty' } {
  const value = (text ?? '').trim().toLowerCase()
  if (value === '' || value === 'auto') return {}
  if (value === 'json' || value === 'pretty') return { logFormat: value }
  throw new Error(`LOG_FORMAT must be json, pretty or auto, not '${text}'.`)
}

function redisUrl(text: string | undefined): { redisUrl?: string } {
  if (text === undefined || text === '') return {}
  if (!/^rediss?:\/\//.test(text)) {
    throw new Error(
      'REDIS_URL must be a redis:// or rediss:// URL (unset it to count limits without Redis).',
    )
  }
  return { redisUrl: text }
}

function publicUrl(text: string | undefined): { publicUrl?: string } {
  if (text === undefined || text.trim() === '') return {}
  return { publicUrl: normalizePublicUrl(text) }
}

function timeouts(env: NodeJS.ProcessEnv): Timeouts {
  const requestMs = seconds(
    env['ROSTER_REQUEST_TIMEOUT'],
    DEFAULTS.requestTimeout,
    'ROSTER_REQUEST_TIMEOUT',
  )
  const headersMs = seconds(
    env['ROSTER_HEADERS_TIMEOUT'],
    DEFAULTS.headersTimeout,
    'ROSTER_HEADERS_TIMEOUT',
  )
  // Node refuses a headers timeout longer than the request's (the headers are part of the request).
  if (headersMs > requestMs) {
    throw new Error('ROSTER_HEADERS_TIMEOUT must not be longer than ROSTER_REQUEST_TIMEOUT.')
  }
  return {
    requestMs,
    headersMs,
    keepAliveMs: seconds(
      env['ROSTER_KEEPALIVE_TIMEOUT'],
      DEFAULTS.keepAliveTimeout,
      'ROSTER_KEEPALIVE_TIMEOUT',
    ),
  }
}

/**
 * Four fifths of the process's file-descriptor limit (Linux: /proc/self/limits), at most 10,000: the
 * rest stays free for the database, logs and the connections already open. 10,000 elsewhere.
 */
export function defaultMaxConnections(limits = '/proc/self/limits'): number {
  try {
    const line = readFileSync(limits, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'))
    const soft = Number(line?.split(/\s{2,}/)[1])
    if (Number.isSafeInteger(soft) && soft > 0)
      return Math.max(16, Math.min(10_000, Math.floor(soft * 0.8)))
  } catch {
    // not Linux: the fixed default
  }
  return 10_000
}

/** A duration given in seconds (decimals allowed, 0.001 to 3600), in milliseconds. */
function seconds(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined || text === '') return fallback * 1000
  const value = Number(text)
  if (!Number.isFinite(value) || value < 0.001 || value > 3600) {
    throw new Error(`${name} must be a number of seconds from 0.001 to 3600, not '${text}'.`)
  }
  return Math.round(value * 1000)
}

function onOff(text: string | undefined, name: string): boolean {
  const value = (text ?? '').trim().toLowerCase()
  if (value === '' || value === 'on' || value === 'true' || value === '1') return true
  if (value === 'off' || value === 'false' || value === '0') return false
  throw new Error(`${name} must be on or off, not '${text}'.`)
}

function trustProxy(text: string | undefined): false | number | string {
  const value = (text ?? '').trim()
  if (value === '' || value === 'false' || value === '0') return false
  if (value === 'true') return 1
  if (/^\d{1,2}$/.test(value)) return Number(value)
  if (!/^[0-9a-fA-F.:/,\s]+$/.test(value)) {
    throw new Error(
      `ROSTER_TRUST_PROXY must be true (one proxy), a number of proxies, or proxy addresses (10.0.0.1,10.0.0.0/8), not '${value}'.`,
    )
  }
  return value
}

function integer(
  text: string | undefined,
  fallback: number,
  name: string,
  min: number,
  max: number,
): number {
  if (text === undefined || text === '') return fallback
  const value = Number(text)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, not '${text}'.`)
  }
  return value
}
