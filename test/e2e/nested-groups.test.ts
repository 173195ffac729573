// Nested groups at size (issue 12 finding 1): users in a group nested into 2,000 others read with their
// whole User.groups (never truncated) by walking the nesting once per read, the server answering
// /healthz meanwhile; filters, sorts and PATCHes that walk memberships are bounded in number.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { MAX_RELATION_TERMS } from '../../src/scim/filter/limits.js'
import { MAX_MEMBER_SCANS } from '../../src/scim/patch/group-plan.js'
import { MAX_PAGE_GROUP_REFS } from '../../src/store/sql/user-store.js'
import { GROUP_WALK_ON_LOOP, openSqliteStore } from '../../src/store/sqlite/sqlite-store.js'
import { BASE, build } from '../helper.js'
import { seed } from '../seed.js'

const PARENTS = 2000
const USERS = 100

describe('User.groups through deep and wide nesting', { timeout: 120_000 }, () => {
  it(`stops a page of users before ${MAX_PAGE_GROUP_REFS} group references, never truncating one user's groups`, async (t) => {
    const { tenant, dir, request } = await build(t)
    const parents = 4_000
    const users = 70
    seed(join(dir, 'roster.db'), tenant.id, (s) => {
      const ids = s.users(users, 'wide')
      const [team] = s.groups(1, 'Team') as [string]
      s.members(team, ids)
      s.nest(team, s.groups(parents, 'Parent'))
    })
    const fits = Math.floor(MAX_PAGE_GROUP_REFS / (parents + 1))
    const first = await request('GET', `Users?count=100&attributes=groups`)
    assert.equal(first.status, 200)
    assert.equal(first.body.totalResults, users)
    assert.equal(first.body.itemsPerPage, fits)
    assert.equal(first.body.Resources.length, fits)
    for (const user of first.body.Resources) assert.equal(user.groups.length, parents + 1)
    const rest = await request('GET', `Users?count=100&startIndex=${fits + 1}&attributes=groups`)
    assert.equal(rest.body.itemsPerPage, users - fits)
    // Cursor pages (RFC 9865) stop at the same place, and nextCursor goes on from the first user left out;
    // previousCursor from there comes back to the users before it, again within the budget.
    const byCursor = await request('GET', `Users?count=100&cursor&attributes=id`)
    assert.equal(byCursor.body.itemsPerPage, fits)
    const firstIds = byCursor.body.Resources.map((u: { id: string }) => u.id)
    const onward = await request(
      'GET',
      `Users?count=100&cursor=${encodeURIComponent(byCursor.body.nextCursor)}&attributes=id`,
    )
    assert.equal(onward.status, 200, onward.text.slice(0, 300))
    assert.equal(onward.body.itemsPerPage, users - fits)
    const onwardIds = onward.body.Resources.map((u: { id: string }) => u.id)
    assert.equal(new Set([...firstIds, ...onwardIds]).size, users, 'every user once')
    assert.equal(onward.body.nextCursor, undefined)
    const back = await request(
      'GET',
      `Users?count=100&cursor=${encodeURIComponent(onward.body.previousCursor)}&attributes=id`,
    )
    assert.equal(back.status, 200, back.text.slice(0, 300))
    assert.deepEqual(
      back.body.Resources.map((u: { id: string }) => u.id),
      firstIds.slice(firstIds.length - back.body.itemsPerPage),
    )
    // /.search over users and groups: no group comes before every user has.
    const search = await request('POST', '.search', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      attributes: ['id'],
      count: 100,
    })
    assert.equal(search.status, 200, search.text.slice(0, 300))
    assert.equal(search.body.totalResults, users + parents + 1)
    assert.equal(search.body.Resources.length, fits)
  })

  it(`lists ${USERS} users each in ${PARENTS + 1} groups in one page, /healthz answered meanwhile`, async (t) => {
    const { app, tenant, token, dir, request } = await build(t)
    let g0 = ''
    seed(join(dir, 'roster.db'), tenant.id, (s) => {
      const users = s.users(USERS, 'member')
      ;[g0] = s.groups(1, 'Team') as [string]
      s.members(g0, users)
      s.nest(g0, s.groups(PARENTS, 'Parent'))
    })
    const order: string[] = []
    const page = app
      .inject({
        method: 'GET',
        url: `${BASE}/Users?count=${USERS}`,
        headers: { authorization: `Bearer ${token}` },
      })
      .then((r) => (order.push('page'), r))
    const health = app
      .inject({ method: 'GET', url: '/healthz' })
      .then((r) => (order.push('health'), r))
    const [p, h] = await Promise.all([page, health])
    assert.equal(h.statusCode, 200)
    assert.deepEqual(order, ['health', 'page'])
    assert.equal(p.statusCode, 200)
    const body = p.json() as { Resources: { groups: { value: string; type: string }[] }[] }
    assert.equal(body.Resources.length, USERS)
    for (const user of body.Resources) {
      assert.equal(user.groups.length, PARENTS + 1)
      assert.equal(user.groups.filter((g) => g.type === 'direct').length, 1)
      assert.equal(user.groups.find((g) => g.type === 'direct')?.value, g0)
    }
    // One user by id: the same groups.
    const one = await request('GET', `Users/${(body.Resources[0] as unknown as { id: string }).id}`)
    assert.equal(one.body.groups.length, PARENTS + 1)
    // Filters and sorts through the nesting.
    const indirect = await request(
      'GET',
      `Users?count=1&filter=${encodeURIComponent('groups[type eq "indirect" and display eq "Parent 1999"]')}`,
    )
    assert.equal(indirect.body.totalResults, USERS)
    const sorted = await request('GET', 'Users?count=2&sortBy=groups.display')
    assert.equal(sorted.status, 200, sorted.text)
  })

  it(`reads a user by id or match whose nesting passes ${GROUP_WALK_ON_LOOP} rows in the read pool, others on the event loop`, async (t) => {
    // The statements this thread runs that walk the nesting (user-groups.ts parentsQuery).
    const walks: string[] = []
    let counting = false
    const dir = mkdtempSync(join(tmpdir(), 'roster-walk-'))
    const file = join(dir, 'roster.db')
    const store = await openSqliteStore({
      file,
      onStatement: (sql) => {
        if (counting && sql.includes('"group_groups" as "gg"')) walks.push(sql)
      },
    })
    t.after(async () => {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    })
    const { app, tenant, token, request } = await build(t, { store })
    const parents = 4 * GROUP_WALK_ON_LOOP
    let big = ''
    let small = ''
    seed(file, tenant.id, (s) => {
      ;[big, small] = s.users(2, 'nested') as [string, string]
      const [team, few] = s.groups(2, 'Team') as [string, string]
      s.members(team, [big])
      s.nest(team, s.groups(parents, 'Parent'))
      s.members(few, [small])
      s.nest(few, s.groups(3, 'Few'))
    })
    counting = true
    const order: string[] = []
    const read = app
      .inject({
        method: 'GET',
        url: `${BASE}/Users/${big}`,
        headers: { authorization: `Bearer ${token}` },
      })
      .then((r) => (order.push('big'), r))
    const health = app
      .inject({ method: 'GET', url: '/healthz' })
      .then((r) => (order.push('health'), r))
    const [one, h] = await Promise.all([read, health])
    assert.equal(h.statusCode, 200)
    assert.deepEqual(order, ['health', 'big'])
    assert.equal(one.statusCode, 200, one.body.slice(0, 300))
    const body = one.json() as { groups: unknown[]; meta: { version: string } }
    assert.equal(body.groups.length, parents + 1)
    assert.equal(one.headers['etag'], body.meta.version)
    // This thread looked once (a statement with a LIMIT), then the read pool walked and rendered.
    assert.equal(walks.length, 1, walks.join('\n'))
    assert.match(walks[0] as string, /limit \?/)
    const same = await request('GET', `Users/${big}?attributes=groups`, undefined, {
      'if-none-match': String(one.headers['etag']),
    })
    assert.equal(same.status, 304)
    const projected = await request('GET', `Users/${big}?attributes=userName`)
    assert.deepEqual(Object.keys(projected.body).sort(), ['id', 'meta', 'schemas', 'userName'])
    // Entra's match of that user: the same bounded look here, then the read pool.
    walks.length = 0
    const matched = await request(
      'GET',
      `Users?filter=${encodeURIComponent('userName eq "nested0@contoso.com"')}`,
    )
    assert.equal(matched.status, 200, matched.text.slice(0, 300))
    assert.equal(matched.body.totalResults, 1)
    assert.equal(matched.body.Resources[0].groups.length, parents + 1)
    assert.equal(walks.length, 1, walks.join('\n'))
    // A user in a few nested groups is read here, within the bound.
    walks.length = 0
    const few = await request('GET', `Users/${small}`)
    assert.equal(few.status, 200)
    assert.equal(few.body.groups.length, 4)
    assert.ok(walks.length >= 1)
    assert.equal((await request('GET', 'Users/nobody')).status, 404)
  })

  it(`refuses more than ${MAX_RELATION_TERMS} terms on groups or members in one request`, async (t) => {
    const { request } = await build(t)
    const terms = (n: number, attr: string) =>
      Array.from({ length: n }, (_, i) => `${attr}.display co "zz${i}"`).join(' or ')
    for (const [path, attr] of [
      ['Users', 'groups'],
      ['Groups', 'members'],
    ] as const) {
      const ok = await request(
        'GET',
        `${path}?filter=${encodeURIComponent(terms(MAX_RELATION_TERMS, attr))}`,
      )
      assert.equal(ok.status, 200, ok.text)
      const over = await request(
        'GET',
        `${path}?filter=${encodeURIComponent(terms(MAX_RELATION_TERMS + 1, attr))}`,
      )
      assert.equal(over.status, 400)
      assert.equal(over.body.scimType, 'invalidFilter')
      assert.match(over.body.detail, new RegExp(`at most ${MAX_RELATION_TERMS}`))
    }
    // A sort on a relation counts too.
    const sorted = await request(
      'GET',
      `Users?sortBy=groups.display&filter=${encodeURIComponent(terms(MAX_RELATION_TERMS, 'groups'))}`,
    )
    assert.equal(sorted.status, 400)
    // A group PATCH removing members by filter: one term each.
    const group = await request('POST', 'Groups', { displayName: 'g' })
    const removals = (n: number) => ({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: Array.from({ length: n }, (_, i) => ({
        op: 'remove',
        path: `members[display co "zz${i}"]`,
      })),
    })
    assert.equal(
      (await request('PATCH', `Groups/${group.body.id}`, removals(MAX_RELATION_TERMS))).status,
      204,
    )
    const over = await request('PATCH', `Groups/${group.body.id}`, removals(MAX_RELATION_TERMS + 1))
    assert.equal(over.status, 400)
    assert.equal(over.body.scimType, 'invalidFilter')
    // Runs of removals by filter separated by another member operation: each scans the members.
    const user = await request('POST', 'Users', { userName: 'runs@contoso.com' })
    const runs = (n: number) => ({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: Array.from({ length: n }, (_, i) => [
        { op: 'remove', path: `members[display co "zz${i}"]` },
        { op: 'add', path: 'members', value: [{ value: user.body.id }] },
      ]).flat(),
    })
    const edge = await request('PATCH', `Groups/${group.body.id}`, runs(MAX_MEMBER_SCANS))
    assert.equal(edge.status, 204, edge.text)
    const past = await request('PATCH', `Groups/${group.body.id}`, runs(MAX_MEMBER_SCANS + 1))
    assert.equal(past.status, 400)
    assert.equal(past.body.scimType, 'invalidFilter')
    assert.match(past.body.detail, new RegExp(`at most ${MAX_MEMBER_SCANS}`))
  })
})
