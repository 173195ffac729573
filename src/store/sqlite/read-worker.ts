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
  // The tenant's configuration (its custom properties) as of now: the cache starts over when it moved.
  await storeOf(job.file).refresh()
  const tenant = storeOf(job.file).forTenant(job.tenantId)
  const [first, ...rest] = job.args
  if (job.foldSpec && typeof first === 'object' && first !== null) {
    const query = { ...first, fold: foldFromSpec(job.foldSpec) }
    return (tenant[job.method] as (...a: unknown[]) => Promise<unknown>)(query, ...rest)
  }
  return (tenant[job.method] as (...a: unknown[]) => Promise<unknown>)(...job.args)
}

/**
 * Sends to the pool, if it is still there: a process that ends (a CLI command closing its store) may
 * leave a reply in flight, which must not become an EPIPE on the shared stderr. Without a pool the
 * worker has nothing left to do.
 */
const send = (message: ReadOutcome | { ready: true }): void => {
  if (!process.connected) return
  process.send?.(message, undefined, {}, (error) => {
    if (error) process.exit(0)
  })
}
const reply = (outcome: ReadOutcome): void => send(outcome)

process.on('disconnect', () => process.exit(0))
// Every module is loaded: the pool may send reads now (their deadline starts when they are sent).
send({ ready: true })
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
