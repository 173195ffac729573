// The provisioning log on SQLite: a file of its own beside the main database (roster.db →
// roster-log.db), so log writes never take the main database's write lock. The server opens it in a
// worker thread that owns every log statement (log-worker.ts): batches are posted to it and the event
// loop never runs a log query. The CLI opens it in process (one short statement, then exit).
import { mkdirSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { Worker } from 'node:worker_threads'
import Sqlite from 'better-sqlite3'
import { Kysely, Migrator, SqliteDialect } from 'kysely'
import type { LogStore } from '../log.js'
import { logMigrations } from '../sql/log-migrations/006-provisioning-log.js'
import { minuteCounts, sqlLogStore, toRow } from '../sql/log-store.js'
import type { LogEntry } from '../../scim/log/entry.js'
import type { LogDatabase } from '../sql/log-tables.js'

/** The log file beside a main database file: roster.db → roster-log.db. */
export function logFileFor(dbFile: string): string {
  const name = basename(dbFile)
  const stem = name.endsWith('.db') ? name.slice(0, -3) : name
  return join(dirname(dbFile), `${stem}-log.db`)
}

/** The log connection's page cache by default, in MiB (ROSTER_LOG_CACHE). */
export const LOG_CACHE_MIB = 64

/** Opens the log file in this thread (creating and migrating it), with `cacheMiB` of page cache. */
export async function openSqliteLogHere(
  file: string,
  cacheMiB: number = LOG_CACHE_MIB,
): Promise<LogStore> {
  mkdirSync(dirname(file), { recursive: true })
  const database = new Sqlite(file)
  database.pragma('journal_mode = WAL')
  // The log is an account, not a ledger: a power cut may lose the last batch, never corrupt the file.
  database.pragma('synchronous = NORMAL')
  database.pragma('busy_timeout = 5000')
  // The indexes' pages stay in memory as the log grows (64 MiB by default), so an append seldom reads
  // the disk. The cache is the server's memory: it fills as the log grows (docs/performance.md).
  database.pragma(`cache_size = ${-Math.round(cacheMiB * 1024)}`)
  const db = new Kysely<LogDatabase>({ dialect: new SqliteDialect({ database }) })
  database.exec('BEGIN IMMEDIATE')
  try {
    const { error } = await new Migrator({
      db,
      provider: { getMigrations: async () => logMigrations('sqlite') },
    }).migrateToLatest()
    if (error) throw error
    database.exec('COMMIT')
  } catch (error) {
    if (database.inTransaction) database.exec('ROLLBACK')
    database.close()
    throw error
  }
  return { ...sqlLogStore(db), append: preparedAppend(database) }
}

/**
 * SQLite's append: one transaction of prepared-statement inserts, row by row. Cheaper than one large
 * multi-row INSERT, which SQLite would parse anew for every batch (10,000 parameters).
 */
function preparedAppend(database: Sqlite.Database): LogStore['append'] {
  const entry = database.prepare(
    `insert into provisioning_log (tenant_id, time, kind, actor, method, path, resource, resource_id,
       target, target_folded, operation, status, is_error, scim_type, detail, attributes, changes,
       duration_ms, request_id)
     values (@tenant_id, @time, @kind, @actor, @method, @path, @resource, @resource_id, @target,
       @target_folded, @operation, @status, @is_error, @scim_type, @detail, @attributes, @changes,
       @duration_ms, @request_id)`,
  )
  const cause = database.prepare(
    'insert into log_causes (tenant_id, seq, time, cause, fix, target) values (?, ?, ?, ?, ?, ?)',
  )
  const minute = database.prepare(
    `insert into log_minutes (tenant_id, minute, requests, errors) values (?, ?, ?, ?)
     on conflict (tenant_id, minute) do update set requests = requests + excluded.requests,
       errors = errors + excluded.errors`,
  )
  const write = database.transaction((entries: readonly LogEntry[]) => {
    for (const e of entries) {
      const { lastInsertRowid } = entry.run(toRow(e))
      for (const c of e.causes)
        cause.run(
          e.tenantId,
          lastInsertRowid,
          e.time,
          c.key,
          c.fix,
          e.target ?? e.resourceId ?? null,
        )
    }
    for (const m of minuteCounts(entries)) minute.run(m.tenant_id, m.minute, m.requests, m.errors)
  })
  return async (entries) => {
    write(entries)
  }
}

type Method = Exclude<keyof LogStore, 'close'>

/** The log worker's young generation, in MiB. */
const LOG_WORKER_YOUNG_MIB = 4

/** Opens the log file in a worker thread; every call is a message to it. */
export async function openSqliteLog(
  file: string,
  cacheMiB: number = LOG_CACHE_MIB,
): Promise<LogStore> {
  // Under tsx (tests, npm run dev) this module is TypeScript and so is the worker, loaded through tsx.
  const typescript = import.meta.url.endsWith('.ts')
  const script = new URL(typescript ? './log-worker.ts' : './log-worker.js', import.meta.url)
  // A young generation of 4 MiB instead of V8's default (16 MiB semi-spaces, mostly resident once
  // grown): the worker's objects are a batch of entries or a page of the console's reads at a time.
  const resourceLimits = { maxYoungGenerationSizeMb: LOG_WORKER_YOUNG_MIB }
  const worker = typescript
    ? new Worker(
        `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}) })`,
        { eval: true, workerData: { file, cacheMiB }, resourceLimits },
      )
    : new Worker(script, { workerData: { file, cacheMiB }, resourceLimits })
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  let next = 0
  let failure: Error | undefined
  const failAll = (error: Error): void => {
    failure ??= error
    for (const p of pending.values()) p.reject(error)
    pending.clear()
  }
  await new Promise<void>((resolve, reject) => {
    worker.once('message', (m: { ready?: boolean; error?: string }) =>
      m.ready ? resolve() : reject(new Error(m.error ?? 'the log worker failed to start')),
    )
    worker.once('error', reject)
  })
  worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
    const p = pending.get(m.id)
    if (!p) return
    pending.delete(m.id)
    if (m.error !== undefined) p.reject(new Error(m.error))
    else p.resolve(m.result)
  })
  worker.on('error', failAll)
  worker.on('exit', () => failAll(new Error('the log worker has stopped')))
  const call = (method: Method | 'close', args: unknown[]): Promise<unknown> => {
    if (failure) return Promise.reject(failure)
    const id = next++
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject })
      worker.postMessage({ id, method, args })
    })
  }
  const proxy =
    (method: Method) =>
    (...args: unknown[]) =>
      call(method, args)
  return {
    append: proxy('append') as LogStore['append'],
    entries: proxy('entries') as LogStore['entries'],
    entry: proxy('entry') as LogStore['entry'],
    causes: proxy('causes') as LogStore['causes'],
    activity: proxy('activity') as LogStore['activity'],
    prune: proxy('prune') as LogStore['prune'],
    async close() {
      try {
        await call('close', [])
      } finally {
        await worker.terminate()
      }
    },
  }
}
