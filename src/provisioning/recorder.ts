// The provisioning log's write path: a bounded in-memory queue drained in batches by a timer, so a SCIM
// request only pushes an object and never waits for (or fails because of) a log write. When the queue
// is full, entries are dropped and counted; the count reaches the log itself as an entry of each tenant
// that lost some, once there is room again, and the metrics (`roster_log_dropped_total`).
import type { LogEntry } from '../scim/log/entry.js'
import type { LogStore } from '../store/log.js'

export interface RecorderOptions {
  readonly log: LogStore
  /** Entries held at most; beyond, new entries are dropped. */
  readonly capacity?: number
  /** Entries per append. */
  readonly batchSize?: number
  /** How long an entry may wait for its batch: well under the 1 s in which `roster log` shows it. */
  readonly intervalMs?: number
  /** A failed append (its entries are counted as dropped). */
  readonly onError?: (error: unknown, lost: number) => void
  readonly now?: () => Date
}

export interface Recorder {
  /** Queues an entry; never throws, never waits. */
  record(entry: LogEntry): void
  /** Entries waiting to be written. */
  depth(): number
  /** Entries dropped since start (queue full, or their write failed). */
  dropped(): number
  /** Resolves when everything queued so far is written (or dropped). */
  flush(): Promise<void>
  /** Flushes, then stops the timer; later entries are dropped. */
  close(): Promise<void>
}

export const DEFAULT_CAPACITY = 10_000
export const DEFAULT_BATCH = 500
export const DEFAULT_INTERVAL_MS = 250

export function createRecorder(options: RecorderOptions): Recorder {
  const capacity = options.capacity ?? DEFAULT_CAPACITY
  const batchSize = options.batchSize ?? DEFAULT_BATCH
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS
  const now = options.now ?? (() => new Date())
  let queue: LogEntry[] = []
  let dropped = 0
  /** Drops per tenant not yet reported in its log. */
  const unreported = new Map<string, number>()
  let timer: NodeJS.Timeout | undefined
  let writing: Promise<void> | undefined
  let closed = false

  const drop = (tenantId: string, count: number): void => {
    dropped += count
    unreported.set(tenantId, (unreported.get(tenantId) ?? 0) + count)
  }

  const notices = (): LogEntry[] => {
    const out = [...unreported].map(([tenantId, count]): LogEntry => ({
      time: now().toISOString(),
      tenantId,
      kind: 'audit',
      actor: 'roster',
      resource: 'log',
      operation: 'log.dropped',
      detail: `${count} log ${count === 1 ? 'entry was' : 'entries were'} dropped: the log could not keep up (see roster_log_dropped_total).`,
      attributes: [],
      changes: [],
      causes: [],
    }))
    unreported.clear()
    return out
  }

  const drain = async (): Promise<void> => {
    while (queue.length > 0 || unreported.size > 0) {
      const batch = queue.splice(0, batchSize)
      if (batch.length < batchSize) batch.push(...notices())
      try {
        await options.log.append(batch)
      } catch (error) {
        for (const entry of batch) if (entry.operation !== 'log.dropped') drop(entry.tenantId, 1)
        options.onError?.(error, batch.length)
        return
      }
    }
  }

  const run = (): Promise<void> => {
    timer = undefined
    writing ??= drain().finally(() => {
      writing = undefined
      if (queue.length > 0 && !closed) schedule()
    })
    return writing
  }

  function schedule(): void {
    if (timer || closed) return
    timer = setTimeout(run, intervalMs)
    timer.unref()
  }

  return {
    record(entry) {
      if (closed || queue.length >= capacity) {
        drop(entry.tenantId, 1)
        return
      }
      queue.push(entry)
      schedule()
    },
    depth: () => queue.length,
    dropped: () => dropped,
    async flush() {
      if (timer) clearTimeout(timer)
      timer = undefined
      while (writing || queue.length > 0) await (writing ?? run())
    },
    async close() {
      await this.flush()
      closed = true
      queue = []
    },
  }
}
