// Two Roster processes on one PostgreSQL database, as behind a load balancer (issue 6): concurrent
// creates, PATCHes and group changes through both instances lose nothing and duplicate nothing. Each
// run uses a database of its own, dropped afterwards. Runs when DATABASE_URL is set (.ci/run sets it).
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { before, after, describe, it } from 'node:test'
import pg from 'pg'
import { call, createToken, sandbox } from '../process.js'
import type { Sandbox, Server } from '../process.js'

const url = process.env['DATABASE_URL']
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'

if (url === undefined || url === '') {
  describe('two instances on one PostgreSQL database', () => {
    it(
      'runs when DATABASE_URL is set (postgres://...); .ci/run sets it',
      {
        skip: 'DATABASE_URL is not set',
      },
      () => {},
    )
  })
} else {
  describe('two instances on one PostgreSQL database', () => {
    const database = `roster_e2e_${randomBytes(6).toString('hex')}`
    const cleanups: (() => Promise<void>)[] = []
    let box: Sandbox
    let token: string
    let a: Server
    let b: Server
    const admin = new pg.Client({ connectionString: url })
    /** Alternates between the two instances. */
    const at = (i: number): string => (i % 2 ? a : b).tenantUrl

    before(async () => {
      await admin.connect()
      await admin.query(`create database ${database}`)
      const target = new URL(url)
      target.pathname = `/${database}`
      box = sandbox((fn) => cleanups.push(fn), { databaseUrl: target.toString() })
      // Both instances start at once: migrations are serialised by Kysely's advisory lock.
      ;[a, b] = await Promise.all([box.serve(), box.serve()])
      token = (await createToken(box, 'entra')).token
    })
    after(async () => {
      for (const cleanup of cleanups) await cleanup()
      await admin.query(`drop database if exists ${database} with (force)`)
      await admin.end()
    })

    it('creates 100 users through both at once, each once', async () => {
      const replies = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          call(`${at(i)}/Users`, { token, body: { userName: `many${i}@contoso.com` } }),
        ),
      )
      for (const reply of replies) assert.equal(reply.status, 201, reply.text)
      const list = await call(`${a.tenantUrl}/Users?filter=userName+sw+%22many%22&count=1000`, {
        token,
      })
      assert.equal(list.body.totalResults, 100)
      assert.equal(new Set(list.body.Resources.map((u: { id: string }) => u.id)).size, 100)
    })

    it('the same userName created 20 times at once through both: one 201, the rest 409', async () => {
      const replies = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          call(`${at(i)}/Users`, {
            token,
            body: { userName: i % 3 ? 'Same@Contoso.com' : 'same@contoso.com' },
          }),
        ),
      )
      const statuses = replies.map((r) => r.status).sort()
      assert.deepEqual(statuses, [201, ...Array.from({ length: 19 }, () => 409)])
      for (const reply of replies.filter((r) => r.status === 409))
        assert.equal(reply.body.scimType, 'uniqueness')
    })

    it('50 PATCHes of one user through both at once all land', async () => {
      const roles = Array.from({ length: 50 }, (_, i) => `Rotation ${i}`)
      const added = await box.cli('roles', 'add', ...roles)
      assert.equal(added.code, 0, added.stderr)
      const created = await call(`${a.tenantUrl}/Users`, {
        token,
        body: { userName: 'busy@contoso.com' },
      })
      const replies = await Promise.all(
        roles.map((value, i) =>
          call(`${at(i)}/Users/${created.body.id}`, {
            method: 'PATCH',
            token,
            body: {
              schemas: [PATCH_OP],
              Operations: [{ op: 'Add', path: 'roles', value: [{ value }] }],
            },
          }),
        ),
      )
      for (const reply of replies) assert.equal(reply.status, 200, reply.text)
      const final = await call(`${b.tenantUrl}/Users/${created.body.id}`, { token })
      const held = new Set(final.body.roles.map((r: { value: string }) => r.value))
      for (const role of roles) assert.ok(held.has(role), role)
      assert.equal(final.body.meta.version, `W/"${roles.length + 1}"`)
    })

    it('50 member PATCHes of one group through both at once all land', async () => {
      const users = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          call(`${at(i)}/Users`, { token, body: { userName: `member${i}@contoso.com` } }),
        ),
      )
      const group = await call(`${a.tenantUrl}/Groups`, { token, body: { displayName: 'On-call' } })
      assert.equal(group.status, 201, group.text)
      const replies = await Promise.all(
        users.map((user, i) =>
          call(`${at(i)}/Groups/${group.body.id}`, {
            method: 'PATCH',
            token,
            body: {
              schemas: [PATCH_OP],
              Operations: [
                { op: 'Add', path: 'members', value: [{ $ref: null, value: user.body.id }] },
              ],
            },
          }),
        ),
      )
      for (const reply of replies) assert.equal(reply.status, 204, reply.text)
      const final = await call(`${b.tenantUrl}/Groups/${group.body.id}`, { token })
      const members = new Set(final.body.members.map((m: { value: string }) => m.value))
      assert.equal(members.size, 50)
      for (const user of users) assert.ok(members.has(user.body.id))
      assert.equal(final.body.meta.version, `W/"51"`)
    })

    it('two groups nested into each other through both at once: one lands, the other is a 400', async () => {
      const [x, y] = await Promise.all([
        call(`${a.tenantUrl}/Groups`, { token, body: { displayName: 'X' } }),
        call(`${b.tenantUrl}/Groups`, { token, body: { displayName: 'Y' } }),
      ])
      const nest = (server: Server, parent: string, child: string) =>
        call(`${server.tenantUrl}/Groups/${parent}`, {
          method: 'PATCH',
          token,
          body: {
            schemas: [PATCH_OP],
            Operations: [{ op: 'add', path: 'members', value: [{ value: child }] }],
          },
        })
      const replies = await Promise.all([
        nest(a, x?.body.id, y?.body.id),
        nest(b, y?.body.id, x?.body.id),
      ])
      assert.deepEqual(replies.map((r) => r.status).sort(), [204, 400])
    })
  })
}
