// When a token or client was last used, written without slowing the request that used it: at most once
// per interval (a minute) per credential in this process, from a map of what this process last wrote,
// and never awaited (fire and forget; a failed write is reported through `onError` and never fails the
// request). So a credential in use costs one UPDATE a minute per server, and the time shown is at most
// a minute (plus the write's own delay) behind the last request.
import type { CredentialUse, Store } from '../store/store.js'

/** How often one process writes the last use of one credential. */
export const LAST_USE_INTERVAL_MS = 60_000
/** Beyond this many remembered credentials, those not written within the interval are forgotten. */
const MAX_REMEMBERED = 10_000

/**
 * Notes that a credential authenticated at `now` and returns at once. The write it started, if any, is
 * returned for tests; it never rejects, and callers do not wait for it.
 */
export type NoteUse = (use: Omit<CredentialUse, 'at'>, now: Date) => Promise<void> | undefined

export function lastUseRecorder(
  store: Pick<Store, 'recordUse'>,
  onError: (error: unknown) => void,
  intervalMs: number = LAST_USE_INTERVAL_MS,
): NoteUse {
  /** `kind:id` → when this process last wrote it (epoch ms). */
  const written = new Map<string, number>()
  return (use, now) => {
    const key = `${use.kind}:${use.id}`
    const time = now.getTime()
    const last = written.get(key)
    if (last !== undefined && time - last < intervalMs) return undefined
    if (written.size >= MAX_REMEMBERED)
      for (const [k, t] of written) if (time - t >= intervalMs) written.delete(k)
    // Marked before the write: a burst of requests starts one write, not one each. A failed write is
    // tried again after the interval, not on the next request (a database in trouble gets no more load).
    written.set(key, time)
    try {
      return store.recordUse({ ...use, at: now.toISOString() }).catch(onError)
    } catch (error) {
      onError(error)
      return undefined
    }
  }
}
