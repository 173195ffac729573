// Create bodies and PATCH operations in both of Entra's modes.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { AppRoles } from '../expression/value.js'
import type { Flow, FlowValue } from '../mapping/flow.js'
import type { AttributeMapping } from '../mapping/model.js'
import { parseTargetPath } from '../mapping/target-path.js'
import { createBody, FlowError } from './body.js'
import { changesFor, patchOperations, removeMembers } from './patch.js'

function flow(target: string, value: FlowValue): Flow {
  const mapping: AttributeMapping = {
    targetAttribute: target,
    target: parseTargetPath(target),
    mappingType: 'Direct',
    sourceAttribute: 'x',
    applyMapping: 'Always',
  }
  return { mapping, value }
}

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

describe('createBody', () => {
  it('builds the documented body: value-filter elements, the work email primary, booleans, the enterprise URN', () => {
    const body = createBody(
      'User',
      [
        flow('userName', 'joy@contoso.com'),
        flow('active', 'True'),
        flow('emails[type eq "work"].value', 'joy@contoso.com'),
        flow('phoneNumbers[type eq "mobile"].value', '+14155550123'),
        flow('name.givenName', 'Joy'),
        flow(`${ENTERPRISE}:department`, 'Sales'),
        flow('roles', new AppRoles([{ value: 'Admin' }])),
      ],
      [ENTERPRISE],
    )
    assert.deepEqual(body, {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
      userName: 'joy@contoso.com',
      active: true,
      emails: [{ type: 'work', value: 'joy@contoso.com', primary: true }],
      phoneNumbers: [{ type: 'mobile', value: '+14155550123' }],
      name: { givenName: 'Joy' },
      [ENTERPRISE]: { department: 'Sales' },
      roles: [
        {
          primary: false,
          type: 'WindowsAzureActiveDirectoryRole',
          display: 'Admin',
          value: 'Admin',
        },
      ],
      meta: { resourceType: 'User' },
    })
  })
  it('refuses a list into a single-valued attribute (SchemaPropertyCanOnlyAcceptValue)', () => {
    assert.throws(
      () => createBody('User', [flow('preferredLanguage', ['en', 'US'])], []),
      (e: unknown) => e instanceof FlowError && e.code === 'SchemaPropertyCanOnlyAcceptValue',
    )
  })
})

describe('changesFor and patchOperations', () => {
  const target = {
    userName: 'joy@contoso.com',
    active: true,
    name: { givenName: 'Joy', familyName: 'Old' },
    emails: [{ type: 'Work', value: 'old@contoso.com' }],
    displayName: 'Joy',
  }
  const flows = [
    flow('userName', 'joy@contoso.com'),
    flow('active', 'True'),
    flow('name.givenName', 'Joy'),
    flow('name.familyName', 'Young'),
    flow('displayName', 'Joy Young'),
    flow('emails[type eq "work"].value', 'joy@contoso.com'),
    flow('title', 'Engineer'),
  ]
  it('finds only what differs (a type compared ignoring case, "True" equal to true)', () => {
    assert.deepEqual(
      changesFor(target, flows).map((c) => [c.path.text, c.had]),
      [
        ['name.familyName', true],
        ['displayName', true],
        ['emails[type eq "work"].value', true],
        ['title', false],
      ],
    )
  })
  it('default mode: one capitalised operation per attribute, Add where empty', () => {
    assert.deepEqual(patchOperations(changesFor(target, flows), 'default'), [
      { op: 'Replace', path: 'name.familyName', value: 'Young' },
      { op: 'Replace', path: 'displayName', value: 'Joy Young' },
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'joy@contoso.com' },
      { op: 'Add', path: 'title', value: 'Engineer' },
    ])
  })
  it('flag mode: filtered paths and adds with their path, several replaces as one path-less replace (Q4)', () => {
    assert.deepEqual(patchOperations(changesFor(target, flows), 'flag'), [
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'joy@contoso.com' },
      { op: 'add', path: 'title', value: 'Engineer' },
      { op: 'replace', value: { 'name.familyName': 'Young', displayName: 'Joy Young' } },
    ])
  })
  it('booleans: strings in default mode, JSON booleans in flag mode', () => {
    const changes = changesFor({ active: true }, [flow('active', 'False')])
    assert.deepEqual(patchOperations(changes, 'default'), [
      { op: 'Replace', path: 'active', value: 'False' },
    ])
    assert.deepEqual(patchOperations(changes, 'flag'), [
      { op: 'replace', path: 'active', value: false },
    ])
  })
  it("app roles: Entra's JSON-encoded values in default mode (S7)", () => {
    const roles = new AppRoles([{ value: 'Admin', id: 'r1', displayName: 'Admin' }])
    assert.deepEqual(patchOperations(changesFor({}, [flow('roles', roles)]), 'default'), [
      {
        op: 'Add',
        path: 'roles',
        value: [{ value: '{"id":"r1","value":"Admin","displayName":"Admin"}' }],
      },
    ])
    assert.deepEqual(
      changesFor({ roles: [{ value: '{"id":"r1","value":"Admin"}' }] }, [flow('roles', roles)]),
      [],
    )
  })
  it('member removal: a value list in default mode, one filtered path per member in flag mode', () => {
    assert.deepEqual(removeMembers(['a', 'b'], 'default'), [
      {
        op: 'Remove',
        path: 'members',
        value: [
          { $ref: null, value: 'a' },
          { $ref: null, value: 'b' },
        ],
      },
    ])
    assert.deepEqual(removeMembers(['a', 'b'], 'flag'), [
      { op: 'remove', path: 'members[value eq "a"]' },
      { op: 'remove', path: 'members[value eq "b"]' },
    ])
  })
})
