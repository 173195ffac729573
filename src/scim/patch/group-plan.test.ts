// planGroupPatch over the exact bodies Entra sends (entra-client-behaviour.md §3.4-3.6, Q6/Q7, default
// mode and aadOptscim062020) and RFC 7644 §3.5.2's member examples: each body becomes one exact plan of
// attribute operations (left to the PATCH engine) and member steps (applied as rows by the store).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compare, path, str } from '../filter/ast.js'
import { ScimError } from '../errors.js'
import type { ScimType } from '../errors.js'
import { groupRegistry } from '../schema/registry.js'
import { MAX_MEMBER_SCANS, planGroupPatch } from './group-plan.js'
import type { GroupPatchPlan } from './group-plan.js'
import { PATCH_SCHEMA, readOperations } from './operations.js'

const registry = groupRegistry()
const plan = (body: unknown): GroupPatchPlan => planGroupPatch(readOperations(body), registry)
const patch = (...Operations: unknown[]): unknown => ({ schemas: [PATCH_SCHEMA], Operations })
const NONE: GroupPatchPlan['members'] = []

// RFC 7644 §3.5.2's example ids.
const BABS = '2819c223-7f76-453a-919d-413861904646'
const JAMES = '08e1d05d-121c-4561-8b96-473d93df9210'

const PLANS: readonly { name: string; body: unknown; plan: GroupPatchPlan }[] = [
  {
    name: 'Entra default mode: Add members with $ref null (§3.4, Q7)',
    body: {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'Add', path: 'members', value: [{ $ref: null, value: 'f648f8d5ea4e4cd38e9c' }] },
      ],
    },
    plan: {
      attributes: [],
      members: [{ kind: 'add', members: [{ value: 'f648f8d5ea4e4cd38e9c' }] }],
    },
  },
  {
    name: 'Entra default mode: the 2019 capture of an Add (§3.4)',
    body: {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'Add', path: 'members', value: [{ $ref: null, value: '636823803314257913' }] },
      ],
    },
    plan: {
      attributes: [],
      members: [{ kind: 'add', members: [{ value: '636823803314257913' }] }],
    },
  },
  {
    name: 'Entra flag mode: lower-case add without $ref (§3.4, Q7)',
    body: patch({
      op: 'add',
      path: 'members',
      value: [{ value: '10263a6910a84ef9a581dd9b8dcc0eae' }],
    }),
    plan: {
      attributes: [],
      members: [{ kind: 'add', members: [{ value: '10263a6910a84ef9a581dd9b8dcc0eae' }] }],
    },
  },
  {
    name: 'Entra default mode: Remove with a value array removes only those, never all (§3.5, Q6)',
    body: patch({
      op: 'Remove',
      path: 'members',
      value: [{ $ref: null, value: 'f648f8d5ea4e4cd38e9c' }],
    }),
    plan: { attributes: [], members: [{ kind: 'remove', ids: ['f648f8d5ea4e4cd38e9c'] }] },
  },
  {
    name: 'Entra default mode: the compat page Remove without $ref (§3.5)',
    body: patch({ op: 'Remove', path: 'members', value: [{ value: 'u1091' }] }),
    plan: { attributes: [], members: [{ kind: 'remove', ids: ['u1091'] }] },
  },
  {
    name: 'Entra flag mode: remove members[value eq "id"] (§3.5, Q6)',
    body: patch({
      op: 'remove',
      path: 'members[value eq "7f4bc1a3-285e-48ae-8202-5accb43efb0e"]',
    }),
    plan: {
      attributes: [],
      members: [{ kind: 'remove', ids: ['7f4bc1a3-285e-48ae-8202-5accb43efb0e'] }],
    },
  },
  {
    name: 'Entra default mode: Replace displayName goes to the engine as sent (§3.6)',
    body: patch({
      op: 'Replace',
      path: 'displayName',
      value: '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName',
    }),
    plan: {
      attributes: [
        {
          index: 0,
          op: 'replace',
          path: 'displayName',
          value: '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName',
        },
      ],
      members: NONE,
    },
  },
  {
    name: 'Entra flag mode: path-less replace of displayName and externalId (§3.6, Q4)',
    body: patch({ op: 'replace', value: { displayName: 'Renamed', externalId: 'new-ext' } }),
    plan: {
      attributes: [
        { index: 0, op: 'replace', value: { displayName: 'Renamed', externalId: 'new-ext' } },
      ],
      members: NONE,
    },
  },
  {
    name: 'RFC 7644 §3.5.2.1: add members (display and $ref are ignored)',
    body: patch({
      op: 'add',
      path: 'members',
      value: [
        {
          display: 'Babs Jensen',
          $ref: `https://example.com/v2/Users/${BABS}`,
          value: BABS,
        },
      ],
    }),
    plan: { attributes: [], members: [{ kind: 'add', members: [{ value: BABS }] }] },
  },
  {
    name: 'RFC 7644 §3.5.2.2: remove members[value eq ...]',
    body: patch({ op: 'remove', path: `members[value eq "${BABS}"]` }),
    plan: { attributes: [], members: [{ kind: 'remove', ids: [BABS] }] },
  },
  {
    name: 'RFC 7644 §3.5.2.2: remove members without a value clears the group',
    body: patch({ op: 'remove', path: 'members' }),
    plan: { attributes: [], members: [{ kind: 'clear' }] },
  },
  {
    name: 'RFC 7644 §3.5.2.2: remove all, then add, in one request (steps keep their order)',
    body: patch(
      { op: 'remove', path: 'members' },
      {
        op: 'add',
        path: 'members',
        value: [
          { display: 'Babs Jensen', $ref: `https://example.com/v2/Users/${BABS}`, value: BABS },
          { display: 'James Smith', $ref: `https://example.com/v2/Users/${JAMES}`, value: JAMES },
        ],
      },
    ),
    plan: {
      attributes: [],
      members: [{ kind: 'clear' }, { kind: 'add', members: [{ value: BABS }, { value: JAMES }] }],
    },
  },
  {
    name: 'RFC 7644 §3.5.2.3: replace members sets the list',
    body: patch({
      op: 'replace',
      path: 'members',
      value: [
        { display: 'Babs Jensen', $ref: `https://example.com/v2/Users/${BABS}`, value: BABS },
        { display: 'James Smith', $ref: `https://example.com/v2/Users/${JAMES}`, value: JAMES },
      ],
    }),
    plan: {
      attributes: [],
      members: [{ kind: 'set', members: [{ value: BABS }, { value: JAMES }] }],
    },
  },
  {
    name: 'RFC 7644 §3.5.2.3: replace members without a value sets an empty list',
    body: patch({ op: 'replace', path: 'members' }),
    plan: { attributes: [], members: [{ kind: 'set', members: [] }] },
  },
  {
    name: 'remove with an empty value array removes nothing (it is not a clear)',
    body: patch({ op: 'Remove', path: 'members', value: [] }),
    plan: { attributes: [], members: [{ kind: 'remove', ids: [] }] },
  },
  {
    name: 'path-less add with members beside displayName splits in two',
    body: patch({
      op: 'add',
      value: { displayName: 'On-call', members: [{ value: 'u1' }, { value: 'g1', type: 'Group' }] },
    }),
    plan: {
      attributes: [{ index: 0, op: 'add', value: { displayName: 'On-call' } }],
      members: [{ kind: 'add', members: [{ value: 'u1' }, { value: 'g1', type: 'Group' }] }],
    },
  },
  {
    name: 'path-less replace with only a URN-qualified members key is member steps only',
    body: patch({
      op: 'Replace',
      value: { 'urn:ietf:params:scim:schemas:core:2.0:Group:Members': [{ value: 'u1' }] },
    }),
    plan: { attributes: [], members: [{ kind: 'set', members: [{ value: 'u1' }] }] },
  },
  {
    name: 'remove members[type eq "Group"] removes what the filter selects',
    body: patch({ op: 'remove', path: 'members[type eq "Group"]' }),
    plan: {
      attributes: [],
      members: [{ kind: 'removeWhere', filter: compare(path('type'), 'eq', str('Group')) }],
    },
  },
  {
    name: 'remove members[value eq "a" or value eq "b"] removes ids a and b',
    body: patch({ op: 'remove', path: 'members[value eq "a" or value eq "b"]' }),
    plan: { attributes: [], members: [{ kind: 'remove', ids: ['a', 'b'] }] },
  },
  {
    name: 'add on members[value eq "x"] adds x (Entra upsert, Q8)',
    body: patch({ op: 'add', path: 'members[value eq "x"]' }),
    plan: { attributes: [], members: [{ kind: 'add', members: [{ value: 'x' }] }] },
  },
  {
    name: 'replace on members[value eq "x"] keeps the type sent and the id of the filter',
    body: patch({
      op: 'replace',
      path: 'members[value eq "x"]',
      value: { value: 'y', type: 'user' },
    }),
    plan: { attributes: [], members: [{ kind: 'add', members: [{ value: 'x', type: 'User' }] }] },
  },
  {
    // RFC 7643 §2.1: attribute names are case insensitive, so `Value` is the same key as `value`.
    name: 'replace on members[value eq "x"] with a differently cased Value still targets x',
    body: patch({
      op: 'replace',
      path: 'members[value eq "x"]',
      value: { Value: 'y', type: 'User' },
    }),
    plan: { attributes: [], members: [{ kind: 'add', members: [{ value: 'x', type: 'User' }] }] },
  },
  {
    name: 'paths are matched ignoring case and may carry the Group URN',
    body: patch(
      { op: 'ADD', path: 'Members', value: [{ value: 'u1' }] },
      { op: 'remove', path: 'urn:ietf:params:scim:schemas:core:2.0:Group:members[value eq "u2"]' },
    ),
    plan: {
      attributes: [],
      members: [
        { kind: 'add', members: [{ value: 'u1' }] },
        { kind: 'remove', ids: ['u2'] },
      ],
    },
  },
  {
    name: 'duplicate ids in one value collapse to the first',
    body: patch({
      op: 'Add',
      path: 'members',
      value: [{ value: 'u1', type: 'User' }, { value: 'u2' }, { value: 'u1' }],
    }),
    plan: {
      attributes: [],
      members: [{ kind: 'add', members: [{ value: 'u1', type: 'User' }, { value: 'u2' }] }],
    },
  },
  {
    name: 'attribute operations and member steps each keep their order and index',
    body: patch(
      { op: 'Replace', path: 'displayName', value: 'A' },
      { op: 'Add', path: 'members', value: [{ $ref: null, value: 'u1' }] },
      { op: 'Replace', path: 'externalId', value: 'e1' },
      { op: 'Remove', path: 'members', value: [{ value: 'u2' }] },
    ),
    plan: {
      attributes: [
        { index: 0, op: 'replace', path: 'displayName', value: 'A' },
        { index: 2, op: 'replace', path: 'externalId', value: 'e1' },
      ],
      members: [
        { kind: 'add', members: [{ value: 'u1' }] },
        { kind: 'remove', ids: ['u2'] },
      ],
    },
  },
  {
    name: 'an unknown attribute is left for the engine to report',
    body: patch({ op: 'add', path: 'description', value: 'x' }),
    plan: { attributes: [{ index: 0, op: 'add', path: 'description', value: 'x' }], members: NONE },
  },
  {
    name: 'an empty Operations array plans nothing',
    body: patch(),
    plan: { attributes: [], members: [] },
  },
]

const ERRORS: readonly {
  name: string
  body: unknown
  status: number
  scimType: ScimType
  /** The operation the detail must name. */
  index: number
  detail: readonly string[]
}[] = [
  {
    name: "a member's display cannot be edited in place (RFC 7643 §4.2)",
    body: patch({ op: 'replace', path: 'members[value eq "x"].display', value: 'Babs' }),
    status: 400,
    scimType: 'mutability',
    index: 0,
    detail: ['display'],
  },
  {
    name: "a member's value cannot be edited in place",
    body: patch({ op: 'replace', path: 'members.value', value: 'y' }),
    status: 400,
    scimType: 'mutability',
    index: 0,
    detail: ['value'],
  },
  {
    name: 'add members without a value',
    body: patch({ op: 'Add', path: 'members' }),
    status: 400,
    scimType: 'invalidValue',
    index: 0,
    detail: ['value is required'],
  },
  {
    name: 'add members with a null value',
    body: patch({ op: 'add', path: 'members', value: null }),
    status: 400,
    scimType: 'invalidValue',
    index: 0,
    detail: ['value is required'],
  },
  {
    name: 'a member of type robot',
    body: patch({ op: 'add', path: 'members', value: [{ value: 'u1', type: 'robot' }] }),
    status: 400,
    scimType: 'invalidValue',
    index: 0,
    detail: ['value[0].type', '"robot"'],
  },
  {
    name: 'a member object without value',
    body: patch({ op: 'Add', path: 'members', value: [{ $ref: null, display: 'Babs' }] }),
    status: 400,
    scimType: 'invalidValue',
    index: 0,
    detail: ['value[0].value', 'is required'],
  },
  {
    name: 'a member without value in a path-less add',
    body: patch({ op: 'add', value: { displayName: 'x', members: [{ display: 'Babs' }] } }),
    status: 400,
    scimType: 'invalidValue',
    index: 0,
    detail: ['is required'],
  },
  {
    name: 'a filter on an unknown member sub-attribute',
    body: patch({ op: 'remove', path: 'members[foo eq "x"]' }),
    status: 400,
    scimType: 'invalidFilter',
    index: 0,
    detail: ['members.foo'],
  },
  {
    name: 'add with a filter other than value eq',
    body: patch({ op: 'add', path: 'members[type eq "User"]', value: [{ value: 'u1' }] }),
    status: 400,
    scimType: 'invalidPath',
    index: 0,
    detail: ['value eq'],
  },
  {
    name: 'the failing operation is named by its index',
    body: patch(
      { op: 'Add', path: 'members', value: [{ value: 'u1' }] },
      { op: 'Remove', path: 'members', value: [{ value: 'u2', type: 'robot' }] },
    ),
    status: 400,
    scimType: 'invalidValue',
    index: 1,
    detail: ['"robot"'],
  },
]

describe('planGroupPatch: plans', () => {
  for (const c of PLANS) {
    it(c.name, () => {
      const body = structuredClone(c.body)
      assert.deepEqual(plan(body), c.plan)
      assert.deepEqual(body, c.body, 'the body is not mutated')
    })
  }
})

describe('planGroupPatch: errors', () => {
  for (const c of ERRORS) {
    it(c.name, () => {
      assert.throws(
        () => plan(c.body),
        (error: unknown) => {
          assert.ok(error instanceof ScimError, `expected a ScimError, got ${String(error)}`)
          assert.equal(error.status, c.status)
          assert.equal(error.scimType, c.scimType)
          assert.ok(
            error.detail.startsWith(`Operations[${c.index}] `),
            `${error.detail}\n  does not name Operations[${c.index}]`,
          )
          for (const text of c.detail)
            assert.ok(error.detail.includes(text), `${error.detail}\n  lacks: ${text}`)
          return true
        },
      )
    })
  }
})

describe('planGroupPatch: removals by filter scan the members at most MAX_MEMBER_SCANS times', () => {
  const remove = (i: number) => ({ op: 'remove', path: `members[display co "zz${i}"]` })
  const add = { op: 'add', path: 'members', value: [{ value: 'u1' }] }
  // Consecutive removals are one scan (group-store.ts mergedRemovals); an add between starts another.
  const scans = (n: number) =>
    Array.from({ length: n }, (_, i) => (i === 0 ? [remove(i)] : [add, remove(i)])).flat()
  const CASES: readonly { name: string; operations: unknown[]; scans: number }[] = [
    {
      name: '16 removals in a row',
      operations: Array.from({ length: 16 }, (_, i) => remove(i)),
      scans: 1,
    },
    {
      name: `${MAX_MEMBER_SCANS} runs`,
      operations: scans(MAX_MEMBER_SCANS),
      scans: MAX_MEMBER_SCANS,
    },
    {
      name: `${MAX_MEMBER_SCANS + 1} runs`,
      operations: scans(MAX_MEMBER_SCANS + 1),
      scans: MAX_MEMBER_SCANS + 1,
    },
    {
      name: 'removals by value do not scan',
      operations: [
        add,
        { op: 'remove', path: 'members[value eq "u1"]' },
        add,
        remove(0),
        add,
        remove(1),
      ],
      scans: 2,
    },
  ]
  for (const c of CASES) {
    it(`${c.name}: ${c.scans <= MAX_MEMBER_SCANS ? 'planned' : '400 invalidFilter naming the limit'}`, () => {
      const body = patch(...c.operations)
      if (c.scans <= MAX_MEMBER_SCANS) {
        assert.doesNotThrow(() => plan(body))
        return
      }
      assert.throws(
        () => plan(body),
        (error: unknown) =>
          error instanceof ScimError &&
          error.status === 400 &&
          error.scimType === 'invalidFilter' &&
          error.detail.includes(`at most ${MAX_MEMBER_SCANS}`),
      )
    })
  }
})
