// The mapping file: how it changes Entra's defaults, and the refusals that name the row.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MappingError, parseMappings } from './file.js'
import { matchingAttributes } from './model.js'
import { parseTargetPath, TargetPathError } from './target-path.js'

const targets = (rows: { targetAttribute: string }[]): string[] =>
  rows.map((r) => r.targetAttribute)

describe('parseMappings', () => {
  it("no file is Entra's defaults", () => {
    const m = parseMappings({})
    assert.equal(m.users.attributeMappings.length, 22)
    assert.deepEqual(
      matchingAttributes(m.users).map((a) => a.targetAttribute),
      ['userName'],
    )
    assert.deepEqual(targets([...m.groups.attributeMappings]), [
      'displayName',
      'externalId',
      'members',
    ])
  })
  it('a row replaces the default of its target (ignoring case and spaces), adds, or deletes', () => {
    const m = parseMappings({
      users: {
        attributeMappings: [
          { targetAttribute: 'EMAILS[type eq "work"].value', sourceAttribute: 'userPrincipalName' },
          { targetAttribute: 'displayName', delete: true },
          {
            targetAttribute: 'timezone',
            constantValue: 'Europe/London',
            applyMapping: 'Only during object creation',
          },
        ],
      },
      groups: { enabled: false },
    })
    const email = m.users.attributeMappings.find((a) => a.target.attribute === 'EMAILS')
    assert.equal(email?.sourceAttribute, 'userPrincipalName')
    assert.equal(
      m.users.attributeMappings.some((a) => a.targetAttribute === 'displayName'),
      false,
    )
    const tz = m.users.attributeMappings.find((a) => a.targetAttribute === 'timezone')
    assert.deepEqual([tz?.mappingType, tz?.applyMapping], ['Constant', 'OnlyDuringCreation'])
    assert.equal(m.groups.enabled, false)
  })
  it('replaceDefaults starts from no rows', () => {
    const m = parseMappings({
      users: {
        replaceDefaults: true,
        attributeMappings: [
          { targetAttribute: 'userName', sourceAttribute: 'mail', matchObjects: true },
        ],
      },
    })
    assert.deepEqual(targets([...m.users.attributeMappings]), ['userName'])
  })
  const ERRORS: [unknown, string][] = [
    [
      { users: { attributeMappings: [{ targetAttribute: 'x', mappingType: 'Formula' }] } },
      'users.attributeMappings[0] (x): mappingType is Direct, Constant, Expression or None',
    ],
    [
      { users: { attributeMappings: [{ targetAttribute: 'x', sourcAttribute: 'y' }] } },
      'unknown field "sourcAttribute"',
    ],
    [
      { users: { attributeMappings: [{ targetAttribute: 'x', mappingType: 'Direct' }] } },
      'a Direct mapping needs a sourceAttribute',
    ],
    [
      { users: { attributeMappings: [{ targetAttribute: 'x', mappingType: 'Constant' }] } },
      'a Constant mapping needs a constantValue',
    ],
    [
      { users: { attributeMappings: [{ targetAttribute: 'x', expression: 'Lft([a], 1)' }] } },
      "position 1: Unknown function 'Lft' (did you mean Left?)",
    ],
    [
      { users: { attributeMappings: [{ targetAttribute: 'x', sourceAttribute: 'id' }] } },
      "[id] is Microsoft Graph's name; Entra's source attribute is [objectId]",
    ],
    [
      {
        users: {
          attributeMappings: [
            { targetAttribute: "emails[type ='Work Email'].value", sourceAttribute: 'mail' },
          ],
        },
      },
      'write emails[type eq "Work Email"].value',
    ],
    [
      { users: { attributeMappings: [{ targetAttribute: 'nope', delete: true }] } },
      'there is no mapping of nope to delete',
    ],
    [
      {
        users: {
          attributeMappings: [
            { targetAttribute: 'a', sourceAttribute: 'mail' },
            { targetAttribute: 'A', sourceAttribute: 'mail' },
          ],
        },
      },
      'A is mapped twice',
    ],
    [
      {
        users: {
          attributeMappings: [
            {
              targetAttribute: 'externalId',
              sourceAttribute: 'mail',
              matchObjects: true,
              matchingPrecedence: 1,
            },
          ],
        },
      },
      'userName and externalId both have matching precedence 1',
    ],
    [
      {
        users: {
          replaceDefaults: true,
          attributeMappings: [{ targetAttribute: 'userName', sourceAttribute: 'mail' }],
        },
      },
      'users: no attribute is used for matching',
    ],
    [
      {
        users: {
          attributeMappings: [
            {
              targetAttribute: 'x',
              mappingType: 'None',
              matchObjects: true,
              matchingPrecedence: 3,
            },
          ],
        },
      },
      'mapping type None has none',
    ],
    [{ users: { targetObjectActions: { purge: true } } }, 'unknown action "purge"'],
    [{ people: {} }, 'unknown section "people"'],
  ]
  for (const [input, message] of ERRORS)
    it(`refuses ${JSON.stringify(input).slice(0, 90)}`, () => {
      assert.throws(
        () => parseMappings(input, 'm.json'),
        (e: unknown) => {
          assert.ok(e instanceof MappingError)
          assert.ok(e.message.startsWith('m.json: '), e.message)
          assert.ok(e.message.includes(message), e.message)
          return true
        },
      )
    })
})

describe('parseTargetPath', () => {
  const VALID: [string, object][] = [
    ['userName', { attribute: 'userName' }],
    ['name.givenName', { attribute: 'name', sub: 'givenName' }],
    [
      'emails[type eq "work"].value',
      { attribute: 'emails', filter: { attribute: 'type', value: 'work' }, sub: 'value' },
    ],
    [
      'roles[primary eq "True"].value',
      { attribute: 'roles', filter: { attribute: 'primary', value: 'True' }, sub: 'value' },
    ],
    [
      'phoneNumbers[type eq mobile].value',
      { attribute: 'phoneNumbers', filter: { attribute: 'type', value: 'mobile' }, sub: 'value' },
    ],
    [
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
      {
        schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
        attribute: 'department',
      },
    ],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName', { attribute: 'userName' }],
  ]
  for (const [text, expected] of VALID)
    it(text, () => {
      const { text: _t, ...parsed } = parseTargetPath(text)
      assert.deepEqual(parsed, expected)
    })
  for (const bad of ['', 'emails[type ne "work"].value', 'a.b.c', 'emails[type eq "work"'])
    it(`refuses ${JSON.stringify(bad)}`, () =>
      assert.throws(() => parseTargetPath(bad), TargetPathError))
})
