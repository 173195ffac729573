// Users benchmark on SQLite and, when DATABASE_URL is set, on PostgreSQL, beside a bare node:http server
// measured in the same rounds: Entra's matching query (`userName eq`), a read by id, Entra's user PATCH
// (replace `name.familyName` and `emails[type eq "work"].value`), a create, substring filters (`co`,
// `sw`, `ew`), the first and last pages of a 100-item listing by startIndex and by RFC 9865 cursor.
// Rounds interleave every scenario of every database; one table of medians, each ratio against the
// bare server of the same rounds, with peak memory. Pages are also compared with a bare server
// answering a 100-user page's bytes.
//
//   npm run bench    (BENCH_USERS=100000 BENCH_ROUNDS=3 BENCH_SECONDS=5 BENCH_CONNECTIONS=10;
//                     DATABASE_URL=postgres://postgres@127.0.0.1:5432/test adds PostgreSQL, in a
//                     database created for the run and dropped after it)
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Request } from 'autocannon'
import { mintToken } from '../src/auth/secret-token.js'
import { writeCursors } from '../src/scim/cursor.js'
import { defaultTenant, openStore } from '../src/main.js'
import { benchUser } from './bench-users.js'
import { backends } from './backends.js'
import type { Backend, Backends } from './backends.js'
import { load as measure, median } from './measure.js'
import type { Result } from './measure.js'
import { startBare, startRoster } from './servers.js'
import type { Server } from './servers.js'

const USERS = Number(process.env['BENCH_USERS'] ?? 100_000)
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3)
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5)
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 10)
/** Concurrent creations while seeding (PostgreSQL takes them in parallel; SQLite commits as a group). */
const SEED_PARALLEL = 16
const BASE = '/api/xm/1/scim/v2'

const load = (url: string, requests: Request[], headers: Record<string, string> = {}) =>
  measure(url, requests, { connections: CONNECTIONS, seconds: SECONDS, headers })

interface Seeded {
  readonly token: string
  readonly ids: readonly string[]
}

/** USERS users with an email, a phone and a role each, through the store; a token. */
async function seed(backend: Backend): Promise<Seeded> {
  const store = await openStore({
    dbFile: backend.dbFile,
    ...(backend.databaseUrl ? { databaseUrl: backend.databaseUrl } : {}),
  })
  try {
    const tenant = await defaultTenant(store)
    const data = store.forTenant(tenant.id)
    const ids: string[] = new Array<string>(USERS)
    let next = 0
    const worker = async (): Promise<void> => {
      for (let i = next++; i < USERS; i = next++) {
        const user = await data.createUser(benchUser(i), undefined)
        ids[i] = user.id
      }
    }
    await Promise.all(Array.from({ length: SEED_PARALLEL }, worker))
    return { token: (await mintToken(store, tenant.id, 'bench', null)).token, ids }
  } finally {
    await store.close()
  }
}

/** Roster on one database, with what its scenarios need. */
interface Running {
  readonly backend: Backend
  readonly roster: Server
  readonly token: string
  readonly scenarios: Record<string, () => Promise<Result>>
}

async function run(backend: Backend, seeded: Seeded): Promise<Running> {
  const roster = await startRoster(backend.dbFile, backend.databaseUrl)
  const auth = {
    authorization: `Bearer ${seeded.token}`,
    'content-type': 'application/scim+json',
  }
  const get = async (path: string): Promise<Record<string, unknown>> => {
    const response = await fetch(`${roster.url}${BASE}${path}`, { headers: auth })
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
    return (await response.json()) as Record<string, unknown>
  }
  // A cursor to the last 100 users in the default order (creation, then id): the position of the user
  // before them, as a nextCursor would carry it. Valid for an hour (cursorTimeout).
  const [before] = (await get(`/Users?startIndex=${Math.max(1, USERS - 100)}&count=1`))[
    'Resources'
  ] as { id: string; meta: { created: string } }[]
  const tenantId = (await defaultTenantId(backend)) as string
  const lastPageCursor = writeCursors(
    { next: { key: before?.meta.created ?? '', id: before?.id ?? '' } },
    { tenantId, resourceType: 'User' },
    new Date(),
  ).nextCursor as string
  // Lists run in the read pool's worker processes, started on first use: start them all first.
  await Promise.all(Array.from({ length: 8 }, () => get('/Users?count=100&cursor')))
  const ids = seeded.ids
  const random = (): number => Math.floor(Math.random() * USERS)
  let created = 0
  const path = (make: () => string): Request[] => [
    { method: 'GET', setupRequest: (r) => ({ ...r, path: make() }) },
  ]
  const filtered = (filter: () => string) =>
    load(
      roster.url,
      path(() => `${BASE}/Users?filter=${encodeURIComponent(filter())}`),
      auth,
    )
  const scenarios: Record<string, () => Promise<Result>> = {
    'GET /Users?filter=userName eq (Entra match)': () =>
      load(
        roster.url,
        path(() => `${BASE}/Users?filter=userName+eq+%22USER${random()}%40contoso.com%22`),
        auth,
      ),
    'GET /Users/{id}': () =>
      load(
        roster.url,
        path(() => `${BASE}/Users/${ids[random()]}`),
        auth,
      ),
    'PATCH /Users/{id} (Entra: familyName, work email)': () =>
      load(
        roster.url,
        [
          {
            method: 'PATCH',
            setupRequest: (r) => {
              const i = random()
              return {
                ...r,
                path: `${BASE}/Users/${ids[i]}`,
                body: JSON.stringify({
                  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
                  Operations: [
                    { op: 'Replace', path: 'name.familyName', value: `Renamed${created++}` },
                    {
                      op: 'Replace',
                      path: 'emails[type eq "work"].value',
                      value: `user${i}.${created}@contoso.com`,
                    },
                  ],
                }),
              }
            },
          },
        ],
        auth,
      ),
    'POST /Users (create)': () =>
      load(
        roster.url,
        [
          {
            method: 'POST',
            setupRequest: (r) => ({
              ...r,
              path: `${BASE}/Users`,
              body: JSON.stringify({
                userName: `new${created++}-${process.pid}@contoso.com`,
                emails: [{ type: 'work', value: 'n@contoso.com' }],
                phoneNumbers: [{ type: 'mobile', value: '+14155550123' }],
              }),
            }),
          },
        ],
        auth,
      ),
    // Substring filters (docs/performance.md, substring filters): each pattern finds a few users
    // through the trigram index; a two-character pattern is below a trigram and scans.
    'GET /Users?filter=userName co (trigram index)': () =>
      filtered(() => `userName co "ER${random()}@"`),
    'GET /Users?filter=userName sw': () => filtered(() => `userName sw "USER${random()}@"`),
    'GET /Users?filter=userName ew': () => filtered(() => `userName ew "${random()}@contoso.com"`),
    'GET /Users?filter=emails.value co': () => filtered(() => `emails.value co "r${random()}@c"`),
    'GET /Users?filter=userName co, 2 characters (scan)': () =>
      filtered(() => `userName co "${String(random() % 100).padStart(2, '0')}"`),
    'GET /Users first page of 100': () =>
      load(roster.url, [{ method: 'GET', path: `${BASE}/Users?startIndex=1&count=100` }], auth),
    'GET /Users last page of 100': () =>
      load(
        roster.url,
        [{ method: 'GET', path: `${BASE}/Users?startIndex=${Math.max(1, USERS - 99)}&count=100` }],
        auth,
      ),
    'GET /Users first page of 100 by cursor': () =>
      load(roster.url, [{ method: 'GET', path: `${BASE}/Users?count=100&cursor` }], auth),
    'GET /Users last page of 100 by cursor': () =>
      load(
        roster.url,
        [
          {
            method: 'GET',
            path: `${BASE}/Users?count=100&cursor=${encodeURIComponent(lastPageCursor)}`,
          },
        ],
        auth,
      ),
  }
  return { backend, roster, token: seeded.token, scenarios }
}

async function defaultTenantId(backend: Backend): Promise<string> {
  const store = await openStore({
    dbFile: backend.dbFile,
    ...(backend.databaseUrl ? { databaseUrl: backend.databaseUrl } : {}),
  })
  try {
    return (await defaultTenant(store)).id
  } finally {
    await store.close()
  }
}

const BARE = 'bare node:http (fixed body)'
const BARE_PAGE = 'bare node:http (100-user page body)'

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'roster-bench-'))
  const servers: Server[] = []
  let databases: Backends | undefined
  try {
    databases = await backends(dir, 'roster_bench_users')
    const running: Running[] = []
    for (const backend of databases.list) {
      const started = Date.now()
      const seeded = await seed(backend)
      console.log(
        `${backend.name}: seeded ${USERS} users in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      )
      const one = await run(backend, seeded)
      servers.push(one.roster)
      running.push(one)
    }
    // The bare servers answer the bytes of Entra's match and of a 100-user page, as Roster does.
    const first = running[0] as Running
    const matchBody = await sample(first, '/Users?filter=userName+eq+%22user1%40contoso.com%22')
    const pageBody = await sample(first, '/Users?startIndex=1&count=100')
    const bare = await startBare(matchBody)
    const barePage = await startBare(pageBody)
    servers.push(bare, barePage)

    const results: Record<string, Record<string, Result[]>> = {}
    const keep = (database: string, name: string, result: Result): void => {
      ;((results[name] ??= {})[database] ??= []).push(result)
    }
    for (let round = 0; round < ROUNDS; round++) {
      keep('', BARE, await load(bare.url, [{ method: 'GET', path: '/' }]))
      keep('', BARE_PAGE, await load(barePage.url, [{ method: 'GET', path: '/' }]))
      for (const one of running) {
        for (const [name, scenario] of Object.entries(one.scenarios))
          keep(one.backend.name, name, await scenario())
      }
    }
    print(results, running, bare, barePage)
  } finally {
    for (const server of servers) await server.stop().catch(() => {})
    await databases?.drop()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The body Roster answers for `path`. */
async function sample(one: Running, path: string): Promise<string> {
  const response = await fetch(`${one.roster.url}${BASE}${path}`, {
    headers: { authorization: `Bearer ${one.token}` },
  })
  return response.text()
}

function print(
  results: Record<string, Record<string, Result[]>>,
  running: readonly Running[],
  bare: Server,
  barePage: Server,
): void {
  const rps = (name: string, database = ''): number =>
    median((results[name]?.[database] ?? []).map((r) => r.rps))
  const bareRps = rps(BARE)
  const pageRps = rps(BARE_PAGE)
  const names = running.map((r) => r.backend.name)
  const width = Math.max(...Object.keys(results).map((n) => n.length)) + 2
  console.log(
    `\n${ROUNDS} rounds of ${SECONDS} s, ${CONNECTIONS} connections, ${USERS} users; medians; ` +
      `ratio = req/s over the bare server's (${bareRps.toFixed(0)} req/s) in the same rounds`,
  )
  console.log(
    'scenario'.padEnd(width),
    ...names.flatMap((n) => [
      `${n} req/s`.padStart(16),
      'vs bare'.padStart(8),
      'p50 ms'.padStart(7),
      'p99 ms'.padStart(7),
      'errors'.padStart(7),
    ]),
  )
  console.log(BARE.padEnd(width), bareRps.toFixed(0).padStart(16), '1.000'.padStart(8))
  console.log(
    BARE_PAGE.padEnd(width),
    pageRps.toFixed(0).padStart(16),
    (pageRps / bareRps).toFixed(3).padStart(8),
  )
  for (const name of Object.keys(results)) {
    if (name === BARE || name === BARE_PAGE) continue
    console.log(
      name.padEnd(width),
      ...names.flatMap((database) => {
        const list = results[name]?.[database] ?? []
        const r = median(list.map((x) => x.rps))
        return [
          r.toFixed(0).padStart(16),
          (r / bareRps).toFixed(3).padStart(8),
          median(list.map((x) => x.p50))
            .toFixed(1)
            .padStart(7),
          median(list.map((x) => x.p99))
            .toFixed(1)
            .padStart(7),
          String(list.reduce((n, x) => n + x.errors, 0)).padStart(7),
        ]
      }),
    )
  }
  console.log('\npages against the bare server answering a 100-user page body:')
  for (const name of Object.keys(results).filter((n) => n.includes('page of 100'))) {
    console.log(
      `  ${name.padEnd(42)}`,
      names.map((d) => `${d} ${(rps(name, d) / pageRps).toFixed(3)}`).join('  '),
    )
  }
  console.log(
    '  cursor page cost, last / first:',
    names
      .map(
        (d) =>
          `${d} ${(rps('GET /Users first page of 100 by cursor', d) / rps('GET /Users last page of 100 by cursor', d)).toFixed(2)}`,
      )
      .join('  '),
  )
  console.log(
    `\npeak RSS: ${running.map((r) => `Roster on ${r.backend.name} ${r.roster.peakMiB().toFixed(0)} MiB`).join(', ')}, ` +
      `bare ${bare.peakMiB().toFixed(0)} MiB (page body ${barePage.peakMiB().toFixed(0)} MiB)`,
  )
}

await main()
