import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ScimError } from '../errors.js'
import { issuesToError } from '../resource/issues.js'
import type { UserData } from '../resource/user.js'
import { causesOf, mappingPath } from './cause.js'
import { groupChanges, memberOperation, userChanges, userUpdateOperation } from './changes.js'
import { OPERATION_CASES } from './log.cases.js'
import { matchedValue, requestOperation, routeResource } from './operation.js'

const user = (over: Partial<UserData> = {}): UserData => ({
  userName: 'ann@contoso.com',
  active: true,
  emails: [{ value: 'ann@contoso.com', type: 'work', device: 'Work Email', primary: true }],
  phoneNumbers: [],
  roles: [{ value: 'Standard User' }],
  ...over,
})

describe('provisioning log: operations', () => {
  for (const { shape, operation } of OPERATION_CASES) {
    it(`${shape.method} ${shape.route} ${shape.filter ?? JSON.stringify(shape.body ?? '')} → ${operation}`, () => {
      assert.equal(requestOperation(shape), operation)
    })
  }
  it('reads the resource of a route', () => {
    assert.deepEqual(routeResource('/t/:tenant/api/xm/1/scim/v2/Users/:id'), {
      resource: 'User',
      byId: true,
    })
    assert.deepEqual(routeResource('/scim/v2/Groups/.search'), { resource: 'Group', byId: false })
    assert.deepEqual(routeResource('/healthz'), { byId: false })
  })
  it('reads the value a matching filter looks for', () => {
    assert.equal(matchedValue('userName eq "a\\"b@c"'), 'a"b@c')
    assert.equal(matchedValue('userName sw "a"'), undefined)
  })
})

describe('provisioning log: changes', () => {
  it('lists every attribute of a created user, and never a password', () => {
    const changes = userChanges(undefined, user({ givenName: 'Ann' }))
    assert.deepEqual(changes, [
      { path: 'userName', new: 'ann@contoso.com' },
      { path: 'active', new: 'true' },
      { path: 'name.givenName', new: 'Ann' },
      { path: 'emails[type eq "Work Email"].value', new: 'ann@contoso.com (primary)' },
      { path: 'roles', new: 'Standard User' },
    ])
  })
  it('gives old → new values of an update, and removals', () => {
    const before = user({
      timezone: 'US/Pacific',
      phoneNumbers: [{ value: '+14155550123', device: 'Work Phone' }],
    })
    const after = user({ active: false, timezone: 'Europe/London' })
    const changes = userChanges(before, after)
    assert.deepEqual(changes, [
      { path: 'active', old: 'true', new: 'false' },
      { path: 'timezone', old: 'US/Pacific', new: 'Europe/London' },
      { path: 'phoneNumbers[type eq "Work Phone"].value', old: '+14155550123' },
    ])
    assert.equal(userUpdateOperation(changes), 'disable')
    assert.equal(userUpdateOperation(userChanges(after, before)), 'enable')
    assert.equal(userUpdateOperation([]), 'update')
  })
  it('clips long values', () => {
    const [change] = userChanges(undefined, user({ userName: 'x'.repeat(1000) }))
    assert.equal(change?.new?.length, 300)
  })
  it('describes member steps of a group', () => {
    const changes = groupChanges({ displayName: 'Ops' }, { displayName: 'Ops' }, [
      { kind: 'add', members: [{ value: 'u1' }, { value: 'u2' }] },
      { kind: 'remove', ids: ['u3'] },
    ])
    assert.deepEqual(changes, [
      { path: 'members', new: 'added u1, u2' },
      { path: 'members', old: 'removed u3' },
    ])
    assert.equal(memberOperation(0, [{ kind: 'add', members: [] }]), 'member add')
    assert.equal(memberOperation(0, [{ kind: 'clear' }]), 'member remove')
    assert.equal(memberOperation(1, [{ kind: 'clear' }]), undefined)
  })
})

describe('provisioning log: causes', () => {
  const body = {
    phoneNumbers: [{ type: 'Work Phone', value: '555' }],
    roles: [{ value: 'Manager' }],
  }
  it('names the mapping Entra shows', () => {
    assert.equal(
      mappingPath('phoneNumbers[0].value', body),
      'phoneNumbers[type eq "Work Phone"].value',
    )
    assert.equal(mappingPath('roles[0].value', body), 'roles[].value')
    assert.equal(mappingPath('userName', body), 'userName')
  })
  it('gives one cause per problem, the same key whatever the value', () => {
    const error = issuesToError([
      { path: 'phoneNumbers[0].value', message: "'555' is not in E.164 format" },
      {
        path: 'roles[0].value',
        message: "'Manager' is not a role of this tenant; define it first (roster roles add)",
      },
    ])
    const first = causesOf(error, body)
    assert.deepEqual(first.attributes, [
      'phoneNumbers[type eq "Work Phone"].value',
      'roles[].value',
    ])
    assert.equal(first.causes.length, 2)
    assert.equal(
      first.causes[0]?.fix,
      `phoneNumbers[type eq "Work Phone"].value: '555' is not in E.164 format`,
    )
    const other = causesOf(
      issuesToError([
        { path: 'phoneNumbers[0].value', message: "'+1 415' is not in E.164 format" },
      ]),
      { phoneNumbers: [{ type: 'Work Phone' }] },
    )
    assert.equal(other.causes[0]?.key, first.causes[0]?.key)
  })
  it('names the unsupported attributes at fault', () => {
    const error = issuesToError([
      {
        path: '',
        message:
          'This directory does not support the attributes displayName, title. Remove them from the attribute mapping',
      },
    ])
    assert.deepEqual(causesOf(error, {}).attributes, ['displayName', 'title'])
  })
  it('groups errors without problems by their detail, ids blanked', () => {
    const a = causesOf(
      ScimError.notFound('User 0b7c5f8e-2f0c-4a53-9d0e-0d9f1c2b3a4d not found.'),
      undefined,
    )
    const b = causesOf(
      ScimError.notFound('User 1b7c5f8e-2f0c-4a53-9d0e-0d9f1c2b3a4d not found.'),
      undefined,
    )
    assert.equal(a.causes[0]?.key, b.causes[0]?.key)
    assert.deepEqual(a.attributes, [])
  })
})
