// Child processes for benchmarks: Roster (the real CLI `serve`) and a bare node:http server answering a
// fixed body, the ceiling for any Node.js server on this machine. Both bind 127.0.0.1 on a free port.
import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'

export interface Server {
  readonly url: string
  readonly child: ChildProcess
  /** Peak resident memory of the process so far (VmHWM), in MiB. */
  peakMiB(): number
  /** Resident memory now (VmRSS) of the process and its child processes (Roster's read pool), in MiB. */
  treeMiB(): number
  stop(): Promise<void>
}

function waitForLine(
  child: ChildProcess,
  pattern: RegExp,
  timeoutMs: number,
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let text = ''
    const timer = setTimeout(
      () => reject(new Error(`no ${pattern} within ${timeoutMs} ms: ${text}`)),
      timeoutMs,
    )
    // The banner is on stderr (stdout carries only the JSON log lines).
    const read = (chunk: Buffer) => {
      text += chunk.toString()
      const match = pattern.exec(text)
      if (match) {
        clearTimeout(timer)
        resolve(match)
      }
    }
    child.stdout?.on('data', read)
    child.stderr?.on('data', read)
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${text}`)))
  })
}

/** VmRSS of a process and, recursively, its children, in KiB (0 for a process gone meanwhile). */
function treeKb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const own = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(' ')
      .filter((p) => p.trim() !== '')
      .map(Number)
    return own + children.reduce((n, c) => n + treeKb(c), 0)
  } catch {
    return 0
  }
}

function server(child: ChildProcess, url: string): Server {
  return {
    url,
    child,
    peakMiB: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0)
      return kb / 1024
    },
    treeMiB: () => treeKb(child.pid ?? 0) / 1024,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

/**
 * Node flags for Roster's process alone (not the read pool's workers) from BENCH_ROSTER_NODE_ARGS
 * (space-separated), e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile its event loop (NODE_OPTIONS
 * does not allow --cpu-prof).
 */
const serverNodeArgs = (): string[] =>
  (process.env['BENCH_ROSTER_NODE_ARGS'] ?? '').split(' ').filter((a) => a !== '')

let built = false

/** dist/cli/main.js, built once per benchmark run when a source changed (scripts/build-if-changed.mjs). */
function builtEntry(): string[] {
  if (!built) {
    const result = spawnSync(process.execPath, ['scripts/build-if-changed.mjs'], {
      stdio: 'inherit',
    })
    if (result.status !== 0) throw new Error('the build failed: run npm run build to see why')
    built = true
  }
  return ['dist/cli/main.js']
}

/** Roster on the SQLite file `dbFile`, or on PostgreSQL when `databaseUrl` is given. */
export async function startRoster(
  dbFile: string,
  databaseUrl = '',
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<Server> {
  // The built server (dist/, rebuilt first when a source changed), as `npm start` and `roster serve`
  // run it: under tsx the process is about 70 MiB larger (its loader thread and the transpiled sources)
  // and esbuild's name-keeping wrappers cost CPU on hot paths (docs/performance.md). BENCH_TSX=1 serves
  // the sources through tsx instead (no build).
  const entry = process.env['BENCH_TSX'] ? ['--import', 'tsx', 'src/cli/main.ts'] : builtEntry()
  const child = spawn(process.execPath, [...serverNodeArgs(), ...entry, 'serve'], {
    env: {
      ...process.env,
      ...extraEnv,
      DATABASE_URL: databaseUrl,
      ROSTER_DB: dbFile,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stderr?.pipe(process.stderr)
  const match = await waitForLine(child, /Tenant URL:\s+(http:\/\/127\.0\.0\.1:\d+)/, 30_000)
  return server(child, match[1] as string)
}

export async function startBare(body: string): Promise<Server> {
  const source = `
    const body = ${JSON.stringify(body)}
    require('node:http').createServer((req, res) => {
      req.resume()
      req.on('end', () => { res.writeHead(200, { 'content-type': 'application/scim+json' }); res.end(body) })
    }).listen(0, '127.0.0.1', function () { console.log('listening ' + this.address().port) })`
  const child = spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'pipe', 'inherit'] })
  const match = await waitForLine(child, /listening (\d+)/, 10_000)
  return server(child, `http://127.0.0.1:${match[1]}`)
}
