// Storage benchmark: Entra's matching query (`userName eq`) and user creation on SQLite and on
// PostgreSQL, with one Roster instance and with two instances on the same database (load split between
// them, as behind a load balancer), beside a bare node:http server, all in one run. Several rounds,
// interleaved; medians printed, with each instance's peak memory.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:storage
//   (BENCH_USERS=20000 BENCH_ROUNDS=3 BENCH_SECONDS=5 BENCH_CONNECTIONS=10)
// The PostgreSQL runs use a database created for the run (roster_bench_<pid>) and dropped after it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Request } from 'autocannon'
import { mintToken } from '../src/auth/secret-token.js'
import { defaultTenant, openStore } from '../src/main.js'
import type { Store } from '../src/store/store.js'
import { backends } from './backends.js'
import type { Backend, Backends } from './backends.js'
import { combine, load, printResults } from './measure.js'
import type { Result } from './measure.js'
import { startBare, startRoster } from './servers.js'
import type { Server } from './servers.js'

const USERS = Number(process.env['BENCH_USERS'] ?? 20_000)
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3)
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5)
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 10)
const BASE = '/api/xm/1/scim/v2'
/** Concurrent creations while seeding (PostgreSQL takes them in parallel; SQLite one at a time). */
const SEED_PARALLEL = 16

/** Seeds USERS users through the store and mints a token; returns the token. */
async function seed(store: Store): Promise<string> {
  const tenant = await defaultTenant(store)
  const data = store.forTenant(tenant.id)
  let next = 0
  const worker = async (): Promise<void> => {
    for (let i = next++; i < USERS; i = next++) {
      await data.createUser(
        {
          userName: `user${i}@contoso.com`,
          externalId: `ext-${i}`,
          active: true,
          emails: [{ value: `user${i}@contoso.com`, type: 'work', device: 'Work Email' }],
          phoneNumbers: [],
          roles: [{ value: 'Standard User' }],
        },
        undefined,
      )
    }
  }
  await Promise.all(Array.from({ length: SEED_PARALLEL }, worker))
  return (await mintToken(store, tenant.id, 'bench', null)).token
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'roster-bench-storage-'))
  const servers: Server[] = []
  let databases: Backends | undefined
  try {
    databases = await backends(dir, 'roster_bench')
    const backendList: Backend[] = databases.list

    const scenarios: Record<string, () => Promise<Result>> = {}
    const bare = await startBare(
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"]}',
    )
    servers.push(bare)
    scenarios['bare node:http (fixed body)'] = () =>
      load(bare.url, [{ method: 'GET', path: '/' }], { connections: CONNECTIONS, seconds: SECONDS })
    const peaks: (() => string)[] = []
    for (const backend of backendList) {
      const started = Date.now()
      const store = await openStore({
        dbFile: backend.dbFile,
        ...(backend.databaseUrl ? { databaseUrl: backend.databaseUrl } : {}),
      })
      const token = await seed(store)
      await store.close()
      console.log(
        `${backend.name}: seeded ${USERS} users in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      )
      const instances = [
        await startRoster(backend.dbFile, backend.databaseUrl),
        await startRoster(backend.dbFile, backend.databaseUrl),
      ]
      servers.push(...instances)
      peaks.push(
        () =>
          `${backend.name} ${instances.map((s) => `${s.peakMiB().toFixed(0)} MiB`).join(' / ')}`,
      )
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' }
      let created = 0
      const match: Request = {
        method: 'GET',
        setupRequest: (r) => ({
          ...r,
          path: `${BASE}/Users?filter=userName+eq+%22USER${Math.floor(Math.random() * USERS)}%40contoso.com%22`,
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
        scenarios[`${backend.name} ${label}, 1 instance`] = () =>
          load((instances[0] as Server).url, [request], {
            connections: CONNECTIONS,
            seconds: SECONDS,
            headers,
          })
        // The same total connections, split over two instances.
        scenarios[`${backend.name} ${label}, 2 instances`] = async () =>
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

    const results: Record<string, Result[]> = {}
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, run] of Object.entries(scenarios)) (results[name] ??= []).push(await run())
    }
    console.log(
      `\n${ROUNDS} rounds of ${SECONDS} s, ${CONNECTIONS} connections in all, ${USERS} users; medians`,
    )
    printResults(results, 'bare node:http (fixed body)')
    console.log(`\npeak RSS per instance: ${peaks.map((p) => p()).join('; ')}`)
  } finally {
    for (const s of servers) await s.stop()
    await databases?.drop()
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
