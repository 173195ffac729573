// `roster sync` as Entra's initial cycle against Roster: BENCH_SYNC_USERS users (100,000) and
// BENCH_SYNC_GROUPS groups (1,000) of BENCH_SYNC_MEMBERS members (100), created through the real HTTP
// API by the sync engine, then an incremental cycle with BENCH_SYNC_CHANGED (1%) of the users changed.
// Runs on SQLite and, when DATABASE_URL is set, on PostgreSQL (a database created for the run and
// dropped after it); the same initial cycle against a bare node:http server answering one fixed body is
// the ceiling of the client on this machine. Prints wall time, requests per second, the ratio to the
// bare run and the server's peak RSS.
//
//   npm run bench:sync
//   BENCH_SYNC_USERS=5000 BENCH_SYNC_GROUPS=50 npm run bench:sync          (a quick run)
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:sync
//   (BENCH_SYNC_CONCURRENCY=8 BENCH_SYNC_MEMBERS_PER_REQUEST=100; BENCH_SYNC_BARE=0 skips the bare run;
//   BENCH_ROSTER_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" profiles the server)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Summary } from '../src/sync/engine/cycle.js'
import { runJobCycle } from '../src/sync/job.js'
import type { JobOptions } from '../src/sync/job.js'
import type { Reporter } from '../src/sync/report/reporter.js'
import { backends, benchToken } from './backends.js'
import type { Backends } from './backends.js'
import { startBare, startRoster } from './servers.js'
import type { Server } from './servers.js'

const USERS = Number(process.env['BENCH_SYNC_USERS'] ?? 100_000)
const GROUPS = Number(process.env['BENCH_SYNC_GROUPS'] ?? 1000)
const MEMBERS = Number(process.env['BENCH_SYNC_MEMBERS'] ?? 100)
const CHANGED = Number(process.env['BENCH_SYNC_CHANGED'] ?? 0.01)
const CONCURRENCY = Number(process.env['BENCH_SYNC_CONCURRENCY'] ?? 8)
const MEMBERS_PER_REQUEST = Number(process.env['BENCH_SYNC_MEMBERS_PER_REQUEST'] ?? 100)
/** BENCH_SYNC_BARE=0 leaves out the bare server's cycle (a shorter run; no "vs bare" column). */
const BARE = process.env['BENCH_SYNC_BARE'] !== '0'
const BASE = '/api/xm/1/scim/v2'

/** Roster's attribute profile, as docs/examples/roster-mappings.json trims Entra's defaults. */
const MAPPINGS = 'docs/examples/roster-mappings.json'

function directory(changedEvery: number): unknown {
  const users = Array.from({ length: USERS }, (_, i) => ({
    id: `user-${i}`,
    userPrincipalName: `user${i}@contoso.com`,
    mail: `user${i}@contoso.com`,
    givenName: changedEvery > 0 && i % changedEvery === 0 ? `Changed${i}` : `Given${i}`,
    surname: `Surname${i}`,
    preferredLanguage: 'en-US',
    mobilePhone: `+1415555${String(i % 10_000).padStart(4, '0')}`,
    accountEnabled: true,
    mailNickname: `user${i}`,
  }))
  const groups = Array.from({ length: GROUPS }, (_, g) => ({
    id: `group-${g}`,
    displayName: `Group ${g}`,
    members: Array.from({ length: MEMBERS }, (_, m) => `user-${(g * MEMBERS + m) % USERS}`),
  }))
  return { users, groups }
}

const quiet: Reporter = {
  entry: () => {},
  progress: () => {},
  warn: (m) => console.log(`warning: ${m}`),
  note: () => {},
  summary: () => {},
}

interface Row {
  readonly target: string
  readonly cycle: string
  readonly summary: Summary
  readonly peak: string
}

async function cycleOf(
  source: string,
  tenantUrl: string,
  token: string,
  stateFile: string,
): Promise<Summary> {
  const options: JobOptions = {
    source,
    mappings: MAPPINGS,
    tenantUrl,
    token,
    mode: 'default',
    dryRun: false,
    assigned: false,
    restart: false,
    concurrency: CONCURRENCY,
    membersPerRequest: MEMBERS_PER_REQUEST,
    stateFile,
  }
  const summary = await runJobCycle(options, quiet)
  if (summary.failed > 0 || summary.quarantine)
    console.log(`  ${summary.failed} failed ${summary.quarantine ?? ''}`)
  return summary
}

/** The table's header, then each row as soon as it is measured (a long run shows what it has). */
function printHeader(): void {
  console.log(
    [
      'target'.padEnd(18),
      'cycle'.padEnd(12),
      'created'.padStart(8),
      'updated'.padStart(8),
      'failed'.padStart(7),
      'requests'.padStart(9),
      'seconds'.padStart(8),
      'req/s'.padStart(7),
      'vs bare'.padStart(8),
      'server peak RSS'.padStart(16),
    ].join(' '),
  )
}

function printRow(row: Row, bareRate: number): void {
  const { target, cycle, summary, peak } = row
  const rate = summary.requests / summary.seconds
  console.log(
    [
      target.padEnd(18),
      cycle.padEnd(12),
      String(summary.created).padStart(8),
      String(summary.updated).padStart(8),
      String(summary.failed).padStart(7),
      String(summary.requests).padStart(9),
      summary.seconds.toFixed(1).padStart(8),
      rate.toFixed(0).padStart(7),
      (Number.isNaN(bareRate) ? '-' : (rate / bareRate).toFixed(3)).padStart(8),
      peak.padStart(16),
    ].join(' '),
  )
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'roster-bench-sync-'))
  const servers: Server[] = []
  let databases: Backends | undefined
  const rows: Row[] = []
  const record = (row: Row): void => {
    rows.push(row)
    const bare = BARE ? rows[0] : undefined
    printRow(row, bare ? bare.summary.requests / bare.summary.seconds : NaN)
  }
  try {
    const source = join(dir, 'directory.json')
    writeFileSync(source, JSON.stringify(directory(0)))
    const changedSource = join(dir, 'changed.json')
    databases = await backends(dir, 'roster_bench_sync')
    console.log(
      `${USERS} users, ${GROUPS} groups of ${MEMBERS} members, concurrency ${CONCURRENCY}, ${MEMBERS_PER_REQUEST} members per PATCH; incremental: ${(CHANGED * 100).toFixed(1)}% of users changed`,
    )

    printHeader()
    if (BARE) {
      const bare = await startBare(
        '{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"Resources":[],"id":"bare"}',
      )
      servers.push(bare)
      const bareSummary = await cycleOf(
        source,
        `${bare.url}${BASE}`,
        'bare',
        join(dir, 'bare.state.json'),
      )
      record({
        target: 'bare node:http',
        cycle: 'initial',
        summary: bareSummary,
        peak: `${bare.peakMiB().toFixed(0)} MiB`,
      })
    }

    for (const backend of databases.list) {
      const token = await benchToken(backend)
      const roster = await startRoster(backend.dbFile, backend.databaseUrl)
      servers.push(roster)
      const exits: string[] = []
      roster.child.once('exit', (code, signal) =>
        exits.push(`Roster ${backend.name} exited during the run (${code ?? signal})`),
      )
      const state = join(dir, `${backend.name}.state.json`)
      const initial = await cycleOf(source, `${roster.url}${BASE}`, token, state)
      record({
        target: `Roster ${backend.name}`,
        cycle: 'initial',
        summary: initial,
        peak: `${roster.peakMiB().toFixed(0)} MiB`,
      })
      writeFileSync(changedSource, JSON.stringify(directory(Math.max(1, Math.round(1 / CHANGED)))))
      const incremental = await cycleOf(changedSource, `${roster.url}${BASE}`, token, state)
      record({
        target: `Roster ${backend.name}`,
        cycle: 'incremental',
        summary: incremental,
        peak: `${roster.peakMiB().toFixed(0)} MiB`,
      })
      servers.splice(servers.indexOf(roster), 1)
      if (exits.length > 0) console.log(exits.join('; '))
      else await roster.stop()
    }
  } finally {
    for (const server of servers) await server.stop().catch(() => {})
    await databases?.drop()
    rmSync(dir, { recursive: true, force: true })
  }
  console.log(`sync client peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`)
}

await main()
