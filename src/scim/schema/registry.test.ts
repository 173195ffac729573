// The registry: attribute lookups by (URN, name, sub-attribute), case insensitive (RFC 7643 §2.1).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ScimError } from '../errors.js'
import { parseAttrPath } from '../path/attr-path.js'
import { userRegistry } from './registry.js'
import { USER_SCHEMA } from './user.js'

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

const RESOLVE: readonly { path: string; attribute?: string; sub?: string }[] = [
  { path: 'userName', attribute: 'userName' },
  { path: 'USERNAME', attribute: 'userName' },
  { path: 'username', attribute: 'userName' },
  { path: 'name.givenName', attribute: 'name', sub: 'givenName' },
  { path: 'NAME.GIVENNAME', attribute: 'name', sub: 'givenName' },
  { path: 'Emails.Value', attribute: 'emails', sub: 'value' },
  { path: 'phoneNumbers.type', attribute: 'phoneNumbers', sub: 'type' },
  { path: 'groups.$ref', attribute: 'groups', sub: '$ref' },
  { path: 'roles.primary', attribute: 'roles', sub: 'primary' },
  // Common attributes (RFC 7643 §3.1) resolve in the core schema.
  { path: 'id', attribute: 'id' },
  { path: 'ExternalId', attribute: 'externalId' },
  { path: 'meta.lastModified', attribute: 'meta', sub: 'lastModified' },
  { path: 'META.VERSION', attribute: 'meta', sub: 'version' },
  // URN-qualified paths, the URN in any case.
  { path: `${USER_SCHEMA}:userName`, attribute: 'userName' },
  { path: `${USER_SCHEMA}:name.familyName`, attribute: 'name', sub: 'familyName' },
  { path: `${USER_SCHEMA.toUpperCase()}:EMAILS.VALUE`, attribute: 'emails', sub: 'value' },
  { path: `${USER_SCHEMA}:externalId`, attribute: 'externalId' },
  // Not in the profile.
  { path: 'displayName' },
  { path: 'name.formatted' },
  { path: 'emails.location' },
  { path: 'userName.value' },
  { path: 'schemas' },
  { path: `${ENTERPRISE}:department` },
  { path: 'urn:example:User:userName' },
]

describe('Registry.resolve', () => {
  for (const c of RESOLVE) {
    it(`${c.path} → ${c.attribute ? [c.attribute, c.sub].filter(Boolean).join('.') : 'none'}`, () => {
      const parsed = parseAttrPath(c.path)
      assert.ok(parsed, 'a valid attrPath')
      const resolved = userRegistry().resolve(parsed)
      assert.equal(resolved?.attribute.name, c.attribute)
      assert.equal(resolved?.sub?.name, c.sub)
      if (resolved) assert.equal(resolved.schema, USER_SCHEMA)
    })
  }
})

describe('Registry.attribute', () => {
  const CASES: readonly { name: string; urn?: string; expected?: string }[] = [
    { name: 'PREFERREDLANGUAGE', expected: 'preferredLanguage' },
    { name: 'timeZone', expected: 'timezone' },
    { name: 'phonenumbers', expected: 'phoneNumbers' },
    { name: 'userName', urn: USER_SCHEMA, expected: 'userName' },
    { name: 'userName', urn: USER_SCHEMA.toLowerCase(), expected: 'userName' },
    { name: 'userName', urn: ENTERPRISE },
    { name: 'department', urn: ENTERPRISE },
    { name: 'name.givenName' },
    { name: '' },
  ]
  for (const c of CASES) {
    it(`${c.urn ? `${c.urn}:` : ''}${c.name} → ${c.expected ?? 'none'}`, () => {
      assert.equal(userRegistry().attribute(c.name, c.urn)?.attribute.name, c.expected)
    })
  }
})

describe('Registry.splitUrn', () => {
  const CASES: readonly { text: string; uri?: string; rest: string }[] = [
    { text: 'userName', rest: 'userName' },
    { text: `${USER_SCHEMA}:userName`, uri: USER_SCHEMA, rest: 'userName' },
    {
      text: `${USER_SCHEMA.toUpperCase()}:name.givenName`,
      uri: USER_SCHEMA,
      rest: 'name.givenName',
    },
    { text: USER_SCHEMA, uri: USER_SCHEMA, rest: '' },
    { text: `${USER_SCHEMA}x:userName`, rest: `${USER_SCHEMA}x:userName` },
    { text: `${ENTERPRISE}:department`, rest: `${ENTERPRISE}:department` },
  ]
  for (const c of CASES) {
    it(c.text, () => {
      assert.deepEqual(userRegistry().splitUrn(c.text), {
        ...(c.uri ? { uri: c.uri } : {}),
        rest: c.rest,
      })
    })
  }
})

describe('Registry.require', () => {
  it('returns what resolve returns', () => {
    const registry = userRegistry()
    const path = { attr: 'EMAILS', sub: 'VALUE' }
    assert.deepEqual(registry.require(path, ScimError.invalidPath), registry.resolve(path))
  })
  const MISSING: readonly { path: { uri?: string; attr: string; sub?: string }; text: string }[] = [
    { path: { attr: 'displayName' }, text: 'displayName' },
    { path: { attr: 'name', sub: 'formatted' }, text: 'name.formatted' },
    { path: { uri: ENTERPRISE, attr: 'department' }, text: `${ENTERPRISE}:department` },
  ]
  for (const c of MISSING) {
    it(`names ${c.text} in the error it is given`, () => {
      assert.throws(
        () => userRegistry().require(c.path, ScimError.invalidFilter),
        (error: unknown) => {
          assert.ok(error instanceof ScimError)
          assert.equal(error.scimType, 'invalidFilter')
          assert.equal(
            error.detail,
            `The attribute '${c.text}' is not part of the User schema of this directory (see /Schemas).`,
          )
          return true
        },
      )
    })
  }
})

describe('Registry.schemas', () => {
  it('holds the core User schema, found by URN in any case', () => {
    const registry = userRegistry()
    assert.deepEqual(
      registry.schemas.map((s) => s.id),
      [USER_SCHEMA],
    )
    assert.equal(registry.schema(USER_SCHEMA.toUpperCase())?.id, USER_SCHEMA)
    assert.equal(registry.schema(ENTERPRISE), undefined)
  })
})
