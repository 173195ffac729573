// The databases a benchmark runs on: SQLite in the run's folder, and PostgreSQL when DATABASE_URL is set,
// in a database created for the run (`{name}_{pid}`) and dropped by `drop()`; BENCH_DATABASES=postgres
// (or sqlite) runs on one of them only.
import { join } from 'node:path'
import pg from 'pg'
import { mintToken } from '../src/auth/secret-token.js'
import { defaultTenant, openStore } from '../src/main.js'

export interface Backend {
  readonly name: string
  readonly dbFile: string
  readonly databaseUrl: string
}

export interface Backends {
  readonly list: Backend[]
  /** Drops the PostgreSQL database of the run, if one was made. */
  drop(): Promise<void>
}

/** BENCH_DATABASES: which of the databases to run on (`sqlite`, `postgres`, or both, the default). */
const wanted = (process.env['BENCH_DATABASES'] ?? 'sqlite,postgres').toLowerCase().split(',')

export async function backends(dir: string, name: string): Promise<Backends> {
  const list: Backend[] = wanted.includes('sqlite')
    ? [{ name: 'SQLite', dbFile: join(dir, 'roster.db'), databaseUrl: '' }]
    : []
  const adminUrl = wanted.includes('postgres') ? process.env['DATABASE_URL'] : undefined
  if (!adminUrl) {
    console.log('DATABASE_URL is not set: PostgreSQL is left out of this run.')
    return { list, drop: async () => {} }
  }
  const database = `${name}_${process.pid}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`create database ${database}`)
  const url = new URL(adminUrl)
  url.pathname = `/${database}`
  list.push({ name: 'PostgreSQL', dbFile: '', databaseUrl: url.toString() })
  return {
    list,
    drop: async () => {
      await admin.query(`drop database if exists ${database} with (force)`).catch(() => {})
      await admin.end()
    },
  }
}

/** A secret token of the backend's default tenant (the database is migrated on the way). */
export async function benchToken(backend: Backend): Promise<string> {
  const store = await openStore({
    dbFile: backend.dbFile,
    ...(backend.databaseUrl ? { databaseUrl: backend.databaseUrl } : {}),
  })
  try {
    return (await mintToken(store, (await defaultTenant(store)).id, 'bench', null)).token
  } finally {
    await store.close()
  }
}
