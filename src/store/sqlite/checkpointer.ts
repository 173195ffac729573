// WAL checkpoints off the event loop. SQLite checkpoints on the connection that commits, inside its
// COMMIT, once the WAL holds 1,000 pages: it copies them into the database file and fsyncs it, a few
// milliseconds during which no request of any tenant is served (a third of a durable POST's time on the
// event loop, docs/performance.md). The server's connection has wal_autocheckpoint = 0 instead, and a
// worker thread with a connection of its own runs PASSIVE checkpoints (they never wait for a lock and
// never block the writer). With synchronous = NORMAL SQLite syncs the WAL before a checkpoint and the
// database after it, so a commit moved into the database file is durable before the WAL is reused.
import { closeSync, fstatSync, openSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

export interface Checkpointer {
  /** After a commit is on disk: starts a checkpoint when the WAL has grown enough (none runs twice). */
  poke(): void
  /** Ends the worker once its checkpoint, if any, is done. */
  close(): Promise<void>
}

export interface CheckpointOptions {
  /** Commits after which a checkpoint starts (SQLite's 1,000 pages are about 100 of Roster's writes). */
  readonly commits?: number
  /** A WAL file larger than this, and larger than at the last checkpoint, starts one too (a big batch). */
  readonly bytes?: number
  /**
   * Runs a PASSIVE checkpoint on the server's connection when it is outside a transaction (returns
   * false when it is in one). SQLite restarts the WAL from its start only when a write begins after
   * every frame was copied; under steady writes the worker never catches up with the frames committed
   * during its own pass, so the server's connection copies those few (a small fraction of the pass).
   */
  readonly catchUp?: () => boolean
  /** Called once if the worker dies: the server's connection must checkpoint by itself again. */
  readonly onDeath?: () => void
}

// The worker is plain JavaScript evaluated in place: it needs only the driver, found from this module.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const Sqlite = require(workerData.driver)
const db = new Sqlite(workerData.file)
db.pragma('synchronous = NORMAL')
db.pragma('busy_timeout = 5000')
parentPort.on('message', (m) => {
  if (m === 'close') { db.close(); process.exit(0) }
  let error
  try { db.pragma('wal_checkpoint(PASSIVE)') } catch (e) { error = String(e) }
  parentPort.postMessage({ error })
})
`

/** The checkpoint worker's young generation, in MiB (its objects are a few per checkpoint). */
const WORKER_YOUNG_MIB = 2

/** `file` is the database (in WAL mode, its `-wal` file exists); `commits` counts the server's commits. */
export function walCheckpointer(
  file: string,
  commits: () => number,
  options: CheckpointOptions = {},
): Checkpointer {
  const everyCommits = options.commits ?? 100
  const everyBytes = options.bytes ?? 4 << 20
  const walFd = openSync(`${file}-wal`, 'r')
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  // It only calls SQLite: a small young generation (V8 gives a worker 16 MiB semi-spaces otherwise, most
  // of it resident after start-up).
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { file, driver },
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MIB },
  })
  // A checkpoint is an optimisation: the server never waits for the worker or keeps running for it.
  worker.unref()
  let running = false
  let closed = false
  let dead = false
  let since = commits()
  let sizeAtLast = 0
  let startedAt = 0
  // The commit count at which the WAL's size was last looked at: every store call pokes (reads too), so
  // the size is read once per new commit, not once per call (a read commits nothing; the WAL cannot
  // have grown since).
  let looked = -1
  worker.on('message', () => {
    running = false
    if (commits() !== startedAt && options.catchUp?.()) since = commits()
  })
  worker.on('error', () => {
    // The worker died (the disk refused?): later pokes do nothing, and the server's connection goes
    // back to SQLite's own checkpoints (onDeath), so the WAL never grows without bound.
    if (dead) return
    dead = true
    running = false
    options.onDeath?.()
  })
  return {
    poke() {
      const count = commits()
      const made = count - since
      if (made === 0 || running || closed || dead || count === looked) return
      looked = count
      const size = fstatSync(walFd).size
      const grew = size > everyBytes && size > sizeAtLast
      if (made < everyCommits && !grew) return
      running = true
      since = startedAt = commits()
      sizeAtLast = size
      worker.postMessage('checkpoint')
    },
    async close() {
      if (closed) return
      closed = true
      closeSync(walFd)
      if (dead) return
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
      worker.ref()
      worker.postMessage('close')
      await exited
    },
  }
}
