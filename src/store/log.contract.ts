// runLogContract({ name, newLog }): what every provisioning-log adapter must do (SQLite in a worker,
// SQLite in process, PostgreSQL), on a real database.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TestContext } from 'node:test'
import type { LogEntry } from '../scim/log/entry.js'
import type { LogStore } from './log.js'

export interface LogContractOptions {
  readonly name: string
  readonly newLog: (t: TestContext) => Promise<LogStore>
}

export function request(over: Partial<LogEntry> = {}): LogEntry {
  return {
    time: '2026-12-01T10:00:00.000Z',
    tenantId: 't1',
    kind: 'request',
    actor: 'token entra',
    method: 'POST',
    path: '/api/xm/1/scim/v2/Users',
    resource: 'User',
    operation: 'create',
    status: 201,
    attributes: [],
    changes: [],
    causes: [],
    durationMs: 3.5,
    ...over,
  }
}

export function runLogContract({ name, newLog }: LogContractOptions): void {
  describe(`provisioning log contract: ${name}`, () => {
    it('appends and reads back newest first, every field kept', async (t) => {
      const log = await newLog(t)
      const first = request({
        resourceId: 'u1',
        target: 'Ann@Contoso.com',
        changes: [{ path: 'userName', new: 'Ann@Contoso.com' }],
        requestId: 'r1',
      })
      await log.append([first, request({ time: '2026-12-01T10:00:01.000Z', operation: 'match' })])
      const [newest, oldest] = await log.entries('t1', { limit: 10 })
      assert.equal(newest?.operation, 'match')
      const { seq, ...rest } = oldest!
      assert.ok(seq > 0)
      assert.deepEqual(rest, first)
      assert.deepEqual(await log.entries('t2', { limit: 10 }), [])
    })

    it('filters by time, errors, user (id or name ignoring case), actor, kind and page', async (t) => {
      const log = await newLog(t)
      await log.append([
        request({ time: '2026-12-01T09:00:00.000Z', target: 'ann@contoso.com', resourceId: 'u1' }),
        request({
          time: '2026-12-01T10:00:00.000Z',
          status: 400,
          scimType: 'invalidValue',
          actor: 'client okta',
        }),
        request({ time: '2026-12-01T11:00:00.000Z', status: 503 }),
        {
          ...request({
            time: '2026-12-01T12:00:00.000Z',
            kind: 'audit',
            actor: 'cli:root',
            operation: 'token.create',
          }),
          status: undefined,
        },
      ])
      const ops = (list: { time: string }[]) => list.map((e) => e.time.slice(11, 13))
      assert.deepEqual(
        ops(await log.entries('t1', { limit: 9, since: '2026-12-01T10:00:00.000Z' })),
        ['12', '11', '10'],
      )
      assert.deepEqual(ops(await log.entries('t1', { limit: 9, errors: true })), ['11', '10'])
      assert.deepEqual(ops(await log.entries('t1', { limit: 9, successes: true })), ['09'])
      assert.deepEqual(ops(await log.entries('t1', { limit: 9, user: 'ANN@contoso.com' })), ['09'])
      assert.deepEqual(ops(await log.entries('t1', { limit: 9, user: 'u1' })), ['09'])
      assert.deepEqual(ops(await log.entries('t1', { limit: 9, actor: 'client okta' })), ['10'])
      assert.deepEqual(ops(await log.entries('t1', { limit: 9, kind: 'audit' })), ['12'])
      const [page1] = await log.entries('t1', { limit: 1 })
      assert.deepEqual(ops(await log.entries('t1', { limit: 1, before: page1!.seq })), ['11'])
    })

    it('groups errors by cause, largest first, and counts minutes', async (t) => {
      const log = await newLog(t)
      const phone = { key: 'phone', fix: 'phoneNumbers[type eq "Work Phone"].value: not E.164' }
      const role = { key: 'role', fix: "roles[].value: 'Manager' is not a role" }
      await log.append([
        request({
          status: 400,
          target: 'a',
          causes: [phone, role],
          time: '2026-12-01T10:00:10.000Z',
        }),
        request({ status: 400, target: 'b', causes: [phone], time: '2026-12-01T10:00:20.000Z' }),
        request({ status: 400, target: 'b', causes: [phone], time: '2026-12-01T10:01:00.000Z' }),
        request({ time: '2026-12-01T10:01:30.000Z' }),
      ])
      const groups = await log.causes('t1', '2026-12-01T00:00:00.000Z', 10)
      assert.deepEqual(
        groups.map((g) => [g.key, g.count, g.users]),
        [
          ['phone', 3, 2],
          ['role', 1, 1],
        ],
      )
      const example = await log.entry('t1', groups[0]!.exampleSeq)
      assert.equal(example?.time, '2026-12-01T10:01:00.000Z')
      assert.deepEqual(example?.causes, [{ key: 'phone', fix: phone.fix }])
      assert.equal(await log.entry('t2', groups[0]!.exampleSeq), undefined)
      await log.append([request({ time: '2026-12-01T10:01:40.000Z', status: 500 })])
      assert.deepEqual(await log.activity('t1', '2026-12-01T00:00:00.000Z'), [
        { minute: '2026-12-01T10:00', requests: 2, errors: 2 },
        { minute: '2026-12-01T10:01', requests: 3, errors: 2 },
      ])
    })

    it('prunes by age and by rows, per tenant', async (t) => {
      const log = await newLog(t)
      const at = (i: number) => `2026-12-01T10:00:${String(i).padStart(2, '0')}.000Z`
      await log.append(
        Array.from({ length: 10 }, (_, i) =>
          request({ time: at(i), status: 400, causes: [{ key: 'k', fix: 'f' }] }),
        ),
      )
      await log.append([request({ tenantId: 't2', time: at(0) })])
      assert.equal(await log.prune('t1', at(2), 1000), 2)
      assert.equal((await log.entries('t1', { limit: 100 })).length, 8)
      assert.equal(await log.prune('t1', at(0), 5), 3)
      const left = await log.entries('t1', { limit: 100 })
      assert.deepEqual(
        left.map((e) => e.time),
        [at(9), at(8), at(7), at(6), at(5)],
      )
      assert.equal((await log.causes('t1', at(0), 10))[0]?.count, 5)
      assert.equal((await log.entries('t2', { limit: 100 })).length, 1)
    })

    it('writes a large batch in one append', async (t) => {
      const log = await newLog(t)
      await log.append(Array.from({ length: 1200 }, (_, i) => request({ resourceId: `u${i}` })))
      assert.equal((await log.entries('t1', { limit: 2000 })).length, 1200)
    })
  })
}
