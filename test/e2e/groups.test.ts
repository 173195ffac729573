// /Groups through the whole Fastify pipeline (RFC 7644 §3 on RFC 7643 §4.2): uniqueness, member checks
// and cycles, conditional requests, projection, PUT, streamed member lists, listing and searching,
// User.groups, member deletion, discovery, and bad input that must never become a 500.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { build } from '../helper.js'
import type { Built, Reply } from '../helper.js'

const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group'
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error'
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest'
const ORIGIN = 'http://localhost:80/api/xm/1/scim/v2'

const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations })
const q = (filter: string): string => encodeURIComponent(filter)

function assertError(r: Reply, status: number, scimType?: string, detail?: RegExp): void {
  assert.equal(r.status, status, r.text)
  assert.match(String(r.headers['content-type']), /^application\/scim\+json/)
  assert.deepEqual(r.body.schemas, [ERROR])
  assert.equal(r.body.status, String(status))
  if (scimType !== undefined) assert.equal(r.body.scimType, scimType)
  assert.equal(typeof r.body.detail, 'string')
  if (detail) assert.match(r.body.detail, detail)
}

async function newUser(built: Built, userName: string): Promise<string> {
  const r = await built.request('POST', 'Users', {
    userName,
    name: { givenName: userName.split('@')[0], familyName: 'Doe' },
  })
  assert.equal(r.status, 201, r.text)
  return r.body.id
}

async function newGroup(
  built: Built,
  displayName: string,
  members: readonly string[] = [],
  externalId?: string,
): Promise<{ id: string; created: string }> {
  const r = await built.request('POST', 'Groups', {
    schemas: [GROUP],
    displayName,
    ...(externalId !== undefined ? { externalId } : {}),
    members: members.map((value) => ({ value })),
  })
  assert.equal(r.status, 201, r.text)
  return { id: r.body.id, created: r.body.meta.created }
}

/** The group as GET returns it, with its members' ids in the order returned. */
async function read(
  built: Built,
  id: string,
): Promise<{ displayName: string; version: string; members: string[] }> {
  const r = await built.request('GET', `Groups/${id}`)
  assert.equal(r.status, 200, r.text)
  return {
    displayName: r.body.displayName,
    version: r.body.meta.version,
    members: (r.body.members ?? []).map((m: { value: string }) => m.value),
  }
}

describe('displayName is unique ignoring case (409 uniqueness)', () => {
  const cases: readonly {
    name: string
    attempt: (built: Built, other: string) => Promise<Reply>
  }[] = [
    {
      name: 'POST, same name',
      attempt: (b) => b.request('POST', 'Groups', { displayName: 'Ops' }),
    },
    {
      name: 'POST, other case',
      attempt: (b) => b.request('POST', 'Groups', { displayName: 'oPS' }),
    },
    {
      name: 'POST, non-ASCII other case',
      attempt: (b) => b.request('POST', 'Groups', { displayName: 'ÉQUIPE' }),
    },
    {
      name: 'PATCH replace displayName',
      attempt: (b, other) =>
        b.request(
          'PATCH',
          `Groups/${other}`,
          patch({ op: 'Replace', path: 'displayName', value: 'OPS' }),
        ),
    },
    {
      name: 'PATCH path-less replace',
      attempt: (b, other) =>
        b.request(
          'PATCH',
          `Groups/${other}`,
          patch({ op: 'replace', value: { displayName: 'ops' } }),
        ),
    },
    {
      name: 'PUT',
      attempt: (b, other) => b.request('PUT', `Groups/${other}`, { displayName: 'Équipe' }),
    },
  ]
  for (const c of cases) {
    it(c.name, async (t) => {
      const built = await build(t)
      await newGroup(built, 'Ops')
      await newGroup(built, 'équipe')
      const other = await newGroup(built, 'Other')
      const r = await c.attempt(built, other.id)
      assertError(r, 409, 'uniqueness', /already taken/)
      const after = await read(built, other.id)
      assert.equal(after.displayName, 'Other')
      assert.equal(after.version, 'W/"1"')
      const all = await built.request('GET', 'Groups?count=0')
      assert.equal(all.body.totalResults, 3)
    })
  }

  it('a conflict aborts the whole PATCH: a member added by the same request is not kept', async (t) => {
    const built = await build(t)
    await newGroup(built, 'Ops')
    const user = await newUser(built, 'ann@contoso.com')
    const other = await newGroup(built, 'Other')
    const both = await built.request(
      'PATCH',
      `Groups/${other.id}`,
      patch(
        { op: 'add', path: 'members', value: [{ value: user }] },
        { op: 'replace', path: 'displayName', value: 'OPS' },
      ),
    )
    assertError(both, 409, 'uniqueness')
    assert.deepEqual(await read(built, other.id), {
      displayName: 'Other',
      version: 'W/"1"',
      members: [],
    })
  })

  it('a group may change the case of its own name', async (t) => {
    const built = await build(t)
    const { id } = await newGroup(built, 'Ops')
    const r = await built.request(
      'PATCH',
      `Groups/${id}`,
      patch({ op: 'replace', path: 'displayName', value: 'OPS' }),
    )
    assert.equal(r.status, 204, r.text)
    assert.equal((await read(built, id)).displayName, 'OPS')
    const put = await built.request('PUT', `Groups/${id}`, { displayName: 'ops' })
    assert.equal(put.status, 200, put.text)
    assert.equal(put.body.displayName, 'ops')
  })
})

describe('members must exist (400 naming them, nothing applied)', () => {
  const ghost = 'c0ffee00-0000-4000-8000-00000000dead'
  const cases: readonly {
    name: string
    send: (built: Built, group: string, known: string) => Promise<Reply>
  }[] = [
    {
      name: 'PATCH add with a known and an unknown id, after a rename',
      send: (b, g, known) =>
        b.request(
          'PATCH',
          `Groups/${g}`,
          patch(
            { op: 'Replace', path: 'displayName', value: 'Renamed' },
            { op: 'Add', path: 'members', value: [{ $ref: null, value: known }, { value: ghost }] },
          ),
        ),
    },
    {
      name: 'PATCH path-less add',
      send: (b, g, known) =>
        b.request(
          'PATCH',
          `Groups/${g}`,
          patch({ op: 'add', value: { members: [{ value: known }, { value: ghost }] } }),
        ),
    },
    {
      name: 'PATCH add on members[value eq "…"]',
      send: (b, g) =>
        b.request(
          'PATCH',
          `Groups/${g}`,
          patch({ op: 'add', path: `members[value eq "${ghost}"]` }),
        ),
    },
    {
      name: 'PATCH replace members',
      send: (b, g, known) =>
        b.request(
          'PATCH',
          `Groups/${g}`,
          patch({ op: 'replace', path: 'members', value: [{ value: known }, { value: ghost }] }),
        ),
    },
    {
      name: 'PUT',
      send: (b, g, known) =>
        b.request('PUT', `Groups/${g}`, {
          displayName: 'Renamed',
          members: [{ value: known }, { value: ghost }],
        }),
    },
  ]
  for (const c of cases) {
    it(c.name, async (t) => {
      const built = await build(t)
      const known = await newUser(built, 'ann@contoso.com')
      const kept = await newUser(built, 'bob@contoso.com')
      const { id } = await newGroup(built, 'Ops', [kept])
      const r = await c.send(built, id, known)
      assertError(r, 400, 'invalidValue', new RegExp(`'${ghost}'`))
      assert.doesNotMatch(r.body.detail, new RegExp(known))
      assert.deepEqual(await read(built, id), {
        displayName: 'Ops',
        version: 'W/"1"',
        members: [kept],
      })
    })
  }

  it('POST with an unknown member creates nothing', async (t) => {
    const built = await build(t)
    const known = await newUser(built, 'ann@contoso.com')
    const r = await built.request('POST', 'Groups', {
      displayName: 'Ops',
      members: [{ value: known }, { value: ghost }, { value: 'also-missing' }],
    })
    assertError(r, 400, 'invalidValue', new RegExp(`'${ghost}', 'also-missing'`))
    const list = await built.request('GET', `Groups?filter=${q('displayName eq "Ops"')}`)
    assert.equal(list.body.totalResults, 0)
    // The name is still free.
    assert.equal((await built.request('POST', 'Groups', { displayName: 'Ops' })).status, 201)
  })

  it('names at most ten unknown ids and counts the rest', async (t) => {
    const built = await build(t)
    const { id } = await newGroup(built, 'Ops')
    const unknown = Array.from({ length: 12 }, (_, i) => `missing-${String(i).padStart(2, '0')}`)
    const r = await built.request(
      'PATCH',
      `Groups/${id}`,
      patch({ op: 'add', path: 'members', value: unknown.map((value) => ({ value })) }),
    )
    assertError(r, 400, 'invalidValue', /and 2 more/)
    for (const value of unknown.slice(0, 10)) assert.ok(r.body.detail.includes(`'${value}'`), value)
    assert.equal(r.body.detail.includes('missing-10'), false)
  })

  it('a member of the wrong declared type is refused', async (t) => {
    const built = await build(t)
    const user = await newUser(built, 'ann@contoso.com')
    const { id } = await newGroup(built, 'Ops')
    const r = await built.request(
      'PATCH',
      `Groups/${id}`,
      patch({ op: 'add', path: 'members', value: [{ value: user, type: 'Group' }] }),
    )
    assertError(r, 400, 'invalidValue', new RegExp(user))
    assert.deepEqual((await read(built, id)).members, [])
  })
})

describe('PATCH member operations (RFC 7644 §3.5.2, entra-client-behaviour.md Q6-Q8)', () => {
  type Ids = Readonly<Record<'u1' | 'u2' | 'u3' | 'sub', string>>
  // The group starts with u1, u2 and the group Sub; u3 is not a member.
  const cases: readonly {
    name: string
    ops: (ids: Ids) => unknown[]
    expected: readonly (keyof Ids)[]
    displayName?: string
    /** The version after the PATCH: moved on (the default), kept, or not part of the contract. */
    version?: 'new' | 'same' | 'either'
  }[] = [
    {
      name: "Entra's remove with a value array removes only those",
      ops: ({ u1 }) => [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: u1 }] }],
      expected: ['u2', 'sub'],
    },
    {
      name: 'remove with an empty value array removes nothing',
      ops: () => [{ op: 'Remove', path: 'members', value: [] }],
      expected: ['u1', 'u2', 'sub'],
      version: 'same',
    },
    {
      name: 'remove without a value clears the members',
      ops: () => [{ op: 'remove', path: 'members' }],
      expected: [],
    },
    {
      name: 'remove members[value eq … or value eq …]',
      ops: ({ u1, sub }) => [
        { op: 'remove', path: `members[value eq "${u1}" or value eq "${sub}"]` },
      ],
      expected: ['u2'],
    },
    {
      name: 'remove members[type eq "Group"]',
      ops: () => [{ op: 'remove', path: 'members[type eq "Group"]' }],
      expected: ['u1', 'u2'],
    },
    {
      name: 'remove members[value eq … and type eq "User"]',
      ops: ({ u2 }) => [{ op: 'remove', path: `members[value eq "${u2}" and type eq "User"]` }],
      expected: ['u1', 'sub'],
    },
    {
      name: 'remove of a non-member is ignored',
      ops: ({ u3 }) => [
        { op: 'remove', path: `members[value eq "${u3}"]` },
        { op: 'Remove', path: 'members', value: [{ value: u3 }] },
      ],
      expected: ['u1', 'u2', 'sub'],
      version: 'same',
    },
    {
      name: 'the URN-qualified path and any casing of op and path',
      ops: ({ u1, u3 }) => [
        { op: 'REMOVE', path: `${GROUP}:members`, value: [{ value: u1 }] },
        { op: 'ADD', path: 'Members', value: { value: u3 } },
      ],
      expected: ['u2', 'u3', 'sub'],
    },
    {
      name: 'a PATCH that changes nothing keeps the version',
      ops: ({ u1 }) => [
        { op: 'Replace', path: 'displayName', value: 'Ops' },
        { op: 'Add', path: 'members', value: [{ $ref: null, value: u1 }] },
      ],
      expected: ['u1', 'u2', 'sub'],
      version: 'same',
    },
    {
      name: 'path-less add',
      ops: ({ u3 }) => [{ op: 'add', value: { members: [{ value: u3 }] } }],
      expected: ['u1', 'u2', 'u3', 'sub'],
    },
    {
      name: 'path-less replace of displayName and members',
      ops: ({ u3 }) => [
        { op: 'replace', value: { displayName: 'Renamed', members: [{ value: u3 }] } },
      ],
      expected: ['u3'],
      displayName: 'Renamed',
    },
    {
      name: 'add on members[value eq …] (Q8) adds the member',
      ops: ({ u3 }) => [{ op: 'Add', path: `members[value eq "${u3}"]` }],
      expected: ['u1', 'u2', 'u3', 'sub'],
    },
    {
      name: 'replace members',
      ops: ({ u3, sub }) => [
        { op: 'replace', path: 'members', value: [{ value: u3 }, { value: sub }] },
      ],
      expected: ['u3', 'sub'],
    },
    {
      name: 'replace members with an empty list',
      ops: () => [{ op: 'replace', path: 'members', value: [] }],
      expected: [],
    },
    {
      name: 'duplicates in one value array add the member once',
      ops: ({ u3 }) => [{ op: 'add', path: 'members', value: [{ value: u3 }, { value: u3 }] }],
      expected: ['u1', 'u2', 'u3', 'sub'],
    },
    {
      name: 'operations apply in order: add then remove',
      ops: ({ u3 }) => [
        { op: 'add', path: 'members', value: [{ value: u3 }] },
        { op: 'remove', path: `members[value eq "${u3}"]` },
      ],
      expected: ['u1', 'u2', 'sub'],
      // The member row was written and deleted again: the store counts rows, not the net result.
      version: 'either',
    },
    {
      name: 'operations apply in order: remove then add',
      ops: ({ u1 }) => [
        { op: 'remove', path: 'members' },
        { op: 'add', path: 'members', value: [{ value: u1 }] },
      ],
      expected: ['u1'],
    },
    {
      name: 'several one-member operations in one request (§3.8)',
      ops: ({ u1, u3 }) => [
        { op: 'Add', path: 'members', value: [{ $ref: null, value: u3 }] },
        { op: 'Remove', path: 'members', value: [{ $ref: null, value: u1 }] },
      ],
      expected: ['u2', 'u3', 'sub'],
    },
  ]
  for (const c of cases) {
    it(c.name, async (t) => {
      const built = await build(t)
      const ids: Ids = {
        u1: await newUser(built, 'u1@contoso.com'),
        u2: await newUser(built, 'u2@contoso.com'),
        u3: await newUser(built, 'u3@contoso.com'),
        sub: (await newGroup(built, 'Sub')).id,
      }
      const { id } = await newGroup(built, 'Ops', [ids.u1, ids.u2, ids.sub])
      const r = await built.request('PATCH', `Groups/${id}`, patch(...c.ops(ids)))
      assert.equal(r.status, 204, r.text)
      const users = c.expected.filter((k) => k !== 'sub').map((k) => ids[k])
      const expected = [...users.sort(), ...(c.expected.includes('sub') ? [ids.sub] : [])]
      const after = await read(built, id)
      assert.deepEqual(after.members, expected)
      assert.equal(after.displayName, c.displayName ?? 'Ops')
      const version = c.version ?? 'new'
      if (version !== 'either') assert.equal(after.version, version === 'same' ? 'W/"1"' : 'W/"2"')
      assert.equal(r.headers['etag'], after.version)
    })
  }
})

describe('nested groups never form a cycle (400)', () => {
  // a ⊃ b ⊃ c; each case tries to close a loop.
  const cases: readonly {
    name: string
    send: (built: Built, ids: { a: string; b: string; c: string }) => Promise<Reply>
    changed: 'a' | 'b' | 'c'
  }[] = [
    {
      name: 'a group containing itself',
      changed: 'a',
      send: (b, { a }) =>
        b.request(
          'PATCH',
          `Groups/${a}`,
          patch({ op: 'add', path: 'members', value: [{ value: a }] }),
        ),
    },
    {
      name: 'a two-group cycle',
      changed: 'b',
      send: (b, { a, b: bb }) =>
        b.request(
          'PATCH',
          `Groups/${bb}`,
          patch({ op: 'Add', path: 'members', value: [{ $ref: null, value: a }] }),
        ),
    },
    {
      name: 'a three-group cycle',
      changed: 'c',
      send: (b, { a, c }) =>
        b.request(
          'PATCH',
          `Groups/${c}`,
          patch({ op: 'add', path: 'members', value: [{ value: a }] }),
        ),
    },
    {
      name: 'a cycle through PUT',
      changed: 'c',
      send: (b, { a, c }) =>
        b.request('PUT', `Groups/${c}`, {
          displayName: 'C',
          members: [{ value: a, type: 'Group' }],
        }),
    },
    {
      name: 'a cycle through replace members',
      changed: 'c',
      send: (b, { b: bb, c }) =>
        b.request(
          'PATCH',
          `Groups/${c}`,
          patch({ op: 'replace', path: 'members', value: [{ value: bb }] }),
        ),
    },
  ]
  for (const c of cases) {
    it(c.name, async (t) => {
      const built = await build(t)
      const cc = await newGroup(built, 'C')
      const bb = await newGroup(built, 'B', [cc.id])
      const aa = await newGroup(built, 'A', [bb.id])
      const ids = { a: aa.id, b: bb.id, c: cc.id }
      const before = await read(built, ids[c.changed])
      const r = await c.send(built, ids)
      assertError(r, 400, 'invalidValue', /cycle|itself/)
      assert.deepEqual(await read(built, ids[c.changed]), before)
    })
  }
})

describe('unknown groups (404)', () => {
  const missing = randomUUID()
  const cases: readonly [string, string, unknown?][] = [
    ['GET', `Groups/${missing}`],
    ['GET', `Groups/${missing}?excludedAttributes=members`],
    ['PUT', `Groups/${missing}`, { displayName: 'Ops' }],
    ['PATCH', `Groups/${missing}`, patch({ op: 'replace', path: 'displayName', value: 'x' })],
    ['PATCH', `Groups/${missing}`, patch()],
    ['DELETE', `Groups/${missing}`],
  ]
  for (const [method, path, body] of cases) {
    it(`${method} ${path.replace(missing, '<unknown>')}`, async (t) => {
      const built = await build(t)
      await newGroup(built, 'Ops')
      const r = await built.request(method, path, body)
      assertError(r, 404, undefined, new RegExp(missing))
    })
  }
})

describe('conditional requests (RFC 7644 §3.14)', () => {
  const cases: readonly [string, (id: string) => string, unknown?][] = [
    ['PUT', (id) => `Groups/${id}`, { displayName: 'Changed' }],
    ['PATCH', (id) => `Groups/${id}`, patch({ op: 'replace', path: 'displayName', value: 'x' })],
    ['DELETE', (id) => `Groups/${id}`],
  ]
  for (const [method, path, body] of cases) {
    it(`${method} with a stale If-Match answers 412 and changes nothing; a current one succeeds`, async (t) => {
      const built = await build(t)
      const { id } = await newGroup(built, 'Ops')
      await built.request(
        'PATCH',
        `Groups/${id}`,
        patch({ op: 'add', path: 'externalId', value: 'e' }),
      )
      const stale = await built.request(method, path(id), body, { 'if-match': 'W/"1"' })
      assertError(stale, 412)
      assert.deepEqual(await read(built, id), {
        displayName: 'Ops',
        version: 'W/"2"',
        members: [],
      })
      const fresh = await built.request(method, path(id), body, { 'if-match': 'W/"2"' })
      assert.ok([200, 204].includes(fresh.status), fresh.text)
    })
  }

  it('GET answers 304 to a current If-None-Match and 200 to a stale one', async (t) => {
    const built = await build(t)
    const { id } = await newGroup(built, 'Ops')
    const current = await built.request('GET', `Groups/${id}`, undefined, {
      'if-none-match': 'W/"1"',
    })
    assert.equal(current.status, 304)
    assert.equal(current.text, '')
    assert.equal(current.headers['etag'], 'W/"1"')
    await built.request(
      'PATCH',
      `Groups/${id}`,
      patch({ op: 'replace', path: 'displayName', value: 'x' }),
    )
    const stale = await built.request('GET', `Groups/${id}`, undefined, {
      'if-none-match': 'W/"1"',
    })
    assert.equal(stale.status, 200)
    assert.equal(stale.headers['etag'], 'W/"2"')
  })

  it('a member’s new display is a new ETag of the groups listing it (If-None-Match is 200)', async (t) => {
    const built = await build(t)
    const ann = await newUser(built, 'ann@contoso.com')
    const { id: child } = await newGroup(built, 'Child', [ann])
    const { id: parent } = await newGroup(built, 'Parent', [child])
    // [the request, the groups whose ETag it changes]
    const cases: [string, string, unknown, string[]][] = [
      ['PATCH', `Users/${ann}`, patch({ op: 'replace', path: 'active', value: false }), []],
      [
        'PATCH',
        `Users/${ann}`,
        patch({ op: 'replace', path: 'name.givenName', value: 'A' }),
        [child],
      ],
      [
        'PATCH',
        `Groups/${child}`,
        patch({ op: 'replace', path: 'displayName', value: 'Kid' }),
        [child, parent],
      ],
    ]
    for (const [method, path, body, changed] of cases) {
      const before = new Map<string, string>()
      for (const id of [child, parent])
        before.set(id, String((await built.request('GET', `Groups/${id}`)).headers['etag']))
      assert.ok((await built.request(method, path, body)).status < 300, path)
      for (const id of [child, parent]) {
        const again = await built.request('GET', `Groups/${id}`, undefined, {
          'if-none-match': before.get(id) ?? '',
        })
        assert.equal(again.status, changed.includes(id) ? 200 : 304, `${path} → ${id}`)
      }
    }
    const members = (await built.request('GET', `Groups/${parent}`)).body.members
    assert.deepEqual(members, [
      { value: child, type: 'Group', display: 'Kid', $ref: `${ORIGIN}/Groups/${child}` },
    ])
  })
})

describe('projection (RFC 7644 §3.4.2.5, §3.5.2)', () => {
  it('PATCH with ?attributes answers 200 with exactly those attributes', async (t) => {
    const built = await build(t)
    const user = await newUser(built, 'ann@contoso.com')
    const { id } = await newGroup(built, 'Ops', [], 'ext-1')
    const r = await built.request(
      'PATCH',
      `Groups/${id}?attributes=displayName,members`,
      patch({ op: 'add', path: 'members', value: [{ value: user }] }),
    )
    assert.equal(r.status, 200, r.text)
    assert.equal(r.headers['etag'], 'W/"2"')
    // id and schemas are always returned, and meta.resourceType (project.ts).
    assert.deepEqual(r.body, {
      schemas: [GROUP],
      id,
      displayName: 'Ops',
      members: [{ value: user, $ref: `${ORIGIN}/Users/${user}`, type: 'User', display: 'ann Doe' }],
      meta: { resourceType: 'Group' },
    })
    const without = await built.request(
      'PATCH',
      `Groups/${id}?excludedAttributes=members`,
      patch({ op: 'replace', path: 'displayName', value: 'Ops 2' }),
    )
    assert.equal(without.status, 200, without.text)
    assert.equal('members' in without.body, false)
    assert.equal(without.body.externalId, 'ext-1')
    assert.equal(without.body.displayName, 'Ops 2')
  })

  const withoutMembers: readonly [string, string, unknown?][] = [
    ['GET', 'Groups/{id}?excludedAttributes=members'],
    ['GET', 'Groups/{id}?attributes=displayName'],
    ['GET', 'Groups?excludedAttributes=members'],
    ['GET', 'Groups?attributes=displayName'],
    ['GET', `Groups?excludedAttributes=members&filter=${q('displayName eq "ops"')}`],
    ['POST', 'Groups/.search', { schemas: [SEARCH], excludedAttributes: ['members'] }],
    ['POST', 'Groups/.search', { schemas: [SEARCH], attributes: ['displayName'] }],
    ['PUT', 'Groups/{id}?excludedAttributes=members', { displayName: 'Ops', members: '{members}' }],
    ['PUT', 'Groups/{id}?attributes=displayName', { displayName: 'Ops', members: '{members}' }],
  ]
  for (const [method, path, body] of withoutMembers) {
    it(`${method} ${path} returns no members`, async (t) => {
      const built = await build(t)
      const user = await newUser(built, 'ann@contoso.com')
      const { id } = await newGroup(built, 'Ops', [user])
      const filled =
        body === undefined
          ? undefined
          : JSON.parse(
              JSON.stringify(body).replace('"{members}"', JSON.stringify([{ value: user }])),
            )
      const r = await built.request(method, path.replace('{id}', id), filled)
      assert.equal(r.status, 200, r.text)
      const resources = r.body.Resources ?? [r.body]
      assert.equal(resources.length, 1)
      for (const resource of resources) {
        assert.equal(resource.id, id)
        assert.equal('members' in resource, false, r.text)
      }
      assert.doesNotMatch(r.text, new RegExp(user))
    })
  }

  // Members follow the same projection rules as the group's own attributes.
  const subAttributes: readonly [string, readonly string[], boolean][] = [
    ['attributes=members.value', ['value'], false],
    ['attributes=members.display', ['display'], false],
    ['attributes=members.type,members.value', ['value', 'type'], false],
    ['attributes=members', ['value', '$ref', 'type', 'display'], false],
    ['attributes=displayName,members.value', ['value'], true],
    ['excludedAttributes=members.value', ['$ref', 'type', 'display'], true],
    ['excludedAttributes=displayName', ['value', '$ref', 'type', 'display'], false],
  ]
  for (const [query, keys, withName] of subAttributes) {
    it(`${query} returns members with only ${keys.join(', ')}`, async (t) => {
      const built = await build(t)
      const user = await newUser(built, 'ann@contoso.com')
      const inner = await newGroup(built, 'Inner')
      const { id } = await newGroup(built, 'Ops', [user, inner.id])
      for (const url of [`Groups/${id}?${query}`, `Groups?${query}&filter=${q(`id eq "${id}"`)}`]) {
        const r = await built.request('GET', url)
        assert.equal(r.status, 200, r.text)
        const group = r.body.Resources?.[0] ?? r.body
        assert.equal(group.displayName, withName ? 'Ops' : undefined)
        assert.equal(group.members.length, 2)
        for (const member of group.members)
          assert.deepEqual(Object.keys(member).sort(), [...keys].sort())
      }
    })
  }
})

describe('PUT (RFC 7644 §3.5.1)', () => {
  it('replaces displayName, externalId and the whole member list', async (t) => {
    const built = await build(t)
    const [u1, u2, u3] = [
      await newUser(built, 'u1@contoso.com'),
      await newUser(built, 'u2@contoso.com'),
      await newUser(built, 'u3@contoso.com'),
    ] as [string, string, string]
    const sub = await newGroup(built, 'Sub')
    const { id } = await newGroup(built, 'Ops', [u1, u2], 'ext-1')
    const r = await built.request('PUT', `Groups/${id}`, {
      schemas: [GROUP],
      displayName: 'Ops',
      members: [{ value: u3 }, { value: sub.id, type: 'Group' }, { value: u2 }],
    })
    assert.equal(r.status, 200, r.text)
    assert.equal(r.headers['etag'], 'W/"2"')
    assert.equal(r.body.externalId, undefined)
    assert.deepEqual(
      r.body.members.map((m: { value: string; type: string }) => [m.type, m.value]),
      [...[u2, u3].sort().map((u) => ['User', u]), ['Group', sub.id]],
    )
    assert.deepEqual((await read(built, id)).members, [...[u2, u3].sort(), sub.id])
    const same = await built.request('PUT', `Groups/${id}`, r.body)
    assert.equal(same.status, 200, same.text)
    assert.equal(same.headers['etag'], 'W/"2"', 'a PUT that changes nothing keeps the version')
    const cleared = await built.request('PUT', `Groups/${id}`, { displayName: 'Ops' })
    assert.equal(cleared.status, 200, cleared.text)
    assert.equal(cleared.body.members, undefined)
    assert.deepEqual((await read(built, id)).members, [])
  })
})

describe('large groups (members streamed a page at a time)', () => {
  it('returns all 2,500 members exactly once, users then groups, each by id', async (t) => {
    const built = await build(t)
    const tenant = built.store.forTenant(built.tenant.id)
    // 1,200 users and 1,300 groups: pages of 1,000 end inside the users, then inside the groups.
    const users: string[] = []
    for (let i = 0; i < 1200; i++) {
      const user = await tenant.createUser(
        { userName: `user${i}@contoso.com`, active: true, emails: [], phoneNumbers: [], roles: [] },
        undefined,
      )
      users.push(user.id)
    }
    const groups: string[] = []
    for (let i = 0; i < 1300; i++)
      groups.push((await tenant.createGroup({ displayName: `g${i}` }, [])).id)
    const { id } = await newGroup(built, 'Everyone')
    // One PATCH carries every member (entra-client-behaviour.md §3.8: no small limit).
    const added = await built.request(
      'PATCH',
      `Groups/${id}`,
      patch({
        op: 'Add',
        path: 'members',
        value: [...users, ...groups].map((value) => ({ value })),
      }),
    )
    assert.equal(added.status, 204, added.text)
    const expected = [...[...users].sort(), ...[...groups].sort()]
    for (const url of [`Groups/${id}`, `Groups?filter=${q('displayName eq "Everyone"')}`]) {
      const r = await built.request('GET', url)
      assert.equal(r.status, 200)
      assert.match(String(r.headers['content-type']), /^application\/scim\+json/)
      assert.equal(r.headers['content-length'], undefined, 'streamed, not buffered')
      const body = JSON.parse(r.text)
      const group = body.Resources?.[0] ?? body
      const values: string[] = group.members.map((m: { value: string }) => m.value)
      assert.equal(values.length, 2500)
      assert.equal(new Set(values).size, 2500, 'each member once')
      assert.deepEqual(values, expected)
      const types = group.members.map((m: { type: string }) => m.type)
      assert.equal(types.lastIndexOf('User'), 1199)
      assert.equal(types.indexOf('Group'), 1200)
      // members come before meta (RFC 7643 §8.4's order), and the body is one JSON object.
      assert.deepEqual(Object.keys(group), ['schemas', 'id', 'displayName', 'members', 'meta'])
    }
    const values = await built.request('GET', `Groups/${id}?attributes=members.value`)
    assert.deepEqual(
      JSON.parse(values.text).members,
      expected.map((value) => ({ value })),
    )
    // The count of members never limits the group list: the other groups are listed too.
    const list = await built.request('GET', 'Groups?count=1000&excludedAttributes=members')
    assert.equal(list.body.totalResults, 1301)
  })
})

describe('listing and searching', () => {
  interface Fixture {
    readonly built: Built
    readonly user: string
    readonly ids: Readonly<Record<'Alpha' | 'beta' | 'Gamma' | 'delta', string>>
    readonly firstCreated: string
  }
  const fixture = async (built: Built): Promise<Fixture> => {
    const user = await newUser(built, 'ann@contoso.com')
    const alpha = await newGroup(built, 'Alpha', [], 'e1')
    // meta.created has millisecond precision: the others are created strictly later.
    await sleep(5)
    const beta = await newGroup(built, 'beta', [user], 'e2')
    const gamma = await newGroup(built, 'Gamma', [], 'e1')
    const delta = await newGroup(built, 'delta', [user, gamma.id])
    return {
      built,
      user,
      ids: { Alpha: alpha.id, beta: beta.id, Gamma: gamma.id, delta: delta.id },
      firstCreated: alpha.created,
    }
  }
  const cases: readonly {
    name: string
    filter?: (f: Fixture) => string
    sortBy?: string
    sortOrder?: string
    expected: readonly string[]
    /** Compare in the order returned (else as a set). */
    ordered?: boolean
  }[] = [
    {
      name: 'displayName eq, ignoring case',
      filter: () => 'displayName eq "ALPHA"',
      expected: ['Alpha'],
    },
    { name: 'displayName co', filter: () => 'displayName co "ta"', expected: ['beta', 'delta'] },
    { name: 'externalId eq', filter: () => 'externalId eq "e1"', expected: ['Alpha', 'Gamma'] },
    { name: 'externalId is case-exact', filter: () => 'externalId eq "E1"', expected: [] },
    {
      name: 'members[value eq "uid"]',
      filter: (f) => `members[value eq "${f.user}"]`,
      expected: ['beta', 'delta'],
    },
    {
      name: 'members.value eq a group',
      filter: (f) => `members.value eq "${f.ids.Gamma}"`,
      expected: ['delta'],
    },
    {
      name: 'members[type eq "Group"]',
      filter: () => 'members[type eq "Group"]',
      expected: ['delta'],
    },
    { name: 'members pr', filter: () => 'members pr', expected: ['beta', 'delta'] },
    { name: 'not (members pr)', filter: () => 'not (members pr)', expected: ['Alpha', 'Gamma'] },
    {
      name: 'meta.created gt',
      filter: (f) => `meta.created gt "${f.firstCreated}"`,
      expected: ['beta', 'Gamma', 'delta'],
    },
    {
      name: 'members and externalId',
      filter: (f) => `members[value eq "${f.user}"] and externalId eq "e2"`,
      expected: ['beta'],
    },
    {
      name: 'sortBy=displayName descending',
      sortBy: 'displayName',
      sortOrder: 'descending',
      expected: ['Gamma', 'delta', 'beta', 'Alpha'],
      ordered: true,
    },
    {
      name: 'sortBy=displayName ascending with a filter',
      filter: () => 'externalId eq "e1" or externalId eq "e2"',
      sortBy: 'displayName',
      expected: ['Alpha', 'beta', 'Gamma'],
      ordered: true,
    },
    { name: 'no match', filter: () => 'displayName eq "nobody"', expected: [] },
  ]
  for (const c of cases) {
    it(`${c.name}: GET /Groups and POST /Groups/.search agree`, async (t) => {
      const f = await fixture(await build(t))
      const names = Object.fromEntries(Object.entries(f.ids).map(([name, id]) => [id, name]))
      const filter = c.filter?.(f)
      const params = [
        ...(filter !== undefined ? [`filter=${q(filter)}`] : []),
        ...(c.sortBy !== undefined ? [`sortBy=${c.sortBy}`] : []),
        ...(c.sortOrder !== undefined ? [`sortOrder=${c.sortOrder}`] : []),
        'excludedAttributes=members',
      ]
      const get = await f.built.request('GET', `Groups?${params.join('&')}`)
      const search = await f.built.request('POST', 'Groups/.search', {
        schemas: [SEARCH],
        ...(filter !== undefined ? { filter } : {}),
        ...(c.sortBy !== undefined ? { sortBy: c.sortBy } : {}),
        ...(c.sortOrder !== undefined ? { sortOrder: c.sortOrder } : {}),
        excludedAttributes: ['members'],
      })
      for (const r of [get, search]) {
        assert.equal(r.status, 200, r.text)
        assert.equal(r.body.totalResults, c.expected.length)
        const got = r.body.Resources.map((g: { id: string }) => names[g.id])
        if (c.ordered) assert.deepEqual(got, c.expected)
        else assert.deepEqual([...got].sort(), [...c.expected].sort())
        for (const g of r.body.Resources) assert.equal('members' in g, false)
      }
      assert.deepEqual(search.body, get.body)
    })
  }

  it('pages with startIndex and count', async (t) => {
    const f = await fixture(await build(t))
    const r = await f.built.request('GET', 'Groups?sortBy=displayName&startIndex=2&count=2')
    assert.deepEqual([r.body.totalResults, r.body.itemsPerPage, r.body.startIndex], [4, 2, 2])
    assert.deepEqual(
      r.body.Resources.map((g: { displayName: string }) => g.displayName),
      ['beta', 'delta'],
    )
    assert.deepEqual(
      r.body.Resources[1].members.map((m: { value: string }) => m.value),
      [f.user, f.ids.Gamma],
    )
  })
})

describe('User.groups (RFC 7643 §4.1.2)', () => {
  it('shows direct and indirect groups with their $ref, and filters by groups.value', async (t) => {
    const built = await build(t)
    const ann = await newUser(built, 'ann@contoso.com')
    const bob = await newUser(built, 'bob@contoso.com')
    const cat = await newUser(built, 'cat@contoso.com')
    // oncall ⊃ {ann}, ops ⊃ {oncall, bob}, all ⊃ {ops, ann}: ann is direct in oncall and all.
    const oncall = await newGroup(built, 'On-call', [ann])
    const ops = await newGroup(built, 'Ops', [oncall.id, bob])
    const all = await newGroup(built, 'All', [ops.id, ann])
    const ref = (id: string, display: string, type: string) => ({
      value: id,
      $ref: `${ORIGIN}/Groups/${id}`,
      display,
      type,
    })
    const cases: readonly [string, readonly ReturnType<typeof ref>[] | undefined][] = [
      [
        ann,
        [
          ref(all.id, 'All', 'direct'),
          ref(oncall.id, 'On-call', 'direct'),
          ref(ops.id, 'Ops', 'indirect'),
        ],
      ],
      [bob, [ref(all.id, 'All', 'indirect'), ref(ops.id, 'Ops', 'direct')]],
      [cat, undefined],
    ]
    for (const [user, groups] of cases) {
      const r = await built.request('GET', `Users/${user}`)
      assert.equal(r.status, 200, r.text)
      assert.deepEqual(r.body.groups, groups, user)
    }
    const members = async (filter: string): Promise<string[]> => {
      const r = await built.request('GET', `Users?filter=${q(filter)}`)
      assert.equal(r.status, 200, r.text)
      return r.body.Resources.map((u: { id: string }) => u.id).sort()
    }
    assert.deepEqual(await members(`groups.value eq "${oncall.id}"`), [ann])
    assert.deepEqual(await members(`groups.value eq "${ops.id}"`), [ann, bob].sort())
    assert.deepEqual(await members(`groups.value eq "${all.id}"`), [ann, bob].sort())
    assert.deepEqual(await members(`groups[type eq "direct"].value eq "${all.id}"`), [ann])
    assert.deepEqual(await members('not (groups pr)'), [cat])
    // groups is read-only: a PUT or PATCH of a user cannot change memberships.
    const put = await built.request('PUT', `Users/${cat}`, {
      userName: 'cat@contoso.com',
      groups: [{ value: ops.id }],
    })
    assert.equal(put.status, 200, put.text)
    assert.equal(put.body.groups, undefined)
    assert.equal((await read(built, ops.id)).members.includes(cat), false)
  })

  // RFC 7644 §3.14 / RFC 7232 §2.3: the ETag validates the representation, and User.groups is part of
  // it. A client revalidating with If-None-Match must not be told its copy without the group is current.
  const membershipChanges: readonly {
    name: string
    /** Whether the user is a member of the group before the change. */
    member: boolean
    change: (built: Built, user: string, group: string) => Promise<Reply>
  }[] = [
    {
      name: 'added to a group',
      member: false,
      change: (b, user, group) =>
        b.request(
          'PATCH',
          `Groups/${group}`,
          patch({ op: 'Add', path: 'members', value: [{ $ref: null, value: user }] }),
        ),
    },
    {
      name: 'put into a new group',
      member: false,
      change: (b, user) =>
        b.request('POST', 'Groups', { displayName: 'New', members: [{ value: user }] }),
    },
    {
      name: 'removed from its group',
      member: true,
      change: (b, user, group) =>
        b.request(
          'PATCH',
          `Groups/${group}`,
          patch({ op: 'remove', path: `members[value eq "${user}"]` }),
        ),
    },
  ]
  for (const c of membershipChanges) {
    it(`a user ${c.name} gets a new ETag`, async (t) => {
      const built = await build(t)
      const user = await newUser(built, 'ann@contoso.com')
      const { id: group } = await newGroup(built, 'Ops', c.member ? [user] : [])
      const before = await built.request('GET', `Users/${user}`)
      const changed = await c.change(built, user, group)
      assert.ok(changed.status < 300, changed.text)
      const after = await built.request('GET', `Users/${user}`)
      assert.notDeepEqual(after.body.groups, before.body.groups)
      const revalidated = await built.request('GET', `Users/${user}`, undefined, {
        'if-none-match': String(before.headers['etag']),
      })
      assert.equal(revalidated.status, 200, 'the cached copy is stale: not 304')
      assert.notEqual(after.headers['etag'], before.headers['etag'])
    })
  }

  it('deleting a user removes it from its groups and moves their version on', async (t) => {
    const built = await build(t)
    const ann = await newUser(built, 'ann@contoso.com')
    const bob = await newUser(built, 'bob@contoso.com')
    const ops = await newGroup(built, 'Ops', [ann, bob])
    const other = await newGroup(built, 'Other', [bob])
    const before = await built.request('GET', `Groups/${ops.id}`)
    assert.equal((await built.request('DELETE', `Users/${ann}`)).status, 204)
    const after = await read(built, ops.id)
    assert.deepEqual(after.members, [bob])
    assert.notEqual(after.version, before.body.meta.version)
    assert.equal(
      (
        await built.request('GET', `Groups/${ops.id}`, undefined, {
          'if-none-match': before.body.meta.version,
        })
      ).status,
      200,
    )
    const stale = await built.request(
      'PATCH',
      `Groups/${ops.id}`,
      patch({ op: 'replace', path: 'displayName', value: 'x' }),
      { 'if-match': before.body.meta.version },
    )
    assert.equal(stale.status, 412, stale.text)
    assert.deepEqual(await read(built, other.id), {
      displayName: 'Other',
      version: 'W/"1"',
      members: [bob],
    })
    const holding = await built.request('GET', `Groups?filter=${q(`members[value eq "${ann}"]`)}`)
    assert.equal(holding.body.totalResults, 0)
  })

  it('deleting a group removes it from the groups that held it', async (t) => {
    const built = await build(t)
    const ann = await newUser(built, 'ann@contoso.com')
    const inner = await newGroup(built, 'Inner', [ann])
    const outer = await newGroup(built, 'Outer', [inner.id, ann])
    assert.equal((await built.request('DELETE', `Groups/${inner.id}`)).status, 204)
    const after = await read(built, outer.id)
    assert.deepEqual(after.members, [ann])
    assert.equal(after.version, 'W/"2"')
    const user = await built.request('GET', `Users/${ann}`)
    assert.deepEqual(
      user.body.groups.map((g: { value: string; type: string }) => [g.value, g.type]),
      [[outer.id, 'direct']],
    )
  })
})

describe('discovery (RFC 7644 §4)', () => {
  it('/ResourceTypes and /Schemas include Group', async (t) => {
    const built = await build(t)
    const types = await built.request('GET', 'ResourceTypes')
    assert.equal(types.status, 200)
    const group = types.body.Resources.find((r: { id: string }) => r.id === 'Group')
    assert.equal(group.name, 'Group')
    assert.equal(group.endpoint, '/Groups')
    assert.equal(group.schema, GROUP)
    const one = await built.request('GET', 'ResourceTypes/Group')
    assert.deepEqual(one.body, group)

    const schemas = await built.request('GET', 'Schemas')
    const schema = schemas.body.Resources.find((s: { id: string }) => s.id === GROUP)
    assert.ok(schema, 'the Group schema is listed')
    const names = schema.attributes.map((a: { name: string }) => a.name)
    assert.ok(names.includes('displayName'))
    assert.ok(names.includes('members'))
    const members = schema.attributes.find((a: { name: string }) => a.name === 'members')
    assert.equal(members.multiValued, true)
    assert.deepEqual(members.subAttributes.map((a: { name: string }) => a.name).sort(), [
      '$ref',
      'display',
      'type',
      'value',
    ])
    const byId = await built.request('GET', `Schemas/${GROUP}`)
    assert.deepEqual(byId.body, schema)
  })
})

describe('bad input answers 4xx, never 500', () => {
  const huge = 'x'.repeat(100_000)
  const cases: readonly {
    name: string
    method: string
    path: string
    body?: unknown
    status?: number
  }[] = [
    { name: 'malformed JSON on POST', method: 'POST', path: 'Groups', body: '{"displayName":' },
    { name: 'malformed JSON on PUT', method: 'PUT', path: 'Groups/{id}', body: '{bad' },
    { name: 'malformed JSON on PATCH', method: 'PATCH', path: 'Groups/{id}', body: '[{]' },
    { name: 'malformed JSON on .search', method: 'POST', path: 'Groups/.search', body: '{' },
    { name: 'a JSON array as the body', method: 'POST', path: 'Groups', body: [] },
    { name: 'JSON null as the body', method: 'POST', path: 'Groups', body: 'null' },
    { name: 'displayName missing', method: 'POST', path: 'Groups', body: { members: [] } },
    { name: 'displayName a number', method: 'POST', path: 'Groups', body: { displayName: 7 } },
    {
      name: 'displayName only spaces',
      method: 'POST',
      path: 'Groups',
      body: { displayName: '  ' },
    },
    {
      name: 'huge displayName on POST',
      method: 'POST',
      path: 'Groups',
      body: { displayName: huge },
    },
    {
      name: 'huge displayName on PUT',
      method: 'PUT',
      path: 'Groups/{id}',
      body: { displayName: huge },
    },
    {
      name: 'huge displayName on PATCH',
      method: 'PATCH',
      path: 'Groups/{id}',
      body: patch({ op: 'replace', path: 'displayName', value: huge }),
    },
    {
      name: 'huge externalId',
      method: 'POST',
      path: 'Groups',
      body: { displayName: 'x', externalId: huge },
    },
    {
      name: 'huge displayName in a filter',
      method: 'GET',
      path: `Groups?filter=${q(`displayName eq "${'x'.repeat(5000)}"`)}`,
    },
    {
      name: 'huge filter in .search',
      method: 'POST',
      path: 'Groups/.search',
      body: { filter: `displayName eq "${huge}"` },
    },
    {
      name: 'members a string',
      method: 'POST',
      path: 'Groups',
      body: { displayName: 'x', members: 'abc' },
    },
    {
      name: 'members of numbers',
      method: 'POST',
      path: 'Groups',
      body: { displayName: 'x', members: [1, 2] },
    },
    {
      name: 'members of arrays',
      method: 'PUT',
      path: 'Groups/{id}',
      body: { displayName: 'x', members: [[]] },
    },
    {
      name: 'a member without value',
      method: 'POST',
      path: 'Groups',
      body: { displayName: 'x', members: [{}] },
    },
    {
      name: 'a member value not a string',
      method: 'POST',
      path: 'Groups',
      body: { displayName: 'x', members: [{ value: { id: 1 } }] },
    },
    {
      name: 'a member of an unknown type',
      method: 'POST',
      path: 'Groups',
      body: { displayName: 'x', members: [{ value: 'u', type: 'Robot' }] },
    },
    {
      name: 'PATCH add members as a string',
      method: 'PATCH',
      path: 'Groups/{id}',
      body: patch({ op: 'add', path: 'members', value: 'abc' }),
    },
    {
      name: 'PATCH add members of numbers',
      method: 'PATCH',
      path: 'Groups/{id}',
      body: patch({ op: 'add', path: 'members', value: [1] }),
    },
    {
      name: 'PATCH remove members with a value of numbers',
      method: 'PATCH',
      path: 'Groups/{id}',
      body: patch({ op: 'remove', path: 'members', value: [true] }),
    },
    {
      name: 'PATCH add members without a value',
      method: 'PATCH',
      path: 'Groups/{id}',
      body: patch({ op: 'add', path: 'members' }),
    },
    {
      name: 'Operations missing',
      method: 'PATCH',
      path: 'Groups/{id}',
      body: { schemas: [PATCH_OP] },
    },
    {
      name: 'Operations not an array',
      method: 'PATCH',
      path: 'Groups/{id}',
      body: { schemas: [PATCH_OP], Operations: { op: 'add' } },
    },
    { name: 'an operation not an object', method: 'PATCH', path: 'Groups/{id}', body: patch(1) },
    {
      name: 'an unknown op',
      method: 'PATCH',
      path: 'Groups/{id}',
      body: patch({ op: 'move', path: 'members' }),
    },
    {
      name: 'a path that does not parse',
      method: 'PATCH',
      path: 'Groups/{id}',
      body: patch({ op: 'remove', path: 'members[value eq' }),
    },
    {
      name: 'a path not a string',
      method: 'PATCH',
      path: 'Groups/{id}',
      body: patch({ op: 'remove', path: 42 }),
    },
    {
      name: "a member's sub-attribute",
      method: 'PATCH',
      path: 'Groups/{id}',
      body: patch({ op: 'replace', path: 'members[value eq "u"].display', value: 'x' }),
    },
    {
      name: 'replace on members[type eq …]',
      method: 'PATCH',
      path: 'Groups/{id}',
      body: patch({ op: 'replace', path: 'members[type eq "User"]', value: [] }),
    },
    {
      name: 'a member filter on an unknown sub-attribute',
      method: 'PATCH',
      path: 'Groups/{id}',
      body: patch({ op: 'remove', path: 'members[colour eq "red"]' }),
    },
    {
      name: 'an unknown attribute in a PATCH',
      method: 'PATCH',
      path: 'Groups/{id}',
      body: patch({ op: 'add', path: 'colour', value: 'red' }),
    },
    {
      name: 'removing the required displayName',
      method: 'PATCH',
      path: 'Groups/{id}',
      body: patch({ op: 'remove', path: 'displayName' }),
    },
    // The id is a path segment: a broken percent-encoding or an id past the router's 500-character
    // parameter limit must still get a SCIM error body (the one error handler), not Fastify's own.
    {
      name: 'a malformed percent-encoding in the id (GET)',
      method: 'GET',
      path: 'Groups/%E0%A4%A',
    },
    {
      name: 'a malformed percent-encoding in the id (PATCH)',
      method: 'PATCH',
      path: 'Groups/%',
      body: patch({ op: 'remove', path: 'members' }),
    },
    { name: 'an id of 501 characters (GET)', method: 'GET', path: `Groups/${'x'.repeat(501)}` },
    {
      name: 'an id of 501 characters (DELETE)',
      method: 'DELETE',
      path: `Groups/${'x'.repeat(501)}`,
    },
    {
      name: 'an unknown filter attribute',
      method: 'GET',
      path: `Groups?filter=${q('colour eq "red"')}`,
    },
    { name: 'a broken filter', method: 'GET', path: `Groups?filter=${q('members[value eq "x"')}` },
    { name: 'an unknown sortBy', method: 'GET', path: 'Groups?sortBy=colour' },
    {
      name: 'an unknown attribute to return',
      method: 'GET',
      path: 'Groups/{id}?attributes=colour',
    },
    {
      name: 'an unknown excluded attribute',
      method: 'GET',
      path: 'Groups?excludedAttributes=members.colour',
    },
  ]
  for (const c of cases) {
    it(c.name, async (t) => {
      const built = await build(t)
      const user = await newUser(built, 'ann@contoso.com')
      const { id } = await newGroup(built, 'Ops', [user])
      const r = await built.request(c.method, c.path.replace('{id}', id), c.body)
      assert.ok(r.status >= 400 && r.status < 500, `${r.status}: ${r.text}`)
      assertError(r, r.status)
      assert.ok(r.text.length < 2000, 'the error does not echo the input')
      assert.deepEqual(await read(built, id), {
        displayName: 'Ops',
        version: 'W/"1"',
        members: [user],
      })
    })
  }
})
