// What the cycle tests share: a real `roster serve` (SQLite, 127.0.0.1) behind a recording node:http
// proxy that can also break the way servers break (429, 5xx), and a cycle run in process with a
// reporter that keeps every entry.
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Summary } from '../../src/sync/engine/cycle.js'
import type { LogEntry } from '../../src/sync/engine/log.js'
import type { JobOptions } from '../../src/sync/job.js'
import { runJobCycle } from '../../src/sync/job.js'
import type { Reporter } from '../../src/sync/report/reporter.js'
import { createToken, sandbox, SCIM_BASE } from '../process.js'
import type { Sandbox, Server } from '../process.js'

export interface Recorded {
  readonly method: string
  /** Relative to the Tenant URL, decoded (`/Users?filter=userName eq "a@b.c"`). */
  readonly path: string
  readonly body: unknown
  readonly status: number
}

/**
 * Rewrites an answer before the proxy sends it (undefined passes the request to Roster); `delayMs`
 * holds the request that long first (passed on when there is no status), `hang` never answers it.
 */
export type Fault = (request: { method: string; path: string }) =>
  | {
      status?: number
      body?: string
      headers?: Record<string, string>
      delayMs?: number
      hang?: boolean
    }
  | undefined

export interface Harness {
  readonly box: Sandbox
  readonly roster: Server
  readonly token: string
  /** The proxy's Tenant URL. */
  readonly tenantUrl: string
  readonly requests: Recorded[]
  /** The most requests the proxy held at once since the last cycle() began. */
  readonly maxInFlight: number
  resetInFlight(): void
  fault: Fault | undefined
  close(): Promise<void>
}

export async function harness(): Promise<Harness> {
  const cleanups: (() => Promise<void>)[] = []
  const box = sandbox((fn) => cleanups.push(fn))
  const roster = await box.serve()
  const { token } = await createToken(box, 'sync')
  const requests: Recorded[] = []
  const state: { fault: Fault | undefined; inFlight: number; maxInFlight: number } = {
    fault: undefined,
    inFlight: 0,
    maxInFlight: 0,
  }
  const proxy = createServer((req: IncomingMessage, res: ServerResponse) => {
    state.inFlight++
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight)
    res.once('close', () => state.inFlight--)
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const relative = (req.url ?? '').slice(SCIM_BASE.length)
      const path = decodeURIComponent(relative.replace(/\+/g, ' '))
      const body = text === '' ? undefined : JSON.parse(text)
      const faulted = state.fault?.({ method: req.method ?? '', path })
      if (faulted?.hang) return
      if (faulted?.delayMs) await new Promise((resolve) => setTimeout(resolve, faulted.delayMs))
      if (faulted?.status !== undefined) {
        requests.push({ method: req.method ?? '', path, body, status: faulted.status })
        res.writeHead(faulted.status, {
          'content-type': 'application/scim+json',
          ...faulted.headers,
        })
        res.end(faulted.body ?? '')
        return
      }
      const upstream = await fetch(`${roster.origin}${req.url}`, {
        method: req.method ?? 'GET',
        headers: {
          ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
          ...(text !== '' ? { 'content-type': 'application/scim+json' } : {}),
        },
        ...(text !== '' ? { body: text } : {}),
      })
      const answer = await upstream.text()
      requests.push({ method: req.method ?? '', path, body, status: upstream.status })
      res.writeHead(upstream.status, {
        'content-type': upstream.headers.get('content-type') ?? 'application/scim+json',
      })
      res.end(answer)
    })
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  const port = (proxy.address() as AddressInfo).port
  return {
    box,
    roster,
    token,
    tenantUrl: `http://127.0.0.1:${port}${SCIM_BASE}`,
    requests,
    get maxInFlight() {
      return state.maxInFlight
    },
    resetInFlight() {
      state.maxInFlight = state.inFlight
    },
    get fault() {
      return state.fault
    },
    set fault(f) {
      state.fault = f
    },
    close: async () => {
      proxy.closeAllConnections()
      await new Promise<void>((resolve) => proxy.close(() => resolve()))
      for (const cleanup of cleanups) await cleanup()
    },
  }
}

export interface Captured {
  readonly entries: LogEntry[]
  readonly warnings: string[]
  summary?: Summary
}

export function capture(): { reporter: Reporter; captured: Captured } {
  const captured: Captured = { entries: [], warnings: [] }
  return {
    captured,
    reporter: {
      entry: (e) => captured.entries.push(e),
      progress: () => {},
      warn: (m) => captured.warnings.push(m),
      note: () => {},
      summary: (s) => {
        captured.summary = s
      },
    },
  }
}

/** Writes `content` as JSON into the sandbox and returns its path. */
export function file(h: Harness, name: string, content: unknown): string {
  const path = join(h.box.dir, name)
  writeFileSync(path, JSON.stringify(content))
  return path
}

/** One cycle; the requests it sent are returned (and the harness's list is cleared first). */
export async function cycle(
  h: Harness,
  options: Partial<JobOptions> & { source: string },
): Promise<{ summary: Summary; captured: Captured; sent: Recorded[] }> {
  h.requests.length = 0
  h.resetInFlight()
  const { reporter, captured } = capture()
  const summary = await runJobCycle(
    {
      tenantUrl: h.tenantUrl,
      token: h.token,
      mode: 'default',
      dryRun: false,
      assigned: false,
      restart: false,
      concurrency: 1,
      membersPerRequest: 100,
      retry: { retries: 2, backoffMs: 10, maxWaitMs: 2000 },
      ...options,
    },
    reporter,
  )
  return { summary, captured, sent: [...h.requests] }
}

/** `METHOD path` lines, ids of the target replaced by their names in `ids`. */
export function lines(sent: readonly Recorded[], ids: ReadonlyMap<string, string>): string[] {
  return sent.map((r) => {
    let text = `${r.method} ${r.path}`
    for (const [id, name] of ids) text = text.split(id).join(`{${name}}`)
    return text
  })
}
