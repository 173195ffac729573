// The custom-property behaviour every adapter must pass (issue 14): definitions unique ignoring case,
// renamed without touching values (but moving the holders' ETags), removed only with --force while users
// hold values; values stored as
// sent, read back in one hydration, and found by filters compiled to each database's SQL.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseFilter } from '../scim/filter/parser.js'
import { DEFAULT_SETTINGS } from '../scim/profile/settings.js'
import { userFold } from '../scim/profile/user-fold.js'
import { ROSTER_USER_EXTENSION as EXT, propertyDef } from '../scim/schema/extension.js'
import type { ContractOptions } from './store.contract.js'
import { user } from './store.contract.js'
import type { TenantStore } from './store.js'

const fold = userFold(DEFAULT_SETTINGS)

async function names(tenant: TenantStore, filter: string): Promise<string[]> {
  const page = await tenant.listUsers({
    filter: parseFilter(filter),
    fold,
    startIndex: 1,
    count: 50,
  })
  return page.users.map((u) => u.userName).sort()
}

export function runPropertyContract({ name, newStore }: ContractOptions): void {
  describe(`Property contract: ${name}`, () => {
    it('defines, lists, renames and removes properties; names are unique ignoring case', async (t) => {
      const store = await newStore(t)
      const tenant = store.forTenant((await store.ensureTenant('acme', 'Acme')).id)
      await tenant.addProperty(propertyDef('costCenter'))
      await tenant.addProperty(propertyDef('Badge', { type: 'integer', required: true }))
      assert.deepEqual(
        (await tenant.properties()).map((p) => [p.name, p.type, p.required]),
        [
          ['Badge', 'integer', true],
          ['costCenter', 'string', false],
        ],
      )
      await assert.rejects(tenant.addProperty(propertyDef('COSTCENTER')), { status: 409 })
      await assert.rejects(tenant.renameProperty('badge', 'CostCenter'), { status: 409 })
      assert.equal(await tenant.renameProperty('nope', 'other'), undefined)
      assert.equal((await tenant.renameProperty('badge', 'badgeNumber'))?.name, 'badgeNumber')
      assert.deepEqual(await tenant.removeProperty('nope', false), { removed: false, holders: 0 })
      assert.deepEqual(await tenant.removeProperty('BADGENUMBER', false), {
        removed: true,
        holders: 0,
      })
      assert.deepEqual(
        (await tenant.properties()).map((p) => p.name),
        ['costCenter'],
      )
      const other = store.forTenant((await store.ensureTenant('other', 'Other')).id)
      assert.deepEqual(await other.properties(), [], 'definitions are per tenant')
    })

    it('stores values as sent, finds them by filters, keeps them across a rename', async (t) => {
      const store = await newStore(t)
      const tenant = store.forTenant((await store.ensureTenant('acme', 'Acme')).id)
      await tenant.addProperty(propertyDef('costCenter'))
      await tenant.addProperty(propertyDef('level', { type: 'decimal' }))
      await tenant.addProperty(propertyDef('shift', { multiValued: true }))
      const ann = await tenant.createUser(
        user('ann', { properties: { costCenter: 'CC-1', level: '2.50', shift: ['Day', 'Night'] } }),
        undefined,
      )
      await tenant.createUser(user('bob', { properties: { level: 10 } }), undefined)
      assert.deepEqual((await tenant.getUser(ann.id))?.properties, {
        costCenter: 'CC-1',
        level: '2.50',
        shift: ['Day', 'Night'],
      })
      assert.deepEqual(await names(tenant, `${EXT}:costCenter eq "cc-1"`), ['ann'])
      assert.deepEqual(await names(tenant, `${EXT}:level gt 3`), ['bob'])
      assert.deepEqual(await names(tenant, `${EXT}:level le 2.5`), ['ann'])
      assert.deepEqual(await names(tenant, `${EXT}:shift eq "night"`), ['ann'])
      assert.deepEqual(await names(tenant, `${EXT}:costCenter pr`), ['ann'])
      assert.deepEqual(await names(tenant, `not (${EXT}:costCenter pr)`), ['bob'])
      const updated = await tenant.updateUser(ann.id, (current) => ({
        data: { ...current, properties: { shift: ['Night'] } },
        password: undefined,
      }))
      assert.deepEqual(updated?.properties, { shift: ['Night'] })
      assert.deepEqual(await names(tenant, `${EXT}:costCenter pr`), [])
      await tenant.renameProperty('shift', 'rota')
      assert.deepEqual((await tenant.getUser(ann.id))?.properties, { rota: ['Night'] })
      assert.deepEqual(await names(tenant, `${EXT}:rota eq "Night"`), ['ann'])
    })

    it('refuses to remove a property users hold, unless forced; forcing moves their versions', async (t) => {
      const store = await newStore(t)
      const tenant = store.forTenant((await store.ensureTenant('acme', 'Acme')).id)
      await tenant.addProperty(propertyDef('costCenter'))
      const ann = await tenant.createUser(
        user('ann', { properties: { costCenter: 'CC-1' } }),
        undefined,
      )
      const bob = await tenant.createUser(user('bob'), undefined)
      assert.equal(await tenant.propertyHolders('costcenter'), 1)
      assert.deepEqual(await tenant.removeProperty('costCenter', false), {
        removed: false,
        holders: 1,
      })
      assert.deepEqual(await tenant.removeProperty('costCenter', true), {
        removed: true,
        holders: 1,
      })
      const after = await tenant.getUser(ann.id)
      assert.equal(after?.properties, undefined)
      assert.equal(after?.version, ann.version + 1)
      assert.equal(
        (await tenant.getUser(bob.id))?.version,
        bob.version,
        'a non-holder keeps its ETag',
      )
    })

    it('renaming moves the version of every holder (their representation changes), and only theirs', async (t) => {
      const store = await newStore(t)
      const tenant = store.forTenant((await store.ensureTenant('acme', 'Acme')).id)
      await tenant.addProperty(propertyDef('costCenter'))
      await tenant.addProperty(propertyDef('shift', { multiValued: true }))
      const ann = await tenant.createUser(
        user('ann', { properties: { costCenter: 'CC-1', shift: ['Day', 'Night'] } }),
        undefined,
      )
      const bob = await tenant.createUser(
        user('bob', { properties: { shift: ['Day'] } }),
        undefined,
      )
      const cy = await tenant.createUser(user('cy'), undefined)
      const other = store.forTenant((await store.ensureTenant('other', 'Other')).id)
      await other.addProperty(propertyDef('costCenter'))
      const dan = await other.createUser(
        user('dan', { properties: { costCenter: 'X' } }),
        undefined,
      )
      const ids = new Map((await tenant.properties()).map((p) => [p.id, p.name]))
      const counts = [...(await tenant.propertyHolderCounts())].map(([id, n]) => [ids.get(id), n])
      assert.deepEqual(counts.sort(), [
        ['costCenter', 1],
        ['shift', 2],
      ])
      const version = async (id: string, of: TenantStore = tenant) =>
        (await of.getUser(id))?.version
      await tenant.renameProperty('COSTCENTER', 'financeCode')
      assert.equal(await version(ann.id), ann.version + 1)
      assert.equal(await version(bob.id), bob.version, 'bob holds no costCenter')
      assert.equal(await version(cy.id), cy.version)
      assert.equal(await version(dan.id, other), dan.version, "another tenant's holder")
      // A change of case changes the representation too; the same name changes nothing.
      await tenant.renameProperty('shift', 'Shift')
      assert.equal(await version(ann.id), ann.version + 2)
      assert.equal(await version(bob.id), bob.version + 1)
      await tenant.renameProperty('Shift', 'Shift')
      assert.equal(await version(bob.id), bob.version + 1)
      assert.deepEqual((await tenant.getUser(ann.id))?.properties, {
        financeCode: 'CC-1',
        Shift: ['Day', 'Night'],
      })
      // A refused rename (the name is taken) moves nothing.
      await assert.rejects(tenant.renameProperty('shift', 'FINANCECODE'), { status: 409 })
      assert.equal(await version(bob.id), bob.version + 1)
    })
  })
}
