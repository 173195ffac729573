// coerceResource: canonical names, JSON types, string booleans, readOnly and null dropped, unsupported
// attributes collected by path (RFC 7643 §2.1, §2.3.2; RFC 7644 §3.3, §3.5.1).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { userRegistry } from '../schema/registry.js'
import { coerceResource, isObject, toBoolean } from './coerce.js'
import type { JsonObject } from './coerce.js'
import type { Issue } from './issues.js'

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User'
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

const CASES: readonly {
  name: string
  body: unknown
  value: JsonObject
  unsupported?: readonly string[]
  issues?: readonly Issue[]
}[] = [
  {
    name: 'canonical names from any case',
    body: { USERNAME: 'joy', externalid: 'j1', Name: { GivenName: 'Joy', FAMILYNAME: 'Young' } },
    value: { userName: 'joy', externalId: 'j1', name: { givenName: 'Joy', familyName: 'Young' } },
  },
  {
    name: 'sub-attributes of multi-valued attributes, any case',
    body: { EMAILS: [{ VALUE: 'a@b.com', Type: 'work', PRIMARY: true }] },
    value: { emails: [{ value: 'a@b.com', type: 'work', primary: true }] },
  },
  { name: 'string "True"', body: { active: 'True' }, value: { active: true } },
  { name: 'string "false"', body: { active: 'false' }, value: { active: false } },
  { name: 'string "FALSE"', body: { active: 'FALSE' }, value: { active: false } },
  { name: 'string " true " with spaces', body: { active: ' true ' }, value: { active: true } },
  {
    name: 'a string boolean in a sub-attribute',
    body: { roles: [{ value: 'R', primary: 'True' }] },
    value: { roles: [{ value: 'R', primary: true }] },
  },
  {
    name: "'yes' is not a boolean",
    body: { active: 'yes' },
    value: {},
    issues: [{ path: 'active', message: 'must be a boolean (true or false), not "yes"' }],
  },
  {
    name: '0 is not a boolean',
    body: { active: 0 },
    value: {},
    issues: [{ path: 'active', message: 'must be a boolean (true or false), not 0' }],
  },
  {
    name: 'a number is not a string',
    body: { userName: 42 },
    value: {},
    issues: [{ path: 'userName', message: 'must be a string, not 42' }],
  },
  {
    name: 'a writeOnly value is never echoed',
    body: { password: 12345678 },
    value: {},
    issues: [{ path: 'password', message: 'must be a string' }],
  },
  {
    name: 'an object password is never echoed',
    body: { password: { secret: 'hunter22' } },
    value: {},
    issues: [{ path: 'password', message: 'must be a string' }],
  },
  {
    name: 'an array for a single-valued attribute',
    body: { userName: ['a', 'b'] },
    value: {},
    issues: [{ path: 'userName', message: 'takes a single value, not an array' }],
  },
  {
    name: 'a single object for a multi-valued attribute is a one-element array',
    body: { emails: { value: 'a@b.com' } },
    value: { emails: [{ value: 'a@b.com' }] },
  },
  {
    name: 'a non-object element of a complex attribute',
    body: { emails: ['a@b.com', { value: 'c@d.com' }] },
    value: { emails: [{ value: 'c@d.com' }] },
    issues: [{ path: 'emails[0]', message: 'must be an object' }],
  },
  {
    name: 'a complex attribute that is a string',
    body: { name: 'Joy Young' },
    value: {},
    issues: [{ path: 'name', message: 'must be an object' }],
  },
  {
    name: 'nulls are no value, at every level',
    body: {
      userName: 'joy',
      externalId: null,
      name: { givenName: null },
      emails: [null, { value: 'a@b.com', type: null }],
    },
    value: { userName: 'joy', name: {}, emails: [{ value: 'a@b.com' }] },
  },
  {
    name: 'readOnly attributes are dropped without a word (id, meta, groups)',
    body: {
      id: 'x',
      ID: 'y',
      meta: { resourceType: 'User' },
      groups: [{ value: 'g' }],
      userName: 'joy',
    },
    value: { userName: 'joy' },
  },
  {
    name: 'unsupported attributes collected by path',
    body: {
      userName: 'joy',
      displayName: 'Joy',
      name: { givenName: 'Joy', formatted: 'Joy Young', honorificPrefix: 'Dr' },
      addresses: [{ locality: 'Redmond' }],
      emails: [
        { value: 'a@b.com', location: 'x' },
        { value: 'c@d.com', location: 'y' },
      ],
      [ENTERPRISE]: { department: 'Ops' },
      [`${ENTERPRISE}:manager`]: 'm1',
    },
    value: {
      userName: 'joy',
      name: { givenName: 'Joy' },
      emails: [{ value: 'a@b.com' }, { value: 'c@d.com' }],
    },
    unsupported: [
      'displayName',
      'name.formatted',
      'name.honorificPrefix',
      'addresses',
      'emails.location',
      ENTERPRISE,
      `${ENTERPRISE}:manager`,
    ],
  },
  {
    name: 'null, empty arrays and $ref of unsupported attributes are tolerated',
    body: {
      userName: 'joy',
      displayName: null,
      addresses: [],
      [ENTERPRISE]: null,
      name: { formatted: null },
      roles: [{ value: 'R', $ref: 'x' }],
    },
    value: { userName: 'joy', name: {}, roles: [{ value: 'R' }] },
  },
  {
    name: 'an unsupported attribute holding only empty values carries no value (RFC 7643 §2.5)',
    body: {
      userName: 'joy',
      addresses: [{ country: null, formatted: '' }],
      name: { formatted: [] },
    },
    value: { userName: 'joy', name: {} },
  },
  {
    name: 'an unsupported attribute with one real value inside is reported',
    body: { userName: 'joy', addresses: [{ country: null, locality: 'Oslo' }] },
    value: { userName: 'joy' },
    unsupported: ['addresses'],
  },
  {
    name: 'an empty string of an unsupported attribute carries no value (Entra clears with "")',
    body: { userName: 'joy', displayName: '', name: { formatted: '' } },
    value: { userName: 'joy', name: {} },
  },
  {
    name: 'URN-qualified core attributes, any case',
    body: { [`${CORE}:userName`]: 'joy', [`${CORE.toUpperCase()}:active`]: 'False' },
    value: { userName: 'joy', active: false },
  },
  {
    name: 'the core URN alone is not an attribute',
    body: { userName: 'joy', [CORE]: { userName: 'x' } },
    value: { userName: 'joy' },
    unsupported: [CORE],
  },
  {
    name: 'schemas in any case, unknown URIs tolerated, not copied',
    body: {
      Schemas: [CORE, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0User'],
      userName: 'joy',
    },
    value: { userName: 'joy' },
  },
  {
    name: 'schemas that is not an array of strings',
    body: { schemas: [CORE, 7], userName: 'joy' },
    value: { userName: 'joy' },
    issues: [
      { path: 'schemas', message: 'must be an array of schema URIs', scimType: 'invalidSyntax' },
    ],
  },
  {
    name: 'one attribute under two spellings is refused, not the last one kept (RFC 7643 §2.1)',
    body: { userName: 'joy', USERNAME: 'ann', [`${CORE}:active`]: true, Active: false },
    value: { userName: 'joy', active: true },
    issues: [
      {
        path: 'userName',
        message: "is sent twice, as 'userName' and 'USERNAME' (names ignore case); send it once",
        scimType: 'invalidSyntax',
      },
      {
        path: 'active',
        message: `is sent twice, as '${CORE}:active' and 'Active' (names ignore case); send it once`,
        scimType: 'invalidSyntax',
      },
    ],
  },
  {
    name: 'a sub-attribute under two spellings, in a complex and a multi-valued attribute',
    body: {
      name: { givenName: 'Joy', GIVENNAME: 'Ann' },
      emails: [{ value: 'a@b.com', Value: 'c@d.com' }],
    },
    value: { name: { givenName: 'Joy' }, emails: [{ value: 'a@b.com' }] },
    issues: [
      {
        path: 'name.givenName',
        message: "is sent twice, as 'givenName' and 'GIVENNAME' (names ignore case); send it once",
        scimType: 'invalidSyntax',
      },
      {
        path: 'emails[0].value',
        message: "is sent twice, as 'value' and 'Value' (names ignore case); send it once",
        scimType: 'invalidSyntax',
      },
    ],
  },
  {
    name: 'a complex attribute under two spellings is refused whole, not merged or replaced',
    body: { name: { givenName: 'Joy' }, NAME: { familyName: 'Young' } },
    value: { name: { givenName: 'Joy' } },
    issues: [
      {
        path: 'name',
        message: "is sent twice, as 'name' and 'NAME' (names ignore case); send it once",
        scimType: 'invalidSyntax',
      },
    ],
  },
  {
    name: 'a spelling without a value (null) is no second value',
    body: { userName: 'joy', USERNAME: null, name: { givenName: 'Joy', GivenName: null } },
    value: { userName: 'joy', name: { givenName: 'Joy' } },
  },
  {
    name: 'a body that is an array',
    body: [],
    value: {},
    issues: [{ path: '', message: 'the body must be a JSON object', scimType: 'invalidSyntax' }],
  },
  {
    name: 'a body that is null',
    body: null,
    value: {},
    issues: [{ path: '', message: 'the body must be a JSON object', scimType: 'invalidSyntax' }],
  },
  {
    name: 'a body that is a string',
    body: '{"userName":"joy"}',
    value: {},
    issues: [{ path: '', message: 'the body must be a JSON object', scimType: 'invalidSyntax' }],
  },
]

describe('coerceResource', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const result = coerceResource(c.body, userRegistry())
      assert.deepEqual(result.value, c.value)
      assert.deepEqual(result.unsupported, c.unsupported ?? [])
      assert.deepEqual(result.issues, c.issues ?? [])
    })
  }

  it('never changes its input', () => {
    const body = { USERNAME: 'joy', active: 'True', emails: [{ VALUE: 'a@b.com', type: null }] }
    const copy = structuredClone(body)
    coerceResource(body, userRegistry())
    assert.deepEqual(body, copy)
  })
})

describe('toBoolean', () => {
  const CASES: readonly { input: unknown; expected: boolean | undefined }[] = [
    { input: true, expected: true },
    { input: false, expected: false },
    { input: 'True', expected: true },
    { input: 'TRUE', expected: true },
    { input: 'true', expected: true },
    { input: 'False', expected: false },
    { input: 'fAlSe', expected: false },
    { input: ' False ', expected: false },
    { input: 'yes', expected: undefined },
    { input: '1', expected: undefined },
    { input: 1, expected: undefined },
    { input: '', expected: undefined },
    { input: null, expected: undefined },
    { input: undefined, expected: undefined },
  ]
  for (const c of CASES) {
    it(`${JSON.stringify(c.input) ?? 'undefined'} → ${c.expected}`, () => {
      assert.equal(toBoolean(c.input), c.expected)
    })
  }
})

describe('isObject', () => {
  const CASES: readonly { input: unknown; expected: boolean }[] = [
    { input: {}, expected: true },
    { input: { a: 1 }, expected: true },
    { input: [], expected: false },
    { input: null, expected: false },
    { input: 'x', expected: false },
  ]
  for (const c of CASES) {
    it(`${JSON.stringify(c.input)} → ${c.expected}`, () =>
      assert.equal(isObject(c.input), c.expected))
  }
})
