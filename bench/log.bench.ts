// What the provisioning log costs: the same SCIM traffic against Roster with ROSTER_LOG=on and
// ROSTER_LOG=off (two servers on copies of one seeded SQLite file, measured in alternation, round after
// round, beside a bare node:http server), Entra's match query, user creation and a PATCH. Medians.
//
//   npm run bench:log   (BENCH_USERS=20000 BENCH_ROUNDS=5 BENCH_SECONDS=5 BENCH_CONNECTIONS=10)
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Request } from 'autocannon'
import { mintToken } from '../src/auth/secret-token.js'
import { defaultTenant } from '../src/main.js'
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js'
import { load as measure, median, printResults } from './measure.js'
import type { Result } from './measure.js'
import { startBare, startRoster } from './servers.js'
import { createRecorder } from '../src/provisioning/recorder.js'
import type { LogEntry } from '../src/scim/log/entry.js'
import { openSqliteLog } from '../src/store/sqlite/sqlite-log.js'

const USERS = Number(process.env['BENCH_USERS'] ?? 20_000)
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5)
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5)
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 10)
const BASE = '/api/xm/1/scim/v2'
/** Only the scenarios whose name contains this (BENCH_ONLY=match). */
const ONLY = process.env['BENCH_ONLY'] ?? ''

/** CPU seconds a process (all its threads, the log's worker included) has used: /proc/PID/stat. */
function cpuSeconds(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  // utime and stime are fields 14 and 15 of the line (11 and 12 after the command name), in ticks.
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/**
 * The log's own CPU per entry, in this process and free of the machine's noise: entries like an Entra
 * match recorded through the recorder and written by the worker thread, in batches of 100 (what 400
 * requests a second give at the 250 ms interval). Returns microseconds per entry, all threads.
 */
async function entryCost(dir: string): Promise<number> {
  const log = await openSqliteLog(join(dir, 'cost', 'roster-log.db'))
  const recorder = createRecorder({ log, capacity: 1_000_000, batchSize: 100 })
  const entry = (i: number): LogEntry => ({
    time: new Date().toISOString(),
    tenantId: 'bench-tenant',
    kind: 'request',
    actor: 'token entra',
    method: 'GET',
    path: '/api/xm/1/scim/v2/Users',
    resource: 'User',
    target: `user${i}@contoso.com`,
    operation: 'match',
    status: 200,
    attributes: [],
    changes: [],
    causes: [],
    durationMs: 1.25,
    requestId: '6f1c2b7e-5a7d-4f0e-9d43-0c2b9a1e7f10',
  })
  const run = async (n: number): Promise<number> => {
    const before = process.cpuUsage()
    for (let i = 0; i < n; i++) recorder.record(entry(i))
    await recorder.flush()
    const used = process.cpuUsage(before)
    return (used.user + used.system) / n
  }
  await run(20_000)
  const costs = [await run(50_000), await run(50_000), await run(50_000)]
  await recorder.close()
  await log.close()
  return median(costs)
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'roster-bench-log-'))
  try {
    const seeded = join(dir, 'seed.db')
    const store = await openSqliteStore({ file: seeded })
    const tenant = await defaultTenant(store)
    const data = store.forTenant(tenant.id)
    const ids: string[] = []
    for (let i = 0; i < USERS; i++) {
      const user = await data.createUser(
        {
          userName: `user${i}@contoso.com`,
          active: true,
          emails: [{ value: `user${i}@contoso.com`, type: 'work', device: 'Work Email' }],
          phoneNumbers: [],
          roles: [{ value: 'Standard User' }],
        },
        undefined,
      )
      ids.push(user.id)
    }
    const { token } = await mintToken(store, tenant.id, 'bench', null)
    await store.close()
    const files = { on: join(dir, 'on', 'roster.db'), off: join(dir, 'off', 'roster.db') }
    for (const file of Object.values(files)) {
      mkdirSync(join(file, '..'), { recursive: true })
      copyFileSync(seeded, file)
    }
    const on = await startRoster(files.on, '', { ROSTER_LOG: 'on' })
    const off = await startRoster(files.off, '', { ROSTER_LOG: 'off' })
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' }
    const sample = await fetch(
      `${on.url}${BASE}/Users?filter=userName+eq+%22user1%40contoso.com%22`,
      {
        headers: auth,
      },
    )
    const bare = await startBare(await sample.text())
    const random = (): number => Math.floor(Math.random() * USERS)
    let created = 0
    const traffic: Record<string, Request[]> = {
      'GET /Users?filter=userName eq (Entra match)': [
        {
          method: 'GET',
          setupRequest: (r) => ({
            ...r,
            path: `${BASE}/Users?filter=userName+eq+%22user${random()}%40contoso.com%22`,
          }),
        },
      ],
      'POST /Users (create)': [
        {
          method: 'POST',
          setupRequest: (r) => ({
            ...r,
            path: `${BASE}/Users`,
            body: JSON.stringify({
              userName: `new${created++}-${Date.now()}@contoso.com`,
              active: true,
            }),
          }),
        },
      ],
      'PATCH /Users/{id} (update)': [
        {
          method: 'PATCH',
          setupRequest: (r) => ({
            ...r,
            path: `${BASE}/Users/${ids[random()]}`,
            body: JSON.stringify({
              Operations: [{ op: 'Replace', path: 'name.familyName', value: `F${Date.now()}` }],
            }),
          }),
        },
      ],
    }
    const load = (url: string, requests: Request[], headers: Record<string, string> = {}) =>
      measure(url, requests, { connections: CONNECTIONS, seconds: SECONDS, headers })
    const results: Record<string, Result[]> = {}
    /** CPU milliseconds per request, per scenario and side. */
    const cpu: Record<string, number[]> = {}
    for (let round = 0; round < ROUNDS; round++) {
      ;(results['bare node:http (fixed body)'] ??= []).push(
        await load(bare.url, [{ method: 'GET', path: '/' }]),
      )
      for (const [name, requests] of Object.entries(traffic).filter(([n]) => n.includes(ONLY))) {
        // Alternate which goes first, so drift on a shared machine does not favour one side.
        const order = round % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)
        for (const side of order) {
          const server = side === 'on' ? on : off
          const before = cpuSeconds(server.child.pid)
          const result = await load(server.url, requests, auth)
          const used = cpuSeconds(server.child.pid) - before
          ;(results[`${name}, log ${side}`] ??= []).push(result)
          ;(cpu[`${name}, log ${side}`] ??= []).push((used * 1000) / (result.rps * SECONDS))
        }
      }
    }
    console.log(
      `\n${ROUNDS} rounds of ${SECONDS} s, ${CONNECTIONS} connections, ${USERS} users; medians`,
    )
    printResults(results, 'bare node:http (fixed body)')
    // Throughput on a shared, noisy machine swings more than the log costs; the server's own CPU time
    // per request (all its threads, the log's worker included) is the steadier measure.
    console.log(
      '\ncost of the log: throughput (1 - on/off, median req/s), CPU per request (on/off - 1)',
    )
    for (const name of Object.keys(traffic).filter((n) => n.includes(ONLY))) {
      const rps = (side: string) =>
        median((results[`${name}, log ${side}`] ?? []).map((r) => r.rps))
      const ms = (side: string) => median(cpu[`${name}, log ${side}`] ?? [])
      console.log(
        `  ${name.padEnd(46)} throughput ${((1 - rps('on') / rps('off')) * 100).toFixed(1).padStart(6)} %` +
          `   CPU ${ms('on').toFixed(2)} vs ${ms('off').toFixed(2)} ms/request: ${((ms('on') / ms('off') - 1) * 100).toFixed(1)} %`,
      )
    }
    const micros = await entryCost(dir)
    const matchOff = median(cpu[`${Object.keys(traffic)[0]}, log off`] ?? [])
    console.log(
      `\nthe log's own CPU per entry (recorder + worker, in process): ${micros.toFixed(1)} µs` +
        (matchOff
          ? `, ${((micros / 1000 / matchOff) * 100).toFixed(1)} % of an Entra match request's CPU (${matchOff.toFixed(2)} ms)`
          : ''),
    )
    console.log(
      `\npeak RSS: log on ${on.peakMiB().toFixed(0)} MiB, log off ${off.peakMiB().toFixed(0)} MiB, bare ${bare.peakMiB().toFixed(0)} MiB`,
    )
    await Promise.all([on.stop(), off.stop(), bare.stop()])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
