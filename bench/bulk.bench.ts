// Bulk benchmark: users created per second through POST /Bulk (BENCH_BULK_OPS operations a request)
// beside the same number of users created one POST /Users at a time, by the same number of concurrent
// clients, against the real server (`roster serve`) on SQLite and, when DATABASE_URL is set, on
// PostgreSQL (a database created for the run and dropped after). Rounds interleave the two; medians
// printed with the Bulk/one-by-one ratio.
//
//   npm run bench:bulk   (BENCH_BULK_USERS=2000 BENCH_BULK_OPS=100 BENCH_ROUNDS=3 BENCH_CONNECTIONS=10)
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { backends, benchToken } from './backends.js'
import type { Backends } from './backends.js'
import { median } from './measure.js'
import { startRoster } from './servers.js'
import type { Server } from './servers.js'

const OPS = Number(process.env['BENCH_BULK_OPS'] ?? 100)
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3)
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 10)
const BASE = '/api/xm/1/scim/v2'

let created = 0
/** A user of Entra's shape, with a name never used before in this run. */
const user = () => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName: `bulk${created++}-${process.pid}@contoso.com`,
  active: true,
  name: { givenName: 'Bulk', familyName: 'User' },
  emails: [{ type: 'work', value: 'bulk@contoso.com', primary: true }],
  phoneNumbers: [{ type: 'mobile', value: '+14155550123' }],
})

/** Users created in one round of each scenario. */
const USERS = Number(process.env['BENCH_BULK_USERS'] ?? 2000)

interface Measured {
  readonly usersPerSecond: number
  /** Median and 99th percentile latency of one HTTP request, in ms. */
  readonly p50: number
  readonly p99: number
  readonly errors: number
}

/**
 * Creates USERS users with CONNECTIONS clients at once, each sending `size` users a request (one POST
 * /Users when size is 0, else a Bulk of `size` POSTs), and times the whole: a fixed amount of work, so a
 * Bulk that takes seconds counts as fully as a request that takes milliseconds.
 */
async function create(roster: Server, headers: Record<string, string>, size: number) {
  let next = 0
  let errors = 0
  const latencies: number[] = []
  const client = async (): Promise<void> => {
    while (next < USERS) {
      const count = size === 0 ? 1 : Math.min(size, USERS - next)
      next += count
      const body =
        size === 0
          ? user()
          : {
              schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
              Operations: Array.from({ length: count }, (_, i) => ({
                method: 'POST',
                path: '/Users',
                bulkId: `u${i}`,
                data: user(),
              })),
            }
      const started = performance.now()
      const response = await fetch(`${roster.url}${BASE}/${size === 0 ? 'Users' : 'Bulk'}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      })
      const text = await response.text()
      latencies.push(performance.now() - started)
      if (size === 0) {
        if (response.status !== 201) errors++
      } else if (response.status !== 200) errors += count
      else {
        // A Bulk answers 200 whatever its operations did: count those that did not answer 201.
        const answer = JSON.parse(text) as { Operations: { status: string }[] }
        errors += answer.Operations.filter((o) => o.status !== '201').length
      }
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: CONNECTIONS }, client))
  const seconds = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  const at = (q: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0
  return { usersPerSecond: USERS / seconds, p50: at(0.5), p99: at(0.99), errors }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'roster-bench-bulk-'))
  const servers: Server[] = []
  let databases: Backends | undefined
  try {
    databases = await backends(dir, 'roster_bench_bulk')
    console.log(
      `${ROUNDS} rounds of ${USERS} users per scenario, ${CONNECTIONS} clients at once, ${OPS} operations per Bulk; medians`,
    )
    console.log(
      'database'.padEnd(12),
      'scenario'.padEnd(26),
      'users/s'.padStart(9),
      'p50 ms'.padStart(8),
      'p99 ms'.padStart(8),
      'errors'.padStart(7),
    )
    for (const backend of databases.list) {
      const token = await benchToken(backend)
      const roster = await startRoster(backend.dbFile, backend.databaseUrl)
      servers.push(roster)
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' }
      const rounds: Record<string, Measured[]> = { 'POST /Users one by one': [], 'POST /Bulk': [] }
      for (let round = 0; round < ROUNDS; round++) {
        rounds['POST /Users one by one']?.push(await create(roster, headers, 0))
        rounds['POST /Bulk']?.push(await create(roster, headers, OPS))
      }
      const perSecond: Record<string, number> = {}
      for (const [name, list] of Object.entries(rounds)) {
        const users = median(list.map((m) => m.usersPerSecond))
        perSecond[name] = users
        console.log(
          backend.name.padEnd(12),
          (name === 'POST /Bulk' ? `POST /Bulk (${OPS} ops)` : name).padEnd(26),
          users.toFixed(0).padStart(9),
          median(list.map((m) => m.p50))
            .toFixed(1)
            .padStart(8),
          median(list.map((m) => m.p99))
            .toFixed(1)
            .padStart(8),
          String(list.reduce((n, m) => n + m.errors, 0)).padStart(7),
        )
      }
      const ratio = (perSecond['POST /Bulk'] ?? 0) / (perSecond['POST /Users one by one'] ?? 1)
      console.log(
        backend.name.padEnd(12),
        `Bulk / one by one: ${ratio.toFixed(2)}× users per second`,
        `(peak RSS ${roster.peakMiB().toFixed(0)} MiB)`,
      )
      servers.splice(servers.indexOf(roster), 1)
      await roster.stop()
    }
  } finally {
    for (const server of servers) await server.stop().catch(() => {})
    await databases?.drop()
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
