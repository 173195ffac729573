// Retention of the provisioning log, in the background: every tenant's entries older than its
// `logRetentionDays` and beyond its newest `logMaxRows` are deleted, tenant by tenant, off the request
// path (on SQLite in the log's worker thread).
import type { LogStore } from '../store/log.js'
import type { Store } from '../store/store.js'

export const PRUNE_INTERVAL_MS = 10 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000

/** One pass over every tenant; returns how many entries went. */
export async function pruneLog(store: Store, log: LogStore, now: Date): Promise<number> {
  let removed = 0
  for (const tenant of await store.listTenants()) {
    const settings = await store.forTenant(tenant.id).settings()
    const before = new Date(now.getTime() - settings.logRetentionDays * DAY_MS).toISOString()
    removed += await log.prune(tenant.id, before, settings.logMaxRows)
  }
  return removed
}

/** Prunes now and then every `intervalMs`; returns the function that stops it. */
export function startPruner(
  store: Store,
  log: LogStore,
  onError: (error: unknown) => void,
  intervalMs = PRUNE_INTERVAL_MS,
): () => void {
  const pass = (): void => {
    pruneLog(store, log, new Date()).catch(onError)
  }
  const first = setTimeout(pass, 5_000)
  const timer = setInterval(pass, intervalMs)
  first.unref()
  timer.unref()
  return () => {
    clearTimeout(first)
    clearInterval(timer)
  }
}
