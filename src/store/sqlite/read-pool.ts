// The SQLite read pool: better-sqlite3 runs a statement synchronously, on the thread that calls it. The
// reads whose cost depends on what a client asks (a filter that scans, a sort, a deep page) run here, in
// worker processes with read-only connections, so the event loop keeps serving every other tenant and
// /healthz meanwhile. Each read has a deadline (ROSTER_STATEMENT_TIMEOUT, from when a worker starts
// it): past it the request gets 503 with Retry-After and its worker is killed (SIGKILL), which ends the
// statement at once (a thread could not be stopped inside SQLite), and a new worker takes its place.
// Waiting reads are served round-robin across tenants, a tenant never runs on more than half the
// workers (the others stay free for everyone else), at most MAX_WAITING wait per tenant, and a
// read still waiting after queueBound(deadline) gets 503 without running. A worker
// takes reads once it has said it is ready (its modules loaded): its start-up is no query's cost.
// A page of users comes back rendered (listUserTexts), in batches of about 64 KiB and then the page:
// the event loop deserialises each batch as it arrives, never tens of MB at once.
import { fork } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { ScimError } from '../../scim/errors.js'
import type { ScimType } from '../../scim/errors.js'
import type { FoldSpec } from '../../scim/filter/evaluate.js'

export type ReadMethod = 'listUsers' | 'listUserTexts' | 'listGroups' | 'getUserText'

export interface ReadJob {
  readonly id: number
  readonly file: string
  readonly tenantId: string
  readonly method: ReadMethod | 'close'
  readonly args: readonly unknown[]
  /** The fold of a query (its first argument), which travels as data. */
  readonly foldSpec?: FoldSpec
}

/** Elements of a read's answer sent ahead of it (read-worker.ts: a batch of a page's rendered users). */
export interface ReadPart {
  readonly id: number
  readonly part: readonly unknown[]
}

/**
 * The read's rows are read; what remains (rendering a page, bounded by its size) is no longer under the
 * statement deadline but under queueBound(deadline), so a worker that never answers is still ended.
 */
export interface ReadDone {
  readonly id: number
  readonly read: true
}

export type ReadOutcome =
  | {
      readonly id: number
      readonly ok: true
      readonly value: unknown
      /** The value's `users` came in ReadPart messages before this one, in order: this many in all. */
      readonly parts?: number
    }
  | {
      readonly id: number
      readonly ok: false
      readonly scim: {
        readonly status: number
        readonly scimType: ScimType | undefined
        readonly detail: string
        readonly headers: Record<string, string>
      }
    }
  | { readonly id: number; readonly ok: false; readonly message: string; readonly code?: string }

/** Reads waiting per tenant beyond which a new one is refused (503). */
export const MAX_WAITING = 64
/**
 * How long a read may wait for a worker before it is answered 503 unrun: two deadlines, and never less
 * than 10 s (a worker starting on a loaded machine takes seconds; its start-up is no query's cost).
 */
export function queueBound(deadlineMs: number): number {
  return Math.max(2 * deadlineMs, 10_000)
}

export interface ReadPool {
  /** Runs a read in a worker; rejects with 503 when it does not finish within `deadlineMs`. */
  run(job: Omit<ReadJob, 'id'>, deadlineMs: number): Promise<unknown>
  /** Closes the connections the workers hold to `file` (its store is closing). */
  forget(file: string): void
}

interface Pending {
  readonly job: ReadJob
  readonly resolve: (value: unknown) => void
  readonly reject: (error: unknown) => void
  /** While waiting: the queue's bound; once sent to a worker: the deadline. */
  timer: NodeJS.Timeout
  readonly deadlineMs: number
  settled: boolean
}

interface Slot {
  worker: ChildProcess
  /** The worker has loaded its modules (its first message). */
  ready: boolean
  running: Pending | undefined
  /** The parts of the running read's answer received so far. */
  parts: unknown[]
}

/** The answer with the parts sent ahead of it put back in its `users`. */
function assembled(outcome: ReadOutcome, parts: readonly unknown[]): ReadOutcome {
  if (!outcome.ok || outcome.parts === undefined) return outcome
  if (parts.length !== outcome.parts) {
    return {
      id: outcome.id,
      ok: false,
      message: `The read worker sent ${parts.length} of ${outcome.parts} parts of its answer.`,
    }
  }
  return { ...outcome, value: { ...(outcome.value as object), users: parts } }
}

/**
 * A worker process: the compiled module beside this file, or (when Roster runs from its TypeScript
 * sources, in tests and `npm run dev`) the source through tsx. Messages are structured clones.
 */
function newWorker(): ChildProcess {
  const source = import.meta.url.endsWith('.ts')
  return fork(new URL(source ? './read-worker.ts' : './read-worker.js', import.meta.url), {
    execArgv: source ? ['--import', 'tsx'] : [],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  })
}

/** An idle worker does not keep the process alive (a CLI command or a test can end). */
function hold(worker: ChildProcess, busy: boolean): void {
  const channel = worker.channel as { ref(): void; unref(): void } | undefined
  if (busy) {
    worker.ref()
    channel?.ref()
  } else {
    worker.unref()
    channel?.unref()
  }
}

const keyOf = (job: Pick<ReadJob, 'file' | 'tenantId'>): string =>
  `${job.file}\u0000${job.tenantId}`

/**
 * `size` workers: twice the cores (at least 2, at most 8), so that while one tenant's costly reads hold
 * the workers it may have, the others' reads still find one; the OS shares the cores between them.
 * A tenant runs at most `perTenant` reads at once (half the workers).
 */
export function createReadPool(
  size = Math.max(2, Math.min(8, 2 * availableParallelism())),
  perTenant = Math.max(1, Math.floor(size / 2)),
): ReadPool {
  const slots: Slot[] = []
  /** Workers killed at a deadline that have not exited yet. */
  let stray = 0
  const queues = new Map<string, Pending[]>()
  let nextId = 1

  const spawn = (): Slot => {
    const worker = newWorker()
    hold(worker, false)
    const slot: Slot = { worker, ready: false, running: undefined, parts: [] }
    worker.on('message', (outcome: ReadOutcome | ReadPart | ReadDone | { ready: true }) => {
      if ('ready' in outcome) {
        slot.ready = true
        dispatch()
        return
      }
      const pending = slot.running
      if (!pending || pending.job.id !== outcome.id) return
      if ('read' in outcome) {
        clearTimeout(pending.timer)
        pending.timer = setTimeout(() => expire(pending), queueBound(pending.deadlineMs))
        return
      }
      if ('part' in outcome) {
        for (const element of outcome.part) slot.parts.push(element)
        return
      }
      const parts = slot.parts
      slot.parts = []
      slot.running = undefined
      hold(worker, false)
      settle(pending, assembled(outcome, parts))
      dispatch()
    })
    const lost = (error: unknown) => {
      const index = slots.indexOf(slot)
      if (index >= 0) slots.splice(index, 1)
      const pending = slot.running
      slot.running = undefined
      if (pending && !pending.settled) {
        pending.settled = true
        clearTimeout(pending.timer)
        pending.reject(error instanceof Error ? error : new Error(String(error)))
      }
      dispatch()
    }
    worker.on('error', lost)
    worker.on('exit', () => lost(new Error('The read worker stopped.')))
    slots.push(slot)
    return slot
  }

  const settle = (pending: Pending, outcome: ReadOutcome): void => {
    if (pending.settled) return
    pending.settled = true
    clearTimeout(pending.timer)
    if (outcome.ok) pending.resolve(outcome.value)
    else if ('scim' in outcome) {
      const { status, scimType, detail, headers } = outcome.scim
      pending.reject(new ScimError(status, scimType, detail, headers))
    } else {
      pending.reject(Object.assign(new Error(outcome.message), { code: outcome.code }))
    }
  }

  const running = (key: string): number =>
    slots.filter((s) => s.running !== undefined && keyOf(s.running.job) === key).length
  /** The first tenant in line with a read waiting and fewer than perTenant running. */
  const nextInLine = (): string | undefined => {
    for (const [key, queue] of queues) {
      while (queue[0]?.settled) queue.shift()
      if (queue.length === 0) queues.delete(key)
      else if (running(key) < perTenant) return key
    }
    return undefined
  }

  const dispatch = (): void => {
    for (;;) {
      const key = nextInLine()
      if (key === undefined) return
      const slot = slots.find((s) => s.ready && s.running === undefined)
      if (!slot) {
        // Start a worker if there is room and none is starting; the read waits for it.
        if (slots.every((s) => s.ready) && slots.length + stray < size) spawn()
        return
      }
      // Round-robin: the tenant served goes to the back of the line.
      const queue = queues.get(key) as Pending[]
      queues.delete(key)
      const pending = queue.shift() as Pending
      if (queue.length > 0) queues.set(key, queue)
      slot.running = pending
      slot.parts = []
      clearTimeout(pending.timer)
      pending.timer = setTimeout(() => expire(pending), pending.deadlineMs)
      hold(slot.worker, true)
      slot.worker.send(pending.job)
    }
  }

  const expire = (pending: Pending): void => {
    if (pending.settled) return
    pending.settled = true
    const slot = slots.find((s) => s.running === pending)
    if (!slot) {
      pending.reject(
        ScimError.unavailable(
          'The directory is busy with other queries; retry in a moment.',
          Math.max(1, Math.ceil(pending.deadlineMs / 1000)),
        ),
      )
      return
    }
    pending.reject(
      ScimError.unavailable(
        `The query did not finish within ${pending.deadlineMs / 1000} seconds (ROSTER_STATEMENT_TIMEOUT) and was stopped; narrow the filter, or retry later.`,
        5,
      ),
    )
    // SIGKILL ends the statement at once; a new worker takes the slot once this one is gone.
    slots.splice(slots.indexOf(slot), 1)
    slot.running = undefined
    stray++
    slot.worker.removeAllListeners('exit')
    slot.worker.once('exit', () => {
      stray--
      dispatch()
    })
    slot.worker.kill('SIGKILL')
    dispatch()
  }

  return {
    run(job, deadlineMs) {
      const key = keyOf(job)
      const queue = queues.get(key) ?? []
      if (queue.length >= MAX_WAITING) {
        return Promise.reject(
          ScimError.unavailable(
            'Too many queries of this tenant are waiting; retry in a moment.',
            1,
          ),
        )
      }
      return new Promise((resolve, reject) => {
        const pending: Pending = {
          job: { ...job, id: nextId++ },
          resolve,
          reject,
          deadlineMs,
          settled: false,
          timer: setTimeout(() => expire(pending), queueBound(deadlineMs)),
        }
        queue.push(pending)
        queues.set(key, queue)
        dispatch()
      })
    },
    forget(file) {
      for (const slot of slots) {
        if (slot.worker.connected)
          slot.worker.send({ id: 0, file, tenantId: '', method: 'close', args: [] })
      }
    },
  }
}

let shared: ReadPool | undefined
/** One pool per process, shared by every SQLite store it opens (tests open many); workers start lazily. */
export function sharedReadPool(): ReadPool {
  shared ??= createReadPool()
  return shared
}
