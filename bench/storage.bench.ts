// Storage benchmark: Entra's matching query (`userName eq`) and user creation on SQLite and on
// PostgreSQL, with one Roster instance and with two instances on the same database (load split between
// them, as behind a load balancer), beside a bare node:http server, all in one run. Several rounds,
// interleaved; medians printed, with each instance's peak memory. Users are seeded through the store's
// batch API (TenantStore.createUsers); BENCH_USERS may list sizes, each seeded into databases of its own
// and measured in the same rounds (issue 13: the match at 1,000,000 users against 100,000).
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:storage
//   (BENCH_USERS=20000 BENCH_ROUNDS=3 BENCH_SECONDS=5 BENCH_CONNECTIONS=10)
//   BENCH_USERS=100000,1000000 npm run bench:storage
// The PostgreSQL runs use a database created for the run (roster_bench_<size>_<pid>), dropped after it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Request } from 'autocannon'
import { mintToken } from '../src/auth/secret-token.js'
import { defaultTenant, openStore } from '../src/main.js'
import type { NewUser, Store } from '../src/store/store.js'
import { backends } from './backends.js'
import type { Backends } from './backends.js'
import { combine, load, printResults } from './measure.js'
import type { Result } from './measure.js'
import { startBare, startRoster } from './servers.js'
import type { Server } from './servers.js'

/** Directory sizes, each seeded into databases of its own: `BENCH_USERS=100000,1000000` runs both. */
const SIZES = (process.env['BENCH_USERS'] ?? '20000').split(',').map(Number)
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3)
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5)
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 10)
const BASE = '/api/xm/1/scim/v2'
/**
 * Users per TenantStore.createUsers call while seeding (one transaction each, the API `roster users
 * import` writes through), and calls in flight at once: PostgreSQL runs them in parallel, SQLite one at
 * a time (the next batch's rows are built while one commits). 10,000 rather than import's 1,000: SQLite
 * writes every index page a transaction touched to the WAL, and larger transactions share more pages
 * (a third less CPU at 300,000 users; docs/performance.md, "1,000,000 users on SQLite").
 */
const SEED_BATCH = 10_000
const SEED_PARALLEL = 2
/**
 * SQLite's page cache while seeding, in MiB: each user touches random pages of the id indexes, and at
 * 1,000,000 users they no longer fit the default 16 MiB. Seeding only; the servers keep their default.
 */
const SEED_CACHE_MIB = 256

/** The bench's user number `i`. */
function benchUser(i: number): NewUser {
  return {
    data: {
      userName: `user${i}@contoso.com`,
      externalId: `ext-${i}`,
      active: true,
      emails: [{ value: `user${i}@contoso.com`, type: 'work', device: 'Work Email' }],
      phoneNumbers: [],
      roles: [{ value: 'Standard User' }],
    },
  }
}

/** Seeds `users` users through the store's batch API and mints a token; returns the token. */
async function seed(store: Store, users: number): Promise<string> {
  const tenant = await defaultTenant(store)
  const data = store.forTenant(tenant.id)
  let next = 0
  const worker = async (): Promise<void> => {
    for (let from = next; from < users; from = next) {
      next = Math.min(users, from + SEED_BATCH)
      const batch = Array.from({ length: next - from }, (_, k) => benchUser(from + k))
      const created = await data.createUsers(batch)
      if (created.some((user) => user === undefined))
        throw new Error(`users ${from}..${next - 1}: a userName was already taken`)
    }
  }
  await Promise.all(Array.from({ length: SEED_PARALLEL }, worker))
  return (await mintToken(store, tenant.id, 'bench', null)).token
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'roster-bench-storage-'))
  const servers: Server[] = []
  const databases: Backends[] = []
  try {
    const scenarios: Record<string, () => Promise<Result>> = {}
    const bare = await startBare(
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"]}',
    )
    servers.push(bare)
    scenarios['bare node:http (fixed body)'] = () =>
      load(bare.url, [{ method: 'GET', path: '/' }], { connections: CONNECTIONS, seconds: SECONDS })
    const peaks: (() => string)[] = []
    for (const users of SIZES) {
      const sized = await backends(join(dir, String(users)), `roster_bench_${users}`)
      databases.push(sized)
      for (const backend of sized.list) {
        const name = SIZES.length > 1 ? `${backend.name} ${users}` : backend.name
        const started = Date.now()
        const cpu = process.cpuUsage()
        const store = await openStore({
          dbFile: backend.dbFile,
          ...(backend.databaseUrl ? { databaseUrl: backend.databaseUrl } : {}),
          sqliteCacheMiB: SEED_CACHE_MIB,
        })
        const token = await seed(store, users)
        await store.close()
        const spent = process.cpuUsage(cpu)
        console.log(
          `${name}: seeded ${users} users in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
            `(this process's CPU ${((spent.user + spent.system) / 1e6).toFixed(1)} s; load ${loadAverage()})`,
        )
        const instances = [
          await startRoster(backend.dbFile, backend.databaseUrl),
          await startRoster(backend.dbFile, backend.databaseUrl),
        ]
        servers.push(...instances)
        peaks.push(() => `${name} ${instances.map(memoryOf).join(' / ')}`)
        scenariosFor(scenarios, name, instances, token, users)
      }
    }

    const results: Record<string, Result[]> = {}
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, run] of Object.entries(scenarios)) (results[name] ??= []).push(await run())
    }
    console.log(
      `\n${ROUNDS} rounds of ${SECONDS} s, ${CONNECTIONS} connections in all, ${SIZES.join(' and ')} users; ` +
        `medians; load ${loadAverage()}`,
    )
    printResults(results, 'bare node:http (fixed body)')
    console.log(
      `\npeak RSS per instance (read pool's workers apart):\n${peaks.map((p) => `  ${p()}`).join('\n')}`,
    )
  } finally {
    for (const s of servers) await s.stop()
    for (const d of databases) await d.drop()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Adds the match and creation scenarios of one database's two instances. */
function scenariosFor(
  scenarios: Record<string, () => Promise<Result>>,
  name: string,
  instances: readonly Server[],
  token: string,
  users: number,
): void {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' }
  let created = 0
  const match: Request = {
    method: 'GET',
    setupRequest: (r) => ({
      ...r,
      path: `${BASE}/Users?filter=userName+eq+%22USER${Math.floor(Math.random() * users)}%40contoso.com%22`,
    }),
  }
  const create: Request = {
    method: 'POST',
    setupRequest: (r) => ({
      ...r,
      path: `${BASE}/Users`,
      body: JSON.stringify({
        userName: `new${created++}-${process.pid}@contoso.com`,
        emails: [{ type: 'work', value: 'n@contoso.com' }],
      }),
    }),
  }
  for (const [label, request] of [
    ['Entra match', match],
    ['POST /Users', create],
  ] as const) {
    scenarios[`${name} ${label}, 1 instance`] = () =>
      load((instances[0] as Server).url, [request], {
        connections: CONNECTIONS,
        seconds: SECONDS,
        headers,
      })
    // The same total connections, split over two instances.
    scenarios[`${name} ${label}, 2 instances`] = async () =>
      combine(
        await Promise.all(
          instances.map((s) =>
            load(s.url, [request], {
              connections: Math.max(1, CONNECTIONS / 2),
              seconds: SECONDS,
              headers,
            }),
          ),
        ),
      )
  }
}

const loadAverage = (): string =>
  readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')

/** A field of /proc/PID/status in MiB (0 once the process is gone). */
function statusMiB(pid: number | undefined, field: string): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024
  } catch {
    return 0
  }
}

/**
 * An instance's peak RSS (VmHWM) and what it is now, anonymous memory (V8 heap, SQLite's page cache)
 * apart from mapped files; its read pool's workers (child processes, started by the first costly
 * list) are counted apart.
 */
function memoryOf(server: Server): string {
  const pid = server.child.pid
  const mib = (n: number): string => `${n.toFixed(0)} MiB`
  let workers: number[] = []
  try {
    workers = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(' ')
      .filter((p) => p.trim() !== '')
      .map(Number)
  } catch {
    workers = []
  }
  const pool = workers.reduce((n, w) => n + statusMiB(w, 'VmHWM'), 0)
  return (
    `peak ${mib(statusMiB(pid, 'VmHWM'))} (now ${mib(statusMiB(pid, 'RssAnon'))} anonymous + ` +
    `${mib(statusMiB(pid, 'RssFile'))} files)` +
    (workers.length > 0 ? ` + read pool ${workers.length} workers ${mib(pool)}` : '')
  )
}

await main()
