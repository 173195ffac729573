// The worker thread that owns the SQLite log file (sqlite-log.ts): it runs each posted call on its own
// connection and posts the result back, so log statements never run on the server's event loop.
import { parentPort, workerData } from 'node:worker_threads'
import type { LogStore } from '../log.js'
import { openSqliteLogHere } from './sqlite-log.js'

const port = parentPort
if (!port) throw new Error('log-worker.ts runs as a worker thread')

let store: LogStore
try {
  const { file, cacheMiB } = workerData as { file: string; cacheMiB: number }
  store = await openSqliteLogHere(file, cacheMiB)
  port.postMessage({ ready: true })
} catch (error) {
  port.postMessage({ error: error instanceof Error ? error.message : String(error) })
  process.exit(1)
}

port.on('message', (message: { id: number; method: keyof LogStore; args: unknown[] }) => {
  const method = store[message.method] as (...args: unknown[]) => Promise<unknown>
  method.apply(store, message.args).then(
    (result) => port.postMessage({ id: message.id, result }),
    (error: unknown) =>
      port.postMessage({
        id: message.id,
        error: error instanceof Error ? error.message : String(error),
      }),
  )
})
