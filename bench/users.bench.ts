// Users benchmark on Roster beside a bare node:http server measured in the same run: Entra's matching
// query (`userName eq`), a `co` query, the first and last pages of a 100-item listing by startIndex and
// by RFC 9865 cursor, a lookup by id and user creation. Several rounds; medians printed, with peak
// memory; pages are also compared with a bare server answering a 100-user page's bytes.
//
//   npm run bench                 (BENCH_USERS=100000 BENCH_ROUNDS=3 BENCH_SECONDS=5 BENCH_CONNECTIONS=10)
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Request } from 'autocannon'
import { mintToken } from '../src/auth/secret-token.js'
import { defaultTenant } from '../src/main.js'
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js'
import { writeCursors } from '../src/scim/cursor.js'
import { load as measure, median, printResults } from './measure.js'
import type { Result } from './measure.js'
import { startBare, startRoster } from './servers.js'

const USERS = Number(process.env['BENCH_USERS'] ?? 100_000)
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3)
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5)
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 10)
const BASE = '/api/xm/1/scim/v2'

const load = (url: string, requests: Request[], headers: Record<string, string> = {}) =>
  measure(url, requests, { connections: CONNECTIONS, seconds: SECONDS, headers })

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'roster-bench-'))
  const file = join(dir, 'roster.db')
  try {
    // Seed through the store: USERS users with an email and a phone each.
    const started = Date.now()
    const store = await openSqliteStore({ file })
    const tenant = await defaultTenant(store)
    const data = store.forTenant(tenant.id)
    const ids: string[] = []
    for (let i = 0; i < USERS; i++) {
      const user = await data.createUser(
        {
          userName: `user${i}@contoso.com`,
          externalId: `ext-${i}`,
          active: true,
          emails: [{ value: `user${i}@contoso.com`, type: 'work', device: 'Work Email' }],
          phoneNumbers: [
            {
              value: `+1415555${String(i % 10000).padStart(4, '0')}`,
              type: 'work',
              device: 'Work Phone',
            },
          ],
          roles: [{ value: 'Standard User' }],
        },
        undefined,
      )
      ids.push(user.id)
    }
    const { token } = await mintToken(store, tenant.id, 'bench', null)
    // A cursor to the last 100 users in the default order (creation): the position of the user before
    // them, as a nextCursor would carry it. Valid for an hour (cursorTimeout).
    const beforeLast = await data.getUser(ids[Math.max(0, USERS - 101)] as string)
    const lastPageCursor = writeCursors(
      { next: { key: beforeLast?.created ?? '', id: beforeLast?.id ?? '' } },
      { tenantId: tenant.id, resourceType: 'User' },
      new Date(),
    ).nextCursor as string
    await store.close()
    console.log(`seeded ${USERS} users in ${((Date.now() - started) / 1000).toFixed(1)} s`)

    const roster = await startRoster(file)
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' }
    const sample = await fetch(
      `${roster.url}${BASE}/Users?filter=userName+eq+%22user1%40contoso.com%22`,
      { headers: auth },
    )
    const bare = await startBare(await sample.text())
    const pageSample = await fetch(`${roster.url}${BASE}/Users?startIndex=1&count=100`, {
      headers: auth,
    })
    const barePage = await startBare(await pageSample.text())
    // Lists run in the read pool's worker processes, started on first use: start them all first.
    await Promise.all(
      Array.from({ length: 8 }, () =>
        fetch(`${roster.url}${BASE}/Users?count=100&cursor`, { headers: auth }).then((r) =>
          r.text(),
        ),
      ),
    )
    const random = (): number => Math.floor(Math.random() * USERS)
    let created = 0
    const scenarios: Record<string, () => Promise<Result>> = {
      'bare node:http (fixed body)': () => load(bare.url, [{ method: 'GET', path: '/' }]),
      'bare node:http (100-user page body)': () =>
        load(barePage.url, [{ method: 'GET', path: '/' }]),
      'GET /Users?filter=userName eq (Entra match)': () =>
        load(
          roster.url,
          [
            {
              method: 'GET',
              setupRequest: (r) => ({
                ...r,
                path: `${BASE}/Users?filter=userName+eq+%22USER${random()}%40contoso.com%22`,
              }),
            },
          ],
          auth,
        ),
      'GET /Users?filter=userName co (scan)': () =>
        load(
          roster.url,
          [
            {
              method: 'GET',
              setupRequest: (r) => ({
                ...r,
                path: `${BASE}/Users?filter=userName+co+%22ER${random()}%40%22`,
              }),
            },
          ],
          auth,
        ),
      'GET /Users first page of 100': () =>
        load(roster.url, [{ method: 'GET', path: `${BASE}/Users?startIndex=1&count=100` }], auth),
      'GET /Users last page of 100': () =>
        load(
          roster.url,
          [
            {
              method: 'GET',
              path: `${BASE}/Users?startIndex=${Math.max(1, USERS - 99)}&count=100`,
            },
          ],
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
      'GET /Users/{id}': () =>
        load(
          roster.url,
          [
            {
              method: 'GET',
              setupRequest: (r) => ({ ...r, path: `${BASE}/Users/${ids[random()]}` }),
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
                  userName: `new${created++}-${Date.now()}@contoso.com`,
                  emails: [{ type: 'work', value: 'n@contoso.com' }],
                  phoneNumbers: [{ type: 'mobile', value: '+14155550123' }],
                }),
              }),
            },
          ],
          auth,
        ),
    }
    const results: Record<string, Result[]> = {}
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, run] of Object.entries(scenarios)) (results[name] ??= []).push(await run())
    }
    console.log(
      `\n${ROUNDS} rounds of ${SECONDS} s, ${CONNECTIONS} connections, ${USERS} users; medians`,
    )
    printResults(results, 'bare node:http (fixed body)')
    const rps = (name: string): number => median((results[name] ?? []).map((r) => r.rps))
    const pageBare = rps('bare node:http (100-user page body)')
    console.log('\npages against the bare server answering a 100-user page body:')
    for (const name of Object.keys(results).filter((n) => n.includes('page of 100'))) {
      console.log(`  ${name.padEnd(42)} ${(rps(name) / pageBare).toFixed(3)}`)
    }
    console.log(
      `  cursor page cost, last / first: ${(rps('GET /Users first page of 100 by cursor') / rps('GET /Users last page of 100 by cursor')).toFixed(2)}`,
    )
    console.log(
      `\npeak RSS: roster ${roster.peakMiB().toFixed(0)} MiB, bare ${bare.peakMiB().toFixed(0)} MiB`,
    )
    await roster.stop()
    await bare.stop()
    await barePage.stop()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
