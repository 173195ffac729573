// Groups benchmark: the cost of Entra's group traffic on a group of 100,000 members beside the same
// operations on a 100-member group, in one run, with a bare node:http server as the ceiling. Reports the
// median latency of adding one member (Entra's PATCH), removing one member, and reading the group with
// `excludedAttributes=members`, their large/small ratio (close to 1 means the cost does not grow with
// the group), and the time and peak memory of reading the whole 100,000-member group.
//
//   npm run bench:groups      (BENCH_MEMBERS=100000 BENCH_SMALL=100 BENCH_ROUNDS=3 BENCH_REQUESTS=200)
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import Sqlite from 'better-sqlite3'
import { mintToken } from '../src/auth/secret-token.js'
import { defaultTenant } from '../src/main.js'
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js'
import { userColumns } from '../src/store/sql/user-rows.js'
import { median } from './measure.js'
import { startBare, startRoster } from './servers.js'
import type { Server } from './servers.js'

const MEMBERS = Number(process.env['BENCH_MEMBERS'] ?? 100_000)
const SMALL = Number(process.env['BENCH_SMALL'] ?? 100)
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3)
const REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? 200)
const BASE = '/api/xm/1/scim/v2'
/** Users outside both groups, added and removed by the PATCH scenarios. */
const SPARE = REQUESTS

/** Median latency in ms of `count` sequential requests made by `request(i)`; every answer must be 2xx. */
async function latency(count: number, request: (i: number) => Promise<Response>): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < count; i++) {
    const started = performance.now()
    const response = await request(i)
    await response.arrayBuffer()
    if (!response.ok) throw new Error(`request ${i} answered ${response.status}`)
    times.push(performance.now() - started)
  }
  return median(times)
}

/** Seeds users in one transaction through the store's own row mapping (one fsync, not 100,000). */
function seedUsers(file: string, tenantId: string, count: number): string[] {
  const db = new Sqlite(file)
  const time = new Date().toISOString()
  const ids: string[] = []
  let insert: Sqlite.Statement | undefined
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = randomUUID()
      const columns = userColumns({
        userName: `member${i}@contoso.com`,
        givenName: 'Member',
        familyName: String(i),
        active: true,
        emails: [],
        phoneNumbers: [],
        roles: [],
      })
      const row = {
        ...columns,
        tenant_id: tenantId,
        id,
        created: time,
        last_modified: time,
        version: 1,
      }
      // The statement is built from the row mapping's own keys, so it follows the schema.
      insert ??= db.prepare(
        `insert into users (${Object.keys(row).join(', ')}) values (${Object.keys(row)
          .map((k) => `@${k}`)
          .join(', ')})`,
      )
      insert.run(row)
      ids.push(id)
    }
  })()
  db.close()
  return ids
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'roster-bench-groups-'))
  const file = join(dir, 'roster.db')
  const servers: Server[] = []
  try {
    const started = Date.now()
    let store = await openSqliteStore({ file })
    const tenant = await defaultTenant(store)
    await store.close()
    const ids = seedUsers(file, tenant.id, MEMBERS + SPARE)
    store = await openSqliteStore({ file })
    const data = store.forTenant(tenant.id)
    // The groups are built through the store: member ids checked and inserted in chunks.
    const large = await data.createGroup(
      { displayName: 'Everyone' },
      ids.slice(0, MEMBERS).map((value) => ({ value })),
    )
    const small = await data.createGroup(
      { displayName: 'On-call' },
      ids.slice(0, SMALL).map((value) => ({ value })),
    )
    const { token } = await mintToken(store, tenant.id, 'bench', null)
    await store.close()
    console.log(
      `seeded ${MEMBERS + SPARE} users and groups of ${MEMBERS} and ${SMALL} members in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    )
    const spare = ids.slice(MEMBERS)

    const roster = await startRoster(file)
    servers.push(roster)
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' }
    const sample = await fetch(
      `${roster.url}${BASE}/Groups/${small.id}?excludedAttributes=members`,
      {
        headers,
      },
    )
    const bare = await startBare(await sample.text())
    servers.push(bare)

    const patch = (groupId: string, op: 'Add' | 'Remove', userId: string): Promise<Response> =>
      fetch(`${roster.url}${BASE}/Groups/${groupId}`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify({
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op, path: 'members', value: [{ $ref: null, value: userId }] }],
        }),
      })
    const scenarios: Record<string, (groupId: string) => Promise<number>> = {
      'PATCH add one member': (g) => latency(REQUESTS, (i) => patch(g, 'Add', spare[i] as string)),
      'PATCH remove one member': (g) =>
        latency(REQUESTS, (i) => patch(g, 'Remove', spare[i] as string)),
      'GET excludedAttributes=members': (g) =>
        latency(REQUESTS, () =>
          fetch(`${roster.url}${BASE}/Groups/${g}?excludedAttributes=members`, { headers }),
        ),
    }
    const bareTimes: number[] = []
    const results: Record<string, { large: number[]; small: number[] }> = {}
    for (let round = 0; round < ROUNDS; round++) {
      bareTimes.push(await latency(REQUESTS, () => fetch(bare.url)))
      for (const [name, run] of Object.entries(scenarios)) {
        const entry = (results[name] ??= { large: [], small: [] })
        entry.large.push(await run(large.id))
        entry.small.push(await run(small.id))
      }
    }

    // The whole large group, streamed: time, size, and the server's peak memory before and after.
    const rssBefore = roster.peakMiB()
    const fullTimes: number[] = []
    let bytes = 0
    let count = 0
    for (let round = 0; round < ROUNDS; round++) {
      const t0 = performance.now()
      const response = await fetch(`${roster.url}${BASE}/Groups/${large.id}`, { headers })
      const text = await response.text()
      fullTimes.push(performance.now() - t0)
      bytes = text.length
      count = (JSON.parse(text) as { members?: unknown[] }).members?.length ?? 0
    }
    const rssAfter = roster.peakMiB()

    const bareMs = median(bareTimes)
    console.log(
      `\n${ROUNDS} rounds of ${REQUESTS} sequential requests per scenario; medians of the per-round medians`,
    )
    console.log(`bare node:http GET: ${bareMs.toFixed(2)} ms`)
    console.log(
      'scenario'.padEnd(34),
      `${MEMBERS} ms`.padStart(11),
      `${SMALL} ms`.padStart(9),
      'large/small'.padStart(12),
      'large/bare'.padStart(11),
    )
    for (const [name, { large: l, small: s }] of Object.entries(results)) {
      const lm = median(l)
      const sm = median(s)
      console.log(
        name.padEnd(34),
        lm.toFixed(2).padStart(11),
        sm.toFixed(2).padStart(9),
        (lm / sm).toFixed(2).padStart(12),
        (lm / bareMs).toFixed(1).padStart(11),
      )
    }
    console.log(
      `\nGET the ${MEMBERS}-member group: ${count} members, ${(bytes / 1024 / 1024).toFixed(1)} MiB, median ${median(fullTimes).toFixed(0)} ms`,
    )
    console.log(
      `peak RSS of roster: ${rssBefore.toFixed(0)} MiB before the full reads, ${rssAfter.toFixed(0)} MiB after; bare ${bare.peakMiB().toFixed(0)} MiB`,
    )
  } finally {
    for (const s of servers) await s.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
