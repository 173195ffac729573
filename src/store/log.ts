// The provisioning log's port: where entries are appended (in batches, off the request path) and read
// back (`roster log`, the console). Kept apart from Store: on SQLite the log lives in a file of its own,
// written by a worker thread, so a SCIM write never waits for a log write (docs/architecture.md).
import type { LogEntry, StoredEntry } from '../scim/log/entry.js'

export interface LogQuery {
  /** ISO time: entries at or after it. */
  readonly since?: string
  /** Only SCIM requests answered 4xx or 5xx. */
  readonly errors?: boolean
  /** Only requests answered 2xx or 3xx. */
  readonly successes?: boolean
  /** A resource id, or a userName/displayName (ignoring case). */
  readonly user?: string
  /** A credential or actor, exactly as shown (`token entra`). */
  readonly actor?: string
  /** Only requests, or only audit events. */
  readonly kind?: 'request' | 'audit'
  /** Entries older than this sequence number (the next page, newest first). */
  readonly before?: number
  readonly limit: number
}

/** Errors that share a cause: how many, for how many users, the fix, and the newest example. */
export interface CauseGroup {
  readonly key: string
  readonly fix: string
  readonly count: number
  readonly users: number
  readonly lastTime: string
  readonly exampleSeq: number
}

/** Requests and errors of one minute (`2026-12-01T10:42`), counted as entries are written. */
export interface MinuteCount {
  readonly minute: string
  readonly requests: number
  readonly errors: number
}

export interface LogStore {
  append(entries: readonly LogEntry[]): Promise<void>
  /** Newest first. */
  entries(tenantId: string, query: LogQuery): Promise<StoredEntry[]>
  entry(tenantId: string, seq: number): Promise<StoredEntry | undefined>
  /** Error causes since a time, the largest group first. */
  causes(tenantId: string, since: string, limit: number): Promise<CauseGroup[]>
  /** Per-minute counts since a time, oldest first; minutes without requests are absent. */
  activity(tenantId: string, since: string): Promise<MinuteCount[]>
  /** Deletes entries older than `before` and beyond the newest `maxRows`; returns how many went. */
  prune(tenantId: string, before: string, maxRows: number): Promise<number>
  close(): Promise<void>
}
