// Where Roster's event loop spends its CPU on each hot path (issue 13): for every scenario a fresh
// `roster serve` on the same database is profiled with `node --cpu-prof` while autocannon sends that
// one kind of request for BENCH_SECONDS, and its profile is summed by category (the database's own work,
// the socket writes, Fastify, rendering, authentication, the provisioning log, …) as shares of the busy
// time, start-up excluded. Users are created through the store's batch (TenantStore.createUsers). Runs on
// SQLite and, when DATABASE_URL is set, on PostgreSQL (BENCH_DATABASES=sqlite|postgres for one of them);
// prints one table per database, and the profiles' folder with BENCH_KEEP (open them in Chrome's DevTools
// for the detail).
//
//   npm run bench:profile   (BENCH_USERS=20000 BENCH_SECONDS=10 BENCH_CONNECTIONS=10
//                            BENCH_SCENARIOS=match,get,patch,post,page,co,sw,ew)
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Request } from 'autocannon'
import { defaultTenant, openStore } from '../src/main.js'
import { backends, benchToken } from './backends.js'
import type { Backend } from './backends.js'
import { createBenchUsers } from './bench-users.js'
import { load } from './measure.js'
import { startRoster } from './servers.js'

const USERS = Number(process.env['BENCH_USERS'] ?? 20_000)
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10)
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 10)
const SCENARIOS = (process.env['BENCH_SCENARIOS'] ?? 'match,get,patch,post,page,co,sw,ew').split(
  ',',
)
const BASE = '/api/xm/1/scim/v2'

interface ProfileNode {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string }
  readonly children?: readonly number[]
}
interface Profile {
  readonly nodes: readonly ProfileNode[]
  readonly samples: readonly number[]
  readonly timeDeltas: readonly number[]
}

/** Categories, tried from the sampled frame outwards: the first frame that matches one names the sample. */
const CATEGORIES: readonly [string, (url: string, fn: string) => boolean][] = [
  ['SQLite (statements run)', (u) => u.includes('statement-cache')],
  ['PostgreSQL driver (pg)', (u) => /\/pg\/|\/pg-protocol\/|\/pg-pool\/|\/pg-types\//.test(u)],
  ['Kysely', (u) => u.includes('/kysely/')],
  [
    'rendering (SCIM JSON, projection)',
    (u) => /user-view|project\.[jt]s|user-json|group-json|json-stream|scim-reply/.test(u),
  ],
  ['search and filter parsing', (u) => /scim\/search|scim\/filter|sql\/match\.[jt]s/.test(u)],
  ['validation and PATCH', (u) => /scim\/profile|scim\/patch|scim\/resource\/coerce/.test(u)],
  ['the store (hydration, writes)', (u) => /(src|dist)\/store\//.test(u)],
  [
    'authentication and limits',
    (u) => /http\/auth\.[jt]s|(src|dist)\/auth\/|rate-limit|http\/tenant\.[jt]s/.test(u),
  ],
  ['provisioning log and metrics', (u) => /provisioning|recorder|scim\/log|prom-client/.test(u)],
  [
    // On PostgreSQL this includes writing the queries to the database's socket.
    'socket writes',
    (u, f) =>
      ['writev', 'writeUtf8String', 'writeBuffer'].includes(f) || u.includes('stream_base_commons'),
  ],
  ['Fastify', (u) => /\/fastify\/|find-my-way|fast-querystring/.test(u)],
  ['Node.js HTTP', (u) => /_http_|node:net/.test(u)],
  ['garbage collection', (_u, f) => f === '(garbage collector)'],
  ['module loading (start-up)', (u) => /modules\/|\/tsx\//.test(u)],
]

/** Busy time per category, in shares of the busy time outside start-up. */
function summarise(profile: Profile): { busyMs: number; shares: Map<string, number> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const totals = new Map<string, number>()
  profile.samples.forEach((sample, i) => {
    const node = byId.get(sample)
    if (!node || node.callFrame.functionName === '(idle)') return
    let category = 'other'
    for (let at: number | undefined = sample; at !== undefined; at = parent.get(at)) {
      const frame = (byId.get(at) as ProfileNode).callFrame
      const hit = CATEGORIES.find(([, test]) => test(frame.url, frame.functionName))
      if (hit) {
        category = hit[0]
        break
      }
    }
    totals.set(category, (totals.get(category) ?? 0) + (profile.timeDeltas[i] ?? 0))
  })
  totals.delete('module loading (start-up)')
  const busy = [...totals.values()].reduce((a, b) => a + b, 0)
  return {
    busyMs: busy / 1000,
    shares: new Map([...totals].map(([k, v]) => [k, v / busy])),
  }
}

/** User and system CPU of a process so far (every thread), in ms, from /proc/PID/stat. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command; in clock ticks (100/s).
  return (Number(fields[11]) + Number(fields[12])) * 10
}

/** USERS users as the other benchmarks make them (an email, a phone and a role), through the store's batch. */
async function seed(backend: Backend): Promise<string[]> {
  const store = await openStore({
    dbFile: backend.dbFile,
    ...(backend.databaseUrl ? { databaseUrl: backend.databaseUrl } : {}),
  })
  try {
    return await createBenchUsers(store.forTenant((await defaultTenant(store)).id), USERS)
  } finally {
    await store.close()
  }
}

/** Profiles every scenario on one database; prints its table. */
async function profileOn(backend: Backend, dir: string): Promise<void> {
  const ids = await seed(backend)
  const token = await benchToken(backend)
  const random = () => ids[Math.floor(Math.random() * ids.length)] as string
  let created = 0
  const scenarios: Record<string, Request[]> = {
    match: [
      {
        method: 'GET',
        setupRequest: (r) => ({
          ...r,
          path: `${BASE}/Users?filter=${encodeURIComponent(`userName eq "user${Math.floor(Math.random() * USERS)}@contoso.com"`)}`,
        }),
      },
    ],
    get: [{ method: 'GET', setupRequest: (r) => ({ ...r, path: `${BASE}/Users/${random()}` }) }],
    patch: [
      {
        method: 'PATCH',
        setupRequest: (r) => ({
          ...r,
          path: `${BASE}/Users/${random()}`,
          body: JSON.stringify({
            schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
            Operations: [
              { op: 'Replace', path: 'name.familyName', value: `F${Math.random()}` },
              {
                op: 'Replace',
                path: 'emails[type eq "work"].value',
                value: `w${Math.random()}@contoso.com`,
              },
            ],
          }),
        }),
      },
    ],
    post: [
      {
        method: 'POST',
        setupRequest: (r) => ({
          ...r,
          path: `${BASE}/Users`,
          body: JSON.stringify({
            schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
            userName: `new${process.pid}-${created++}@contoso.com`,
            name: { givenName: 'New', familyName: 'User' },
            emails: [{ value: `n${created}@contoso.com`, type: 'work', primary: true }],
            active: true,
          }),
        }),
      },
    ],
    page: [
      {
        method: 'GET',
        setupRequest: (r) => ({
          ...r,
          path: `${BASE}/Users?startIndex=${1 + Math.floor(Math.random() * Math.max(1, USERS - 100))}&count=100`,
        }),
      },
    ],
    // The substring filters of users.bench.ts: a few users each.
    co: substring((n) => `userName co "ER${n}@"`),
    sw: substring((n) => `userName sw "USER${n}@"`),
    ew: substring((n) => `userName ew "${n}@contoso.com"`),
  }
  const rows: {
    name: string
    rps: number
    cpuUs: number
    busyMs: number
    shares: Map<string, number>
  }[] = []
  for (const name of SCENARIOS) {
    const requests = scenarios[name]
    if (!requests)
      throw new Error(`unknown scenario ${name} (${Object.keys(scenarios).join(', ')})`)
    const profiles = join(dir, `profile-${backend.name}-${name}`)
    process.env['BENCH_ROSTER_NODE_ARGS'] = `--cpu-prof --cpu-prof-dir=${profiles}`
    const roster = await startRoster(backend.dbFile, backend.databaseUrl)
    const options = {
      connections: CONNECTIONS,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
    }
    // A warm-up (the read pool's workers start on first use), then the measured run, whose CPU is
    // read from /proc (the process's every thread; not the read pool's worker processes).
    await load(roster.url, requests, { ...options, seconds: 2 })
    const before = cpuMs(roster.child.pid as number)
    const result = await load(roster.url, requests, { ...options, seconds: SECONDS })
    const cpu = cpuMs(roster.child.pid as number) - before
    await roster.stop()
    // The largest profile is the event loop's (the others are the log's and the checkpointer's threads).
    const [main] = readdirSync(profiles)
      .map((f) => join(profiles, f))
      .sort((a, b) => readFileSync(b).length - readFileSync(a).length)
    const profile = JSON.parse(readFileSync(main as string, 'utf8')) as Profile
    rows.push({
      name,
      rps: result.rps,
      cpuUs: (1000 * cpu) / Math.max(1, result.rps * SECONDS),
      ...summarise(profile),
    })
  }
  const categories = [...new Set([...CATEGORIES.map(([c]) => c), 'other'])].filter(
    (c) => c !== 'module loading (start-up)',
  )
  console.log(
    `${backend.name}: ${USERS} users, ${CONNECTIONS} connections, ${SECONDS} s per scenario; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  )
  console.log(`${'share of busy CPU'.padEnd(36)}${rows.map((r) => r.name.padStart(9)).join('')}`)
  for (const c of categories)
    console.log(
      `${c.padEnd(36)}${rows.map((r) => `${(100 * (r.shares.get(c) ?? 0)).toFixed(1)}%`.padStart(9)).join('')}`,
    )
  console.log(`${'req/s'.padEnd(36)}${rows.map((r) => r.rps.toFixed(0).padStart(9)).join('')}`)
  console.log(
    `${'process CPU per request, µs'.padEnd(36)}${rows.map((r) => r.cpuUs.toFixed(0).padStart(9)).join('')}`,
  )
}

/** A filter GET on a user number drawn at random. */
function substring(filter: (n: number) => string): Request[] {
  return [
    {
      method: 'GET',
      setupRequest: (r) => ({
        ...r,
        path: `${BASE}/Users?filter=${encodeURIComponent(filter(Math.floor(Math.random() * USERS)))}`,
      }),
    },
  ]
}

const dir = mkdtempSync(join(tmpdir(), 'roster-profile-'))
const databases = await backends(dir, 'roster_bench_profile')
try {
  for (const backend of databases.list) await profileOn(backend, dir)
} finally {
  await databases.drop()
  if (process.env['BENCH_KEEP'] === undefined) rmSync(dir, { recursive: true, force: true })
  else console.log(`profiles kept in ${dir}`)
}
