// CPU per write: Roster's own CPU time (user + system, every thread of the process) per durable
// `POST /Users`, Entra's user PATCH (replace name.familyName and emails[type eq "work"].value), `POST
// /Groups` and a member PATCH of 100, measured in process with process.cpuUsage() around requests sent
// through app.inject() 16 at a time (no socket, no load generator on the cores: less noise than req/s
// on a shared machine). The store is opened as `roster serve` opens it (group commit, checkpoints, the
// provisioning log recorder). Medians of BENCH_ROUNDS rounds.
//
//   npm run bench:writes      (BENCH_USERS=20000 BENCH_REQUESTS=1500 BENCH_ROUNDS=3)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { mintToken } from '../src/auth/secret-token.js'
import { createApp } from '../src/http/app.js'
import { createLogger } from '../src/log.js'
import { defaultTenant, openLog, openStore } from '../src/main.js'
import { createRecorder } from '../src/provisioning/recorder.js'
import { createBenchUsers } from './bench-users.js'
import { median } from './measure.js'

const USERS = Number(process.env['BENCH_USERS'] ?? 20_000)
const REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? 1500)
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3)
const BASE = '/api/xm/1/scim/v2'
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User'
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group'
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'

const dir = mkdtempSync(join(tmpdir(), 'roster-bench-writes-'))
const dbFile = join(dir, 'roster.db')
const store = await openStore({ dbFile })
const tenant = await defaultTenant(store)
const data = store.forTenant(tenant.id)
const ids = await createBenchUsers(data, USERS)
const { token } = await mintToken(store, tenant.id, 'bench', null)
const log = await openLog({ dbFile, databaseUrl: '' })
const recorder = createRecorder({ log, onError: () => {} })
const app = await createApp({
  store,
  logger: createLogger('silent'),
  bodyLimit: 1 << 20,
  log,
  recorder,
})
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' }
const groups: string[] = []
let n = 0
type Made = { method: 'POST' | 'PATCH'; url: string; payload: string }
const scenarios: Record<string, () => Made> = {
  'POST /Users': () => {
    const i = n++
    return {
      method: 'POST',
      url: `${BASE}/Users`,
      payload: JSON.stringify({
        schemas: [USER],
        userName: `new${i}@contoso.com`,
        name: { givenName: 'New', familyName: `User ${i}` },
        emails: [{ value: `new${i}@contoso.com`, type: 'work', primary: true }],
        active: true,
      }),
    }
  },
  "Entra's user PATCH": () => {
    const i = n++
    return {
      method: 'PATCH',
      url: `${BASE}/Users/${ids[i % ids.length]}`,
      payload: JSON.stringify({
        schemas: [PATCH],
        Operations: [
          { op: 'Replace', path: 'name.familyName', value: `Family ${i}` },
          { op: 'Replace', path: 'emails[type eq "work"].value', value: `moved${i}@contoso.com` },
        ],
      }),
    }
  },
  'POST /Groups': () => {
    const i = n++
    return {
      method: 'POST',
      url: `${BASE}/Groups`,
      payload: JSON.stringify({
        schemas: [GROUP],
        displayName: `Team ${i}`,
        externalId: `team-${i}`,
      }),
    }
  },
  'PATCH /Groups: add 100 members': () => {
    const i = n++
    return {
      method: 'PATCH',
      url: `${BASE}/Groups/${groups[i % groups.length]}`,
      payload: JSON.stringify({
        schemas: [PATCH],
        Operations: [
          {
            op: 'Add',
            path: 'members',
            value: Array.from({ length: 100 }, () => ({
              value: ids[Math.floor(Math.random() * ids.length)],
            })),
          },
        ],
      }),
    }
  },
}

/** `count` requests of `scenario`, 16 at a time; Roster's CPU ms per request. */
async function cpuPerRequest(scenario: () => Made, count: number): Promise<number> {
  let next = 0
  const before = process.cpuUsage()
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next++ < count) {
        const response = await app.inject({ ...scenario(), headers })
        if (response.statusCode >= 300) throw new Error(`${response.statusCode} ${response.body}`)
      }
    }),
  )
  const used = process.cpuUsage(before)
  return (used.user + used.system) / 1000 / count
}

// The groups the member PATCHes fill (100 users drawn at random each: nearly all new members).
for (let i = 0; i < USERS / 100; i++) {
  const response = await app.inject({ ...scenarios['POST /Groups']!(), headers })
  groups[i] = (JSON.parse(response.body) as { id: string }).id
}
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
console.log(
  `${USERS} users, ${REQUESTS} requests per round (16 at a time), ${ROUNDS} rounds, SQLite`,
)
console.log(`${'request'.padEnd(32)} ${'CPU ms/req'.padStart(10)}  runs`)
const loads = [load()]
for (const [name, scenario] of Object.entries(scenarios)) {
  const count = name.startsWith('PATCH /Groups') ? Math.min(REQUESTS, groups.length) : REQUESTS
  // A whole round first: caches, prepared statements and V8's optimised code (a 200-request warm-up
  // left the first measured round 30% dearer than the third).
  await cpuPerRequest(scenario, count)
  const runs: number[] = []
  for (let r = 0; r < ROUNDS; r++) runs.push(await cpuPerRequest(scenario, count))
  console.log(
    `${name.padEnd(32)} ${median(runs).toFixed(3).padStart(10)}  ${runs.map((v) => v.toFixed(3)).join(' ')}`,
  )
}
loads.push(load())
console.log(`load average: ${loads.join(' → ')}`)
await app.close()
await store.close()
rmSync(dir, { recursive: true, force: true })
process.exit(0)
