// A worker process of the SQLite read pool (read-pool.ts): it owns read-only connections (one per
// database file it is asked about) and runs one store read at a time, so a query of any cost runs off
// the event loop that serves every tenant. The same store code as the server's answers; only the
// arguments travel (a filter's fold as its spec), and the answer or the error comes back as data. It
// exits when the server does (its IPC channel closes).
import Sqlite from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { ScimError } from '../../scim/errors.js'
import { foldFromSpec } from '../../scim/profile/user-fold.js'
import type { Store } from '../store.js'
import { createSqlStore } from '../sql/sql-store.js'
import type { Database } from '../sql/tables.js'
import type { ReadJob, ReadOutcome } from './read-pool.js'
import { sqliteDialect } from './sqlite-store.js'
import { cachingStatements } from './statement-cache.js'

const stores = new Map<string, Store>()

function storeOf(file: string): Store {
  let store = stores.get(file)
  if (!store) {
    const database = new Sqlite(file, { readonly: true, fileMustExist: true })
    database.pragma('busy_timeout = 5000')
    database.pragma('case_sensitive_like = ON')
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: cachingStatements(database) }),
    })
    store = createSqlStore({ db, dialect: sqliteDialect })
    stores.set(file, store)
  }
  return store
}

async function run(job: ReadJob): Promise<unknown> {
  if (job.method === 'close') {
    await stores.get(job.file)?.close()
    stores.delete(job.file)
    return undefined
  }
  const tenant = storeOf(job.file).forTenant(job.tenantId)
  const [first, ...rest] = job.args
  if (job.foldSpec && typeof first === 'object' && first !== null) {
    const query = { ...first, fold: foldFromSpec(job.foldSpec) }
    return (tenant[job.method] as (...a: unknown[]) => Promise<unknown>)(query, ...rest)
  }
  return (tenant[job.method] as (...a: unknown[]) => Promise<unknown>)(...job.args)
}

const reply = (outcome: ReadOutcome): void => {
  process.send?.(outcome)
}

process.on('disconnect', () => process.exit(0))
// Every module is loaded: the pool may send reads now (their deadline starts when they are sent).
process.send?.({ ready: true })
process.on('message', (job: ReadJob) => {
  run(job).then(
    (value) => reply({ id: job.id, ok: true, value }),
    (error: unknown) => {
      const outcome: ReadOutcome =
        error instanceof ScimError
          ? {
              id: job.id,
              ok: false,
              scim: {
                status: error.status,
                scimType: error.scimType,
                detail: error.detail,
                headers: { ...error.headers },
              },
            }
          : {
              id: job.id,
              ok: false,
              message: error instanceof Error ? error.message : String(error),
              code: (error as { code?: unknown } | null)?.code as string | undefined,
            }
      reply(outcome)
    },
  )
})
