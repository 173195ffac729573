// The source readers: Graph JSON shapes, Graph → Entra names, CSV of users, and the errors that name
// the place of a fault.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { SourceError } from './directory.js'
import { entraUserAttributes } from './entra-names.js'
import { parseGraphJson } from './graph-json.js'
import { parseUsersCsv } from './users-csv.js'

describe('Graph → Entra attribute names', () => {
  it('renames as Entra does and keeps unknown properties', () => {
    const attributes = entraUserAttributes({
      id: 'u1',
      userPrincipalName: 'joy@contoso.com',
      mobilePhone: '+14155550123',
      businessPhones: ['+14155550124', '+14155550125'],
      faxNumber: '+14155550126',
      officeLocation: '18/2111',
      onPremisesImmutableId: 'imm',
      onPremisesExtensionAttributes: { extensionAttribute1: 'one', extensionAttribute2: null },
      manager: { id: 'u0', '@odata.type': '#microsoft.graph.user' },
      employeeOrgData: { costCenter: 'CC1' },
      proxyAddresses: ['SMTP:joy@contoso.com'],
      accountEnabled: false,
      '@odata.etag': 'x',
      customThing: 'kept',
    })
    assert.deepEqual(Object.fromEntries(attributes), {
      objectId: 'u1',
      userPrincipalName: 'joy@contoso.com',
      mobile: '+14155550123',
      telephoneNumber: '+14155550124',
      facsimileTelephoneNumber: '+14155550126',
      physicalDeliveryOfficeName: '18/2111',
      immutableId: 'imm',
      extensionAttribute1: 'one',
      manager: 'u0',
      'employeeOrgData.costCenter': 'CC1',
      proxyAddresses: ['SMTP:joy@contoso.com'],
      accountEnabled: false,
      customThing: 'kept',
    })
  })
})

describe('parseGraphJson', () => {
  it('reads {users, groups, appRoleAssignments} with Graph pages and member objects', () => {
    const d = parseGraphJson(
      'x.json',
      JSON.stringify({
        users: { value: [{ id: 'u1', userPrincipalName: 'a@b.c', accountEnabled: false }] },
        groups: [
          {
            id: 'g1',
            displayName: 'G',
            members: [{ '@odata.type': '#microsoft.graph.user', id: 'u1' }, 'u1'],
          },
        ],
        appRoleAssignments: [{ principalId: 'u1', appRoleValue: 'Admin' }],
      }),
    )
    assert.equal(d.users[0]?.name, 'a@b.c')
    assert.equal(d.users[0]?.accountEnabled, false)
    assert.deepEqual(d.groups[0]?.members, ['u1'])
    assert.deepEqual(d.assignments, [{ principalId: 'u1', appRoleValue: 'Admin' }])
  })
  it('reads a bare Graph page of users', () => {
    assert.equal(parseGraphJson('x.json', '{"value":[{"id":"u1"}]}').users.length, 1)
  })
  const ERRORS: [string, string][] = [
    ['{nope', 'x.json is not valid JSON'],
    ['{"users":[{"userPrincipalName":"a"}]}', 'x.json: users[0] has no "id"'],
    ['{"users":[{"id":"a"},{"id":"a"}]}', 'users[1] has the id "a" of users[0]'],
    ['{"users":{"nope":1}}', '"users" must be an array'],
    ['{"groups":[{"id":"g","members":[3]}]}', 'groups[0].members[0] is neither an id'],
    ['{"appRoleAssignments":[{"appRoleValue":"x"}]}', 'appRoleAssignments[0] has no "principalId"'],
  ]
  for (const [input, message] of ERRORS)
    it(`refuses ${input}`, () => {
      assert.throws(
        () => parseGraphJson('x.json', input),
        (e: unknown) => e instanceof SourceError && e.message.includes(message),
      )
    })
})

describe('parseUsersCsv', () => {
  it("takes Graph's or Entra's names in any case, quoted cells, ; lists and empty cells", () => {
    const d = parseUsersCsv(
      'u.csv',
      '\ufeffObjectId,USERPRINCIPALNAME,mobile,telephoneNumber,proxyAddresses,accountEnabled,extensionAttribute3,displayName\r\n' +
        'u1,joy@contoso.com,+14155550123,,"SMTP:a@x.com; smtp:b@x.com",FALSE,ext,"Young, Joy"\r\n',
    )
    assert.deepEqual(Object.fromEntries(d.users[0]?.attributes ?? []), {
      objectId: 'u1',
      userPrincipalName: 'joy@contoso.com',
      mobile: '+14155550123',
      proxyAddresses: ['SMTP:a@x.com', 'smtp:b@x.com'],
      accountEnabled: false,
      extensionAttribute3: 'ext',
      displayName: 'Young, Joy',
    })
    assert.equal(d.users[0]?.accountEnabled, false)
  })
  const ERRORS: [string, string][] = [
    ['id,accountEnabled\nu1,maybe\n', 'u.csv:2: accountEnabled is "maybe"'],
    ['userPrincipalName\na@b.c\n', 'u.csv:2: the row has no id'],
    ['id\nu1\nu1\n', 'u.csv:3: the id "u1" is also on line 2'],
    ['id,a\nu1,"unclosed\n', 'u.csv is not valid CSV'],
  ]
  for (const [input, message] of ERRORS)
    it(`refuses ${JSON.stringify(input)}`, () => {
      assert.throws(
        () => parseUsersCsv('u.csv', input),
        (e: unknown) => e instanceof SourceError && e.message.includes(message),
      )
    })
})
