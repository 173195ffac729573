// Environment → a frozen, typed Config. Read once by main.ts/cli; nothing here runs at import time.
import { resolve } from 'node:path'

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
  /** Trust X-Forwarded-* headers (behind a reverse proxy that sets them). */
  /**
   * Which proxies' X-Forwarded-* headers to believe: false (none), a hop count (`true` is 1: the proxy in
   * front of Roster), or a comma-separated list of proxy addresses/CIDRs. Never "every hop": the client
   * writes the leftmost X-Forwarded-For entry, and the failure limits count by address.
   */
  readonly trustProxy: false | number | string
}

export const DEFAULTS = {
  port: 8080,
  host: '127.0.0.1',
  dbFile: './data/roster.db',
  bodyLimit: 1024 * 1024,
  logLevel: 'info',
} as const

/** The database settings alone: what the CLI's data commands need (a bad PORT must not break them). */
export function databaseConfig(
  env: NodeJS.ProcessEnv = process.env,
): Pick<Config, 'dbFile' | 'databaseUrl'> {
  const url = env['DATABASE_URL']
  if (url !== undefined && url !== '' && !/^postgres(ql)?:\/\//.test(url)) {
    throw new Error(
      'DATABASE_URL must be a postgres:// or postgresql:// URL (unset it to use SQLite).',
    )
  }
  return {
    dbFile: resolve(env['ROSTER_DB'] || DEFAULTS.dbFile),
    ...(url ? { databaseUrl: url } : {}),
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
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
    logLevel: env['LOG_LEVEL'] || DEFAULTS.logLevel,
    trustProxy: trustProxy(env['ROSTER_TRUST_PROXY']),
  })
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
