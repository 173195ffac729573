// The PATCH engine on the Group schema with the exact bodies Entra sends (entra-client-behaviour.md §3.4-
// §3.6 and Q6/Q7, default mode and aadOptscim062020) and RFC 7644 §3.5.2's member examples.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { JsonObject } from '../resource/coerce.js'
import { groupRegistry } from '../schema/registry.js'
import { applyPatch } from './apply.js'
import { readOperations } from './operations.js'

const registry = groupRegistry()
const GROUP: JsonObject = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
  displayName: 'On-call',
  externalId: '8aa1a0c0',
  members: [{ value: 'u1' }, { value: 'u2' }, { value: 'f648f8d5ea4e4cd38e9c' }],
}
const values = (group: JsonObject): unknown[] =>
  Array.isArray(group['members']) ? group['members'].map((m) => (m as JsonObject)['value']) : []
const apply = (body: unknown, before: JsonObject = GROUP): JsonObject =>
  applyPatch(before, readOperations(body), { registry })

const CASES: { name: string; body: unknown; members?: unknown[]; group?: Partial<JsonObject> }[] = [
  {
    name: 'default mode add with $ref null (§3.4)',
    body: {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: 'u3' }] }],
    },
    members: ['u1', 'u2', 'f648f8d5ea4e4cd38e9c', 'u3'],
  },
  {
    name: 'flag mode add without $ref (Q7)',
    body: {
      Operations: [{ op: 'add', path: 'members', value: [{ value: 'u3' }, { value: 'u4' }] }],
    },
    members: ['u1', 'u2', 'f648f8d5ea4e4cd38e9c', 'u3', 'u4'],
  },
  {
    name: 'adding an existing member changes nothing',
    body: { Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: 'u1' }] }] },
    members: ['u1', 'u2', 'f648f8d5ea4e4cd38e9c'],
  },
  {
    name: "Entra's non-compliant remove with a value array removes only those (§3.5, Q6)",
    body: {
      Operations: [
        { op: 'Remove', path: 'members', value: [{ $ref: null, value: 'f648f8d5ea4e4cd38e9c' }] },
      ],
    },
    members: ['u1', 'u2'],
  },
  {
    name: 'the compat page variant without $ref',
    body: { Operations: [{ op: 'Remove', path: 'members', value: [{ value: 'u2' }] }] },
    members: ['u1', 'f648f8d5ea4e4cd38e9c'],
  },
  {
    name: 'flag mode RFC remove by filter',
    body: { Operations: [{ op: 'remove', path: 'members[value eq "u1"]' }] },
    members: ['u2', 'f648f8d5ea4e4cd38e9c'],
  },
  {
    name: 'removing a member that is not there changes nothing',
    body: { Operations: [{ op: 'remove', path: 'members[value eq "nobody"]' }] },
    members: ['u1', 'u2', 'f648f8d5ea4e4cd38e9c'],
  },
  {
    name: 'RFC 7644 §3.5.2.2: remove without value clears the members',
    body: { Operations: [{ op: 'remove', path: 'members' }] },
    members: [],
  },
  {
    name: 'RFC 7644 §3.5.2.3: replace members with a new list',
    body: { Operations: [{ op: 'replace', path: 'members', value: [{ value: 'u9' }] }] },
    members: ['u9'],
  },
  {
    name: 'replace displayName (§3.6)',
    body: {
      Operations: [{ op: 'Replace', path: 'displayName', value: '1879db59updatedDisplayName' }],
    },
    members: ['u1', 'u2', 'f648f8d5ea4e4cd38e9c'],
    group: { displayName: '1879db59updatedDisplayName' },
  },
  {
    name: 'flag mode path-less replace of displayName and externalId (validator #23)',
    body: {
      Operations: [{ op: 'replace', value: { displayName: 'Renamed', externalId: 'new-ext' } }],
    },
    members: ['u1', 'u2', 'f648f8d5ea4e4cd38e9c'],
    group: { displayName: 'Renamed', externalId: 'new-ext' },
  },
  {
    name: 'several member operations in one request apply in order',
    body: {
      Operations: [
        { op: 'add', path: 'members', value: [{ value: 'u5' }, { value: 'u6' }] },
        { op: 'Remove', path: 'members', value: [{ value: 'u1' }, { value: 'u5' }] },
      ],
    },
    members: ['u2', 'f648f8d5ea4e4cd38e9c', 'u6'],
  },
  {
    name: 'an empty Operations array is a no-op',
    body: { Operations: [] },
    members: ['u1', 'u2', 'f648f8d5ea4e4cd38e9c'],
  },
]

describe('applyPatch on groups (Entra bodies)', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const before = structuredClone(GROUP)
      const after = apply(c.body)
      assert.deepEqual(GROUP, before, 'the input is not mutated')
      if (c.members) assert.deepEqual(values(after), c.members)
      for (const [key, value] of Object.entries(c.group ?? {})) assert.deepEqual(after[key], value)
    })
  }

  it('refuses a sub-attribute the Group schema lacks and a filter on an unknown member attribute', () => {
    assert.throws(() => apply({ Operations: [{ op: 'remove', path: 'members[foo eq "x"]' }] }), {
      status: 400,
      scimType: 'invalidFilter',
    })
    assert.throws(
      () => apply({ Operations: [{ op: 'replace', path: 'displayName.first', value: 'x' }] }),
      { status: 400, scimType: 'invalidPath' },
    )
  })
})
