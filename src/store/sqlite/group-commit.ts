// Group commit on SQLite. The connection commits with synchronous=NORMAL (no fsync on the event loop,
// which would stall every tenant for each write); before a write is acknowledged, the store waits for
// an fsync of the WAL file that began after its commit (run on libuv's pool). Commits made while an
// fsync is under way share the next one, so N concurrent writes cost about one fsync, not N, and a 2xx
// still means the change is on disk (kill -9 and power loss alike). Checkpoints are SQLite's own: in
// WAL mode with synchronous=NORMAL it syncs the WAL before a checkpoint and the database after it, so a
// commit moved into the database file is durable before the WAL is reused.
import { closeSync, fsync, openSync } from 'node:fs'
import { ScimError } from '../../scim/errors.js'

export interface GroupCommit {
  /** Resolves once every commit made so far is on disk. */
  durable(): Promise<void>
  /** Whether a commit made so far is not yet known to be on disk (synchronous: no promise for reads). */
  pending(): boolean
  /** Closes the WAL handle; a second call does nothing (a store may be closed twice). */
  close(): void
}

type Sync = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void

/**
 * `commits` counts the connection's commits (statement-cache.ts); `walFile` is `<database>-wal`;
 * `sync` is fs.fsync (a test may count its calls).
 */
export function groupCommit(
  walFile: string,
  commits: () => number,
  sync: Sync = fsync,
): GroupCommit {
  const fd = openSync(walFile, 'r')
  let closed = false
  let synced = commits()
  let running: Promise<void> | undefined
  const flush = async (): Promise<void> => {
    // Everything committed before the fsync starts is covered by it.
    const covering = commits()
    try {
      await new Promise<void>((resolve, reject) =>
        sync(fd, (error) => (error ? reject(error) : resolve())),
      )
      synced = Math.max(synced, covering)
    } catch {
      // The disk refused: the change is committed but not known to be durable, so no 2xx is sent.
      throw ScimError.unavailable('The directory could not write to its disk; retry shortly.', 5)
    } finally {
      running = undefined
    }
  }
  return {
    pending: () => synced < commits(),
    async durable() {
      const target = commits()
      while (synced < target) {
        running ??= flush()
        await running
      }
    },
    close() {
      if (closed) return
      closed = true
      closeSync(fd)
    },
  }
}

/**
 * Every method of `target` (and of what `forTenant` returns) answers only once its commits are durable.
 * Reads wait for nothing: no commit was made. A failed call waits too (it may have committed first).
 */
export function durableAfter<T extends object>(target: T, commit: GroupCommit): T {
  // The wrapper of a tenant's store is made once per store object (forTenant returns the same one).
  const tenants = new WeakMap<object, object>()
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(target)) {
    if (typeof value !== 'function') {
      out[key] = value
      continue
    }
    out[key] = (...args: unknown[]): unknown => {
      const result: unknown = value.apply(target, args)
      if (key === 'forTenant') {
        const local = result as object
        let wrapped = tenants.get(local)
        if (!wrapped) tenants.set(local, (wrapped = durableAfter(local, commit)))
        return wrapped
      }
      if (!(result instanceof Promise)) return result
      // Most calls are reads: when nothing is waiting for a sync, the answer goes out as it is.
      return result.then(
        (v: unknown) => (commit.pending() ? commit.durable().then(() => v) : v),
        (error: unknown) =>
          commit.pending()
            ? commit.durable().then(() => {
                throw error
              })
            : Promise.reject(error),
      )
    }
  }
  return out as T
}
