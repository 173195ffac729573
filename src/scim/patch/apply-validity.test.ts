// Property: any sequence of PATCH operations that are valid for the profile (as Entra and Okta send them)
// yields a resource that passes the same validation as a POST, and never changes its input.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { ScimError } from '../errors.js'
import { DEFAULT_SETTINGS } from '../profile/settings.js'
import { userFold } from '../profile/user-fold.js'
import { parseUser } from '../profile/user-rules.js'
import type { JsonObject } from '../resource/coerce.js'
import { userDataToJson } from '../resource/user-json.js'
import { userRegistry } from '../schema/registry.js'
import { applyPatch } from './apply.js'
import { readOperations } from './operations.js'

const registry = userRegistry()
const ctx = { registry, fold: userFold(DEFAULT_SETTINGS) }

const word = fc.stringMatching(/^[A-Za-zÀ-ÿ][A-Za-z0-9À-ÿ' -]{0,30}$/)
const email = fc
  .tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/), fc.constantFrom('contoso.com', 'example.org'))
  .map(([local, domain]) => `${local}@${domain}`)
const phone = fc.integer({ min: 2_000_000, max: 9_999_999 }).map((n) => `+1415${n}`)
const bool = fc.constantFrom<unknown>(true, false, 'True', 'False', 'true', 'false')
const op = fc.constantFrom('add', 'replace', 'Add', 'Replace', 'ADD')
const emailType = fc.constantFrom('work', 'home', 'other', 'Work Email', 'Home Email')
const phoneType = fc.constantFrom(
  'work',
  'home',
  'mobile',
  'Work Phone',
  'Mobile Phone',
  'SMS Phone',
)
const role = fc.constantFrom(...DEFAULT_SETTINGS.roles)

const operation = fc.oneof(
  fc.record({ op, path: fc.constant('name.givenName'), value: word }),
  fc.record({ op, path: fc.constant('name.familyName'), value: word }),
  fc.record({ op, path: fc.constant('active'), value: bool }),
  fc.record({
    op,
    path: fc.constantFrom('preferredLanguage'),
    value: fc.constantFrom('en', 'fr', 'pt-BR', 'English', 'de-DE'),
  }),
  fc.record({
    op,
    path: fc.constant('timezone'),
    value: fc.constantFrom('America/Los_Angeles', 'US/Pacific', 'Europe/London'),
  }),
  fc.record({ op, path: fc.constant('externalId'), value: word }),
  fc.record({ op, value: fc.record({ 'name.givenName': word, active: bool }) }),
  emailType.chain((type) =>
    fc.record({ op, path: fc.constant(`emails[type eq "${type}"].value`), value: email }),
  ),
  phoneType.chain((type) =>
    fc.record({ op, path: fc.constant(`phoneNumbers[type eq "${type}"].value`), value: phone }),
  ),
  emailType.map((type) => ({
    op: 'replace',
    path: `emails[type eq "${type}"].primary`,
    value: true,
  })),
  emailType.map((type) => ({ op: 'remove', path: `emails[type eq "${type}"]` })),
  phoneType.map((type) => ({ op: 'Remove', path: `phoneNumbers[type eq "${type}"]` })),
  role.map((value) => ({ op: 'add', path: 'roles', value: [{ value }] })),
  role.map((value) => ({ op: 'replace', path: 'roles[type eq "Primary"].value', value })),
  role.map((value) => ({ op: 'remove', path: 'roles', value: [{ value }] })),
  fc.constant({ op: 'remove', path: 'name.givenName' }),
)

describe('PATCH property: valid operations keep a valid user', () => {
  it('validates after every sequence, and never mutates the input', () => {
    const start = userDataToJson(
      parseUser(
        {
          userName: 'joy@contoso.com',
          emails: [{ type: 'work', value: 'joy@contoso.com', primary: true }],
        },
        registry,
        DEFAULT_SETTINGS,
      ).data,
    )
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 12 }), (operations) => {
        const before = structuredClone(start)
        let patched: JsonObject
        try {
          patched = applyPatch(start, readOperations({ Operations: operations }), ctx)
        } catch (error) {
          // The one refusal a valid-looking sequence may meet: making a missing email primary.
          assert.ok(
            error instanceof ScimError &&
              error.scimType === 'noTarget' &&
              /primary/.test(error.detail),
            String(error),
          )
          return
        } finally {
          assert.deepEqual(start, before)
        }
        const parsed = parseUser(patched, registry, DEFAULT_SETTINGS)
        // What validation accepted renders back to the same resource: a second pass is a fixed point.
        const again = parseUser(userDataToJson(parsed.data), registry, DEFAULT_SETTINGS)
        assert.deepEqual(again.data, parsed.data)
      }),
      { numRuns: 1500 },
    )
  })
})
