// RFC 7644 §3.4.2.5 / §3.9: attributes and excludedAttributes. id and schemas always; meta.resourceType
// always; password (returned: never) never; sub-attribute selection.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ScimError } from '../errors.js'
import { userRegistry } from '../schema/registry.js'
import type { JsonObject } from './coerce.js'
import { parseAttributeList, project } from './project.js'
import type { Projection } from './project.js'
import type { UserRecord } from './user.js'
import { userToJson } from './user-json.js'

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User'
const BASE = 'https://roster.example/scim/v2'

const RECORD: UserRecord = {
  id: 'u1',
  groups: [],
  created: '2026-01-01T00:00:00.000Z',
  lastModified: '2026-01-02T00:00:00.000Z',
  version: 3,
  userName: 'joy.young@contoso.com',
  externalId: 'jyoung',
  active: true,
  givenName: 'Joy',
  familyName: 'Young',
  preferredLanguage: 'en-US',
  languageCode: 'en',
  timezone: 'US/Pacific',
  emails: [
    { value: 'joy@contoso.com', type: 'work', primary: true, device: 'Work Email' },
    { value: 'joy@example.org', type: 'home', device: 'Home Email' },
  ],
  phoneNumbers: [{ value: '+14155550123', type: 'mobile', device: 'Mobile Phone' }],
  roles: [{ value: 'Standard User', primary: true }],
}

const GROUPS: JsonObject[] = [{ value: 'g1', display: 'On call', type: 'direct' }]

/** The stored user as SCIM, plus what projection must handle: a password (never) and groups. */
const RESOURCE: JsonObject = {
  ...userToJson(RECORD, BASE),
  password: 'Correct-Horse-9',
  groups: GROUPS,
}

const ALWAYS = { schemas: [CORE], id: 'u1' }
const META = {
  resourceType: 'User',
  created: '2026-01-01T00:00:00.000Z',
  lastModified: '2026-01-02T00:00:00.000Z',
  location: `${BASE}/Users/u1`,
  version: 'W/"3"',
}
const EMAILS: JsonObject[] = [
  { value: 'joy@contoso.com', type: 'work', primary: true },
  { value: 'joy@example.org', type: 'home' },
]
const EVERYTHING: JsonObject = {
  ...ALWAYS,
  userName: 'joy.young@contoso.com',
  externalId: 'jyoung',
  name: { givenName: 'Joy', familyName: 'Young' },
  active: true,
  preferredLanguage: 'en-US',
  timezone: 'US/Pacific',
  emails: EMAILS,
  phoneNumbers: [{ value: '+14155550123', type: 'mobile' }],
  roles: [{ value: 'Standard User', primary: true }],
  meta: META,
  groups: GROUPS,
}
const { emails: _e, ...WITHOUT_EMAILS } = EVERYTHING
const { name: _n, ...WITHOUT_NAME } = EVERYTHING

const CASES: readonly { name: string; projection: Projection; expected: JsonObject }[] = [
  { name: 'no selection: every attribute but the password', projection: {}, expected: EVERYTHING },
  {
    name: 'attributes=userName: id, schemas and meta.resourceType too',
    projection: { attributes: ['userName'] },
    expected: { ...ALWAYS, userName: 'joy.young@contoso.com', meta: { resourceType: 'User' } },
  },
  {
    name: 'attributes=id',
    projection: { attributes: ['id'] },
    expected: { ...ALWAYS, meta: { resourceType: 'User' } },
  },
  {
    name: 'attributes=password: never returned',
    projection: { attributes: ['password'] },
    expected: { ...ALWAYS, meta: { resourceType: 'User' } },
  },
  {
    name: 'attributes=emails.value',
    projection: { attributes: ['emails.value'] },
    expected: {
      ...ALWAYS,
      emails: [{ value: 'joy@contoso.com' }, { value: 'joy@example.org' }],
      meta: { resourceType: 'User' },
    },
  },
  {
    name: 'attributes=name.givenName',
    projection: { attributes: ['name.givenName'] },
    expected: { ...ALWAYS, name: { givenName: 'Joy' }, meta: { resourceType: 'User' } },
  },
  {
    name: 'attributes=emails.value,emails.type',
    projection: { attributes: ['emails.value', 'emails.type'] },
    expected: {
      ...ALWAYS,
      emails: [
        { value: 'joy@contoso.com', type: 'work' },
        { value: 'joy@example.org', type: 'home' },
      ],
      meta: { resourceType: 'User' },
    },
  },
  {
    name: 'attributes=emails,emails.value: the whole attribute wins',
    projection: { attributes: ['emails', 'emails.value'] },
    expected: { ...ALWAYS, emails: EMAILS, meta: { resourceType: 'User' } },
  },
  {
    name: 'attributes=emails.display: no element has one, so no emails',
    projection: { attributes: ['emails.display'] },
    expected: { ...ALWAYS, meta: { resourceType: 'User' } },
  },
  {
    name: 'attributes=emails.primary: only elements that have one',
    projection: { attributes: ['emails.primary'] },
    expected: { ...ALWAYS, emails: [{ primary: true }], meta: { resourceType: 'User' } },
  },
  {
    name: 'attribute names in any case',
    projection: { attributes: ['USERNAME', 'Emails.Value'] },
    expected: {
      ...ALWAYS,
      userName: 'joy.young@contoso.com',
      emails: [{ value: 'joy@contoso.com' }, { value: 'joy@example.org' }],
      meta: { resourceType: 'User' },
    },
  },
  {
    name: 'URN-qualified attributes',
    projection: { attributes: [`${CORE}:userName`, `${CORE}:name.familyName`] },
    expected: {
      ...ALWAYS,
      userName: 'joy.young@contoso.com',
      name: { familyName: 'Young' },
      meta: { resourceType: 'User' },
    },
  },
  {
    name: 'attributes=meta',
    projection: { attributes: ['meta'] },
    expected: { ...ALWAYS, meta: META },
  },
  {
    name: 'attributes=meta.version: resourceType kept',
    projection: { attributes: ['meta.version'] },
    expected: { ...ALWAYS, meta: { resourceType: 'User', version: 'W/"3"' } },
  },
  {
    name: 'attributes=groups',
    projection: { attributes: ['groups'] },
    expected: { ...ALWAYS, meta: { resourceType: 'User' }, groups: GROUPS },
  },
  {
    name: 'attributes wins over excludedAttributes',
    projection: { attributes: ['userName'], excludedAttributes: ['userName'] },
    expected: { ...ALWAYS, userName: 'joy.young@contoso.com', meta: { resourceType: 'User' } },
  },
  {
    name: 'excludedAttributes=emails',
    projection: { excludedAttributes: ['emails'] },
    expected: WITHOUT_EMAILS,
  },
  {
    name: 'excludedAttributes=name',
    projection: { excludedAttributes: ['NAME'] },
    expected: WITHOUT_NAME,
  },
  {
    name: 'excludedAttributes=emails.type',
    projection: { excludedAttributes: ['emails.type'] },
    expected: {
      ...EVERYTHING,
      emails: [{ value: 'joy@contoso.com', primary: true }, { value: 'joy@example.org' }],
    },
  },
  {
    name: 'excludedAttributes=name.givenName,name.familyName: no empty name',
    projection: { excludedAttributes: ['name.givenName', 'name.familyName'] },
    expected: WITHOUT_NAME,
  },
  {
    name: 'excludedAttributes=id: id is always returned',
    projection: { excludedAttributes: ['id'] },
    expected: EVERYTHING,
  },
  {
    name: 'excludedAttributes=meta: meta.resourceType is always returned',
    projection: { excludedAttributes: ['meta'] },
    expected: { ...EVERYTHING, meta: { resourceType: 'User' } },
  },
  {
    name: 'excludedAttributes=meta.resourceType: still returned',
    projection: { excludedAttributes: ['meta.resourceType', 'meta.location'] },
    expected: {
      ...EVERYTHING,
      meta: {
        resourceType: 'User',
        created: META.created,
        lastModified: META.lastModified,
        version: META.version,
      },
    },
  },
  {
    name: 'excludedAttributes=password changes nothing',
    projection: { excludedAttributes: ['password'] },
    expected: EVERYTHING,
  },
]

describe('project', () => {
  for (const c of CASES) {
    it(c.name, () => {
      assert.deepEqual(project(RESOURCE, userRegistry(), c.projection), c.expected)
    })
  }

  it('never returns the password, whatever is asked', () => {
    for (const c of CASES) {
      const out = project(RESOURCE, userRegistry(), c.projection)
      assert.ok(!JSON.stringify(out).includes('Correct-Horse-9'), c.name)
    }
  })

  it('does not change the resource', () => {
    const copy = structuredClone(RESOURCE)
    project(RESOURCE, userRegistry(), {
      attributes: ['emails.value'],
      excludedAttributes: ['meta'],
    })
    assert.deepEqual(RESOURCE, copy)
  })
})

describe('parseAttributeList', () => {
  const ACCEPTED: readonly { text: string | undefined; expected: readonly string[] | undefined }[] =
    [
      { text: undefined, expected: undefined },
      { text: '', expected: undefined },
      { text: '  ', expected: undefined },
      { text: 'userName', expected: ['userName'] },
      { text: ' userName , active ', expected: ['userName', 'active'] },
      { text: 'emails.value,name.givenName', expected: ['emails.value', 'name.givenName'] },
      { text: 'USERNAME,Emails.VALUE', expected: ['USERNAME', 'Emails.VALUE'] },
      {
        text: 'id,externalId,meta,meta.version',
        expected: ['id', 'externalId', 'meta', 'meta.version'],
      },
      { text: 'password,groups', expected: ['password', 'groups'] },
      { text: `${CORE}:userName`, expected: [`${CORE}:userName`] },
      { text: `${CORE}:name.givenName`, expected: [`${CORE}:name.givenName`] },
    ]
  for (const c of ACCEPTED) {
    it(`accepts ${JSON.stringify(c.text)}`, () => {
      assert.deepEqual(parseAttributeList(c.text, userRegistry(), 'attributes'), c.expected)
    })
  }

  const REJECTED: readonly { text: string; bad: string }[] = [
    { text: 'displayName', bad: 'displayName' },
    { text: 'userName,title', bad: 'title' },
    { text: 'name.formatted', bad: 'name.formatted' },
    { text: 'emails.location', bad: 'emails.location' },
    { text: 'userName.value', bad: 'userName.value' },
    { text: 'name.givenName.x', bad: 'name.givenName.x' },
    { text: 'userName,,active', bad: '' },
    { text: 'userName,', bad: '' },
    { text: 'emails[type eq "work"].value', bad: 'emails[type eq "work"].value' },
    {
      text: `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`,
      bad: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
    },
    { text: 'urn:example:User:userName', bad: 'urn:example:User:userName' },
  ]
  for (const c of REJECTED) {
    it(`rejects ${JSON.stringify(c.text)}`, () => {
      assert.throws(
        () => parseAttributeList(c.text, userRegistry(), 'excludedAttributes'),
        (error: unknown) => {
          assert.ok(error instanceof ScimError)
          assert.equal(error.status, 400)
          assert.equal(error.scimType, 'invalidValue')
          assert.equal(
            error.detail,
            `excludedAttributes: '${c.bad}' is not an attribute of the User schema (see /Schemas).`,
          )
          return true
        },
      )
    })
  }
})
