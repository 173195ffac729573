// parseGroup and memberRefs: Group bodies (RFC 7643 §4.2) as Entra sends them (entra-client-behaviour.md
// §3.2, Q7, Q11) are accepted; every problem of a bad body is listed in one 400 (RFC 7644 §3.12).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ScimError } from '../errors.js'
import type { ScimType } from '../errors.js'
import type { Json } from '../resource/coerce.js'
import type { GroupInput, MemberRef } from '../resource/group.js'
import type { Issue } from '../resource/issues.js'
import { groupRegistry } from '../schema/registry.js'
import { DISPLAY_NAME_MAX, GROUP_EXTERNAL_ID_MAX, memberRefs, parseGroup } from './group-rules.js'
import type { UnsupportedAttributes } from './settings.js'

const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group'
const ADSCIM = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'
const REJECT = { unsupportedAttributes: 'reject' } as const
const IGNORE = { unsupportedAttributes: 'ignore' } as const

const ACCEPTED: readonly {
  name: string
  body: unknown
  mode?: UnsupportedAttributes
  input: GroupInput
}[] = [
  {
    name: "Entra's documented create body: ADSCIM schema URN and a client meta (§3.2, Q11)",
    body: {
      schemas: [GROUP, ADSCIM],
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      displayName: 'displayName',
      meta: { resourceType: 'Group' },
    },
    input: {
      data: { displayName: 'displayName', externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159' },
      members: [],
      ignored: [],
    },
  },
  {
    name: 'the Q&A capture: an explicit empty members array (§3.2)',
    body: {
      schemas: [GROUP],
      externalId: '0899060-370e-46a-bc5f-3aas207ed41d',
      displayName: 'Org Admin',
      members: [],
      meta: { resourceType: 'Group' },
    },
    input: {
      data: { displayName: 'Org Admin', externalId: '0899060-370e-46a-bc5f-3aas207ed41d' },
      members: [],
      ignored: [],
    },
  },
  {
    name: 'an unknown schema URN alone is tolerated',
    body: { schemas: ['urn:example:not-a-schema'], displayName: 'x' },
    input: { data: { displayName: 'x' }, members: [], ignored: [] },
  },
  {
    name: 'members with $ref null (Q7); display is read-only and dropped',
    body: {
      schemas: [GROUP],
      displayName: 'On-call',
      members: [
        { $ref: null, value: 'f648f8d5ea4e4cd38e9c' },
        { $ref: 'https://x/Users/u2', value: 'u2', display: 'Babs' },
      ],
    },
    input: {
      data: { displayName: 'On-call' },
      members: [{ value: 'f648f8d5ea4e4cd38e9c' }, { value: 'u2' }],
      ignored: [],
    },
  },
  {
    name: 'member type in any case, and attribute names in any case (RFC 7643 §2.1)',
    body: {
      DisplayName: 'On-call',
      Members: [
        { value: 'u1', type: 'user' },
        { Value: 'g1', Type: 'GROUP' },
        { value: 'u3', type: 'User' },
      ],
    },
    input: {
      data: { displayName: 'On-call' },
      members: [
        { value: 'u1', type: 'User' },
        { value: 'g1', type: 'Group' },
        { value: 'u3', type: 'User' },
      ],
      ignored: [],
    },
  },
  {
    name: 'duplicates collapse to the first, in the order sent',
    body: {
      displayName: 'On-call',
      members: [{ value: 'u2' }, { value: 'u1', type: 'User' }, { value: 'u2', type: 'User' }],
    },
    input: {
      data: { displayName: 'On-call' },
      members: [{ value: 'u2' }, { value: 'u1', type: 'User' }],
      ignored: [],
    },
  },
  {
    name: 'id and an empty externalId are no values',
    body: { id: 'client-chosen', displayName: 'x', externalId: '' },
    input: { data: { displayName: 'x' }, members: [], ignored: [] },
  },
  {
    name: `displayName of ${DISPLAY_NAME_MAX} characters, counted as code points`,
    body: { displayName: '👩'.repeat(DISPLAY_NAME_MAX), externalId: 'e'.repeat(250) },
    input: {
      data: { displayName: '👩'.repeat(DISPLAY_NAME_MAX), externalId: 'e'.repeat(250) },
      members: [],
      ignored: [],
    },
  },
  {
    name: "ignore mode: unsupported attributes are returned in 'ignored'",
    body: { displayName: 'x', description: 'Pagers', owner: 'joy' },
    mode: 'ignore',
    input: { data: { displayName: 'x' }, members: [], ignored: ['description', 'owner'] },
  },
  {
    name: 'ignore mode: an unknown member sub-attribute is ignored by its path',
    body: {
      displayName: 'x',
      members: [
        { value: 'u1', foo: 'bar' },
        { value: 'u2', foo: 'baz' },
      ],
    },
    mode: 'ignore',
    input: {
      data: { displayName: 'x' },
      members: [{ value: 'u1' }, { value: 'u2' }],
      ignored: ['members.foo'],
    },
  },
  {
    name: 'reject mode: unsupported attributes without a value are not reported (RFC 7643 §2.5)',
    body: { displayName: 'x', description: null, owner: '' },
    input: { data: { displayName: 'x' }, members: [], ignored: [] },
  },
]

const REJECTED: readonly {
  name: string
  body: unknown
  mode?: UnsupportedAttributes
  scimType: ScimType
  problems: number
  detail: readonly string[]
}[] = [
  {
    name: 'missing displayName',
    body: { schemas: [GROUP], externalId: 'e1' },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['displayName: is required'],
  },
  {
    name: 'empty displayName',
    body: { displayName: '' },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['displayName: is required'],
  },
  {
    name: `displayName of ${DISPLAY_NAME_MAX + 1} characters`,
    body: { displayName: 'x'.repeat(DISPLAY_NAME_MAX + 1) },
    scimType: 'invalidValue',
    problems: 1,
    detail: [`displayName: must have at most ${DISPLAY_NAME_MAX} characters`],
  },
  {
    name: 'whitespace-only displayName',
    body: { displayName: ' \u00a0 ' },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['displayName: must contain only printable characters, not only spaces'],
  },
  {
    name: 'control characters in displayName',
    body: { displayName: 'On\u0007call\n' },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['displayName: contains the control character U+0007; remove it'],
  },
  {
    name: 'a zero-width space in displayName',
    body: { displayName: 'On\u200bcall' },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['displayName: must contain only printable characters'],
  },
  {
    name: `externalId of ${GROUP_EXTERNAL_ID_MAX + 1} characters`,
    body: { displayName: 'x', externalId: 'e'.repeat(GROUP_EXTERNAL_ID_MAX + 1) },
    scimType: 'invalidValue',
    problems: 1,
    detail: [`externalId: must have at most ${GROUP_EXTERNAL_ID_MAX} characters`],
  },
  {
    name: 'a member without value',
    body: { displayName: 'x', members: [{ value: 'u1' }, { $ref: null, display: 'Babs' }] },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['members[1].value: is required'],
  },
  {
    name: 'a member of a bad type',
    body: { displayName: 'x', members: [{ value: 'u1', type: 'robot' }] },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['members[0].type: must be User or Group, not "robot"'],
  },
  {
    // A null element is "no value" (RFC 7644 §3.5.1), but the path still counts the elements as sent.
    name: 'a bad member after a null one is named by its index in the body',
    body: { displayName: 'x', members: [null, { value: 'u1', type: 'robot' }] },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['members[1].type'],
  },
  {
    name: 'every problem in one 400',
    body: {
      displayName: '\u0007' + 'x'.repeat(DISPLAY_NAME_MAX),
      externalId: 'e'.repeat(GROUP_EXTERNAL_ID_MAX + 1),
      members: [{ display: 'Babs' }, { value: 'u1', type: 'robot' }],
    },
    scimType: 'invalidValue',
    problems: 5,
    detail: [
      `displayName: must have at most ${DISPLAY_NAME_MAX} characters`,
      'displayName: contains the control character U+0007',
      `externalId: must have at most ${GROUP_EXTERNAL_ID_MAX} characters`,
      'members[0].value: is required',
      'members[1].type: must be User or Group, not "robot"',
    ],
  },
  {
    name: 'reject mode: unsupported attributes, named together',
    body: { displayName: 'x', description: 'Pagers', owner: 'joy' },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['This directory does not support the attributes description, owner'],
  },
  {
    name: 'reject mode: an unknown member sub-attribute',
    body: { displayName: 'x', members: [{ value: 'u1', foo: 'bar' }] },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['This directory does not support the attribute members.foo'],
  },
  {
    name: 'reject mode: unsupported attributes reported with the other problems',
    body: { displayName: '', description: 'Pagers' },
    scimType: 'invalidValue',
    problems: 2,
    detail: ['does not support the attribute description', 'displayName: is required'],
  },
  {
    name: 'ignore mode still reports the other problems',
    body: { displayName: '', description: 'Pagers' },
    mode: 'ignore',
    scimType: 'invalidValue',
    problems: 1,
    detail: ['displayName: is required'],
  },
  {
    name: 'a body that is not an object',
    body: [{ displayName: 'x' }],
    scimType: 'invalidSyntax',
    problems: 1,
    detail: ['the body must be a JSON object'],
  },
  {
    name: 'schemas that is not an array',
    body: { schemas: GROUP, displayName: 'x' },
    scimType: 'invalidSyntax',
    problems: 1,
    detail: ['schemas: must be an array of schema URIs'],
  },
]

describe('parseGroup accepts', () => {
  for (const c of ACCEPTED) {
    it(c.name, () => {
      const body = structuredClone(c.body)
      const settings = c.mode === 'ignore' ? IGNORE : REJECT
      assert.deepEqual(parseGroup(body, groupRegistry(), settings), c.input)
      assert.deepEqual(body, c.body, 'the body is not mutated')
    })
  }
})

describe('parseGroup rejects', () => {
  for (const c of REJECTED) {
    it(c.name, () => {
      const settings = c.mode === 'ignore' ? IGNORE : REJECT
      assert.throws(
        () => parseGroup(c.body, groupRegistry(), settings),
        (error: unknown) => {
          assert.ok(error instanceof ScimError, String(error))
          assert.equal(error.status, 400)
          assert.equal(error.scimType, c.scimType)
          const prefix = /^(\d+) problems: /.exec(error.detail)
          assert.equal(prefix ? Number(prefix[1]) : 1, c.problems, error.detail)
          for (const text of c.detail)
            assert.ok(error.detail.includes(text), `${error.detail}\n  lacks: ${text}`)
          if (c.mode === 'ignore') assert.ok(!error.detail.includes('does not support'))
          return true
        },
      )
    })
  }
})

const REFS: readonly {
  name: string
  raw: Json
  refs: readonly MemberRef[]
  issues?: readonly Issue[]
}[] = [
  { name: 'an empty list', raw: [], refs: [] },
  { name: 'a single object is a list of one', raw: { value: 'u1' }, refs: [{ value: 'u1' }] },
  {
    name: "Entra's $ref null, display and unknown keys are ignored",
    raw: [{ $ref: null, value: 'u1', display: 'Babs', extra: 1 }],
    refs: [{ value: 'u1' }],
  },
  {
    name: 'type in any case; null and empty type mean none',
    raw: [
      { value: 'u1', TYPE: 'uSeR' },
      { value: 'g1', type: 'group' },
      { value: 'u2', type: null },
      { value: 'u3', type: '' },
    ],
    refs: [
      { value: 'u1', type: 'User' },
      { value: 'g1', type: 'Group' },
      { value: 'u2' },
      { value: 'u3' },
    ],
  },
  {
    name: 'duplicates collapse to the first; ids are case-exact',
    raw: [{ value: 'u1', type: 'User' }, { value: 'U1' }, { value: 'u1' }],
    refs: [{ value: 'u1', type: 'User' }, { value: 'U1' }],
  },
  {
    name: 'null elements are skipped',
    raw: [null, { value: 'u1' }, null],
    refs: [{ value: 'u1' }],
  },
  {
    name: 'every bad element is an issue; the good ones are still returned',
    raw: ['u0', { value: 'u1' }, { value: '  ' }, { value: 7 }, { value: 'u4', type: 'robot' }],
    refs: [{ value: 'u1' }],
    issues: [
      { path: 'value[0]', message: 'must be an object with the member id in value' },
      { path: 'value[2].value', message: 'is required: the id of a user or group' },
      { path: 'value[3].value', message: 'is required: the id of a user or group' },
      { path: 'value[4].type', message: 'must be User or Group, not "robot"' },
    ],
  },
  {
    name: 'a type that is not a string',
    raw: [{ value: 'u1', type: true }],
    refs: [],
    issues: [{ path: 'value[0].type', message: 'must be User or Group, not true' }],
  },
]

describe('memberRefs', () => {
  for (const c of REFS) {
    it(c.name, () => {
      const issues: Issue[] = []
      assert.deepEqual(memberRefs(c.raw, 'value', issues), c.refs)
      assert.deepEqual(issues, c.issues ?? [])
    })
  }

  it('appends to the issues it is given', () => {
    const issues: Issue[] = [{ path: 'displayName', message: 'is required' }]
    memberRefs([{ type: 'User' }], 'members', issues)
    assert.deepEqual(issues, [
      { path: 'displayName', message: 'is required' },
      { path: 'members[0].value', message: 'is required: the id of a user or group' },
    ])
  })
})
