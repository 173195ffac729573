// A step of a cycle over a pool of `concurrency` objects at once, as Entra sends requests for several
// objects concurrently (a bounded number in flight) while each object's own requests stay in order
// (match, then create or update; a group's members after the group). Log entries come out in the
// source's order whatever the concurrency, so a cycle's log and summary are those of a sequential run:
// an entry of an object that finished before an earlier one is held back until the earlier one is done.
import type { LogEntry } from './log.js'

/**
 * How far past the oldest unfinished object the pool starts new ones. It bounds the entries held back
 * (and their memory) when one object is slow (a 429's pause, a 5xx's retries): the others go on up to
 * this many objects ahead, then wait for it.
 */
export const WINDOW = 1024

/** Entries of the current step, released in the items' order. */
export class Sequencer {
  /** The oldest item not finished: its entries go out as they come. */
  next = 0
  private readonly held = new Map<number, LogEntry[]>()
  private readonly finished = new Set<number>()
  private waiting: (() => void)[] = []

  constructor(
    /** Source id → the item's position (a step's items are all users or all groups). */
    private readonly index: ReadonlyMap<string, number>,
    private readonly emit: (entry: LogEntry) => void,
  ) {}

  add(entry: LogEntry): void {
    const i = this.index.get(entry.sourceId)
    if (i === undefined || i <= this.next) {
      this.emit(entry)
      return
    }
    const list = this.held.get(i)
    if (list) list.push(entry)
    else this.held.set(i, [entry])
  }

  done(i: number): void {
    this.finished.add(i)
    if (i !== this.next) return
    while (this.finished.has(this.next)) {
      this.finished.delete(this.next)
      this.next++
      const held = this.held.get(this.next)
      if (held) {
        this.held.delete(this.next)
        for (const entry of held) this.emit(entry)
      }
    }
    const waiting = this.waiting
    this.waiting = []
    for (const wake of waiting) wake()
  }

  /** Resolves when the oldest unfinished item has finished. */
  advanced(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve))
  }

  /** Whatever is still held (a step that ended early), in order. */
  flush(): void {
    for (const i of [...this.held.keys()].sort((a, b) => a - b)) {
      for (const entry of this.held.get(i) ?? []) this.emit(entry)
      this.held.delete(i)
    }
  }
}

export interface PoolControl {
  readonly concurrency: number
  /** Checked before each new item: true stops taking items (those under way finish). */
  stopped(): boolean
  /** Called once per item when it is done, whatever its outcome. */
  tick(): void
  /** Routes the step's entries through `sequencer` while it runs (undefined after). */
  route(sequencer: Sequencer | undefined): void
  emit(entry: LogEntry): void
}

/**
 * Runs `work` for each item, at most `concurrency` at once and at most WINDOW items past the oldest
 * unfinished one. An error of `work` (not an object's failure, which the work logs) ends the step after
 * the items under way, and is thrown.
 */
export async function orderedPool<T>(
  control: PoolControl,
  items: readonly T[],
  sourceId: (item: T) => string,
  work: (item: T) => Promise<void>,
  window = WINDOW,
): Promise<void> {
  const index = new Map<string, number>()
  items.forEach((item, i) => index.set(sourceId(item), i))
  const sequencer = new Sequencer(index, (entry) => control.emit(entry))
  control.route(sequencer)
  let next = 0
  let failed = false
  const worker = async (): Promise<void> => {
    while (!failed && !control.stopped() && next < items.length) {
      if (next >= sequencer.next + window) {
        await sequencer.advanced()
        continue
      }
      const i = next++
      try {
        await work(items[i] as T)
      } catch (error) {
        failed = true
        throw error
      } finally {
        control.tick()
        sequencer.done(i)
      }
    }
  }
  const workers = Array.from(
    { length: Math.min(Math.max(1, control.concurrency), items.length) },
    worker,
  )
  try {
    const results = await Promise.allSettled(workers)
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
    if (rejected) throw rejected.reason
  } finally {
    sequencer.flush()
    control.route(undefined)
  }
}
