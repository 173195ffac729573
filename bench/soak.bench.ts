// Soak and fault drill (issue 12): three tenants send Entra's mixed traffic for BENCH_SOAK_SECONDS (600 by
// default) while a fourth tenant, in the same server, sends the worst requests of issue 12 without pause
// (nested-group explosions, relation filters at and past their budget, a quadratic-looking PATCH, deep
// JSON, bad tokens, password writes, full scans, slow and silent sockets). It reports each good tenant's
// latency percentiles and every answer that was not a 2xx, /healthz's latency, what the attacker got,
// and the server's peak memory; it exits 1 if a good tenant saw a single error. Everything binds
// 127.0.0.1 and stops by itself.
//
//   npm run bench:soak      (BENCH_SOAK_SECONDS=600 BENCH_SOAK_USERS=20000 BENCH_SOAK_CLIENTS=4)
import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import type { Socket } from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { mintToken } from '../src/auth/secret-token.js'
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js'
import { seed } from '../test/seed.js'
import { startRoster } from './servers.js'

const SECONDS = Number(process.env['BENCH_SOAK_SECONDS'] ?? 600)
const USERS = Number(process.env['BENCH_SOAK_USERS'] ?? 20_000)
const CLIENTS = Number(process.env['BENCH_SOAK_CLIENTS'] ?? 4)
const SCIM = '/api/xm/1/scim/v2'
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User'

interface Tally {
  readonly latencies: number[]
  readonly statuses: Map<string, number>
  readonly failures: string[]
}

const tally = (): Tally => ({ latencies: [], statuses: new Map(), failures: [] })

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number
}

/** One request; its latency and status go into `into`. A fetch that fails counts as status 'error'. */
async function send(
  into: Tally,
  url: string,
  init: RequestInit & { expect?: (status: number) => boolean },
): Promise<number | undefined> {
  const started = performance.now()
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(70_000) })
    const text = await response.text()
    into.latencies.push(performance.now() - started)
    const key = String(response.status)
    into.statuses.set(key, (into.statuses.get(key) ?? 0) + 1)
    const ok = init.expect ? init.expect(response.status) : response.ok
    if (!ok && into.failures.length < 20)
      into.failures.push(
        `${init.method ?? 'GET'} ${url.slice(0, 120)} → ${key} ${text.slice(0, 200)}`,
      )
    return response.status
  } catch (error) {
    into.latencies.push(performance.now() - started)
    into.statuses.set('error', (into.statuses.get('error') ?? 0) + 1)
    if (into.failures.length < 20)
      into.failures.push(`${init.method ?? 'GET'} ${url.slice(0, 120)} → ${String(error)}`)
    return undefined
  }
}

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'roster-soak-'))
  const file = join(dir, 'roster.db')
  try {
    const started = Date.now()
    const store = await openSqliteStore({ file })
    const slugs = ['north', 'south', 'east'] as const
    const good: { slug: string; token: string; users: string[]; groups: string[] }[] = []
    for (const slug of slugs) {
      const tenant = await store.ensureTenant(slug, slug)
      const { token } = await mintToken(store, tenant.id, 'entra', null)
      let users: string[] = []
      let groups: string[] = []
      seed(file, tenant.id, (s) => {
        users = s.users(USERS, `${slug}-user`, (i) => ({ familyName: `Family ${i}` }))
        groups = s.groups(200, `${slug} team`)
        groups.forEach((g, i) => s.members(g, users.slice(i * 50, i * 50 + 50)))
      })
      good.push({ slug, token, users, groups })
    }
    // The attacker's tenant: finding 1's shape (one group of USERS users nested into 4,000 parents, and
    // a 30-deep chain), every one of its users in 4,001 groups.
    const evil = await store.ensureTenant('evil', 'evil')
    const evilToken = (await mintToken(store, evil.id, 'entra', null)).token
    let bigGroup = ''
    let evilUsers: readonly string[] = []
    seed(file, evil.id, (s) => {
      const users = s.users(USERS, 'evil-user')
      evilUsers = users
      const [g0] = s.groups(1, 'G')
      bigGroup = g0 as string
      s.members(bigGroup, users)
      const parents = s.groups(4_000, 'parent')
      s.nest(bigGroup, parents)
      const chain = s.groups(30, 'chain')
      chain.forEach((g, i) =>
        i === 0 ? s.nest(bigGroup, [g]) : s.nest(chain[i - 1] as string, [g]),
      )
    })
    await store.close()
    console.log(
      `seeded 4 tenants of ${USERS} users (one with ${USERS} users in 4,031 nested groups) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    )

    const roster = await startRoster(file)
    const deadline = Date.now() + SECONDS * 1000
    const running = () => Date.now() < deadline
    const results = new Map<string, Tally>(good.map((g) => [g.slug, tally()]))

    // Entra's traffic: matches, reads, PATCHes, creates, disables, member changes, pages.
    const entra = async (tenant: (typeof good)[number], worker: number): Promise<void> => {
      const into = results.get(tenant.slug) as Tally
      const base = `${roster.url}/t/${tenant.slug}${SCIM}`
      const headers = {
        authorization: `Bearer ${tenant.token}`,
        'content-type': 'application/scim+json',
      }
      let n = 0
      while (running()) {
        n++
        const roll = Math.random()
        const i = Math.floor(Math.random() * USERS)
        const id = tenant.users[i] as string
        if (roll < 0.5) {
          const name = Math.random() < 0.8 ? `${tenant.slug}-user${i}` : `nobody${i}`
          await send(
            into,
            `${base}/Users?filter=${encodeURIComponent(`userName eq "${name}@contoso.com"`)}`,
            {
              headers,
            },
          )
        } else if (roll < 0.65) {
          await send(into, `${base}/Users/${id}`, { headers })
        } else if (roll < 0.8) {
          await send(into, `${base}/Users/${id}`, {
            method: 'PATCH',
            headers,
            body: JSON.stringify({
              schemas: [PATCH],
              Operations: [
                { op: 'Replace', path: 'name.familyName', value: `Family ${n}` },
                {
                  op: 'Replace',
                  path: 'emails[type eq "work"].value',
                  value: `u${i}.${n}@contoso.com`,
                },
              ],
            }),
          })
        } else if (roll < 0.85) {
          await send(into, `${base}/Users`, {
            method: 'POST',
            headers,
            body: JSON.stringify({
              schemas: [USER],
              userName: `new-${worker}-${n}@contoso.com`,
              name: { givenName: 'New', familyName: `Hire ${n}` },
              emails: [{ type: 'work', value: `new-${worker}-${n}@contoso.com`, primary: true }],
              active: true,
            }),
          })
        } else if (roll < 0.9) {
          await send(into, `${base}/Users/${id}`, {
            method: 'PATCH',
            headers,
            body: JSON.stringify({
              schemas: [PATCH],
              Operations: [
                { op: 'Replace', path: 'active', value: Math.random() < 0.5 ? 'False' : 'True' },
              ],
            }),
          })
        } else if (roll < 0.95) {
          const op = Math.random() < 0.5 ? 'Add' : 'Remove'
          await send(into, `${base}/Groups/${pick(tenant.groups)}`, {
            method: 'PATCH',
            headers,
            body: JSON.stringify({
              schemas: [PATCH],
              Operations: [{ op, path: 'members', value: [{ value: id }] }],
            }),
          })
        } else {
          const start = 1 + Math.floor(Math.random() * (USERS - 100))
          await send(into, `${base}/Users?startIndex=${start}&count=100`, { headers })
        }
      }
    }

    // The attacker: every worst request of issue 12, round and round, from CLIENTS workers.
    const attacker = tally()
    const evilBase = `${roster.url}/t/evil${SCIM}`
    const evilHeaders = {
      authorization: `Bearer ${evilToken}`,
      'content-type': 'application/scim+json',
    }
    const relationTerms = (n: number) =>
      Array.from({ length: n }, (_, i) => `groups.display co "zz${i}"`).join(' or ')
    const attacks: (() => Promise<unknown>)[] = [
      () =>
        send(attacker, `${evilBase}/Users?count=100`, { headers: evilHeaders, expect: () => true }),
      () =>
        send(attacker, `${evilBase}/Users/${pick(evilUsers)}`, {
          headers: evilHeaders,
          expect: () => true,
        }),
      () =>
        send(attacker, `${evilBase}/Users?sortBy=groups.display&count=100`, {
          headers: evilHeaders,
          expect: () => true,
        }),
      () =>
        send(attacker, `${evilBase}/Users?filter=${encodeURIComponent(relationTerms(16))}`, {
          headers: evilHeaders,
          expect: () => true,
        }),
      () =>
        send(attacker, `${evilBase}/Users?filter=${encodeURIComponent(relationTerms(17))}`, {
          headers: evilHeaders,
          expect: () => true,
        }),
      () =>
        send(
          attacker,
          `${evilBase}/Groups?filter=${encodeURIComponent(Array.from({ length: 16 }, (_, i) => `members.display co "zz${i}"`).join(' or '))}`,
          { headers: evilHeaders, expect: () => true },
        ),
      () =>
        send(
          attacker,
          `${evilBase}/Users?filter=${encodeURIComponent('userName co "1" or name.familyName ew "9"')}&sortBy=name.familyName&count=1000`,
          { headers: evilHeaders, expect: () => true },
        ),
      () =>
        send(attacker, `${evilBase}/Users/${'x'.repeat(36)}`, {
          method: 'PATCH',
          headers: evilHeaders,
          body: JSON.stringify({
            schemas: [PATCH],
            Operations: [
              {
                op: 'add',
                path: 'emails',
                value: Array.from({ length: 15_000 }, (_, i) => ({ value: `e${i}@x.io` })),
              },
            ],
          }),
          expect: () => true,
        }),
      () =>
        send(attacker, `${evilBase}/Users`, {
          method: 'POST',
          headers: evilHeaders,
          body: `{"schemas":["${USER}"],"userName":"deep","name":${'['.repeat(5_000)}${']'.repeat(5_000)}}`,
          expect: () => true,
        }),
      () =>
        send(attacker, `${evilBase}/Users`, {
          method: 'POST',
          headers: evilHeaders,
          body: JSON.stringify({
            schemas: [USER],
            userName: `pw${Math.random()}`,
            password: 'Passw0rd!long-enough',
          }),
          expect: () => true,
        }),
      () =>
        send(attacker, `${roster.url}${SCIM}/Users?count=1`, {
          headers: { authorization: 'Bearer roster_guess' },
          expect: () => true,
        }),
      () =>
        send(attacker, `${evilBase}/Groups/${bigGroup}`, {
          method: 'PATCH',
          headers: evilHeaders,
          body: JSON.stringify({
            schemas: [PATCH],
            Operations: Array.from({ length: 16 }, (_, i) => ({
              op: 'remove',
              path: `members[display co "zz${i}"]`,
            })),
          }),
          expect: () => true,
        }),
    ]
    const attack = async (): Promise<void> => {
      while (running()) await pick(attacks)()
    }

    // Silent and slow sockets: up to 200 at a time that send headers announcing a body and then nothing,
    // or trickle a header byte a second; the server closes them at its timeouts, and they are reopened.
    const sockets = new Set<Socket>()
    let socketsOpened = 0
    const port = Number(new URL(roster.url).port)
    const silent = setInterval(() => {
      while (running() && sockets.size < 200) {
        const socket = connect(port, '127.0.0.1')
        socketsOpened++
        sockets.add(socket)
        socket.on('error', () => {})
        socket.on('close', () => sockets.delete(socket))
        if (socketsOpened % 2 === 0) {
          socket.write(
            'POST /api/xm/1/oauth2/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n',
          )
        } else {
          socket.write('GET /healthz HTTP/1.1\r\n')
          const drip = setInterval(
            () => (socket.destroyed ? clearInterval(drip) : socket.write('X')),
            1000,
          )
          socket.on('close', () => clearInterval(drip))
        }
      }
    }, 250)

    // /healthz once a second.
    const health = tally()
    const probes: Promise<unknown>[] = []
    let treePeak = 0
    const probe = setInterval(() => {
      if (running()) probes.push(send(health, `${roster.url}/healthz`, {}))
      treePeak = Math.max(treePeak, roster.treeMiB())
    }, 1000)

    // The machine may be shared: its load average says how much CPU the run really had.
    const load = () =>
      loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')
    const loadBefore = load()
    console.log(`soak: ${SECONDS} s, ${CLIENTS} clients per tenant, attacker on tenant 'evil'`)
    await Promise.all([
      ...good.flatMap((g) => Array.from({ length: CLIENTS }, (_, w) => entra(g, w))),
      ...Array.from({ length: CLIENTS }, () => attack()),
    ])
    clearInterval(silent)
    clearInterval(probe)
    await Promise.all(probes)
    for (const socket of sockets) socket.destroy()
    const peak = roster.peakMiB()
    const loadAfter = load()
    await roster.stop()

    const row = (name: string, t: Tally) => {
      const errors = [...t.statuses]
        .filter(([s]) => !s.startsWith('2'))
        .reduce((n, [, c]) => n + c, 0)
      return `${name.padEnd(18)} ${String(t.latencies.length).padStart(8)} ${(t.latencies.length / SECONDS).toFixed(1).padStart(8)} ${percentile(t.latencies, 50).toFixed(1).padStart(8)} ${percentile(t.latencies, 99).toFixed(1).padStart(8)} ${Math.max(
        0,
        ...t.latencies,
      )
        .toFixed(0)
        .padStart(8)} ${String(errors).padStart(7)}`
    }
    console.log(
      `\n${'tenant'.padEnd(18)} ${'requests'.padStart(8)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'errors'.padStart(7)}`,
    )
    for (const [slug, t] of results) console.log(row(slug, t))
    console.log(row('/healthz (1/s)', health))
    console.log(row('attacker', attacker))
    console.log(
      `attacker's answers: ${[...attacker.statuses]
        .sort()
        .map(([s, c]) => `${s}×${c}`)
        .join(', ')}`,
    )
    console.log(
      `silent or slow sockets opened: ${socketsOpened}; server peak RSS ${peak.toFixed(0)} MiB; with its read-pool workers ${treePeak.toFixed(0)} MiB at most (sampled each second)`,
    )
    console.log(`load average (1, 5, 15 min) at start ${loadBefore}, at end ${loadAfter}`)
    const failed = [...results.values(), health].flatMap((t) => t.failures)
    if (failed.length > 0) {
      console.log(`\nerrors seen by good tenants or /healthz (first ${failed.length}):`)
      for (const line of failed) console.log(`  ${line}`)
      process.exitCode = 1
    } else {
      console.log('\nno good tenant and no /healthz probe saw an error')
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
