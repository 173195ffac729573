// Spawning the real `roster` CLI (the build in dist/, as `npx roster` runs it) on a sandboxed SQLite file, and talking to a
// served process over real HTTP on 127.0.0.1. Every process a sandbox starts is killed by its cleanup,
// which the test registers with t.after (or a suite's after), so a failing test leaves nothing running.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const SCIM_BASE = '/api/xm/1/scim/v2'
/** The built CLI (scripts/run-tests.mjs builds first): a process starts in a fraction of tsx's time. */
const CLI = ['dist/cli/main.js']
/** A CLI command that has not exited after this long is killed (the test then fails on its signal). */
const CLI_TIMEOUT_MS = 30_000
/** How long `serve` may take to print its banner. */
const BANNER_TIMEOUT_MS = 60_000
/** How long a stopped server may take to exit before it is killed. */
const STOP_TIMEOUT_MS = 10_000

export interface Exit {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
}

export interface CliResult extends Exit {
  readonly stdout: string
  readonly stderr: string
}

export interface Server {
  readonly child: ChildProcess
  readonly port: number
  /** http://127.0.0.1:<port> */
  readonly origin: string
  /** The Tenant URL printed in the banner: origin + /api/xm/1/scim/v2. */
  readonly tenantUrl: string
  /** Resolves when the process has exited. */
  readonly exited: Promise<Exit>
  /** Everything the process printed so far. */
  output(): { stdout: string; stderr: string }
  /** Sends `signal` (SIGTERM by default) and waits for the exit; SIGKILL after a timeout. */
  stop(signal?: NodeJS.Signals): Promise<Exit>
}

export interface Sandbox {
  readonly dir: string
  /** ROSTER_DB: a file in a fresh temporary directory. */
  readonly db: string
  readonly env: NodeJS.ProcessEnv
  /** Runs `roster <args>` to completion. */
  cli(...args: string[]): Promise<CliResult>
  /** Runs `roster <args>` with extra environment variables. */
  cliWith(extraEnv: NodeJS.ProcessEnv, ...args: string[]): Promise<CliResult>
  /** Runs `roster serve` and waits for its banner; `port` 0 (the default) picks a free port. */
  serve(options?: { port?: number; env?: NodeJS.ProcessEnv }): Promise<Server>
  /** Every byte of the database files (main file, -wal, -shm) that exist now. */
  dbBytes(): Buffer
}

/**
 * A temporary directory with a database path (or the PostgreSQL database `databaseUrl`). `register` receives the cleanup (kill whatever still
 * runs, then delete the directory): pass `(fn) => t.after(fn)`.
 */
export function sandbox(
  register: (cleanup: () => Promise<void>) => void,
  options: { databaseUrl?: string; fresh?: boolean } = {},
): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'roster-e2e-'))
  const db = join(dir, 'roster.db')
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ROSTER_DB: db,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  }
  // The test runner's marker must not make a child believe it is a test file.
  delete env['NODE_TEST_CONTEXT']
  // Each sandbox is its own SQLite file unless a test names a PostgreSQL database; CI's DATABASE_URL
  // (for the PostgreSQL suite) must not leak in.
  delete env['DATABASE_URL']
  if (options.databaseUrl !== undefined) env['DATABASE_URL'] = options.databaseUrl
  const children = new Set<ChildProcess>()
  const exits = new Map<ChildProcess, Promise<Exit>>()

  const launch = (args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): ChildProcess => {
    const child = spawn(process.execPath, [...CLI, ...args], {
      cwd: ROOT,
      env: { ...env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    children.add(child)
    exits.set(
      child,
      new Promise<Exit>((resolve) => {
        child.once('exit', (code, signal) => {
          children.delete(child)
          resolve({ code, signal })
        })
        child.once('error', () => {
          children.delete(child)
          resolve({ code: null, signal: null })
        })
      }),
    )
    return child
  }
  const exitOf = (child: ChildProcess): Promise<Exit> =>
    exits.get(child) ?? Promise.resolve({ code: child.exitCode, signal: child.signalCode })

  register(async () => {
    const running = [...children]
    for (const child of running) child.kill('SIGKILL')
    await Promise.all(running.map(exitOf))
    rmSync(dir, { recursive: true, force: true })
  })

  const cli = (...args: string[]): Promise<CliResult> => cliWith({}, ...args)
  // Only `serve` and `init` create a database: a sandbox runs `roster init` before its first other
  // command, unless the test wants to see the CLI without a database (`fresh`).
  let initialized: Promise<void> | undefined =
    options.fresh === true || options.databaseUrl !== undefined ? Promise.resolve() : undefined
  const cliWith = async (extraEnv: NodeJS.ProcessEnv, ...args: string[]): Promise<CliResult> => {
    if (!['serve', 'init', 'check', 'sync'].includes(args[0] ?? '')) {
      initialized ??= (async () => {
        if (existsSync(db)) return
        const init = await run(['init'], {})
        if (init.code !== 0) throw new Error(`roster init failed: ${init.stderr}`)
      })()
      await initialized
    }
    return run(args, extraEnv)
  }
  const run = (args: readonly string[], extraEnv: NodeJS.ProcessEnv): Promise<CliResult> => {
    const child = launch(args, extraEnv)
    let stdout = ''
    let stderr = ''
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT_MS)
    return new Promise((resolve) => {
      // 'close' comes after 'exit' and after the pipes are drained.
      child.once('close', (code, signal) => {
        clearTimeout(timer)
        resolve({ code, signal, stdout, stderr })
      })
    })
  }

  const serve = (options: { port?: number; env?: NodeJS.ProcessEnv } = {}): Promise<Server> => {
    const child = launch(['serve'], { PORT: String(options.port ?? 0), ...options.env })
    const exited = exitOf(child)
    let stdout = ''
    let stderr = ''
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    const output = (): { stdout: string; stderr: string } => ({ stdout, stderr })
    const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<Exit> => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
      try {
        return await exited
      } finally {
        clearTimeout(timer)
      }
    }
    return new Promise<Server>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL')
        reject(new Error(`no banner within ${BANNER_TIMEOUT_MS} ms:\n${stdout}\n${stderr}`))
      }, BANNER_TIMEOUT_MS)
      let started = false
      // The banner is on stderr (stdout carries only log lines).
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk
        if (started) return
        const match = /^ {2}Tenant URL: {3}(http:\/\/127\.0\.0\.1:(\d+))(\/\S*)$/m.exec(stderr)
        if (!match) return
        started = true
        clearTimeout(timer)
        const origin = match[1] as string
        resolve({
          child,
          port: Number(match[2]),
          origin,
          tenantUrl: origin + (match[3] as string),
          exited,
          output,
          stop,
        })
      })
      void exited.then((exit) => {
        if (started) return
        clearTimeout(timer)
        reject(
          new Error(
            `roster serve exited (${exit.code ?? exit.signal}) before its banner:\n${stdout}\n${stderr}`,
          ),
        )
      })
    })
  }

  const dbBytes = (): Buffer =>
    Buffer.concat(
      [db, `${db}-wal`, `${db}-shm`].filter((f) => existsSync(f)).map((f) => readFileSync(f)),
    )

  return { dir, db, env, cli, cliWith, serve, dbBytes }
}

/** The last non-empty line of a command's output. */
export function lastLine(text: string): string {
  const lines = text.split('\n').filter((line) => line.trim() !== '')
  return lines[lines.length - 1] ?? ''
}

/** `roster token create --name <name>`: the token (last line) and its id (from the first line). */
export async function createToken(
  box: Sandbox,
  name: string,
  ...extra: string[]
): Promise<{ token: string; id: string; result: CliResult }> {
  const result = await box.cli('token', 'create', '--name', name, ...extra)
  if (result.code !== 0) throw new Error(`token create failed: ${result.stderr}`)
  const id = /^Created token (\S+) /m.exec(result.stdout)?.[1]
  if (id === undefined) throw new Error(`no token id in: ${result.stdout}`)
  return { token: lastLine(result.stdout), id, result }
}

export interface Reply {
  readonly status: number
  readonly headers: Headers
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
  readonly body: any
  readonly text: string
}

/** A request with global fetch (10 s timeout); a body is sent as application/scim+json. */
export async function call(
  url: string,
  options: {
    method?: string
    token?: string
    body?: unknown
    headers?: Record<string, string>
  } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`
  if (options.body !== undefined) headers['content-type'] = 'application/scim+json'
  const response = await fetch(url, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    ...(options.body !== undefined
      ? {
          body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
        }
      : {}),
    signal: AbortSignal.timeout(10_000),
  })
  const text = await response.text()
  let body: unknown
  try {
    body = text === '' ? undefined : JSON.parse(text)
  } catch {
    body = undefined
  }
  return { status: response.status, headers: response.headers, body, text }
}

/** The line naming the database (and tenant) that every command using a database prints first on stderr. */
export const CONTEXT_LINE = /^roster: database (?:SQLite|PostgreSQL) [^\n]+\n/

/** A command's stderr without its context line. */
export function withoutContext(stderr: string): string {
  return stderr.replace(CONTEXT_LINE, '')
}

/** Exit 0 and nothing on stderr but the context line. */
export function assertOk(result: CliResult): void {
  assert.equal(result.code, 0, `exit code; stderr: ${result.stderr}`)
  assert.equal(withoutContext(result.stderr), '')
}

/** A failure the user can fix: exit 1, nothing on stdout, one `roster: ...` line on stderr after the context. */
export function assertRefused(result: CliResult, message: RegExp): void {
  assert.equal(result.code, 1, `exit code; stdout: ${result.stdout} stderr: ${result.stderr}`)
  assert.equal(result.stdout, '')
  const rest = withoutContext(result.stderr)
  assert.match(rest, /^roster: .+\n$/)
  assert.match(rest, message)
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace')
}
