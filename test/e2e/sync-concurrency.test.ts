// `roster sync --concurrency`: the same cycle sequentially and with 8 objects at once against two fresh
// Rosters gives the same log, summary, state and directory; failures stay per user; a server that hangs
// or fails everything does not hang the cycle; at most N requests are in flight; Ctrl-C (the signal)
// stops after the objects under way, keeps what was done, and the next run finishes the job.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { ROOT, SCIM_BASE } from '../process.js'
import { cycle, file, harness } from '../sync/harness.js'
import type { Harness } from '../sync/harness.js'
import type { LogEntry } from '../../src/sync/engine/log.js'
import type { Summary } from '../../src/sync/engine/cycle.js'
import { stateFileFor } from '../../src/sync/engine/state.js'
import type { StateFile } from '../../src/sync/engine/state.js'

/** Roster's mapping, with the manager reference kept (a reference step to compare too). */
const ROSTER = JSON.parse(readFileSync('docs/examples/roster-mappings.json', 'utf8')) as {
  users: { attributeMappings: { targetAttribute: string }[] }
}
const MAPPINGS = {
  ...ROSTER,
  users: {
    ...ROSTER.users,
    attributeMappings: ROSTER.users.attributeMappings.filter(
      (m) => !m.targetAttribute.endsWith(':manager'),
    ),
  },
}

const USERS = 40

/** Users with managers, a disabled one, one Roster refuses (its phone), and groups of them. */
function directory(): unknown {
  const users = Array.from({ length: USERS }, (_, i) => ({
    id: `u${i}`,
    userPrincipalName: `user${i}@contoso.com`,
    mail: `user${i}@contoso.com`,
    givenName: `Given${i}`,
    surname: `Surname${i}`,
    preferredLanguage: i % 3 === 0 ? 'de-DE' : 'en-US',
    mobilePhone: i === 7 ? 'call me' : `+1415555${String(1000 + i)}`,
    accountEnabled: i !== 5,
    mailNickname: `user${i}`,
    ...(i > 0 ? { manager: { id: `u${Math.floor(i / 4)}` } } : {}),
  }))
  const groups = Array.from({ length: 5 }, (_, g) => ({
    id: `g${g}`,
    displayName: `Team ${g}`,
    members: users.filter((_, i) => i % 5 === g).map((u) => u.id),
  }))
  return { users, groups }
}

/** Users whose match the proxy answers with 500 (every attempt): they fail, each in its own entry. */
const FAILING = ['user11@contoso.com', 'user23@contoso.com']
const failing = (h: Harness): void => {
  h.fault = ({ method, path }) =>
    method === 'GET' && FAILING.some((u) => path.includes(`"${u}"`))
      ? { status: 500, body: '{"detail":"down for this one"}' }
      : undefined
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g
/** Target ids, times and versions differ between two Rosters; everything else must not. */
const normal = (text: string): string =>
  text
    .replace(UUID, 'ID')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'TIME')
    .replace(/W\/\\?"[^"\\]*\\?"/g, 'VERSION')
    .replace(/127\.0\.0\.1:\d+/g, 'HOST')

const summaryOf = (s: Summary): unknown => ({ ...s, seconds: 0 })

const by =
  (key: string) =>
  (a: Record<string, unknown>, b: Record<string, unknown>): number =>
    String(a[key]).localeCompare(String(b[key]))

async function directoryOf(h: Harness): Promise<unknown> {
  const get = async (path: string): Promise<Record<string, unknown>[]> => {
    const answer = await fetch(`${h.roster.origin}${SCIM_BASE}${path}`, {
      headers: { authorization: `Bearer ${h.token}` },
    })
    return ((await answer.json()) as { Resources: Record<string, unknown>[] }).Resources
  }
  const users = await get('/Users?count=1000')
  const names = new Map(users.map((u) => [u['id'], u['userName']]))
  const groups = await get('/Groups?count=1000')
  const strip = (r: Record<string, unknown>): Record<string, unknown> => {
    const { id: _id, meta: _meta, ...rest } = r
    return rest
  }
  return {
    users: users.map(strip).sort(by('userName')),
    groups: groups
      .map((g) => ({
        ...strip(g),
        members: ((g['members'] ?? []) as { value: string }[])
          .map((m) => names.get(m.value))
          .sort(),
      }))
      .sort(by('displayName')),
  }
}

function jobOf(h: Harness, source: string): unknown {
  const state = JSON.parse(readFileSync(stateFileFor(source), 'utf8')) as StateFile
  const job = state.jobs[h.tenantUrl]
  assert.ok(job)
  return JSON.parse(normal(JSON.stringify({ ...job, lastCycle: 'TIME' })))
}

describe('roster sync --concurrency', () => {
  let sequential: Harness
  let concurrent: Harness
  before(async () => {
    ;[sequential, concurrent] = await Promise.all([harness(), harness()])
  })
  after(async () => {
    await Promise.all([sequential.close(), concurrent.close()])
  })

  it('gives the log, summary, state and directory of the sequential run, failures per user', async () => {
    const mappings = file(sequential, 'mappings.json', MAPPINGS)
    const runs: {
      entries: LogEntry[]
      summary: Summary
      sent: string[]
      job: unknown
      dir: unknown
      maxInFlight: number
    }[] = []
    for (const [h, concurrency] of [
      [sequential, 1],
      [concurrent, 8],
    ] as const) {
      const source = file(h, 'directory.json', directory())
      failing(h)
      const { summary, captured, sent } = await cycle(h, { source, mappings, concurrency })
      runs.push({
        entries: captured.entries,
        summary,
        sent: sent.map((r) => normal(`${r.method} ${r.path} ${JSON.stringify(r.body)}`)).sort(),
        job: jobOf(h, source),
        dir: JSON.parse(normal(JSON.stringify(await directoryOf(h)))),
        maxInFlight: h.maxInFlight,
      })
    }
    const [one, eight] = runs as [(typeof runs)[0], (typeof runs)[0]]
    // The run did what it should: users created, the refused phone and the 500s failed per user.
    assert.equal(one.summary.users.created, USERS - 1 - 1 - FAILING.length)
    // (Roster has no enterprise manager: each reference PATCH fails too, as its own entry.)
    const failed = one.entries
      .filter(
        (e) => e.status === 'failure' && e.steps.every((s) => s.name !== 'ReferenceResolution'),
      )
      .map((e) => e.name)
    assert.deepEqual(
      failed.filter((n) => !n.startsWith('user7@')),
      FAILING,
      'each failing user has its own failure entry, in the source order',
    )
    assert.ok(failed.includes('user7@contoso.com'))
    assert.ok(one.entries.some((e) => e.steps.some((s) => s.name === 'ReferenceResolution')))
    assert.equal(one.maxInFlight, 1)
    assert.ok(eight.maxInFlight > 1 && eight.maxInFlight <= 8, `${eight.maxInFlight} in flight`)
    // …and the concurrent run is the same run.
    assert.deepEqual(
      JSON.parse(normal(JSON.stringify(eight.entries))),
      JSON.parse(normal(JSON.stringify(one.entries))),
    )
    assert.deepEqual(summaryOf(eight.summary), summaryOf(one.summary))
    assert.deepEqual(eight.sent, one.sent)
    assert.deepEqual(eight.job, one.job)
    assert.deepEqual(eight.dir, one.dir)
  })

  it('a server that hangs for some users: those fail with Timeout, the rest goes on', async () => {
    const h = concurrent
    const hanging = ['user50@contoso.com', 'user52@contoso.com']
    const users = Array.from({ length: 12 }, (_, i) => ({
      id: `h${i}`,
      userPrincipalName: `user${50 + i}@contoso.com`,
      accountEnabled: true,
      mailNickname: `user${50 + i}`,
    }))
    const source = file(h, 'hanging.json', { users })
    h.fault = ({ path }) =>
      hanging.some((u) => path.includes(`"${u}"`)) ? { hang: true } : undefined
    const { summary, captured } = await cycle(h, {
      source,
      mappings: file(h, 'mappings.json', MAPPINGS),
      concurrency: 4,
      timeoutMs: 300,
      retry: { retries: 1, backoffMs: 10, maxWaitMs: 100 },
    })
    assert.equal(summary.users.created, 10)
    assert.equal(summary.users.failed, 2)
    assert.deepEqual(
      captured.entries.filter((e) => e.status === 'failure').map((e) => [e.name, e.errorCode]),
      hanging.map((u) => [u, 'Timeout']),
    )
    assert.deepEqual(
      captured.entries.map((e) => e.sourceId),
      users.map((u) => u.id),
    )
    assert.ok(h.maxInFlight <= 4)
  })

  it('a server that fails everything: every object fails in its own entry and the cycle ends', async () => {
    const h = concurrent
    const users = Array.from({ length: 10 }, (_, i) => ({
      id: `f${i}`,
      userPrincipalName: `fail${i}@contoso.com`,
      accountEnabled: true,
    }))
    const source = file(h, 'failing.json', {
      users,
      groups: [{ id: 'fg', displayName: 'F', members: ['f1'] }],
    })
    h.fault = () => ({ status: 503, body: '{"detail":"overloaded"}' })
    const { summary, captured } = await cycle(h, {
      source,
      mappings: file(h, 'mappings.json', MAPPINGS),
      concurrency: 6,
      retry: { retries: 1, backoffMs: 5, maxWaitMs: 50 },
    })
    assert.equal(summary.failed, 11)
    assert.deepEqual(
      captured.entries.map((e) => [e.sourceId, e.status, e.errorCode]),
      [
        ...users.map((u) => [u.id, 'failure', 'InternalServerError']),
        ['fg', 'failure', 'InternalServerError'],
      ],
    )
    h.fault = undefined
  })

  it('a stop (Ctrl-C) ends after the objects under way, keeps them, and the next run finishes', async () => {
    const h = concurrent
    const users = Array.from({ length: 30 }, (_, i) => ({
      id: `s${i}`,
      userPrincipalName: `stop${i}@contoso.com`,
      accountEnabled: true,
    }))
    const source = file(h, 'stop.json', { users })
    const mappings = file(h, 'mappings.json', MAPPINGS)
    const interrupt = new AbortController()
    let seen = 0
    h.fault = () => {
      // The signal arrives while the 6th request is under way.
      if (++seen === 6) interrupt.abort()
      return { delayMs: 20 }
    }
    const first = await cycle(h, { source, mappings, concurrency: 3, signal: interrupt.signal })
    h.fault = undefined
    const done = first.summary.users.created
    assert.ok(first.summary.interrupted, 'the summary says it was stopped')
    assert.ok(done >= 1 && done < users.length, `${done} created before the stop`)
    assert.equal(first.summary.interrupted.done, done)
    // No request after the stop but those of the objects under way (each: match, create).
    assert.ok(first.sent.length <= 6 + 3 * 2, `${first.sent.length} requests`)
    const state = JSON.parse(readFileSync(stateFileFor(source), 'utf8')) as StateFile
    assert.equal(Object.keys(state.jobs[h.tenantUrl]?.users ?? {}).length, done)
    const second = await cycle(h, { source, mappings, concurrency: 3 })
    assert.equal(second.summary.cycleType, 'initial', 'an initial cycle cut short is run again')
    assert.equal(second.summary.users.created, users.length - done)
    assert.equal(second.summary.users.failed, 0)
    assert.equal(second.summary.interrupted, undefined)
  })

  it('the CLI: Ctrl-C prints the summary of what was done and exits 130; 0 and 65 are refused', async () => {
    const h = concurrent
    const users = Array.from({ length: 40 }, (_, i) => ({
      id: `c${i}`,
      userPrincipalName: `cli${i}@contoso.com`,
      accountEnabled: true,
    }))
    const source = file(h, 'cli.json', { users })
    const mappings = file(h, 'mappings.json', MAPPINGS)
    h.fault = () => ({ delayMs: 30 })
    const sync = (
      interrupt: boolean,
      ...extra: string[]
    ): Promise<{ code: number | null; out: string; err: string }> =>
      new Promise((resolve) => {
        const child = spawn(
          process.execPath,
          [
            'dist/cli/main.js',
            'sync',
            '--source',
            source,
            '--mappings',
            mappings,
            '--target',
            h.tenantUrl,
            ...extra,
          ],
          {
            cwd: ROOT,
            env: { ...process.env, ROSTER_SYNC_TOKEN: h.token },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        )
        let out = ''
        let err = ''
        child.stdout.on('data', (chunk: Buffer) => {
          // The first log line: the cycle is under way.
          if (out === '' && interrupt) child.kill('SIGINT')
          out += chunk.toString()
        })
        child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
        child.once('exit', (code) => resolve({ code, out, err }))
      })
    const stopped = await sync(true, '--concurrency', '2')
    h.fault = undefined
    assert.equal(stopped.code, 130, stopped.err)
    assert.match(stopped.out, /stopping: finishing the objects under way \(at most 2\)/)
    assert.match(stopped.out, /Stopped \(Ctrl-C\) after \d+ of 40 objects/)
    for (const bad of ['0', '65', 'x']) {
      const refused = await sync(false, '--concurrency', bad, '--dry-run')
      assert.equal(refused.code, 1, refused.err)
      assert.match(
        refused.err,
        new RegExp(`--concurrency is a whole number from 1 to 64, not '${bad}'`),
      )
    }
  })
})
