// A worker process of the SQLite read pool (read-pool.ts): it owns read-only connections (one per
// database file it is asked about) and runs one store read at a time, so a query of any cost runs off
// the event loop that serves every tenant. The same store code as the server's answers; only the
// arguments travel (a filter's fold as its spec), and the answer or the error comes back as data. It
// exits when the server does (its IPC channel closes).
import Sqlite from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { ScimError } from '../../scim/errors.js'
import { foldFromSpec } from '../../scim/profile/user-fold.js'
import { userViewText } from '../../scim/resource/user-view.js'
import type { UserView } from '../../scim/resource/user-view.js'
import { userRegistryFor } from '../../scim/schema/extension.js'
import type { Store, TenantStore, UserQuery, UserTextPage } from '../store.js'
import { createSqlStore } from '../sql/sql-store.js'
import type { Database } from '../sql/tables.js'
import type { ReadJob, ReadOutcome, ReadPart } from './read-pool.js'
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
  const query =
    job.foldSpec && typeof first === 'object' && first !== null
      ? { ...first, fold: foldFromSpec(job.foldSpec) }
      : first
  if (job.method === 'listUserTexts') return userTexts(job, tenant, query as UserQuery, rest[0])
  return (tenant[job.method] as (...a: unknown[]) => Promise<unknown>)(query, ...rest)
}

/**
 * listUserTexts in two steps: the query (under the deadline), then, once the pool is told the rows are
 * read, the rendering, whose cost the page's group-reference budget bounds (user-store.ts).
 */
async function userTexts(
  job: ReadJob,
  tenant: TenantStore,
  query: UserQuery,
  view: unknown,
): Promise<UserTextPage> {
  const { users, ...page } = await tenant.listUsers(query)
  send({ id: job.id, read: true })
  const registry = userRegistryFor(await tenant.properties())
  return { ...page, users: users.map((user) => userViewText(user, view as UserView, registry)) }
}

/**
 * Sends to the pool, if it is still there: a process that ends (a CLI command closing its store) may
 * leave a reply in flight, which must not become an EPIPE on the shared stderr. Without a pool the
 * worker has nothing left to do.
 */
const send = (
  message: ReadOutcome | { ready: true } | { id: number; read: true } | ReadPart,
): void => {
  if (!process.connected) return
  process.send?.(message, undefined, {}, (error) => {
    if (error) process.exit(0)
  })
}
const reply = (outcome: ReadOutcome): void => send(outcome)

process.on('disconnect', () => process.exit(0))
// Every module is loaded: the pool may send reads now (their deadline starts when they are sent).
send({ ready: true })
/** Rendered users are sent in batches of about this many UTF-16 code units (a user may exceed it alone). */
export const PART_SIZE = 64 * 1024

/**
 * A page of rendered users goes back in batches of about PART_SIZE, then the rest of the page: tens of
 * MB in one message would be read and deserialised on the server's event loop in one go (read-pool.ts),
 * and a message per user would cost an IPC round of its own for each of an ordinary page's 100 users.
 */
function answer(job: ReadJob, value: unknown): void {
  const users = (value as { users?: unknown } | null)?.users
  if (job.method !== 'listUserTexts' || !Array.isArray(users)) {
    reply({ id: job.id, ok: true, value })
    return
  }
  let batch: unknown[] = []
  let size = 0
  for (const user of users) {
    batch.push(user)
    size += typeof user === 'string' ? user.length : 0
    if (size >= PART_SIZE) {
      send({ id: job.id, part: batch })
      batch = []
      size = 0
    }
  }
  if (batch.length > 0) send({ id: job.id, part: batch })
  reply({ id: job.id, ok: true, value: { ...(value as object), users: [] }, parts: users.length })
}

process.on('message', (job: ReadJob) => {
  run(job).then(
    (value) => answer(job, value),
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
