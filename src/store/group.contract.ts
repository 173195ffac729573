// runGroupContract: the behaviour of groups every Store adapter must have, run beside runStoreContract on
// SQLite and PostgreSQL. Members are rows: a group's members are read with groupMembers, a user's groups
// (direct and through nesting) come back in UserRecord.groups.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TestContext } from 'node:test'
import { ScimError } from '../scim/errors.js'
import { defaultFold } from '../scim/filter/evaluate.js'
import { parseFilter } from '../scim/filter/parser.js'
import type { MemberStep } from '../scim/patch/group-plan.js'
import { DEFAULT_SETTINGS } from '../scim/profile/settings.js'
import { userFold } from '../scim/profile/user-fold.js'
import type { GroupData, GroupRecord, Member, MemberRef } from '../scim/resource/group.js'
import type { UserData, UserRecord } from '../scim/resource/user.js'
import type { GroupChange, Store, TenantStore } from './store.js'
import { user } from './store.contract.js'
import type { ContractOptions } from './store.contract.js'
import { DISPLAY_CASES, FAILING_CASES, STEP_CASES } from './group.contract.cases.js'
import type { DisplayCase, SymbolicStep } from './group.contract.cases.js'

const fold = userFold(DEFAULT_SETTINGS)
const ALL = { startIndex: 1, count: 1000 } as const

async function acme(newStore: (t: TestContext) => Promise<Store>, t: TestContext) {
  const store = await newStore(t)
  return store.forTenant((await store.ensureTenant('acme', 'Acme')).id)
}

function dataOf(group: GroupRecord): GroupData {
  return group.externalId === undefined
    ? { displayName: group.displayName }
    : { displayName: group.displayName, externalId: group.externalId }
}

/** A change keeping the group's data (or renaming it) and applying these steps. */
function change(
  members: readonly MemberStep[],
  displayName?: string,
): (current: GroupRecord) => GroupChange {
  return (current) => ({
    data: { ...dataOf(current), ...(displayName === undefined ? {} : { displayName }) },
    members,
  })
}

const addRefs = (...members: MemberRef[]): MemberStep[] => [{ kind: 'add', members }]
const userRef = (value: string): MemberRef => ({ value, type: 'User' })
const groupRef = (value: string): MemberRef => ({ value, type: 'Group' })

async function membersOf(tenant: TenantStore, id: string): Promise<Member[]> {
  return tenant.groupMembers(id, undefined, 10_000)
}

/** Users first, then groups, each by id (the order groupMembers promises). */
function memberOrder(a: Member, b: Member): number {
  if (a.type !== b.type) return a.type === 'User' ? -1 : 1
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0
}

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** A ScimError with this status and scimType whose detail names every given text. */
function scimError(status: number, scimType: string, ...named: string[]) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof ScimError, String(error))
    assert.equal(error.status, status, error.detail)
    assert.equal(error.scimType, scimType, error.detail)
    for (const text of named) assert.ok(error.detail.includes(text), `${error.detail} ∌ ${text}`)
    return true
  }
}

/** Users u0…u3 and groups g0, g1: the members the step tables name. */
async function symbols(tenant: TenantStore): Promise<Map<string, string>> {
  const ids = new Map<string, string>([['x', 'no-such-member']])
  for (const name of ['u0', 'u1', 'u2', 'u3'])
    ids.set(name, (await tenant.createUser(user(name), undefined)).id)
  for (const name of ['g0', 'g1'])
    ids.set(name, (await tenant.createGroup({ displayName: name }, [])).id)
  return ids
}

function resolver(ids: ReadonlyMap<string, string>, self: string) {
  const id = (symbol: string): string => {
    const found = symbol === 'self' ? self : ids.get(symbol.replace(/^[~!]/, ''))
    assert.ok(found, `unknown symbol ${symbol}`)
    return found
  }
  const ref = (symbol: string): MemberRef => {
    const plain = symbol.replace(/^[~!]/, '')
    if (symbol.startsWith('~')) return { value: id(plain) }
    const isUser = plain.startsWith('u') !== symbol.startsWith('!')
    return { value: id(plain), type: isUser ? 'User' : 'Group' }
  }
  const step = (s: SymbolicStep): MemberStep => {
    switch (s.kind) {
      case 'add':
      case 'set':
        return { kind: s.kind, members: s.members.map(ref) }
      case 'remove':
        return { kind: 'remove', ids: s.ids.map(id) }
      case 'clear':
        return s
      case 'removeWhere':
        return { kind: 'removeWhere', filter: parseFilter(s.filter) }
    }
  }
  return { id, ref, step }
}

export function runGroupContract({ name, newStore }: ContractOptions): void {
  describe(`Group contract: ${name}`, () => {
    it('stores a group exactly as given (version 1), reads it back, lists it with a total and pages', async (t) => {
      const tenant = await acme(newStore, t)
      const cases: GroupData[] = [
        { displayName: 'Admins' },
        { displayName: 'On-call Ünits', externalId: 'ext-1' },
        { displayName: 'ops', externalId: 'Ext-Ops' },
        { displayName: 'Émile’s team' },
        { displayName: 'x'.repeat(200) },
      ]
      const created: GroupRecord[] = []
      for (const data of cases) {
        const group = await tenant.createGroup(data, [])
        created.push(group)
        assert.equal(group.version, 1, data.displayName)
        assert.equal(group.created, group.lastModified, data.displayName)
        const { id: _i, created: _c, lastModified: _l, version: _v, ...rest } = group
        assert.deepEqual(rest, data)
        assert.deepEqual(await tenant.getGroup(group.id), group)
        assert.deepEqual(await membersOf(tenant, group.id), [])
      }
      assert.equal(await tenant.getGroup('no-such-group'), undefined)
      assert.equal(await tenant.updateGroup('no-such-group', change([])), undefined)
      assert.equal(await tenant.deleteGroup('no-such-group'), false)
      assert.deepEqual(await tenant.groupMembers('no-such-group', undefined, 10), [])

      const all = await tenant.listGroups({ fold: defaultFold, ...ALL })
      assert.equal(all.total, cases.length)
      // Without a sort, groups come by creation time, the id breaking ties (groups made in one millisecond).
      created.sort((a, b) => byId(a.created, b.created) || byId(a.id, b.id))
      assert.deepEqual(all.groups, created)
      const pages: [startIndex: number, count: number, from: number, to: number][] = [
        [1, 2, 0, 2],
        [2, 2, 1, 3],
        [4, 10, 3, 5],
        [5, 1, 4, 5],
        [6, 3, 5, 5],
        [50, 3, 5, 5],
        [1, 0, 0, 0],
      ]
      for (const [startIndex, count, from, to] of pages) {
        const page = await tenant.listGroups({ fold: defaultFold, startIndex, count })
        assert.deepEqual(
          page,
          { total: cases.length, groups: created.slice(from, to) },
          `${startIndex}/${count}`,
        )
      }
    })

    it('refuses a displayName taken ignoring case: 409 uniqueness on create and on rename', async (t) => {
      const tenant = await acme(newStore, t)
      const cases: [taken: string, attempt: string][] = [
        ['Admins', 'admins'],
        ['ops', 'OPS'],
        ['Émile', 'éMILE'],
      ]
      for (const [i, [taken, attempt]] of cases.entries()) {
        const holder = await tenant.createGroup({ displayName: taken }, [])
        await assert.rejects(
          tenant.createGroup({ displayName: attempt }, []),
          scimError(409, 'uniqueness'),
          attempt,
        )
        const other = await tenant.createGroup({ displayName: `other ${i}` }, [])
        await assert.rejects(
          tenant.updateGroup(other.id, change([], attempt)),
          scimError(409, 'uniqueness'),
          attempt,
        )
        assert.deepEqual(await tenant.getGroup(other.id), other)
        assert.deepEqual(await tenant.getGroup(holder.id), holder)
        // The holder may change the case of its own name.
        const renamed = await tenant.updateGroup(holder.id, change([], attempt))
        assert.equal(renamed?.displayName, attempt)
        assert.equal(renamed?.version, 2)
      }
      // Names are unique per tenant only.
      const store = await newStore(t)
      const a = store.forTenant((await store.ensureTenant('a', 'A')).id)
      const b = store.forTenant((await store.ensureTenant('b', 'B')).id)
      await a.createGroup({ displayName: 'Same' }, [])
      await b.createGroup({ displayName: 'same' }, [])
    })

    it('refuses unknown members on create with a 400 naming them, and creates nothing', async (t) => {
      const tenant = await acme(newStore, t)
      const ann = await tenant.createUser(user('ann'), undefined)
      const admins = await tenant.createGroup({ displayName: 'Admins' }, [])
      const cases: [name: string, members: MemberRef[], unknown: string[]][] = [
        ['one unknown id', [userRef('ghost-1')], ['ghost-1']],
        ['unknown after a user', [userRef(ann.id), { value: 'ghost-2' }], ['ghost-2']],
        [
          'unknown among groups',
          [groupRef(admins.id), groupRef('ghost-3'), groupRef('ghost-4')],
          ['ghost-3', 'ghost-4'],
        ],
      ]
      for (const [label, members, unknown] of cases) {
        const displayName = `new ${label}`
        await assert.rejects(
          tenant.createGroup({ displayName }, members),
          scimError(400, 'invalidValue', ...unknown),
          label,
        )
        const found = await tenant.listGroups({
          filter: parseFilter(`displayName eq "${displayName}"`),
          fold: defaultFold,
          ...ALL,
        })
        assert.equal(found.total, 0, label)
      }
      assert.equal((await tenant.listGroups({ fold: defaultFold, ...ALL })).total, 1)
      assert.deepEqual((await tenant.getUser(ann.id))?.groups, [])
      assert.deepEqual(await tenant.getGroup(admins.id), admins)
      // The names were never taken.
      await tenant.createGroup({ displayName: 'new one unknown id' }, [userRef(ann.id)])
    })

    it('refuses a member ref of the wrong type with a 400, on create and on update', async (t) => {
      const tenant = await acme(newStore, t)
      const ann = await tenant.createUser(user('ann'), undefined)
      const admins = await tenant.createGroup({ displayName: 'Admins' }, [])
      const target = await tenant.createGroup({ displayName: 'Target' }, [userRef(ann.id)])
      const cases: [name: string, ref: MemberRef][] = [
        ['a user sent as a Group', { value: ann.id, type: 'Group' }],
        ['a group sent as a User', { value: admins.id, type: 'User' }],
      ]
      for (const [label, ref] of cases) {
        await assert.rejects(
          tenant.createGroup({ displayName: `new ${label}` }, [ref]),
          scimError(400, 'invalidValue', ref.value),
          label,
        )
        await assert.rejects(
          tenant.updateGroup(target.id, change(addRefs(ref), 'Renamed')),
          scimError(400, 'invalidValue', ref.value),
          label,
        )
        assert.deepEqual(await tenant.getGroup(target.id), target, label)
      }
      assert.equal((await tenant.listGroups({ fold: defaultFold, ...ALL })).total, 2)
      assert.deepEqual(
        (await membersOf(tenant, target.id)).map((m) => m.value),
        [ann.id],
      )
    })

    it('applies member steps in order, changing the version only when something changed', async (t) => {
      const tenant = await acme(newStore, t)
      const ids = await symbols(tenant)
      const symbolOf = new Map([...ids].map(([symbol, id]) => [id, symbol]))
      for (const [i, row] of STEP_CASES.entries()) {
        const initial = resolver(ids, '')
        const before = await tenant.createGroup(
          { displayName: `T${i}`, externalId: `e${i}` },
          row.initial.map(initial.ref),
        )
        const { step } = resolver(ids, before.id)
        const displayName = row.rename ? `T${i} renamed` : undefined
        const after = await tenant.updateGroup(before.id, change(row.steps.map(step), displayName))
        assert.ok(after, row.name)
        assert.deepEqual(await tenant.getGroup(before.id), after, row.name)
        assert.equal(after.displayName, displayName ?? before.displayName, row.name)
        assert.equal(after.externalId, before.externalId, row.name)
        assert.equal(after.created, before.created, row.name)
        if (row.bumped) {
          assert.equal(after.version, 2, row.name)
          assert.ok(after.lastModified >= before.lastModified, row.name)
        } else {
          assert.deepEqual(after, before, row.name)
        }
        const members = await membersOf(tenant, before.id)
        assert.deepEqual(
          members.map((m) => symbolOf.get(m.value)).sort(),
          [...row.expected].sort(),
          row.name,
        )
        for (const m of members) {
          assert.equal(m.type, m.display.startsWith('u') ? 'User' : 'Group', row.name)
          assert.equal(m.display, symbolOf.get(m.value), row.name)
        }
      }
    })

    it('applies nothing of an update whose step fails (400 naming the member), attributes included', async (t) => {
      const tenant = await acme(newStore, t)
      const ids = await symbols(tenant)
      for (const [i, row] of FAILING_CASES.entries()) {
        const initial = resolver(ids, '')
        const before = await tenant.createGroup(
          { displayName: `F${i}` },
          row.initial.map(initial.ref),
        )
        const membersBefore = await membersOf(tenant, before.id)
        const { id, step } = resolver(ids, before.id)
        const displayName = row.rename ? `F${i} renamed` : undefined
        await assert.rejects(
          tenant.updateGroup(before.id, change(row.steps.map(step), displayName)),
          scimError(400, 'invalidValue', id(row.names)),
          row.name,
        )
        assert.deepEqual(await tenant.getGroup(before.id), before, row.name)
        assert.deepEqual(await membersOf(tenant, before.id), membersBefore, row.name)
      }
      // A change function that throws aborts the update the same way.
      const group = await tenant.createGroup({ displayName: 'Thrower' }, [])
      await assert.rejects(
        tenant.updateGroup(group.id, () => {
          throw ScimError.invalidValue('refused by the caller')
        }),
        scimError(400, 'invalidValue', 'refused by the caller'),
      )
      assert.deepEqual(await tenant.getGroup(group.id), group)
    })

    it('lists members users first then groups, each by id; cursor paging yields each member once', async (t) => {
      const tenant = await acme(newStore, t)
      const users = []
      for (let i = 0; i < 15; i++) {
        const names = i % 3 === 0 ? { givenName: 'Ann', familyName: `Lee${i}` } : {}
        users.push(await tenant.createUser(user(`user${i}`, names), undefined))
      }
      const groups = []
      for (let i = 0; i < 10; i++)
        groups.push(await tenant.createGroup({ displayName: `Sub ${i}` }, []))
      const expected: Member[] = [
        ...users.map((u): Member => ({
          value: u.id,
          type: 'User',
          display: u.givenName ? `${u.givenName} ${u.familyName}` : u.userName,
        })),
        ...groups.map((g): Member => ({ value: g.id, type: 'Group', display: g.displayName })),
      ].sort(memberOrder)
      // Sent groups first and in creation order: the order read back does not depend on the order sent.
      const parent = await tenant.createGroup({ displayName: 'Parent' }, [
        ...groups.map((g) => groupRef(g.id)),
        ...users.map((u) => userRef(u.id)),
      ])
      assert.deepEqual(await membersOf(tenant, parent.id), expected)
      for (const limit of [1, 7, 10, 15, 24, 25, 100]) {
        const seen: Member[] = []
        let after: Member | undefined
        let pages = 0
        for (;;) {
          const page = await tenant.groupMembers(parent.id, after, limit)
          assert.ok(page.length <= limit, `limit ${limit}`)
          if (page.length === 0) break
          seen.push(...page)
          after = page[page.length - 1]
          pages++
          assert.ok(pages <= 25, `limit ${limit}: paging does not end`)
        }
        assert.deepEqual(seen, expected, `limit ${limit}`)
        assert.equal(pages, Math.ceil(expected.length / limit), `limit ${limit}`)
      }
      // A cursor at the last user continues with the first group.
      const lastUser = expected[users.length - 1] as Member
      assert.deepEqual(
        await tenant.groupMembers(parent.id, { type: 'User', value: lastUser.value }, 2),
        expected.slice(users.length, users.length + 2),
      )
    })

    it('nests groups, refusing a group in itself and any cycle (400, nothing applied)', async (t) => {
      const tenant = await acme(newStore, t)
      const u0 = await tenant.createUser(user('u0'), undefined)
      const [a, b, c, d] = await Promise.all(
        ['A', 'B', 'C', 'D'].map((displayName) => tenant.createGroup({ displayName }, [])),
      ).then((list) => list.map((g) => g.id))
      assert.ok(a && b && c && d)
      const nested = await tenant.updateGroup(a, change(addRefs(groupRef(b))))
      assert.equal(nested?.version, 2)
      assert.deepEqual(await membersOf(tenant, a), [{ value: b, type: 'Group', display: 'B' }])
      await tenant.updateGroup(b, change(addRefs(groupRef(c))))
      // D ⊃ A ⊃ B ⊃ C, and A ⊃ C directly too (a diamond, not a cycle).
      await tenant.updateGroup(d, change(addRefs(groupRef(a))))
      await tenant.updateGroup(a, change(addRefs({ value: c })))
      const name = new Map([
        [a, 'A'],
        [b, 'B'],
        [c, 'C'],
        [d, 'D'],
      ])
      const cases: [group: string, steps: MemberStep[], culprit: string][] = [
        [a, addRefs(groupRef(a)), a],
        [c, addRefs(groupRef(c)), c],
        [c, addRefs(groupRef(a)), a],
        [c, addRefs(groupRef(b)), b],
        [b, addRefs(groupRef(a)), a],
        [c, addRefs(groupRef(d)), d],
        [c, [...addRefs(userRef(u0.id)), ...addRefs({ value: a })], a],
        [c, [{ kind: 'set', members: [userRef(u0.id), groupRef(b)] }], b],
        [b, [{ kind: 'clear' }, ...addRefs(groupRef(d))], d],
      ]
      for (const [group, steps, culprit] of cases) {
        const label = `${name.get(group)} add ${name.get(culprit)}`
        const before = await tenant.getGroup(group)
        const membersBefore = await membersOf(tenant, group)
        await assert.rejects(
          tenant.updateGroup(group, change(steps, `${name.get(group)} renamed`)),
          scimError(400, 'invalidValue', culprit),
          label,
        )
        assert.deepEqual(await tenant.getGroup(group), before, label)
        assert.deepEqual(await membersOf(tenant, group), membersBefore, label)
      }
      const shape = async (id: string) => (await membersOf(tenant, id)).map((m) => m.display)
      assert.deepEqual((await shape(a)).sort(), ['B', 'C'])
      assert.deepEqual(await shape(b), ['C'])
      assert.deepEqual(await shape(c), [])
      assert.deepEqual(await shape(d), ['A'])
    })

    it('deleting a user removes it from every group and moves their versions on', async (t) => {
      const tenant = await acme(newStore, t)
      const ann = await tenant.createUser(user('ann'), undefined)
      const bob = await tenant.createUser(user('bob'), undefined)
      const g1 = await tenant.createGroup({ displayName: 'G1' }, [userRef(ann.id), userRef(bob.id)])
      const g2 = await tenant.createGroup({ displayName: 'G2' }, [userRef(ann.id)])
      const g3 = await tenant.createGroup({ displayName: 'G3' }, [userRef(bob.id)])
      const parent = await tenant.createGroup({ displayName: 'Parent' }, [groupRef(g1.id)])
      assert.equal(await tenant.deleteUser(ann.id), true)
      const cases: [group: GroupRecord, version: number, members: string[]][] = [
        [g1, 2, [bob.id]],
        [g2, 2, []],
        [g3, 1, [bob.id]],
        // Held ann only through G1: its own rows did not change.
        [parent, 1, [g1.id]],
      ]
      for (const [group, version, members] of cases) {
        const after = await tenant.getGroup(group.id)
        assert.equal(after?.version, version, group.displayName)
        if (version === 1) assert.deepEqual(after, group)
        else assert.ok((after?.lastModified ?? '') >= group.lastModified, group.displayName)
        assert.deepEqual(
          (await membersOf(tenant, group.id)).map((m) => m.value),
          members,
          group.displayName,
        )
      }
      const inGroups = await tenant.listGroups({
        filter: parseFilter(`members.value eq "${ann.id}"`),
        fold: defaultFold,
        ...ALL,
      })
      assert.equal(inGroups.total, 0)
    })

    it('deleting a group removes it from the groups holding it and from its users', async (t) => {
      const tenant = await acme(newStore, t)
      const ann = await tenant.createUser(user('ann'), undefined)
      const child = await tenant.createGroup({ displayName: 'Child' }, [userRef(ann.id)])
      const other = await tenant.createGroup({ displayName: 'Other' }, [userRef(ann.id)])
      const p1 = await tenant.createGroup({ displayName: 'P1' }, [
        groupRef(child.id),
        groupRef(other.id),
      ])
      const p2 = await tenant.createGroup({ displayName: 'P2' }, [groupRef(child.id)])
      const unrelated = await tenant.createGroup({ displayName: 'Unrelated' }, [groupRef(other.id)])
      assert.equal(await tenant.deleteGroup(child.id), true)
      assert.equal(await tenant.deleteGroup(child.id), false)
      assert.equal(await tenant.getGroup(child.id), undefined)
      assert.deepEqual(await membersOf(tenant, child.id), [])
      const cases: [group: GroupRecord, version: number, members: string[]][] = [
        [p1, 2, [other.id]],
        [p2, 2, []],
        [unrelated, 1, [other.id]],
        [other, 1, [ann.id]],
      ]
      for (const [group, version, members] of cases) {
        assert.equal((await tenant.getGroup(group.id))?.version, version, group.displayName)
        assert.deepEqual(
          (await membersOf(tenant, group.id)).map((m) => m.value),
          members,
          group.displayName,
        )
      }
      assert.deepEqual(
        (await tenant.getUser(ann.id))?.groups.map((g) => g.display),
        ['Other', 'P1', 'Unrelated'],
      )
      // Its name is free again.
      await tenant.createGroup({ displayName: 'child' }, [])
    })

    it('gives User.groups: direct, indirect through nesting (direct wins), by displayName ignoring case', async (t) => {
      const tenant = await acme(newStore, t)
      const fx = await nesting(tenant)
      const g = (display: string, type: 'direct' | 'indirect') => ({
        value: fx.groups.get(display) ?? '',
        display,
        type,
      })
      const cases: [userName: string, groups: ReturnType<typeof g>[]][] = [
        [
          'ann',
          [
            g('Alpha', 'indirect'),
            g('beta', 'direct'),
            g('Charlie', 'direct'),
            g('delta', 'indirect'),
          ],
        ],
        ['bob', [g('Charlie', 'direct')]],
        ['cid', [g('Echo', 'direct')]],
        ['dan', []],
      ]
      const listed = await tenant.listUsers({ fold, ...ALL })
      for (const [userName, groups] of cases) {
        const id = fx.users.get(userName) ?? ''
        assert.deepEqual((await tenant.getUser(id))?.groups, groups, userName)
        assert.deepEqual(listed.users.find((u) => u.id === id)?.groups, groups, userName)
      }
      // A new nesting reaches the users below at once; a removed one takes its indirect groups away.
      const echo = fx.groups.get('Echo') ?? ''
      const beta = fx.groups.get('beta') ?? ''
      await tenant.updateGroup(echo, change(addRefs(groupRef(beta))))
      assert.deepEqual(
        (await tenant.getUser(fx.users.get('ann') ?? ''))?.groups.map((x) => [x.display, x.type]),
        [
          ['Alpha', 'indirect'],
          ['beta', 'direct'],
          ['Charlie', 'direct'],
          ['delta', 'indirect'],
          ['Echo', 'indirect'],
        ],
      )
      await tenant.updateGroup(fx.groups.get('Alpha') ?? '', change([{ kind: 'clear' }]))
      assert.deepEqual(
        (await tenant.getUser(fx.users.get('ann') ?? ''))?.groups.map((x) => [x.display, x.type]),
        [
          ['beta', 'direct'],
          ['Charlie', 'direct'],
          ['Echo', 'indirect'],
        ],
      )
    })

    it('filters and sorts users by their groups (indirect ones included)', async (t) => {
      const tenant = await acme(newStore, t)
      const fx = await nesting(tenant)
      const id = (display: string): string => fx.groups.get(display) ?? ''
      const filters: [filter: string, userNames: string[]][] = [
        [`groups.value eq "${id('beta')}"`, ['ann']],
        [`groups.value eq "${id('Alpha')}"`, ['ann']],
        [`groups.value eq "${id('delta')}"`, ['ann']],
        [`groups.value eq "${id('Charlie')}"`, ['ann', 'bob']],
        [`groups eq "${id('Echo')}"`, ['cid']],
        ['groups[type eq "indirect"]', ['ann']],
        ['groups[type eq "direct"]', ['ann', 'bob', 'cid']],
        [`groups[value eq "${id('Charlie')}" and type eq "direct"]`, ['ann', 'bob']],
        [`groups[value eq "${id('Alpha')}" and type eq "direct"]`, []],
        ['groups.display eq "CHARLIE"', ['ann', 'bob']],
        ['groups.display sw "del"', ['ann']],
        ['groups pr', ['ann', 'bob', 'cid']],
        ['not (groups pr)', ['dan']],
        [`not (groups.value eq "${id('Charlie')}")`, ['cid', 'dan']],
      ]
      for (const [filter, userNames] of filters) {
        const page = await tenant.listUsers({ filter: parseFilter(filter), fold, ...ALL })
        // Compared as sets: users made in the same millisecond come in id order.
        assert.deepEqual(page.users.map((u) => u.userName).sort(), userNames, filter)
        assert.equal(page.total, userNames.length, filter)
      }
      // By each user's first group name (ignoring case); users without a group last ascending, first
      // descending. Paged two at a time, the pages join into the whole order.
      const sorts: [descending: boolean, userNames: string[]][] = [
        [false, ['ann', 'bob', 'cid', 'dan']],
        [true, ['dan', 'cid', 'bob', 'ann']],
      ]
      for (const [descending, userNames] of sorts) {
        const sort = { path: { attr: 'groups', sub: 'display' }, descending }
        const seen: string[] = []
        for (let startIndex = 1; startIndex <= userNames.length; startIndex += 2) {
          const page = await tenant.listUsers({ sort, fold, startIndex, count: 2 })
          assert.equal(page.total, userNames.length)
          seen.push(...page.users.map((u) => u.userName))
        }
        assert.deepEqual(seen, userNames, descending ? 'descending' : 'ascending')
      }
    })

    it('filters and sorts groups, with stable pages and count 0 returning the total only', async (t) => {
      const tenant = await acme(newStore, t)
      const u0 = await tenant.createUser(user('u0'), undefined)
      const u1 = await tenant.createUser(user('u1'), undefined)
      const specs: [data: GroupData, members: (groups: GroupRecord[]) => MemberRef[]][] = [
        [{ displayName: 'alpha', externalId: 'x-1' }, () => [userRef(u0.id)]],
        [{ displayName: 'Bravo' }, (g) => [userRef(u1.id), groupRef(g[0]?.id ?? '')]],
        [{ displayName: 'charlie', externalId: 'x-2' }, () => []],
        [{ displayName: 'Delta' }, () => [userRef(u0.id), userRef(u1.id)]],
        [{ displayName: 'Xray' }, () => []],
        [{ displayName: 'xylophone' }, () => []],
      ]
      const groups: GroupRecord[] = []
      for (const [data, members] of specs) {
        groups.push(await tenant.createGroup(data, members(groups)))
        // Distinct creation times, so a meta.created comparison splits the list.
        await new Promise((resolve) => setTimeout(resolve, 3))
      }
      const names = (list: readonly GroupRecord[]): string[] => list.map((g) => g.displayName)
      const pivot = groups[2] as GroupRecord
      const filters: [filter: string, displayNames: string[]][] = [
        ['displayName eq "BRAVO"', ['Bravo']],
        ['displayName eq "bravo"', ['Bravo']],
        ['externalId eq "x-1"', ['alpha']],
        ['externalId eq "X-1"', []],
        [`id eq "${pivot.id}"`, ['charlie']],
        [`members.value eq "${u0.id}"`, ['alpha', 'Delta']],
        [`members[value eq "${u1.id}"]`, ['Bravo', 'Delta']],
        [`members[value eq "${groups[0]?.id}"]`, ['Bravo']],
        ['members[type eq "Group"]', ['Bravo']],
        ['members[type eq "User"]', ['alpha', 'Bravo', 'Delta']],
        ['members pr', ['alpha', 'Bravo', 'Delta']],
        [
          `meta.created gt "${pivot.created}"`,
          names(groups.filter((g) => g.created > pivot.created)),
        ],
        ['meta.created gt "2000-01-01T00:00:00Z"', names(groups)],
        ['not (displayName sw "x")', ['alpha', 'Bravo', 'charlie', 'Delta']],
        ['displayName sw "x" and not (displayName eq "XRAY")', ['xylophone']],
      ]
      for (const [filter, displayNames] of filters) {
        const page = await tenant.listGroups({
          filter: parseFilter(filter),
          fold: defaultFold,
          ...ALL,
        })
        assert.deepEqual(names(page.groups), displayNames, filter)
        assert.equal(page.total, displayNames.length, filter)
        const counted = await tenant.listGroups({
          filter: parseFilter(filter),
          fold: defaultFold,
          startIndex: 1,
          count: 0,
        })
        assert.deepEqual(counted, { total: displayNames.length, groups: [] }, filter)
      }
      assert.equal(pivot.created < (groups[3] as GroupRecord).created, true)
      const ascending = ['alpha', 'Bravo', 'charlie', 'Delta', 'Xray', 'xylophone']
      const sorts: [descending: boolean, displayNames: string[]][] = [
        [false, ascending],
        [true, [...ascending].reverse()],
      ]
      for (const [descending, displayNames] of sorts) {
        const sort = { path: { attr: 'displayName' }, descending }
        for (const count of [1, 2, 4]) {
          const seen: GroupRecord[] = []
          for (let startIndex = 1; startIndex <= groups.length; startIndex += count) {
            const page = await tenant.listGroups({ sort, fold: defaultFold, startIndex, count })
            assert.equal(page.total, groups.length)
            seen.push(...page.groups)
          }
          assert.deepEqual(names(seen), displayNames, `descending ${descending}, count ${count}`)
        }
      }
    })

    it('keeps tenants apart: another tenant’s groups and users are unknown', async (t) => {
      const store = await newStore(t)
      const a = store.forTenant((await store.ensureTenant('a', 'A')).id)
      const b = store.forTenant((await store.ensureTenant('b', 'B')).id)
      const ann = await a.createUser(user('ann'), undefined)
      const group = await a.createGroup({ displayName: 'Admins' }, [userRef(ann.id)])
      const own = await b.createGroup({ displayName: 'Own' }, [])
      assert.equal(await b.getGroup(group.id), undefined)
      assert.equal(await b.updateGroup(group.id, change([{ kind: 'clear' }])), undefined)
      assert.equal(await b.deleteGroup(group.id), false)
      assert.deepEqual(await b.groupMembers(group.id, undefined, 10), [])
      assert.deepEqual(
        (await b.listGroups({ fold: defaultFold, ...ALL })).groups.map((g) => g.id),
        [own.id],
      )
      await assert.rejects(
        b.createGroup({ displayName: 'Theirs' }, [userRef(ann.id)]),
        scimError(400, 'invalidValue', ann.id),
      )
      await assert.rejects(
        b.updateGroup(own.id, change(addRefs(groupRef(group.id)))),
        scimError(400, 'invalidValue', group.id),
      )
      assert.deepEqual(await a.getGroup(group.id), group)
      assert.deepEqual(
        (await membersOf(a, group.id)).map((m) => m.value),
        [ann.id],
      )
    })

    it('applies 50 concurrent adds to one group without losing any', async (t) => {
      const tenant = await acme(newStore, t)
      const group = await tenant.createGroup({ displayName: 'Busy' }, [])
      const users = []
      for (let i = 0; i < 50; i++) users.push(await tenant.createUser(user(`user${i}`), undefined))
      const results = await Promise.all(
        users.map((u) => tenant.updateGroup(group.id, change(addRefs(userRef(u.id))))),
      )
      // Each add changed the group: each made its own version.
      assert.deepEqual(
        results.map((r) => r?.version).sort((x = 0, y = 0) => x - y),
        Array.from({ length: 50 }, (_, i) => i + 2),
      )
      assert.equal((await tenant.getGroup(group.id))?.version, 51)
      assert.deepEqual(
        (await membersOf(tenant, group.id)).map((m) => m.value),
        users.map((u) => u.id).sort(byId),
      )
    })

    it('applies 20 concurrent adds and removes of the same members as some serial order would', async (t) => {
      const tenant = await acme(newStore, t)
      const users = []
      for (let i = 0; i < 10; i++) users.push(await tenant.createUser(user(`user${i}`), undefined))
      const ids = users.map((u) => u.id).sort(byId)
      for (const initial of [[], ids]) {
        const group = await tenant.createGroup(
          { displayName: `Flip ${initial.length}` },
          initial.map(userRef),
        )
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            tenant.updateGroup(
              group.id,
              change(i % 2 === 0 ? addRefs(...ids.map(userRef)) : [{ kind: 'remove', ids }]),
            ),
          ),
        )
        const members = (await membersOf(tenant, group.id)).map((m) => m.value)
        assert.ok(
          members.length === 0 || members.length === ids.length,
          `all or none, not ${members.length}`,
        )
        if (members.length > 0) assert.deepEqual(members, ids)
        // Serially, every call that changed the group made the next version, and returned it.
        const final = (await tenant.getGroup(group.id))?.version ?? 0
        const versions = new Set(results.map((r) => r?.version ?? 0))
        for (let v = 2; v <= final; v++) assert.ok(versions.has(v), `version ${v} returned`)
        for (const v of versions) assert.ok(v >= 1 && v <= final, `version ${v} within 1..${final}`)
        // An odd number of changes from empty ends full, an even number ends empty (and the reverse).
        assert.equal((final - 1) % 2 === 1, members.length > 0 !== initial.length > 0)
      }
    })

    it('lets all but one of concurrent nestings closing a ring through; the last is a 400', async (t) => {
      const tenant = await acme(newStore, t)
      // Each ring of n groups is nested concurrently, group i adding group i+1 (the last adding the first):
      // A add B with B add A, then A add B, B add C and C add A. Any n-1 of the edges are acyclic.
      for (const [round, size] of [2, 2, 2, 2, 2, 3, 3, 3, 3, 3].entries()) {
        const ring: GroupRecord[] = []
        for (let i = 0; i < size; i++)
          ring.push(await tenant.createGroup({ displayName: `R${round}-${i}` }, []))
        const label = ring.map((g) => g.displayName).join(' ⊃ ')
        const next = (i: number): GroupRecord => ring[(i + 1) % size] as GroupRecord
        const settled = await Promise.allSettled(
          ring.map((g, i) => tenant.updateGroup(g.id, change(addRefs(groupRef(next(i).id))))),
        )
        const rejected = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason] : []))
        assert.equal(rejected.length, 1, label)
        scimError(400, 'invalidValue')(rejected[0])
        const edges: boolean[] = []
        for (const [i, g] of ring.entries()) {
          const holds = (await membersOf(tenant, g.id)).some((m) => m.value === next(i).id)
          edges.push(holds)
          assert.equal((await tenant.getGroup(g.id))?.version, holds ? 2 : 1, label)
        }
        assert.equal(edges.filter(Boolean).length, size - 1, label)
      }
    })

    it('moves the groups holding a member directly when its display changes, and only then', async (t) => {
      const store = await newStore(t)
      for (const [i, row] of DISPLAY_CASES.entries()) {
        const tenant = store.forTenant((await store.ensureTenant(`display${i}`, `D${i}`)).id)
        const fx = await displayFixture(tenant)
        let written = ''
        if (row.member === 'ann' || row.member === 'bob' || row.member === 'carl') {
          const after = await tenant.updateUser(fx.users[row.member].id, (current) =>
            row.noWrite
              ? undefined
              : { data: withUser(current, row.user ?? {}), password: undefined },
          )
          written = after?.lastModified ?? ''
        } else {
          const target = fx.groups.get(row.member)
          assert.ok(target)
          const after = await tenant.updateGroup(target.id, (current) => ({
            data: { ...dataOf(current), ...row.group },
            members: row.addUser ? addRefs(userRef(fx.users[row.addUser].id)) : [],
          }))
          written = after?.lastModified ?? ''
        }
        for (const [name, before] of fx.groups) {
          const label = `${row.name}: ${name}`
          const now = await tenant.getGroup(before.id)
          const moved = row.moved.includes(name)
          assert.equal(now?.version, before.version + (moved ? 1 : 0), label)
          // In the member's own transaction: the same lastModified as the member's.
          assert.equal(now?.lastModified, moved ? written : before.lastModified, label)
        }
      }
    })

    it('moves a group’s version on when a member being added to it is deleted at the same time', async (t) => {
      const tenant = await acme(newStore, t)
      // The add either comes first (then the delete takes the member out again, a change of its own) or
      // fails on a member that no longer exists. The delete starts 0-3 ms after the add, to vary the
      // interleaving; 40 rounds per kind.
      const cases: [
        kind: string,
        make: (i: number) => Promise<MemberRef>,
        drop: (id: string) => Promise<boolean>,
      ][] = [
        [
          'user',
          async (i) => userRef((await tenant.createUser(user(`gone${i}`), undefined)).id),
          (id) => tenant.deleteUser(id),
        ],
        [
          'group',
          async (i) => groupRef((await tenant.createGroup({ displayName: `gone${i}` }, [])).id),
          (id) => tenant.deleteGroup(id),
        ],
      ]
      for (const [kind, make, drop] of cases) {
        for (let i = 0; i < 40; i++) {
          const label = `${kind}, round ${i}`
          const group = await tenant.createGroup({ displayName: `Holder ${kind} ${i}` }, [])
          const member = await make(i)
          const [added, dropped] = await Promise.allSettled([
            tenant.updateGroup(group.id, change(addRefs(member))),
            new Promise((resolve) => setTimeout(resolve, i % 4)).then(() => drop(member.value)),
          ])
          assert.deepEqual(dropped, { status: 'fulfilled', value: true }, label)
          assert.deepEqual(await membersOf(tenant, group.id), [], label)
          const final = await tenant.getGroup(group.id)
          if (added.status === 'fulfilled') {
            // Version 2 held the member; the group without it must be another version.
            assert.equal(added.value?.version, 2, label)
            assert.equal(final?.version, 3, `${label}: the member left, the version stayed 2`)
          } else {
            const error: unknown = added.reason
            assert.ok(error instanceof ScimError && [400, 409].includes(error.status), label)
            assert.equal(final?.version, 1, label)
          }
        }
      }
    })
  })
}

/** The fixture of DISPLAY_CASES (group.contract.cases.ts). */
async function displayFixture(tenant: TenantStore) {
  const users = {
    ann: await tenant.createUser(user('ann', { givenName: 'Ann', familyName: 'Lee' }), undefined),
    bob: await tenant.createUser(user('bob'), undefined),
    carl: await tenant.createUser(user('carl'), undefined),
  }
  const groups = new Map<string, GroupRecord>()
  const make = async (displayName: string, members: MemberRef[]) =>
    groups.set(displayName, await tenant.createGroup({ displayName }, members))
  const g = (name: string) => groupRef(groups.get(name)?.id ?? '')
  await make('G1', [userRef(users.ann.id), userRef(users.bob.id)])
  await make('G2', [userRef(users.ann.id)])
  await make('G3', [userRef(users.bob.id)])
  await make('Child', [userRef(users.ann.id)])
  await make('Parent', [g('Child')])
  await make('Grand', [g('Parent')])
  return { users, groups }
}

/** The user's data with these attributes set (null: removed). */
function withUser(current: UserRecord, set: NonNullable<DisplayCase['user']>): UserData {
  const { id: _id, groups: _groups, created: _c, lastModified: _l, version: _v, ...data } = current
  const out: Record<string, unknown> = { ...data }
  for (const [key, value] of Object.entries(set)) {
    if (value === null) delete out[key]
    else out[key] = value
  }
  return out as unknown as UserData
}

/**
 * Users ann, bob, cid, dan and groups Alpha, beta, Charlie, delta, Echo, nested so:
 * beta ⊃ {ann}; Alpha ⊃ {beta}; delta ⊃ {Alpha}; Charlie ⊃ {ann, beta, bob}; Echo ⊃ {cid}; dan in none.
 * ann is then in beta and Charlie directly (Charlie also through beta), in Alpha and delta indirectly.
 */
async function nesting(tenant: TenantStore) {
  const users = new Map<string, string>()
  for (const name of ['ann', 'bob', 'cid', 'dan'])
    users.set(name, (await tenant.createUser(user(name), undefined)).id)
  const groups = new Map<string, string>()
  const make = async (displayName: string, members: MemberRef[]) =>
    groups.set(displayName, (await tenant.createGroup({ displayName }, members)).id)
  const u = (name: string) => userRef(users.get(name) ?? '')
  const g = (name: string) => groupRef(groups.get(name) ?? '')
  await make('beta', [u('ann')])
  await make('Alpha', [g('beta')])
  await make('delta', [g('Alpha')])
  await make('Charlie', [u('ann'), g('beta'), u('bob')])
  await make('Echo', [u('cid')])
  return { users, groups }
}
