// Stored groups and members → SCIM JSON (RFC 7643 §4.2): key order as in the full representation,
// meta per RFC 7643 §3.1, and member `$ref` URIs built from the base URL with the id URI-encoded.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseGroup } from '../profile/group-rules.js'
import { groupRegistry } from '../schema/registry.js'
import type { JsonObject } from './coerce.js'
import type { GroupData, GroupRecord, Member } from './group.js'
import { groupDataToJson, groupToJson, memberToJson } from './group-json.js'

const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group'
const BASE = 'https://roster.example.com/scim/v2'
const TIMES = {
  created: '2026-01-01T00:00:00.000Z',
  lastModified: '2026-01-02T00:00:00.000Z',
}

const DATA: readonly { name: string; data: GroupData; json: JsonObject }[] = [
  {
    name: 'displayName only',
    data: { displayName: 'On-call' },
    json: { schemas: [GROUP], displayName: 'On-call' },
  },
  {
    name: 'with externalId, before displayName',
    data: { displayName: 'On-call', externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159' },
    json: {
      schemas: [GROUP],
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      displayName: 'On-call',
    },
  },
  {
    name: 'values exactly as stored',
    data: { displayName: '  Équipe "Nuit" / 夜  ', externalId: 'A B' },
    json: { schemas: [GROUP], externalId: 'A B', displayName: '  Équipe "Nuit" / 夜  ' },
  },
]

describe('groupDataToJson', () => {
  for (const c of DATA) {
    it(c.name, () => {
      const json = groupDataToJson(c.data)
      assert.deepEqual(json, c.json)
      assert.deepEqual(Object.keys(json), Object.keys(c.json))
    })
  }
})

describe('groupDataToJson → parseGroup round trip', () => {
  for (const c of DATA) {
    it(c.name, () => {
      const input = parseGroup(groupDataToJson(c.data), groupRegistry(), {
        unsupportedAttributes: 'reject',
      })
      assert.deepEqual(input, { data: c.data, members: [], ignored: [] })
    })
  }
})

const RECORDS: readonly { name: string; record: GroupRecord; json: JsonObject }[] = [
  {
    name: 'schemas, id, displayName, meta',
    record: { id: 'g1', displayName: 'On-call', version: 1, ...TIMES },
    json: {
      schemas: [GROUP],
      id: 'g1',
      displayName: 'On-call',
      meta: {
        resourceType: 'Group',
        ...TIMES,
        location: `${BASE}/Groups/g1`,
        version: 'W/"1"',
      },
    },
  },
  {
    name: 'schemas, id, externalId, displayName, meta',
    record: {
      id: '8c601452cc934a9ebef9',
      externalId: '0db508eb-91e2-46e4-809c-30dcbda0c685',
      displayName: 'displayName',
      version: 12,
      ...TIMES,
    },
    json: {
      schemas: [GROUP],
      id: '8c601452cc934a9ebef9',
      externalId: '0db508eb-91e2-46e4-809c-30dcbda0c685',
      displayName: 'displayName',
      meta: {
        resourceType: 'Group',
        ...TIMES,
        location: `${BASE}/Groups/8c601452cc934a9ebef9`,
        version: 'W/"12"',
      },
    },
  },
  {
    name: 'an id needing URI encoding in meta.location (id itself unchanged)',
    record: { id: 'a/b c?d#e%f', displayName: 'x', version: 3, ...TIMES },
    json: {
      schemas: [GROUP],
      id: 'a/b c?d#e%f',
      displayName: 'x',
      meta: {
        resourceType: 'Group',
        ...TIMES,
        location: `${BASE}/Groups/a%2Fb%20c%3Fd%23e%25f`,
        version: 'W/"3"',
      },
    },
  },
]

describe('groupToJson', () => {
  for (const c of RECORDS) {
    it(c.name, () => {
      const json = groupToJson(c.record, BASE)
      assert.deepEqual(json, c.json)
      assert.deepEqual(Object.keys(json), Object.keys(c.json))
      assert.ok(!('members' in json), 'members are rendered apart (memberToJson)')
    })
  }
})

const MEMBERS: readonly { name: string; member: Member; json: JsonObject }[] = [
  {
    name: 'a user member: $ref under /Users',
    member: { value: 'u1', type: 'User', display: 'Babs Jensen' },
    json: { value: 'u1', $ref: `${BASE}/Users/u1`, type: 'User', display: 'Babs Jensen' },
  },
  {
    name: 'a group member: $ref under /Groups',
    member: { value: 'g1', type: 'Group', display: 'Tour Guides' },
    json: { value: 'g1', $ref: `${BASE}/Groups/g1`, type: 'Group', display: 'Tour Guides' },
  },
  {
    name: 'an id with /, space, ?, #, % is encoded in $ref only',
    member: { value: 'a/b c?d#e%f', type: 'User', display: 'x' },
    json: {
      value: 'a/b c?d#e%f',
      $ref: `${BASE}/Users/a%2Fb%20c%3Fd%23e%25f`,
      type: 'User',
      display: 'x',
    },
  },
  {
    name: 'a non-ASCII id is percent-encoded as UTF-8',
    member: { value: 'jürgen+1', type: 'Group', display: 'Jürgen' },
    json: {
      value: 'jürgen+1',
      $ref: `${BASE}/Groups/j%C3%BCrgen%2B1`,
      type: 'Group',
      display: 'Jürgen',
    },
  },
]

describe('memberToJson', () => {
  for (const c of MEMBERS) {
    it(c.name, () => {
      const json = memberToJson(c.member, BASE)
      assert.deepEqual(json, c.json)
      assert.deepEqual(Object.keys(json), ['value', '$ref', 'type', 'display'])
      assert.equal(new URL(String(json['$ref'])).href, json['$ref'], '$ref is a valid URI')
    })
  }
})
