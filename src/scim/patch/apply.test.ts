// applyPatch over the table in apply.cases.ts (readOperations → applyPatch with the User registry and the
// profile's fold), and a property: no operation ever mutates its input (style.md §5.14).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { ScimError } from '../errors.js'
import { userFold } from '../profile/user-fold.js'
import { DEFAULT_SETTINGS } from '../profile/settings.js'
import { coerceResource } from '../resource/coerce.js'
import type { Json, JsonObject } from '../resource/coerce.js'
import { userRegistry } from '../schema/registry.js'
import { ALICE, APPLY_CASES, BOB, ENTERPRISE } from './apply.cases.js'
import { applyPatch } from './apply.js'
import { readOperations } from './operations.js'

const registry = userRegistry()
const ctx = { registry, fold: userFold(DEFAULT_SETTINGS) }

/** Freezes every object and array under `value`, so that any write to it throws a TypeError. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child)
    Object.freeze(value)
  }
  return value
}

const run = (before: JsonObject, body: unknown): JsonObject =>
  applyPatch(before, readOperations(body), ctx)

describe('applyPatch: table', () => {
  for (const row of APPLY_CASES) {
    it(row.name, () => {
      const before = deepFreeze(structuredClone(row.before))
      const body = deepFreeze(structuredClone(row.body))
      if (row.error) {
        const expected = row.error
        assert.throws(
          () => run(before, body),
          (error: unknown) => {
            assert.ok(error instanceof ScimError, `expected a ScimError, got ${String(error)}`)
            assert.equal(error.status, expected.status)
            assert.equal(error.scimType, expected.scimType)
            assert.ok(
              error.detail.includes(expected.detail),
              `detail ${JSON.stringify(error.detail)} lacks ${JSON.stringify(expected.detail)}`,
            )
            assert.match(error.detail, /Operations/)
            return true
          },
        )
      } else {
        assert.ok(row.after, 'a row has either after or error')
        const after = run(before, body)
        assert.deepEqual(after, row.after)
        // Everything the schema lacks is visible to validation, and nothing else is.
        assert.deepEqual(
          [...coerceResource(after, registry).unsupported].sort(),
          [...(row.unsupported ?? [])].sort(),
        )
      }
      assert.deepEqual(before, row.before)
      assert.deepEqual(body, row.body)
    })
  }
})

describe('applyPatch: results', () => {
  it('returns a new object even when nothing changes', () => {
    const before = structuredClone(ALICE)
    const after = run(before, { Operations: [] })
    assert.notEqual(after, before)
    assert.deepEqual(after, before)
    ;(after['emails'] as JsonObject[])[0]!['value'] = 'changed@contoso.com'
    assert.deepEqual(before, ALICE)
  })
  it('an error in any operation leaves the input as it was (the request is atomic)', () => {
    const before = structuredClone(ALICE)
    assert.throws(() =>
      run(before, {
        Operations: [
          { op: 'replace', path: 'userName', value: 'x' },
          { op: 'remove', path: 'roles' },
          { op: 'replace', path: 'id', value: 'y' },
        ],
      }),
    )
    assert.deepEqual(before, ALICE)
  })
})

describe('applyPatch: property', () => {
  const PATHS: readonly (string | undefined)[] = [
    undefined,
    'userName',
    'externalId',
    'active',
    'name',
    'name.givenName',
    'name.formatted',
    'emails',
    'emails.display',
    'emails[type eq "work"]',
    'emails[type eq "work"].value',
    'emails[type eq "home"].primary',
    'emails[value co "@"]',
    'roles',
    'roles[value eq "Responder"]',
    'phoneNumbers[type eq "mobile"].value',
    'displayName',
    `${ENTERPRISE}:department`,
    'id',
    'emails[kind eq "x"].value',
    'emails[type eq "work"',
  ]
  const element = fc.record(
    {
      value: fc.constantFrom('a@contoso.com', 'Responder', 'alice@contoso.com', '+14155550100'),
      type: fc.constantFrom('work', 'home', 'Work Email', 'mobile'),
      primary: fc.constantFrom<Json>(true, false, 'True'),
    },
    { requiredKeys: ['value'] },
  )
  const value: fc.Arbitrary<Json | undefined> = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.string({ maxLength: 8 }),
    fc.boolean(),
    fc.constantFrom('True', 'false'),
    element,
    fc.array(element, { maxLength: 3 }),
    fc.record({ givenName: fc.string({ maxLength: 5 }), familyName: fc.string({ maxLength: 5 }) }),
    fc.record(
      {
        userName: fc.string({ maxLength: 5 }),
        'name.givenName': fc.string({ maxLength: 5 }),
        emails: fc.array(element, { maxLength: 2 }),
        displayName: fc.string({ maxLength: 5 }),
      },
      { requiredKeys: [] },
    ),
  )
  const operation = fc
    .tuple(
      fc.constantFrom('add', 'Add', 'replace', 'REPLACE', 'remove'),
      fc.constantFrom(...PATHS),
      value,
    )
    .map(([op, path, v]) => ({
      op,
      ...(path === undefined ? {} : { path }),
      ...(v === undefined ? {} : { value: v }),
    }))
  const users = [ALICE, BOB, { ...ALICE, roles: [{ value: 'Responder', primary: true }] }].map(
    (user) => deepFreeze(structuredClone(user)),
  )

  it('never mutates the resource or the body; fails only with a 400 ScimError', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...users),
        fc.array(operation, { maxLength: 5 }),
        (before, operations) => {
          const snapshot = structuredClone(before)
          // A request body is parsed JSON: plain objects (fast-check also makes null-prototype ones).
          const sent = JSON.parse(JSON.stringify(operations)) as Json
          const body = deepFreeze({ Operations: structuredClone(sent) })
          try {
            const after = run(before, body)
            assert.notEqual(after, before)
          } catch (error) {
            // A write to a frozen input would surface here as a TypeError.
            assert.ok(error instanceof ScimError, String(error))
            assert.equal(error.status, 400)
            assert.match(error.detail, /Operations\[\d+\]/)
          }
          assert.deepEqual(before, snapshot)
          assert.deepEqual(body.Operations, sent)
        },
      ),
      { numRuns: 1500 },
    )
  })
})
