// UserRecord → SCIM JSON, values exactly as stored; and the round trip through parseUser that PATCH
// relies on (userDataToJson is PATCH's input, parseUser its output).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEFAULT_SETTINGS } from '../profile/settings.js'
import { parseUser } from '../profile/user-rules.js'
import { userRegistry } from '../schema/registry.js'
import type { UserData, UserRecord } from './user.js'
import { userDataToJson, userToJson } from './user-json.js'

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User'

const USERS: readonly { name: string; data: UserData; json: Record<string, unknown> }[] = [
  {
    name: 'the smallest user',
    data: {
      userName: 'joy',
      active: true,
      emails: [],
      phoneNumbers: [],
      roles: [{ value: 'Standard User' }],
    },
    json: { schemas: [CORE], userName: 'joy', active: true, roles: [{ value: 'Standard User' }] },
  },
  {
    name: 'an inactive user with only a familyName',
    data: {
      userName: 'joy',
      active: false,
      familyName: 'Young',
      emails: [],
      phoneNumbers: [],
      roles: [{ value: 'Developer' }],
    },
    json: {
      schemas: [CORE],
      userName: 'joy',
      name: { familyName: 'Young' },
      active: false,
      roles: [{ value: 'Developer' }],
    },
  },
  {
    name: 'every attribute, values as sent, resolved fields left out',
    data: {
      userName: 'Joy.Young@Contoso.com',
      externalId: 'jyoung',
      active: true,
      givenName: 'Joy',
      familyName: 'Young',
      preferredLanguage: 'pt-br',
      languageCode: 'pt_BR',
      timezone: 'us/pacific',
      emails: [
        {
          value: 'Joy@Contoso.com',
          type: 'WORK',
          primary: true,
          display: 'Work',
          device: 'Work Email',
        },
      ],
      phoneNumbers: [
        { value: '+14155550123', type: 'mobile', primary: false, device: 'Mobile Phone' },
      ],
      roles: [{ value: 'Developer', type: 'Primary', primary: true, display: 'Dev' }],
    },
    json: {
      schemas: [CORE],
      userName: 'Joy.Young@Contoso.com',
      externalId: 'jyoung',
      name: { givenName: 'Joy', familyName: 'Young' },
      active: true,
      preferredLanguage: 'pt-br',
      timezone: 'us/pacific',
      emails: [{ value: 'Joy@Contoso.com', type: 'WORK', primary: true, display: 'Work' }],
      phoneNumbers: [{ value: '+14155550123', type: 'mobile', primary: false }],
      roles: [{ value: 'Developer', type: 'Primary', primary: true, display: 'Dev' }],
    },
  },
]

describe('userDataToJson', () => {
  for (const c of USERS) {
    it(c.name, () => assert.deepEqual(userDataToJson(c.data), c.json))
  }
})

describe('userDataToJson → parseUser round trip', () => {
  for (const c of USERS) {
    it(c.name, () => {
      const input = parseUser(userDataToJson(c.data), userRegistry(), DEFAULT_SETTINGS)
      assert.deepEqual(input.data, c.data)
      assert.deepEqual(input.ignored, [])
    })
  }
})

describe('userToJson', () => {
  it('adds id and meta, schemas first', () => {
    const data = USERS[2]?.data as UserData
    const record: UserRecord = {
      ...data,
      id: 'u1',
      groups: [],
      created: '2026-01-01T00:00:00.000Z',
      lastModified: '2026-01-02T00:00:00.000Z',
      version: 2,
    }
    const json = userToJson(record, 'https://x')
    assert.deepEqual(Object.keys(json).slice(0, 2), ['schemas', 'id'])
    assert.deepEqual(json, {
      ...USERS[2]?.json,
      id: 'u1',
      meta: {
        resourceType: 'User',
        created: '2026-01-01T00:00:00.000Z',
        lastModified: '2026-01-02T00:00:00.000Z',
        location: 'https://x/Users/u1',
        version: 'W/"2"',
      },
    })
    assert.ok(!('password' in json) && !('languageCode' in json))
  })
})
