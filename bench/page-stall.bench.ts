// The longest event-loop stall while Roster on PostgreSQL serves GET /Users?count=100 of 100 users each
// in PARENTS + 1 groups (one direct group nested into PARENTS, 2,000 by default: issue 12's target; 4,000
// makes a page stop at the group-reference budget, 62 users), read over a real socket. Measured two
// ways around each request: the longest gap between turns of a 1 ms interval, and monitorEventLoopDelay.
//
//   DATABASE_URL=postgres://… npx tsx bench/page-stall.bench.ts      (PARENTS=4000 RUNS=5)
import { randomBytes } from 'node:crypto'
import { loadavg } from 'node:os'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { get as httpGet } from 'node:http'
import pg from 'pg'
import { mintToken } from '../src/auth/secret-token.js'
import { createApp } from '../src/http/app.js'
import { createLogger } from '../src/log.js'
import { openPostgresStore } from '../src/store/postgres/postgres-store.js'
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const USERS = 100,
  PARENTS = Number(process.env.PARENTS ?? 2000),
  RUNS = Number(process.env.RUNS ?? 5)
/** GET over HTTP: the status and the body's text, gathered as it arrives. */
const get = (url: string, token: string): Promise<{ statusCode: number; chunks: Buffer[] }> =>
  new Promise((resolve, reject) => {
    httpGet(url, { headers: { authorization: `Bearer ${token}` } }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ statusCode: response.statusCode ?? 0, chunks }))
      response.on('error', reject)
    }).on('error', reject)
  })
const schema = `roster_stall_${randomBytes(4).toString('hex')}`
const admin = new pg.Client({ connectionString: url })
await admin.connect()
await admin.query(`create schema ${schema}`)
try {
  const store = await openPostgresStore({
    connectionString: url,
    schema,
    statementTimeoutMs: 60_000,
  })
  const tenant = await store.ensureTenant('default', 'Default')
  const t = store.forTenant(tenant.id)
  const users = (
    await t.createUsers(
      Array.from({ length: USERS }, (_, i) => ({
        data: {
          userName: `u${i}@contoso.com`,
          active: true,
          emails: [],
          phoneNumbers: [],
          roles: [],
        },
      })),
    )
  ).map((u) => u!.id)
  const g0 = await t.createGroup(
    { displayName: 'Team' },
    users.map((value) => ({ value })),
  )
  await admin.query(`set search_path = ${schema}`)
  await admin.query(
    `insert into groups (tenant_id, id, display_name, display_name_folded, external_id, created, last_modified, version) select $1, 'p' || i, 'Parent ' || i, 'parent ' || i, null, now()::text, now()::text, 1 from generate_series(1, ${PARENTS}) i`,
    [tenant.id],
  )
  await admin.query(
    `insert into group_groups (tenant_id, group_id, member_id) select $1, 'p' || i, $2 from generate_series(1, ${PARENTS}) i`,
    [tenant.id, g0.id],
  )
  const { token } = await mintToken(store, tenant.id, 'stall', null)
  const app = await createApp({ store, logger: createLogger('silent'), bodyLimit: 1 << 20 })
  // Over a real socket, as a client reads it (inject would take a streamed body in one go).
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  const stalls: number[] = [],
    walls: number[] = [],
    delays: number[] = []
  for (let r = 0; r < RUNS; r++) {
    const h = monitorEventLoopDelay({ resolution: 1 })
    h.enable()
    // The longest gap between two turns of a 1 ms interval: the longest stretch the loop was held.
    let last = performance.now(),
      gap = 0
    const probe = setInterval(() => {
      const now = performance.now()
      gap = Math.max(gap, now - last)
      last = now
    }, 1)
    const start = performance.now()
    const res = await get(`${address}/api/xm/1/scim/v2/Users?count=100`, token)
    walls.push(performance.now() - start)
    // One more turn of the loop, so that a stretch that ends with the response is measured too.
    await new Promise((done) => setTimeout(done, 10))
    h.disable()
    clearInterval(probe)
    const text = Buffer.concat(res.chunks).toString()
    const body = JSON.parse(text) as { Resources: { groups: unknown[] }[] }
    if (
      res.statusCode !== 200 ||
      body.Resources.length === 0 ||
      body.Resources[0]!.groups.length !== PARENTS + 1
    )
      throw new Error(`bad page ${res.statusCode}`)
    stalls.push(gap)
    delays.push(h.max / 1e6)
    console.log(
      `run ${r + 1}: ${body.Resources.length} users, ${(text.length / 1e6).toFixed(1)} MB, wall ${walls.at(-1)!.toFixed(0)} ms, longest gap ${stalls.at(-1)!.toFixed(0)} ms (monitorEventLoopDelay max ${delays.at(-1)!.toFixed(0)} ms)`,
    )
  }
  const med = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!
  console.log(
    `median longest stall ${med(stalls).toFixed(0)} ms (max ${Math.max(...stalls).toFixed(0)}), median wall ${med(walls).toFixed(0)} ms; load ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  )
  await app.close()
  await store.close()
} finally {
  await admin.query(`drop schema ${schema} cascade`)
  await admin.end()
}
