// evaluate over a table of (filter, resource, expected) against the User registry, with the profile's
// fold (userFold: `work` ≡ `Work Email`) unless a row asks for the default fold.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ScimError } from '../errors.js'
import { userFold } from '../profile/user-fold.js'
import { DEFAULT_SETTINGS } from '../profile/settings.js'
import type { JsonObject } from '../resource/coerce.js'
import { userRegistry } from '../schema/registry.js'
import { and, compare, path, str } from './ast.js'
import { checkFilter, defaultFold, elementScope, evaluate, resourceScope } from './evaluate.js'
import { parseFilter } from './parser.js'

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User'

const ALICE: JsonObject = {
  schemas: [CORE],
  id: 'A-1',
  externalId: 'E-1',
  userName: 'Alice@Contoso.com',
  name: { givenName: 'Alice', familyName: 'Ng' },
  active: true,
  preferredLanguage: 'en',
  emails: [
    { value: 'Alice@Contoso.com', type: 'Work Email', primary: true },
    { value: 'alice@home.example', type: 'home' },
  ],
  phoneNumbers: [{ value: '+14155550123', type: 'Mobile Phone' }],
  roles: [{ value: 'Responder' }],
  meta: {
    resourceType: 'User',
    created: '2024-03-01T10:00:00Z',
    lastModified: '2024-03-05T00:00:00.000Z',
  },
}

/** Few attributes, some of them empty. */
const BOB: JsonObject = {
  id: 'B-2',
  userName: 'bob',
  active: false,
  emails: [],
  meta: { created: '2023-12-31T23:59:59Z' },
}

/** Empty values: RFC 7643 §2.5 reads "", {} and [] as unassigned. */
const CAROL: JsonObject = { id: 'C-3', userName: 'carol', externalId: '', name: {}, roles: [] }

type Row = {
  readonly filter: string
  readonly user: JsonObject
  readonly fold?: 'default'
} & ({ readonly expected: boolean } | { readonly error: string })

const ROWS: readonly Row[] = [
  // userName: caseExact false, every operator.
  { filter: 'userName eq "alice@contoso.com"', user: ALICE, expected: true },
  { filter: 'userName eq "ALICE@CONTOSO.COM"', user: ALICE, expected: true },
  { filter: 'userName eq "alice"', user: ALICE, expected: false },
  { filter: 'userName ne "alice@contoso.com"', user: ALICE, expected: false },
  { filter: 'userName ne "bob"', user: ALICE, expected: true },
  { filter: 'userName co "@CONTOSO"', user: ALICE, expected: true },
  { filter: 'userName co "@fabrikam"', user: ALICE, expected: false },
  { filter: 'userName sw "alice@"', user: ALICE, expected: true },
  { filter: 'userName sw "contoso"', user: ALICE, expected: false },
  { filter: 'userName ew ".COM"', user: ALICE, expected: true },
  { filter: 'userName gt "alice"', user: ALICE, expected: true },
  { filter: 'userName ge "alice@contoso.com"', user: ALICE, expected: true },
  { filter: 'userName lt "B"', user: ALICE, expected: true },
  { filter: 'userName le "a"', user: ALICE, expected: false },
  { filter: 'userName eq bob', user: BOB, expected: true },
  { filter: `${CORE}:userName eq "BOB"`, user: BOB, expected: true },
  // emails.value: caseExact false; `emails` alone compares its value (RFC 7644 §3.4.2.2).
  { filter: 'emails.value eq "alice@contoso.COM"', user: ALICE, expected: true },
  { filter: 'emails eq "ALICE@HOME.EXAMPLE"', user: ALICE, expected: true },
  { filter: 'emails co "home"', user: ALICE, expected: true },
  { filter: 'emails.value ew "@fabrikam.com"', user: ALICE, expected: false },
  { filter: `${CORE}:emails.value sw "alice@home"`, user: ALICE, expected: true },
  // externalId and id: caseExact true.
  { filter: 'externalId eq "E-1"', user: ALICE, expected: true },
  { filter: 'externalId eq "e-1"', user: ALICE, expected: false },
  { filter: 'externalId co "e"', user: ALICE, expected: false },
  { filter: 'id eq "A-1"', user: ALICE, expected: true },
  { filter: 'id eq "a-1"', user: ALICE, expected: false },
  { filter: 'id sw "A"', user: ALICE, expected: true },
  // dateTime: chronological order, whatever the offset or precision.
  { filter: 'meta.created gt "2024-01-01T00:00:00Z"', user: ALICE, expected: true },
  { filter: 'meta.created gt "2024-01-01T00:00:00Z"', user: BOB, expected: false },
  { filter: 'meta.created lt "2024-01-01T00:00:00Z"', user: BOB, expected: true },
  { filter: 'meta.created eq "2024-03-01T10:00:00.000Z"', user: ALICE, expected: true },
  { filter: 'meta.created eq "2024-03-01T11:00:00+01:00"', user: ALICE, expected: true },
  { filter: 'meta.created ge "2024-03-01T10:00:00Z"', user: ALICE, expected: true },
  { filter: 'meta.created gt "2024-03-01T10:00:00Z"', user: ALICE, expected: false },
  { filter: 'meta.lastModified le "2024-03-05T00:00:00Z"', user: ALICE, expected: true },
  { filter: 'meta.created ne "2024-03-01T10:00:00Z"', user: ALICE, expected: false },
  { filter: 'meta.lastModified lt "2030-01-01T00:00:00Z"', user: CAROL, expected: false },
  { filter: 'meta.created gt "yesterday"', user: ALICE, error: 'must be an RFC 3339 date-time' },
  { filter: 'meta.created gt 2024', user: ALICE, error: 'must be an RFC 3339 date-time' },
  { filter: 'meta.created co "2024"', user: ALICE, error: "'co' does not apply" },
  // boolean: eq/ne with true/false only; gt on a boolean is 400 (RFC 7644 §3.4.2.2), data or not.
  { filter: 'active eq true', user: ALICE, expected: true },
  { filter: 'active eq true', user: BOB, expected: false },
  { filter: 'active eq FALSE', user: BOB, expected: true },
  { filter: 'active ne true', user: BOB, expected: true },
  { filter: 'active eq false', user: CAROL, expected: false },
  { filter: 'active ne false', user: CAROL, expected: true },
  {
    filter: 'active gt true',
    user: ALICE,
    error: "The operator 'gt' does not apply to the boolean",
  },
  {
    filter: 'active gt true',
    user: CAROL,
    error: "The operator 'gt' does not apply to the boolean",
  },
  { filter: 'active le false', user: BOB, error: "'le' does not apply" },
  { filter: 'active co "t"', user: ALICE, error: "'co' does not apply" },
  // Entra's string booleans read as booleans (literal.ts); anything else is not a boolean.
  { filter: 'active eq "True"', user: ALICE, expected: true },
  { filter: 'active eq "false"', user: BOB, expected: true },
  { filter: 'active ne "FALSE"', user: BOB, expected: false },
  { filter: 'emails[primary eq "True"].value co "contoso"', user: ALICE, expected: true },
  { filter: 'active eq "yes"', user: ALICE, error: 'compare it with true or false' },
  { filter: 'active eq 1', user: ALICE, error: 'compare it with true or false' },
  { filter: 'active eq yes', user: CAROL, error: 'compare it with true or false' },
  {
    filter: 'emails[primary gt false]',
    user: ALICE,
    error: "'gt' does not apply to the boolean attribute 'emails.primary'",
  },
  // pr: a value that is not null, "", [] or an object without values.
  { filter: 'userName pr', user: BOB, expected: true },
  { filter: 'externalId pr', user: ALICE, expected: true },
  { filter: 'externalId pr', user: BOB, expected: false },
  { filter: 'externalId pr', user: CAROL, expected: false },
  { filter: 'emails pr', user: ALICE, expected: true },
  { filter: 'emails pr', user: BOB, expected: false },
  { filter: 'emails.type pr', user: ALICE, expected: true },
  { filter: 'phoneNumbers pr', user: BOB, expected: false },
  { filter: 'roles pr', user: CAROL, expected: false },
  { filter: 'name pr', user: ALICE, expected: true },
  { filter: 'name pr', user: CAROL, expected: false },
  { filter: 'name.givenName pr', user: ALICE, expected: true },
  { filter: 'name.givenName pr', user: CAROL, expected: false },
  { filter: 'not (emails pr)', user: BOB, expected: true },
  // ne is true when no value equals, so also when the attribute is absent.
  { filter: 'externalId ne "x"', user: BOB, expected: true },
  { filter: 'name.familyName ne "Ng"', user: CAROL, expected: true },
  { filter: 'emails.value ne "x@y.z"', user: BOB, expected: true },
  { filter: 'emails.type ne "work"', user: ALICE, expected: false },
  { filter: 'emails.type ne "work"', user: BOB, expected: true },
  { filter: 'emails.value ne "alice@home.example"', user: ALICE, expected: false },
  // null: RFC 7643 §2.5, `eq null` is "unassigned".
  { filter: 'externalId eq null', user: BOB, expected: true },
  { filter: 'externalId eq null', user: CAROL, expected: true },
  { filter: 'externalId eq null', user: ALICE, expected: false },
  { filter: 'externalId ne null', user: ALICE, expected: true },
  { filter: 'externalId ne null', user: BOB, expected: false },
  { filter: 'emails eq null', user: BOB, expected: true },
  { filter: 'externalId gt null', user: ALICE, expected: false },
  // Numbers compare as their text on a string attribute.
  { filter: 'preferredLanguage eq "EN"', user: ALICE, expected: true },
  { filter: 'externalId eq 1', user: { userName: 'n', externalId: '1' }, expected: true },
  { filter: 'externalId eq 1.0', user: { userName: 'n', externalId: '1' }, expected: false },
  // Logic.
  { filter: 'userName sw "a" and active eq true', user: ALICE, expected: true },
  { filter: 'userName sw "a" and active eq true', user: BOB, expected: false },
  { filter: 'userName eq "x" or active eq false', user: BOB, expected: true },
  { filter: 'not (userName eq "bob")', user: BOB, expected: false },
  { filter: 'not (userName eq "bob") or emails pr', user: ALICE, expected: true },
  // Value paths: every condition applies to one and the same element.
  { filter: 'emails[type eq "work"]', user: ALICE, expected: true },
  { filter: 'emails[type eq "Work Email"]', user: ALICE, expected: true },
  { filter: 'emails[type eq "WORK EMAIL"]', user: ALICE, expected: true },
  { filter: 'emails[type eq "other"]', user: ALICE, expected: false },
  { filter: 'emails[type eq "work"]', user: BOB, expected: false },
  { filter: 'emails[type eq "work" and value co "@contoso"]', user: ALICE, expected: true },
  { filter: 'emails[type eq "home" and value co "@contoso"]', user: ALICE, expected: false },
  { filter: 'emails.type eq "home" and emails.value co "@contoso"', user: ALICE, expected: true },
  { filter: 'emails[type eq "work"].value eq "alice@contoso.com"', user: ALICE, expected: true },
  { filter: 'emails[type eq "home"].value eq "alice@contoso.com"', user: ALICE, expected: false },
  { filter: 'emails[primary eq true]', user: ALICE, expected: true },
  { filter: 'emails[primary eq true and type eq "home"]', user: ALICE, expected: false },
  { filter: 'emails[not (primary eq true)]', user: ALICE, expected: true },
  { filter: 'emails[type sw "wo"]', user: ALICE, expected: true },
  { filter: 'phoneNumbers[type eq "mobile"]', user: ALICE, expected: true },
  { filter: 'phoneNumbers[type eq "work"]', user: ALICE, expected: false },
  { filter: 'emails[type eq "mobile"]', user: ALICE, expected: false },
  { filter: 'roles[value eq "RESPONDER"]', user: ALICE, expected: true },
  { filter: `${CORE}:emails[type eq "home"]`, user: ALICE, expected: true },
  { filter: 'userName eq "bob" and not (emails[type eq "work"])', user: BOB, expected: true },
  // Without the profile's fold a type compares as text: `work` is not `Work Email`.
  { filter: 'emails[type eq "work"]', user: ALICE, fold: 'default', expected: false },
  { filter: 'emails[type eq "work email"]', user: ALICE, fold: 'default', expected: true },
  { filter: 'userName eq "alice@contoso.com"', user: ALICE, fold: 'default', expected: true },
  // Unknown attributes are 400 invalidFilter, never dropped, whether or not data would reach them.
  {
    filter: 'displayName eq "Alice"',
    user: ALICE,
    error: "'displayName', which is not an attribute",
  },
  { filter: 'name.middleName pr', user: ALICE, error: "'name.middleName'" },
  { filter: 'userName eq "nobody" and title eq "x"', user: ALICE, error: "'title'" },
  { filter: 'userName eq "bob" or title eq "x"', user: BOB, error: "'title'" },
  { filter: 'emails[foo eq "x"]', user: BOB, error: "'emails.foo'" },
  { filter: 'emails[type eq "work"].display2 pr', user: ALICE, error: "'emails.display2'" },
  { filter: 'emails[name.givenName eq "x"]', user: ALICE, error: 'not an attribute' },
  { filter: 'displayName[value eq "x"]', user: ALICE, error: "'displayName'" },
  { filter: 'userName[value eq "x"]', user: ALICE, error: "'userName'" },
  { filter: 'emails.value[type eq "x"]', user: ALICE, error: 'not a sub-attribute' },
  {
    filter: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "1"',
    user: ALICE,
    error: 'employeeNumber',
  },
  // Neither a write-only attribute nor a complex one without a value compares.
  {
    filter: 'password eq "secret"',
    user: { userName: 'p', password: 'secret' },
    error: 'cannot be used in a filter',
  },
  { filter: 'name eq "Alice"', user: ALICE, error: "'name' is complex" },
  { filter: 'meta sw "x"', user: ALICE, error: "'meta' is complex" },
]

const profile = userFold(DEFAULT_SETTINGS)

describe('evaluate: filters against User resources', () => {
  const scope = resourceScope(userRegistry())
  for (const row of ROWS) {
    const who = String(row.user['userName'])
    const label = `${row.filter} on ${who}${row.fold ? ' (default fold)' : ''}`
    const fold = row.fold === 'default' ? defaultFold : profile
    if ('expected' in row) {
      it(`${label} → ${row.expected}`, () => {
        assert.equal(evaluate(parseFilter(row.filter), row.user, scope, fold), row.expected)
      })
    } else {
      it(`${label} → 400 invalidFilter`, () => {
        assert.throws(
          () => evaluate(parseFilter(row.filter), row.user, scope, fold),
          (error: unknown) =>
            error instanceof ScimError &&
            error.status === 400 &&
            error.scimType === 'invalidFilter' &&
            error.detail.includes(row.error),
        )
      })
    }
  }
})

describe('evaluate in an element scope (PATCH value paths)', () => {
  const registry = userRegistry()
  const emails = registry.attribute('emails')?.attribute
  assert.ok(emails)
  const scope = elementScope(emails)
  const cases: readonly { filter: string; element: JsonObject; expected: boolean }[] = [
    { filter: 'type eq "work"', element: { type: 'Work Email', value: 'a@b.c' }, expected: true },
    { filter: 'type eq "work"', element: { type: 'work', value: 'a@b.c' }, expected: true },
    { filter: 'type eq "work"', element: { type: 'Home Email' }, expected: false },
    {
      filter: 'TYPE eq "home" and Value ew "b.c"',
      element: { type: 'home', value: 'a@b.c' },
      expected: true,
    },
    { filter: 'primary eq true', element: { primary: true }, expected: true },
    { filter: 'primary ne true', element: {}, expected: true },
    // Within a PATCH, a string boolean written by an earlier operation has not been coerced yet.
    { filter: 'primary eq true', element: { primary: 'True' }, expected: true },
    { filter: 'primary eq "false"', element: { primary: 'FALSE' }, expected: true },
    { filter: 'primary eq true', element: { primary: 'yes' }, expected: false },
  ]
  for (const { filter, element, expected } of cases) {
    it(`${filter} on ${JSON.stringify(element)} → ${expected}`, () => {
      assert.equal(evaluate(parseFilter(filter), element, scope, profile), expected)
    })
  }
  it('an unknown sub-attribute is 400 invalidFilter naming it, even on an empty element', () => {
    assert.throws(
      () => evaluate(parseFilter('kind eq "work"'), {}, scope, profile),
      (error: unknown) =>
        error instanceof ScimError &&
        error.scimType === 'invalidFilter' &&
        /emails\.kind/.test(error.detail),
    )
  })
  it('a URN-qualified or dotted name is not a sub-attribute', () => {
    for (const filter of [`${CORE}:type eq "work"`, 'type.value eq "work"']) {
      assert.throws(() => evaluate(parseFilter(filter), {}, scope), ScimError)
    }
  })
})

describe('checkFilter', () => {
  const scope = resourceScope(userRegistry())
  it('accepts what evaluate accepts, without data', () => {
    assert.doesNotThrow(() =>
      checkFilter(
        and(
          compare(path('userName'), 'eq', str('a')),
          compare(path('emails.type'), 'eq', str('work')),
        ),
        scope,
      ),
    )
  })
  it('refuses an unknown attribute on the short-circuited side of and', () => {
    const filter = and(
      compare(path('userName'), 'eq', str('nobody')),
      compare(path('nickName'), 'eq', str('x')),
    )
    assert.throws(() => checkFilter(filter, scope), /nickName/)
    assert.throws(() => evaluate(filter, BOB, scope), /nickName/)
  })
})
