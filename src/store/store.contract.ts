// runStoreContract: the behaviour every Store adapter must have (Hono's shared router suite pattern).
// sqlite-store.test.ts runs it on a temporary file; the PostgreSQL adapter will run the same suite.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TestContext } from 'node:test'
import { parseFilter } from '../scim/filter/parser.js'
import { userFold } from '../scim/profile/user-fold.js'
import { DEFAULT_SETTINGS } from '../scim/profile/settings.js'
import type { UserData } from '../scim/resource/user.js'
import { ConfigMoved } from './store.js'
import type { Store, UserQuery } from './store.js'

export interface ContractOptions {
  readonly name: string
  /** A new, empty store, closed and removed by the factory's own t.after. */
  readonly newStore: (t: TestContext) => Promise<Store>
}

const fold = userFold(DEFAULT_SETTINGS)

export function user(userName: string, extra: Partial<UserData> = {}): UserData {
  return {
    userName,
    active: true,
    emails: [
      { value: `${userName.toLowerCase()}@example.com`, type: 'work', device: 'Work Email' },
    ],
    phoneNumbers: [],
    roles: [{ value: 'Standard User' }],
    ...extra,
  }
}

export function runStoreContract({ name, newStore }: ContractOptions): void {
  describe(`Store contract: ${name}`, () => {
    it('creates a tenant once, with default settings seeded', async (t) => {
      const store = await newStore(t)
      const a = await store.ensureTenant('acme', 'Acme')
      const again = await store.ensureTenant('acme', 'Acme')
      assert.equal(again.id, a.id)
      assert.deepEqual(await store.forTenant(a.id).settings(), DEFAULT_SETTINGS)
      const updated = await store.forTenant(a.id).setSetting('defaultRole', 'Developer')
      assert.equal(updated.defaultRole, 'Developer')
      assert.equal((await store.tenantBySlug('acme'))?.id, a.id)
      assert.equal(await store.tenantBySlug('nope'), undefined)
    })

    it('renames a tenant and maps and unmaps its hosts', async (t) => {
      const store = await newStore(t)
      const acme = await store.ensureTenant('acme', 'Acme')
      const other = await store.ensureTenant('other', 'Other')
      await store.renameTenant(acme.id, 'Acme Corp')
      assert.equal((await store.tenantBySlug('acme'))?.name, 'Acme Corp')
      assert.equal((await store.tenantBySlug('other'))?.name, 'Other')
      await store.addTenantHost(acme.id, 'acme.example')
      await store.addTenantHost(acme.id, 'scim.acme.example')
      assert.equal(await store.removeTenantHost(other.id, 'acme.example'), false)
      assert.equal(await store.removeTenantHost(acme.id, 'acme.example'), true)
      assert.equal(await store.removeTenantHost(acme.id, 'acme.example'), false)
      assert.deepEqual(await store.hostsOf(acme.id), ['scim.acme.example'])
      assert.equal(await store.tenantByHost('acme.example'), undefined)
      await store.addTenantHost(other.id, 'acme.example')
      assert.equal((await store.tenantByHost('acme.example'))?.id, other.id)
    })

    it('applies concurrent updates of one setting without losing any', async (t) => {
      const store = await newStore(t)
      const tenant = store.forTenant((await store.ensureTenant('acme', 'Acme')).id)
      const roles = Array.from({ length: 20 }, (_, i) => `Role ${i}`)
      await Promise.all(
        roles.map((role) => tenant.updateSetting('roles', (current) => [...current, role])),
      )
      const settings = await tenant.settings()
      for (const role of roles) assert.ok(settings.roles.includes(role), role)
      assert.equal(settings.roles.length, DEFAULT_SETTINGS.roles.length + roles.length)
    })

    it('stores a user exactly as given and reads it back', async (t) => {
      const store = await newStore(t)
      const tenant = store.forTenant((await store.ensureTenant('acme', 'Acme')).id)
      const data = user('Ann', {
        externalId: 'ext-1',
        givenName: 'Ann',
        familyName: 'Lee',
        preferredLanguage: 'pt-BR',
        languageCode: 'pt_BR',
        timezone: 'US/Pacific',
        phoneNumbers: [
          {
            value: '+14155550123',
            type: 'mobile',
            device: 'Mobile Phone',
            primary: true,
            display: 'cell',
          },
        ],
        roles: [{ value: 'Developer', type: 'Primary', primary: true }],
      })
      const created = await tenant.createUser(data, 'scrypt$hash')
      assert.equal(created.version, 1)
      const read = await tenant.getUser(created.id)
      assert.deepEqual(read, created)
      assert.deepEqual(
        { ...read, id: undefined, created: undefined, lastModified: undefined, version: undefined },
        {
          ...data,
          id: undefined,
          groups: [],
          created: undefined,
          lastModified: undefined,
          version: undefined,
        },
      )
    })

    it('refuses a second userName that differs only in case (Unicode too): 409 uniqueness', async (t) => {
      const store = await newStore(t)
      const tenant = store.forTenant((await store.ensureTenant('acme', 'Acme')).id)
      await tenant.createUser(user('Émile'), undefined)
      await assert.rejects(tenant.createUser(user('éMILE'), undefined), {
        status: 409,
        scimType: 'uniqueness',
      })
    })

    it('creates a batch in one call: taken userNames (stored or earlier in the batch) left out, the rest whole', async (t) => {
      const store = await newStore(t)
      const tenant = store.forTenant((await store.ensureTenant('acme', 'Acme')).id)
      const other = store.forTenant((await store.ensureTenant('other', 'Other')).id)
      await tenant.createUser(user('Émile'), undefined)
      await other.createUser(user('ann'), undefined)
      const batch = [
        user('ann', {
          givenName: 'Ann',
          phoneNumbers: [{ value: '+14155550123', type: 'Mobile Phone', device: 'Mobile Phone' }],
          roles: [{ value: 'Developer', primary: true }, { value: 'Standard User' }],
        }),
        user('éMILE'),
        user('bob'),
        user('ANN'),
      ]
      const created = await tenant.createUsers(
        batch.map((data, i) => ({ data, ...(i === 2 ? { passwordHash: 'scrypt$x' } : {}) })),
      )
      assert.deepEqual(
        created.map((u) => u?.userName),
        ['ann', undefined, 'bob', undefined],
      )
      for (const record of created.filter((u) => u !== undefined)) {
        assert.deepEqual(await tenant.getUser(record.id), record)
      }
      const all = await tenant.listUsers({ fold, startIndex: 1, count: 10 })
      assert.equal(all.total, 3)
      // The users of one batch share a creation time: the default order (created, id) puts them by id.
      assert.deepEqual(all.users.map((u) => u.userName).sort(), ['Émile', 'ann', 'bob'].sort())
      assert.equal(all.users[0]?.userName, 'Émile')
      assert.equal((await tenant.signInUser('bob'))?.passwordHash, 'scrypt$x')
      assert.deepEqual(await tenant.createUsers([]), [])
      // Many users and child rows: more than one INSERT statement per table.
      const many = Array.from({ length: 2500 }, (_, i) => user(`m${i}`))
      const made = await tenant.createUsers(many.map((data) => ({ data })))
      assert.equal(made.filter((u) => u !== undefined).length, 2500)
      assert.equal((await tenant.listUsers({ fold, startIndex: 1, count: 0 })).total, 2503)
      const last = made[2499]
      assert.ok(last)
      assert.deepEqual((await tenant.getUser(last.id))?.emails, last.emails)
    })

    it('keeps tenants apart: same userName in two tenants, no cross reads', async (t) => {
      const store = await newStore(t)
      const a = store.forTenant((await store.ensureTenant('a', 'A')).id)
      const b = store.forTenant((await store.ensureTenant('b', 'B')).id)
      const ua = await a.createUser(user('same'), undefined)
      const ub = await b.createUser(user('same'), undefined)
      assert.equal(await a.getUser(ub.id), undefined)
      assert.equal(await b.deleteUser(ua.id), false)
      const page = await a.listUsers({ fold, startIndex: 1, count: 10 })
      assert.deepEqual(
        page.users.map((u) => u.id),
        [ua.id],
      )
    })

    it('keeps the unfiltered totals exact through creates, refused creates and deletes', async (t) => {
      const store = await newStore(t)
      const tenant = store.forTenant((await store.ensureTenant('acme', 'Acme')).id)
      const other = store.forTenant((await store.ensureTenant('other', 'Other')).id)
      const ids: string[] = []
      for (let i = 0; i < 5; i++) ids.push((await tenant.createUser(user(`u${i}`), undefined)).id)
      await other.createUser(user('u0'), undefined)
      await assert.rejects(tenant.createUser(user('U1'), undefined))
      assert.equal(await tenant.deleteUser(ids[0] as string), true)
      assert.equal(await tenant.deleteUser(ids[0] as string), false)
      const groups = [
        await tenant.createGroup({ displayName: 'a' }, []),
        await tenant.createGroup({ displayName: 'b' }, []),
      ]
      await assert.rejects(tenant.createGroup({ displayName: 'A' }, []))
      assert.equal(await tenant.deleteGroup(groups[0]?.id as string), true)
      const all = await tenant.listUsers({ fold, startIndex: 1, count: 100 })
      assert.equal(all.total, 4)
      assert.equal(all.users.length, 4)
      assert.equal((await other.listUsers({ fold, startIndex: 1, count: 100 })).total, 1)
      const allGroups = await tenant.listGroups({ fold, startIndex: 1, count: 100 })
      assert.equal(allGroups.total, 1)
    })

    it('lists with filters, paging and a total', async (t) => {
      const store = await newStore(t)
      const tenant = store.forTenant((await store.ensureTenant('acme', 'Acme')).id)
      const ids: string[] = []
      for (let i = 0; i < 7; i++)
        ids.push(
          (await tenant.createUser(user(`user${i}`, { externalId: `x${i % 2}` }), undefined)).id,
        )
      const all = await tenant.listUsers({ fold, startIndex: 1, count: 100 })
      assert.equal(all.total, 7)
      const page = await tenant.listUsers({ fold, startIndex: 3, count: 2 })
      assert.equal(page.total, 7)
      assert.deepEqual(
        page.users.map((u) => u.id),
        all.users.slice(2, 4).map((u) => u.id),
      )
      const none = await tenant.listUsers({ fold, startIndex: 1, count: 0 })
      assert.deepEqual(none, { total: 7, users: [] })
      const beyond = await tenant.listUsers({ fold, startIndex: 50, count: 5 })
      assert.deepEqual(beyond, { total: 7, users: [] })
      const cases: [string, number][] = [
        ['userName eq "USER3"', 1],
        ['externalId eq "x1"', 3],
        ['externalId eq "X1"', 0],
        ['emails[type eq "work"].value eq "USER4@EXAMPLE.COM"', 1],
        ['emails.value co "@example"', 7],
        ['userName sw "user" and not (externalId eq "x0")', 3],
        ['userName eq "user1" or userName eq "user2"', 2],
        ['active eq true', 7],
        ['phoneNumbers pr', 0],
        ['externalId ne "x0"', 3],
        ['name.givenName ne "x"', 7],
        ['userName co "%"', 0],
        ['userName co "_"', 0],
      ]
      for (const [filter, expected] of cases) {
        const result = await tenant.listUsers({
          filter: parseFilter(filter),
          fold,
          startIndex: 1,
          count: 100,
        })
        assert.equal(result.total, expected, filter)
        assert.equal(result.users.length, expected, filter)
      }
    })

    it("compares case-insensitive attributes by Roster's folding on every database (İ, final Σ)", async (t) => {
      const store = await newStore(t)
      const tenant = store.forTenant((await store.ensureTenant('acme', 'Acme')).id)
      await tenant.createUser(
        user('odysseus', {
          givenName: 'İlkay',
          familyName: 'ΟΔΥΣΣΕΥΣ',
          roles: [{ value: 'Standard User', display: 'Größe' }],
        }),
        undefined,
      )
      const cases: [string, number][] = [
        ['name.givenName eq "İLKAY"', 1],
        // JavaScript folds İ to i + U+0307; PostgreSQL's lower() would give a plain i.
        ['name.givenName eq "ilkay"', 0],
        ['name.givenName sw "i̇l"', 1],
        // A final Σ folds to ς: the same word in any case matches, whatever the database.
        ['name.familyName eq "Οδυσσευς"', 1],
        ['name.familyName eq "οδυσσευσ"', 0],
        ['roles.display eq "GRÖSSE"', 0],
        ['roles.display eq "größe"', 1],
      ]
      for (const [filter, expected] of cases) {
        const result = await tenant.listUsers({
          filter: parseFilter(filter),
          fold,
          startIndex: 1,
          count: 10,
        })
        assert.equal(result.total, expected, filter)
      }
    })

    it('updates under the row lock: from the current user, nothing written when nothing changes', async (t) => {
      const store = await newStore(t)
      const tenant = store.forTenant((await store.ensureTenant('acme', 'Acme')).id)
      const created = await tenant.createUser(user('ann'), 'old-hash')
      const updated = await tenant.updateUser(created.id, (current) => {
        assert.deepEqual(current, created)
        return { data: user('ann', { givenName: 'Ann' }), password: undefined }
      })
      assert.equal(updated?.version, 2)
      assert.equal(updated?.givenName, 'Ann')
      assert.deepEqual(await tenant.getUser(created.id), updated)
      // undefined from the change: nothing is written, the version stays.
      const same = await tenant.updateUser(created.id, () => undefined)
      assert.equal(same?.version, 2)
      assert.equal(await tenant.updateUser('missing', () => undefined), undefined)
      await tenant.createUser(user('bob'), undefined)
      await assert.rejects(
        tenant.updateUser(created.id, () => ({ data: user('BOB'), password: undefined })),
        { status: 409, scimType: 'uniqueness' },
      )
      // A change that throws writes nothing.
      await assert.rejects(
        tenant.updateUser(created.id, () => {
          throw new Error('no')
        }),
        /no/,
      )
      assert.equal((await tenant.getUser(created.id))?.version, 2)
    })

    it('applies 30 concurrent updates of one user one after the other', async (t) => {
      const store = await newStore(t)
      const tenant = store.forTenant((await store.ensureTenant('acme', 'Acme')).id)
      const created = await tenant.createUser(user('ann'), undefined)
      const roles = Array.from({ length: 30 }, (_, i) => `Role ${i}`)
      await Promise.all(
        roles.map((role) =>
          tenant.updateUser(created.id, (current) => ({
            data: { ...current, roles: [...current.roles, { value: role }] },
            password: undefined,
          })),
        ),
      )
      const final = await tenant.getUser(created.id)
      assert.equal(final?.version, 31)
      for (const role of roles)
        assert.ok(
          final?.roles.some((r) => r.value === role),
          role,
        )
    })

    it('deletes a user with its emails, phones and roles', async (t) => {
      const store = await newStore(t)
      const tenant = store.forTenant((await store.ensureTenant('acme', 'Acme')).id)
      const created = await tenant.createUser(user('ann'), undefined)
      assert.equal(await tenant.deleteUser(created.id), true)
      assert.equal(await tenant.getUser(created.id), undefined)
      assert.equal(await tenant.deleteUser(created.id), false)
      // The email of the deleted user no longer matches anything.
      const page = await tenant.listUsers({
        filter: parseFilter('emails.value eq "ann@example.com"'),
        fold,
        startIndex: 1,
        count: 10,
      })
      assert.equal(page.total, 0)
      // Its userName is free again.
      await tenant.createUser(user('ann'), undefined)
    })

    it('confirms the configuration version a hot read relied on: the same answer while it holds, else ConfigMoved', async (t) => {
      const store = await newStore(t)
      const a = await store.ensureTenant('a', 'A')
      const tenant = store.forTenant(a.id)
      const ann = await tenant.createUser(user('Ann', { externalId: 'e-ann' }), undefined)
      await tenant.createUser(user('Bob', { externalId: 'e-ann' }), undefined)
      const view = { base: 'https://scim.example.com/scim/v2', projection: {} }
      const query = (filter: string, count = 100): UserQuery => ({
        filter: parseFilter(filter),
        fold,
        startIndex: 1,
        count,
      })
      // Each read a hot route makes: its answer with a version relied on (or none).
      const reads: [string, (relied?: number) => Promise<unknown>][] = [
        ['GET by id', (r) => tenant.getUserText(ann.id, view, r)],
        ['GET by id, not found', (r) => tenant.getUserText('nobody', view, r)],
        ['userName match', (r) => tenant.listUserTexts(query('userName eq "ANN"'), view, r)],
        ['userName match, none', (r) => tenant.listUserTexts(query('userName eq "x"'), view, r)],
        ['externalId match', (r) => tenant.listUserTexts(query('externalId eq "e-ann"'), view, r)],
        [
          'externalId match past the page',
          (r) => tenant.listUserTexts(query('externalId eq "e-ann"', 1), view, r),
        ],
        [
          'externalId match, none',
          (r) => tenant.listUserTexts(query('externalId eq "e-x"'), view, r),
        ],
        ['another list', (r) => tenant.listUserTexts(query('userName sw "a"'), view, r)],
        ['a count only', (r) => tenant.listUserTexts(query('userName eq "ann"', 0), view, r)],
      ]
      const held = await store.refresh()
      assert.equal(store.heldConfigVersion(), held)
      for (const [name, read] of reads) assert.deepEqual(await read(held), await read(), name)
      // A token created elsewhere moves the version: every read relying on the old one refuses.
      await tenant.createToken({ name: 'moved', hash: 'h-moved', expiresAt: null })
      for (const [name, read] of reads)
        await assert.rejects(read(held), (error) => error instanceof ConfigMoved, name)
      const moved = await store.refresh()
      assert.ok(moved > held)
      for (const [name, read] of reads) assert.deepEqual(await read(moved), await read(), name)
    })

    it('stores tokens by hash, lists and revokes them per tenant', async (t) => {
      const store = await newStore(t)
      const a = await store.ensureTenant('a', 'A')
      const b = await store.ensureTenant('b', 'B')
      const token = await store
        .forTenant(a.id)
        .createToken({ name: 'entra', hash: 'h1', expiresAt: null })
      assert.deepEqual(await store.tokenByHash('h1'), token)
      assert.equal(await store.tokenByHash('h2'), undefined)
      assert.deepEqual(await store.forTenant(b.id).listTokens(), [])
      assert.equal(await store.forTenant(b.id).revokeToken(token.id), false)
      assert.equal(await store.forTenant(a.id).revokeToken(token.id), true)
      assert.equal(await store.forTenant(a.id).revokeToken(token.id), false)
      assert.notEqual((await store.tokenByHash('h1'))?.revokedAt, null)
    })
  })
}
