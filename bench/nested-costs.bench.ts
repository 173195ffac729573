// What issue 12's nested-group requests cost the event loop's thread on SQLite (branch offloop):
//   - CPU of this process (read-pool workers are other processes) per GET /Users/{id} of a user in
//     4,001 groups and of a user in none, through app.inject;
//   - CPU and wall time of a group PATCH of 16 `remove members[display co "zz<i>"]` on a group of
//     20,000 members, as one run of removals and as two runs (an add between), at the store.
// ROOT=<another checkout> measures that checkout's code with this file (how the "before" was taken).
//
//   npx tsx bench/nested-costs.bench.ts
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type * as Sqlite from '../src/store/sqlite/sqlite-store.js'
import type * as App from '../src/http/app.js'
import type * as Log from '../src/log.js'
import type * as Token from '../src/auth/secret-token.js'
import type * as Main from '../src/main.js'
import type * as Parser from '../src/scim/filter/parser.js'
import type * as Seed from '../test/seed.js'
import type { MemberStep } from '../src/scim/patch/group-plan.js'

const ROOT = process.env['ROOT'] ?? fileURLToPath(new URL('..', import.meta.url))
const load = async <T>(path: string): Promise<T> => (await import(join(ROOT, path))) as T
const { openSqliteStore } = await load<typeof Sqlite>('src/store/sqlite/sqlite-store.ts')
const { createApp } = await load<typeof App>('src/http/app.ts')
const { createLogger } = await load<typeof Log>('src/log.ts')
const { mintToken } = await load<typeof Token>('src/auth/secret-token.ts')
const { defaultTenant } = await load<typeof Main>('src/main.ts')
const { parseFilter } = await load<typeof Parser>('src/scim/filter/parser.ts')
const { seed } = await load<typeof Seed>('test/seed.ts')

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[values.length >> 1] as number
const cpuMs = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since)
  return (used.user + used.system) / 1000
}

const dir = mkdtempSync(join(tmpdir(), 'roster-nested-'))
try {
  const file = join(dir, 'roster.db')
  const store = await openSqliteStore({ file })
  const tenant = await defaultTenant(store)
  let big = ''
  let plain = ''
  let group = ''
  let first = ''
  seed(file, tenant.id, (s) => {
    ;[big, plain] = s.users(2, 'nested') as [string, string]
    const [team] = s.groups(1, 'Team') as [string]
    s.members(team, [big])
    s.nest(team, s.groups(4000, 'Parent'))
    const members = s.users(20_000, 'member', (i) => ({
      givenName: `Given${i}`,
      familyName: `Family${i}`,
    }))
    ;[group] = s.groups(1, 'Big') as [string]
    s.members(group, members)
    first = members[0] as string
  })
  const { token } = await mintToken(store, tenant.id, 'bench', null)
  const app = await createApp({ store, logger: createLogger('silent'), bodyLimit: 1 << 20 })
  const get = (id: string) =>
    app.inject({
      method: 'GET',
      url: `/api/xm/1/scim/v2/Users/${id}`,
      headers: { authorization: `Bearer ${token}` },
    })
  for (const [name, id, n] of [
    ['a user in 4,001 groups', big, 40],
    ['a user in no group', plain, 2000],
  ] as const) {
    for (let i = 0; i < 20; i++) await get(id)
    const rounds: number[] = []
    for (let round = 0; round < 5; round++) {
      const since = process.cpuUsage()
      for (let i = 0; i < n; i++) {
        const response = await get(id)
        if (response.statusCode !== 200) throw new Error(response.body)
      }
      rounds.push(cpuMs(since) / n)
    }
    console.log(
      `GET /Users/{id} of ${name}: ${median(rounds).toFixed(3)} ms CPU on this thread (median of 5 rounds of ${n})`,
    )
  }
  await app.close()
  const data = store.forTenant(tenant.id)
  const removals = Array.from({ length: 16 }, (_, i): MemberStep => ({
    kind: 'removeWhere',
    filter: parseFilter(`display co "zz${i}"`),
  }))
  const add: MemberStep = { kind: 'add', members: [{ value: first, type: 'User' }] }
  for (const [name, steps] of [
    ['one run', removals],
    ['two runs', [...removals.slice(0, 8), add, ...removals.slice(8)]],
  ] as const) {
    const walls: number[] = []
    const cpus: number[] = []
    for (let i = 0; i < 9; i++) {
      const started = performance.now()
      const since = process.cpuUsage()
      await data.updateGroup(group, (current) => ({
        data: { displayName: current.displayName },
        members: steps,
      }))
      cpus.push(cpuMs(since))
      walls.push(performance.now() - started)
    }
    console.log(
      `PATCH of 16 member removals by filter (${name}) on 20,000 members: ${median(cpus).toFixed(1)} ms CPU, ${median(walls).toFixed(1)} ms wall (medians of 9)`,
    )
  }
  await store.close()
  console.log(
    `${ROOT}; load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
