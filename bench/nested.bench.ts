// Issue 12's nesting target: a page of 100 users who are each in 2,001 groups (one direct, 2,000
// through nesting) is listed while /healthz and another tenant's Entra matches keep answering. Roster
// (the real `serve`) on SQLite, seeded straight into the file (test/seed.ts); the page is read
// BENCH_NESTED_PAGES times one after another while a prober sends /healthz and the other tenant's
// match every 50 ms; prints the page's median and worst time, the probes' p50/p99/worst, and Roster's
// peak memory. Everything binds 127.0.0.1 and stops by itself.
//
//   npx tsx bench/nested.bench.ts   (BENCH_NESTED_USERS=100 BENCH_NESTED_PARENTS=2000 BENCH_NESTED_PAGES=5)
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { mintToken } from '../src/auth/secret-token.js'
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js'
import { seed } from '../test/seed.js'
import { median } from './measure.js'
import { startRoster } from './servers.js'

const USERS = Number(process.env['BENCH_NESTED_USERS'] ?? 100)
const PARENTS = Number(process.env['BENCH_NESTED_PARENTS'] ?? 2000)
const PAGES = Number(process.env['BENCH_NESTED_PAGES'] ?? 5)
const SCIM = '/api/xm/1/scim/v2'

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

async function timed(
  url: string,
  token?: string,
): Promise<{ ms: number; status: number; bytes: number }> {
  const started = performance.now()
  const response = await fetch(url, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(60_000),
  })
  const text = await response.text()
  return { ms: performance.now() - started, status: response.status, bytes: text.length }
}

const dir = mkdtempSync(join(tmpdir(), 'roster-nested-'))
const file = join(dir, 'roster.db')
try {
  const store = await openSqliteStore({ file, inline: true })
  const wide = await store.ensureTenant('wide', 'wide')
  const other = await store.ensureTenant('other', 'other')
  const wideToken = (await mintToken(store, wide.id, 'bench', null)).token
  const otherToken = (await mintToken(store, other.id, 'bench', null)).token
  await store.close()
  seed(file, wide.id, (s) => {
    const users = s.users(USERS, 'member')
    const [team] = s.groups(1, 'Team') as [string]
    s.members(team, users)
    s.nest(team, s.groups(PARENTS, 'Parent'))
  })
  seed(file, other.id, (s) => void s.users(1000, 'user'))
  const roster = await startRoster(file)
  try {
    const pageUrl = `${roster.url}/t/wide${SCIM}/Users?count=${USERS}`
    const first = await timed(pageUrl, wideToken)
    if (first.status !== 200) throw new Error(`the page answered ${first.status}`)
    let probing = true
    const health: number[] = []
    const matches: number[] = []
    const failures: string[] = []
    const prober = (async () => {
      for (let i = 0; probing; i++) {
        const [h, m] = await Promise.all([
          timed(`${roster.url}/healthz`),
          timed(
            `${roster.url}/t/other${SCIM}/Users?filter=${encodeURIComponent(`userName eq "user${i % 1000}@contoso.com"`)}`,
            otherToken,
          ),
        ])
        health.push(h.ms)
        matches.push(m.ms)
        if (h.status !== 200 || m.status !== 200) failures.push(`${h.status} ${m.status}`)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    })()
    const pages: number[] = []
    for (let i = 0; i < PAGES; i++) {
      const page = await timed(pageUrl, wideToken)
      if (page.status !== 200) failures.push(`page ${page.status}`)
      pages.push(page.ms)
    }
    probing = false
    await prober
    const row = (name: string, values: readonly number[]): string =>
      `${name.padEnd(34)} ${String(values.length).padStart(5)} ${median(values).toFixed(0).padStart(8)} ${percentile(values, 99).toFixed(0).padStart(8)} ${Math.max(
        ...values,
      )
        .toFixed(0)
        .padStart(8)}`
    console.log(
      `${USERS} users each in ${PARENTS + 1} groups; page of ${(first.bytes / 1_048_576).toFixed(1)} MiB; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    )
    console.log(
      `${'request'.padEnd(34)} ${'n'.padStart(5)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)}`,
    )
    console.log(row(`the page (${USERS} users)`, pages))
    console.log(row('/healthz meanwhile', health))
    console.log(row("another tenant's match meanwhile", matches))
    console.log(
      `Roster's peak RSS ${roster.peakMiB().toFixed(0)} MiB; failures: ${failures.length ? failures.join(', ') : 'none'}`,
    )
    if (failures.length > 0) process.exitCode = 1
  } finally {
    await roster.stop()
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
