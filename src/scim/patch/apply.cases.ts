// The PATCH engine's table (style.md §5.10): a user's SCIM JSON before, a PatchOp body (RFC 7644 §3.5.2),
// and the JSON after or the error. Rows marked Entra are the bodies of entra-client-behaviour.md §2.6 and
// §4.2 verbatim. Attributes outside the schema are carried into the result (`unsupported` lists what
// validation then reports), exactly as a POST body's would be.
import type { ScimType } from '../errors.js'
import type { Json, JsonObject } from '../resource/coerce.js'
import { MAX_OPERATIONS, PATCH_SCHEMA } from './operations.js'

export const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User'
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

export interface ApplyCase {
  readonly name: string
  readonly before: JsonObject
  readonly body: Json
  readonly after?: JsonObject
  readonly error?: {
    readonly status: number
    readonly scimType: ScimType
    /** A substring of the detail; `Operations[i]` for an operation's error. */
    readonly detail: string
  }
  /** What validation (coerceResource) reports as unsupported in `after`. */
  readonly unsupported?: readonly string[]
}

/** A user as PATCH receives it (userDataToJson: no id, no meta). Tests deep-freeze copies of it. */
export const ALICE: JsonObject = {
  schemas: [CORE],
  userName: 'alice@contoso.com',
  externalId: 'E-1',
  name: { givenName: 'Alice', familyName: 'Ng' },
  active: true,
  preferredLanguage: 'en',
  timezone: 'America/Los_Angeles',
  emails: [
    { value: 'alice@contoso.com', type: 'Work Email', primary: true },
    { value: 'alice@home.example', type: 'Home Email' },
  ],
  phoneNumbers: [{ value: '+14155550123', type: 'Mobile Phone' }],
  roles: [{ value: 'Responder' }, { value: 'Standard User' }],
}

/** A user with only the required attributes. */
export const BOB: JsonObject = { schemas: [CORE], userName: 'bob', active: true }

const patch = (...operations: Json[]): Json => ({ schemas: [PATCH_SCHEMA], Operations: operations })
/** `before` with some attributes set and others (named in `drop`) removed. */
function edit(before: JsonObject, set: JsonObject, drop: readonly string[] = []): JsonObject {
  const out: JsonObject = { ...before, ...set }
  for (const key of drop) delete out[key]
  return out
}
const work = (value: string): JsonObject => ({ value, type: 'Work Email', primary: true })
const HOME: JsonObject = { value: 'alice@home.example', type: 'Home Email' }
const MOBILE: JsonObject = { value: '+14155550123', type: 'Mobile Phone' }

const mutability = (at: number, detail: string): ApplyCase['error'] => ({
  status: 400,
  scimType: 'mutability',
  detail: `Operations[${at}]${detail}`,
})
const invalid = (scimType: ScimType, detail: string): ApplyCase['error'] => ({
  status: 400,
  scimType,
  detail,
})

export const APPLY_CASES: readonly ApplyCase[] = [
  // op in any case (RFC 7644 §3.5.2; Entra Q1 sends Add/Replace/Remove).
  {
    name: 'op "Add" on a single-valued attribute sets it (Entra Q3)',
    before: ALICE,
    body: patch({ op: 'Add', path: 'preferredLanguage', value: 'fr' }),
    after: edit(ALICE, { preferredLanguage: 'fr' }),
  },
  {
    name: 'op "ADD" on an absent single-valued attribute sets it',
    before: BOB,
    body: patch({ op: 'ADD', path: 'externalId', value: 'B-2' }),
    after: edit(BOB, { externalId: 'B-2' }),
  },
  {
    name: 'op "Replace"',
    before: ALICE,
    body: patch({ op: 'Replace', path: 'timezone', value: 'Europe/Paris' }),
    after: edit(ALICE, { timezone: 'Europe/Paris' }),
  },
  {
    name: 'op "rEpLaCe" with the attribute name in another case',
    before: ALICE,
    body: patch({ op: 'rEpLaCe', path: 'USERNAME', value: 'a@contoso.com' }),
    after: edit(ALICE, { userName: 'a@contoso.com' }),
  },
  {
    name: 'op "Remove" of a single-valued attribute',
    before: ALICE,
    body: patch({ op: 'Remove', path: 'externalId' }),
    after: edit(ALICE, {}, ['externalId']),
  },
  {
    name: 'member names of the body and of operations in any case',
    before: ALICE,
    body: { operations: [{ OP: 'add', PATH: 'externalId', VALUE: 'E-9' }] },
    after: edit(ALICE, { externalId: 'E-9' }),
  },
  {
    name: 'an empty Operations array is a no-op',
    before: ALICE,
    body: patch(),
    after: ALICE,
  },

  // Sub-attributes of the single-valued complex `name`.
  {
    name: 'replace name.familyName',
    before: ALICE,
    body: patch({ op: 'replace', path: 'name.familyName', value: 'Ngo' }),
    after: edit(ALICE, { name: { givenName: 'Alice', familyName: 'Ngo' } }),
  },
  {
    name: 'add name.givenName when the user has no name',
    before: BOB,
    body: patch({ op: 'add', path: 'name.givenName', value: 'Bob' }),
    after: edit(BOB, { name: { givenName: 'Bob' } }),
  },
  {
    name: 'replace name with an object merges its sub-attributes (RFC 7644 §3.5.2.3)',
    before: ALICE,
    body: patch({ op: 'replace', path: 'name', value: { givenName: 'Al' } }),
    after: edit(ALICE, { name: { givenName: 'Al', familyName: 'Ng' } }),
  },
  {
    name: 'remove name.givenName keeps the other sub-attributes',
    before: ALICE,
    body: patch({ op: 'remove', path: 'name.givenName' }),
    after: edit(ALICE, { name: { familyName: 'Ng' } }),
  },
  {
    name: 'a URN-qualified core path',
    before: ALICE,
    body: patch({ op: 'replace', path: `${CORE}:name.familyName`, value: 'Ngo' }),
    after: edit(ALICE, { name: { givenName: 'Alice', familyName: 'Ngo' } }),
  },

  // Path-less add/replace (RFC 7644 §3.5.2.1/3): each key of value is a path.
  {
    name: 'path-less replace with plain names',
    before: ALICE,
    body: patch({ op: 'replace', value: { userName: 'al@contoso.com', active: false } }),
    after: edit(ALICE, { userName: 'al@contoso.com', active: false }),
  },
  {
    name: 'path-less replace with dotted keys updates the nested name (Entra Q4)',
    before: ALICE,
    body: patch({ op: 'replace', value: { 'name.givenName': 'Al', 'name.familyName': 'Ngo' } }),
    after: edit(ALICE, { name: { givenName: 'Al', familyName: 'Ngo' } }),
  },
  {
    name: 'path-less add with a dotted key creates the nested name',
    before: BOB,
    body: patch({ op: 'add', value: { 'name.familyName': 'Builder' } }),
    after: edit(BOB, { name: { familyName: 'Builder' } }),
  },
  {
    name: 'path-less replace with URN-qualified core keys',
    before: ALICE,
    body: patch({
      op: 'replace',
      value: { [`${CORE}:userName`]: 'al@contoso.com', [`${CORE}:name.givenName`]: 'Al' },
    }),
    after: edit(ALICE, {
      userName: 'al@contoso.com',
      name: { givenName: 'Al', familyName: 'Ng' },
    }),
  },
  {
    name: 'path-less replace with a complex value merges it',
    before: ALICE,
    body: patch({ op: 'replace', value: { name: { familyName: 'Ngo' } } }),
    after: edit(ALICE, { name: { givenName: 'Alice', familyName: 'Ngo' } }),
  },
  {
    name: 'path-less add of a multi-valued attribute appends',
    before: ALICE,
    body: patch({ op: 'add', value: { emails: [{ value: 'a@other.example', type: 'other' }] } }),
    after: edit(ALICE, {
      emails: [work('alice@contoso.com'), HOME, { value: 'a@other.example', type: 'other' }],
    }),
  },
  {
    name: 'path-less replace with a value-filter key',
    before: ALICE,
    body: patch({ op: 'replace', value: { 'emails[type eq "work"].value': 'al@contoso.com' } }),
    after: edit(ALICE, { emails: [work('al@contoso.com'), HOME] }),
  },
  {
    name: 'path-less replace with an empty object changes nothing',
    before: ALICE,
    body: patch({ op: 'replace', value: {} }),
    after: ALICE,
  },

  // Value-filter paths (Entra Q8): the profile's fold finds `Work Email` for `work`.
  {
    name: 'replace emails[type eq "work"].value updates the element stored as "Work Email"',
    before: ALICE,
    body: patch({ op: 'replace', path: 'emails[type eq "work"].value', value: 'al@contoso.com' }),
    after: edit(ALICE, { emails: [work('al@contoso.com'), HOME] }),
  },
  {
    name: 'add emails[TYPE EQ "WORK"].VALUE updates the same element',
    before: ALICE,
    body: patch({ op: 'add', path: 'emails[TYPE EQ "WORK"].VALUE', value: 'al@contoso.com' }),
    after: edit(ALICE, { emails: [work('al@contoso.com'), HOME] }),
  },
  {
    name: 'replace emails[type eq "work"].value creates {type, value} when no element matches',
    before: BOB,
    body: patch({ op: 'replace', path: 'emails[type eq "work"].value', value: 'bob@contoso.com' }),
    after: edit(BOB, { emails: [{ type: 'work', value: 'bob@contoso.com' }] }),
  },
  {
    name: 'add emails[type eq "other"].value appends a new element',
    before: ALICE,
    body: patch({ op: 'add', path: 'emails[type eq "other"].value', value: 'a@other.example' }),
    after: edit(ALICE, {
      emails: [work('alice@contoso.com'), HOME, { type: 'other', value: 'a@other.example' }],
    }),
  },
  {
    name: 'a created element takes every equality of the filter',
    before: BOB,
    body: patch({
      op: 'add',
      path: 'emails[type eq "work" and primary eq true].value',
      value: 'bob@contoso.com',
    }),
    after: edit(BOB, { emails: [{ type: 'work', primary: true, value: 'bob@contoso.com' }] }),
  },
  {
    name: 'emails[type eq "work"].primary',
    before: edit(ALICE, { emails: [{ value: 'alice@contoso.com', type: 'Work Email' }, HOME] }),
    body: patch({ op: 'replace', path: 'emails[type eq "work"].primary', value: true }),
    after: edit(ALICE, { emails: [work('alice@contoso.com'), HOME] }),
  },
  {
    name: 'setting primary on one element clears it on the others (RFC 7644 §3.5.2)',
    before: ALICE,
    body: patch({ op: 'replace', path: 'emails[type eq "home"].primary', value: true }),
    after: edit(ALICE, {
      emails: [
        { ...work('alice@contoso.com'), primary: false },
        { ...HOME, primary: true },
      ],
    }),
  },
  {
    name: 'a string "True" primary clears it on the others too, and passes through as sent',
    before: ALICE,
    body: patch({ op: 'add', path: 'emails[type eq "home"].primary', value: 'True' }),
    after: edit(ALICE, {
      emails: [
        { ...work('alice@contoso.com'), primary: false },
        { ...HOME, primary: 'True' },
      ],
    }),
  },
  {
    name: 'primary on an element that does not exist is 400 noTarget, not a half-made element',
    before: ALICE,
    body: patch({ op: 'add', path: 'emails[type eq "other"].primary', value: true }),
    error: invalid(
      'noTarget',
      "Operations[0] (add 'emails[type eq \"other\"].primary'): no element of 'emails'",
    ),
  },
  {
    name: 'primary false leaves the others alone',
    before: ALICE,
    body: patch({ op: 'replace', path: 'emails[type eq "home"].primary', value: false }),
    after: edit(ALICE, { emails: [work('alice@contoso.com'), { ...HOME, primary: false }] }),
  },
  {
    name: 'replace emails[type eq "work"] with an object merges it into the element',
    before: ALICE,
    body: patch({
      op: 'replace',
      path: 'emails[type eq "work"]',
      value: { value: 'al@contoso.com', display: 'Al' },
    }),
    after: edit(ALICE, { emails: [{ ...work('al@contoso.com'), display: 'Al' }, HOME] }),
  },
  {
    name: 'a filter with or updates every element it matches',
    before: ALICE,
    body: patch({
      op: 'replace',
      path: 'emails[type eq "work" or type eq "home"].display',
      value: 'Mail',
    }),
    after: edit(ALICE, {
      emails: [
        { ...work('alice@contoso.com'), display: 'Mail' },
        { ...HOME, display: 'Mail' },
      ],
    }),
  },
  {
    name: 'replace phoneNumbers[type eq "mobile"].value finds "Mobile Phone"',
    before: ALICE,
    body: patch({
      op: 'Replace',
      path: 'phoneNumbers[type eq "mobile"].value',
      value: '+14155550199',
    }),
    after: edit(ALICE, { phoneNumbers: [{ ...MOBILE, value: '+14155550199' }] }),
  },
  {
    name: 'add phoneNumbers[type eq "work"].value creates the element beside the mobile',
    before: ALICE,
    body: patch({ op: 'Add', path: 'phoneNumbers[type eq "work"].value', value: '+14155550100' }),
    after: edit(ALICE, { phoneNumbers: [MOBILE, { type: 'work', value: '+14155550100' }] }),
  },
  {
    name: 'remove emails[type eq "home"] removes that element only',
    before: ALICE,
    body: patch({ op: 'remove', path: 'emails[type eq "home"]' }),
    after: edit(ALICE, { emails: [work('alice@contoso.com')] }),
  },
  {
    name: 'remove of the last matching element removes the attribute',
    before: edit(ALICE, { emails: [HOME] }),
    body: patch({ op: 'remove', path: 'emails[type eq "Home Email"]' }),
    after: edit(ALICE, {}, ['emails']),
  },
  {
    name: 'remove emails[type eq "work"].primary removes the sub-attribute of the match',
    before: ALICE,
    body: patch({ op: 'remove', path: 'emails[type eq "work"].primary' }),
    after: edit(ALICE, { emails: [{ value: 'alice@contoso.com', type: 'Work Email' }, HOME] }),
  },
  {
    name: 'remove with a filter that matches nothing changes nothing',
    before: ALICE,
    body: patch({ op: 'remove', path: 'emails[value eq "nobody@contoso.com"]' }),
    after: ALICE,
  },

  // Multi-valued attributes without a filter.
  {
    name: 'remove roles with a value array removes only the listed values (Entra Q6 shape)',
    before: ALICE,
    body: patch({ op: 'Remove', path: 'roles', value: [{ value: 'Responder' }] }),
    after: edit(ALICE, { roles: [{ value: 'Standard User' }] }),
  },
  {
    name: 'remove roles with a single value object removes that value',
    before: ALICE,
    body: patch({ op: 'remove', path: 'roles', value: { value: 'Standard User' } }),
    after: edit(ALICE, { roles: [{ value: 'Responder' }] }),
  },
  {
    name: 'remove roles with an empty value array removes nothing',
    before: ALICE,
    body: patch({ op: 'remove', path: 'roles', value: [] }),
    after: ALICE,
  },
  {
    name: 'remove roles without a value clears the attribute',
    before: ALICE,
    body: patch({ op: 'remove', path: 'roles' }),
    after: edit(ALICE, {}, ['roles']),
  },
  {
    name: 'remove emails without a value clears the attribute',
    before: ALICE,
    body: patch({ op: 'Remove', path: 'emails' }),
    after: edit(ALICE, {}, ['emails']),
  },
  {
    name: 'add of a role already present changes nothing (RFC 7644 §3.5.2.1)',
    before: ALICE,
    body: patch({ op: 'add', path: 'roles', value: [{ value: 'Responder' }] }),
    after: ALICE,
  },
  {
    name: 'add of a role already present merges the sub-attributes sent with it',
    before: ALICE,
    body: patch({ op: 'add', path: 'roles', value: [{ value: 'Standard User', primary: true }] }),
    after: edit(ALICE, {
      roles: [{ value: 'Responder' }, { value: 'Standard User', primary: true }],
    }),
  },
  {
    name: 'add of a new primary role clears primary on the others',
    before: edit(ALICE, { roles: [{ value: 'Responder', primary: true }] }),
    body: patch({ op: 'add', path: 'roles', value: [{ value: 'Admin', primary: true }] }),
    after: edit(ALICE, {
      roles: [
        { value: 'Responder', primary: false },
        { value: 'Admin', primary: true },
      ],
    }),
  },
  {
    name: 'add of a single object (not an array) appends it',
    before: BOB,
    body: patch({ op: 'add', path: 'roles', value: { value: 'Responder' } }),
    after: edit(BOB, { roles: [{ value: 'Responder' }] }),
  },
  {
    name: 'replace roles replaces every value',
    before: ALICE,
    body: patch({ op: 'replace', path: 'roles', value: [{ value: 'Admin' }] }),
    after: edit(ALICE, { roles: [{ value: 'Admin' }] }),
  },
  {
    name: 'replace emails.display without a filter sets it on every element',
    before: ALICE,
    body: patch({ op: 'replace', path: 'emails.display', value: 'Mail' }),
    after: edit(ALICE, {
      emails: [
        { ...work('alice@contoso.com'), display: 'Mail' },
        { ...HOME, display: 'Mail' },
      ],
    }),
  },

  // Values are carried as sent; validation coerces and checks them afterwards.
  {
    name: 'string booleans pass through (Entra Q2)',
    before: ALICE,
    body: patch({ op: 'Replace', path: 'active', value: 'False' }),
    after: edit(ALICE, { active: 'False' }),
  },
  {
    name: 'several operations apply in order',
    before: BOB,
    body: patch(
      { op: 'add', path: 'emails[type eq "work"].value', value: 'bob@contoso.com' },
      { op: 'replace', path: 'emails[type eq "work"].display', value: 'Bob' },
      { op: 'remove', path: 'active' },
    ),
    after: edit(BOB, { emails: [{ type: 'work', value: 'bob@contoso.com', display: 'Bob' }] }, [
      'active',
    ]),
  },

  // Attributes outside the schema are carried so that validation reports them (or drops them).
  {
    name: 'an unknown attribute is carried under its name',
    before: ALICE,
    body: patch({ op: 'add', path: 'displayName', value: 'Alice Ng' }),
    after: edit(ALICE, { displayName: 'Alice Ng' }),
    unsupported: ['displayName'],
  },
  {
    name: 'an unknown URN-qualified core attribute is carried under its plain name',
    before: ALICE,
    body: patch({ op: 'add', path: `${CORE}:title`, value: 'Engineer' }),
    after: edit(ALICE, { title: 'Engineer' }),
    unsupported: ['title'],
  },
  {
    name: 'an extension attribute is carried under its full URN path',
    before: ALICE,
    body: patch(
      { op: 'Add', path: `${ENTERPRISE}:department`, value: 'Retail' },
      { op: 'Replace', path: `${ENTERPRISE}:employeeNumber`, value: '701984' },
    ),
    after: edit(ALICE, {
      [`${ENTERPRISE}:department`]: 'Retail',
      [`${ENTERPRISE}:employeeNumber`]: '701984',
    }),
    unsupported: [`${ENTERPRISE}:department`, `${ENTERPRISE}:employeeNumber`],
  },
  {
    name: 'an unknown sub-attribute of name is carried inside name',
    before: ALICE,
    body: patch({ op: 'add', path: 'name.formatted', value: 'Alice Ng' }),
    after: edit(ALICE, { name: { givenName: 'Alice', familyName: 'Ng', formatted: 'Alice Ng' } }),
    unsupported: ['name.formatted'],
  },
  {
    name: 'an unknown sub-attribute after a value filter is carried inside the element',
    before: ALICE,
    body: patch({ op: 'replace', path: 'emails[type eq "work"].label', value: 'Main' }),
    after: edit(ALICE, { emails: [{ ...work('alice@contoso.com'), label: 'Main' }, HOME] }),
    unsupported: ['emails.label'],
  },
  {
    name: 'remove of an unknown attribute removes nothing else',
    before: ALICE,
    body: patch({ op: 'remove', path: 'nickName' }),
    after: ALICE,
  },

  // Entra, entra-client-behaviour.md §2.6 (default mode).
  {
    name: 'Entra §2.6: multi-valued and complex sub-attribute replace',
    before: ALICE,
    body: {
      schemas: [PATCH_SCHEMA],
      Operations: [
        {
          op: 'Replace',
          path: 'emails[type eq "work"].value',
          value: 'updatedEmail@microsoft.com',
        },
        { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
      ],
    },
    after: edit(ALICE, {
      emails: [work('updatedEmail@microsoft.com'), HOME],
      name: { givenName: 'Alice', familyName: 'updatedFamilyName' },
    }),
  },
  {
    name: 'Entra §2.6: single-valued replace of the matching attribute',
    before: ALICE,
    body: {
      schemas: [PATCH_SCHEMA],
      Operations: [
        {
          op: 'Replace',
          path: 'userName',
          value: '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com',
        },
      ],
    },
    after: edit(ALICE, { userName: '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com' }),
  },
  {
    name: 'Entra §2.6 / Q4 default mode: one operation per attribute',
    before: ALICE,
    body: {
      schemas: [PATCH_SCHEMA],
      Operations: [
        { op: 'Replace', path: 'displayName', value: 'Pvlo' },
        {
          op: 'Replace',
          path: 'emails[type eq "work"].value',
          value: 'TestBcwqnm@test.microsoft.com',
        },
        { op: 'Replace', path: 'name.givenName', value: 'Gtfd' },
        { op: 'Replace', path: 'name.familyName', value: 'Pkqf' },
        { op: 'Replace', path: 'externalId', value: 'Eqpj' },
        { op: 'Replace', path: `${ENTERPRISE}:employeeNumber`, value: 'Eqpj' },
      ],
    },
    after: edit(ALICE, {
      displayName: 'Pvlo',
      emails: [work('TestBcwqnm@test.microsoft.com'), HOME],
      name: { givenName: 'Gtfd', familyName: 'Pkqf' },
      externalId: 'Eqpj',
      [`${ENTERPRISE}:employeeNumber`]: 'Eqpj',
    }),
    unsupported: ['displayName', `${ENTERPRISE}:employeeNumber`],
  },
  {
    name: 'Entra §2.6 / Q3: Add of a previously empty single-valued attribute (nickName)',
    before: ALICE,
    body: {
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: 'Add', path: 'nickName', value: 'Babs' }],
    },
    after: edit(ALICE, { nickName: 'Babs' }),
    unsupported: ['nickName'],
  },
  {
    name: 'Entra Q3 flag mode: lower-case add of nickName',
    before: edit(ALICE, { nickName: 'Old' }),
    body: {
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: 'add', path: 'nickName', value: 'Babs' }],
    },
    after: edit(ALICE, { nickName: 'Babs' }),
    unsupported: ['nickName'],
  },
  {
    name: 'Entra §2.6: mixed capture (laravel-scim-server#34)',
    before: ALICE,
    body: {
      schemas: [PATCH_SCHEMA],
      Operations: [
        {
          op: 'Replace',
          path: 'emails[type eq "work"].value',
          value: 'AdeleV2@REDACTED.onmicrosoft.com',
        },
        { op: 'Replace', path: 'addresses[type eq "work"].formatted', value: '18/2111' },
        { op: 'Add', path: `${ENTERPRISE}:department`, value: 'Retail' },
      ],
    },
    after: edit(ALICE, {
      emails: [work('AdeleV2@REDACTED.onmicrosoft.com'), HOME],
      addresses: '18/2111',
      [`${ENTERPRISE}:department`]: 'Retail',
    }),
    unsupported: ['addresses', `${ENTERPRISE}:department`],
  },
  {
    name: 'Entra §2.6: the validator adds home and other email values',
    before: edit(ALICE, { emails: [work('alice@contoso.com')] }),
    body: patch(
      { op: 'add', path: 'emails[type eq "home"].value', value: 'alice@home.example' },
      { op: 'add', path: 'emails[type eq "other"].value', value: 'alice@other.example' },
    ),
    after: edit(ALICE, {
      emails: [
        work('alice@contoso.com'),
        { type: 'home', value: 'alice@home.example' },
        { type: 'other', value: 'alice@other.example' },
      ],
    }),
  },
  {
    name: 'Entra §2.6: Disable User (documented boolean)',
    before: ALICE,
    body: {
      Operations: [{ op: 'Replace', path: 'active', value: false }],
      schemas: [PATCH_SCHEMA],
    },
    after: edit(ALICE, { active: false }),
  },
  {
    name: 'Entra §2.6 / Q2 / Q13: Disable User as default mode sends it ("False")',
    before: ALICE,
    body: {
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
    },
    after: edit(ALICE, { active: 'False' }),
  },
  {
    name: 'Entra Q2: lower-case "false", and re-enable with "True"',
    before: ALICE,
    body: patch(
      { op: 'Replace', path: 'active', value: 'false' },
      { op: 'Replace', path: 'active', value: 'True' },
    ),
    after: edit(ALICE, { active: 'True' }),
  },
  {
    name: 'Entra §2.6: manager (legacy form) is carried',
    before: ALICE,
    body: {
      schemas: [PATCH_SCHEMA],
      Operations: [
        {
          op: 'Add',
          path: 'manager',
          value: [
            {
              $ref: 'http://.../scim/Users/00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
              value: '00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
            },
          ],
        },
      ],
    },
    after: edit(ALICE, {
      manager: [
        {
          $ref: 'http://.../scim/Users/00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
          value: '00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
        },
      ],
    }),
    unsupported: ['manager'],
  },
  {
    name: 'Entra §2.6 / Q15: roles Add with a JSON-encoded string value',
    before: BOB,
    body: {
      schemas: [PATCH_SCHEMA],
      Operations: [
        {
          op: 'Add',
          path: 'roles',
          value: [
            {
              value:
                '{"id":"06b07648-ecfe-589f-9d2f-6325724a46ee","value":"Admin","displayName":"Admin"}',
            },
          ],
        },
      ],
    },
    after: edit(BOB, {
      roles: [
        {
          value:
            '{"id":"06b07648-ecfe-589f-9d2f-6325724a46ee","value":"Admin","displayName":"Admin"}',
        },
      ],
    }),
  },
  {
    name: 'Entra §2.6: AssertiveAppRoleAssignmentsComplex replaces the whole roles array',
    before: ALICE,
    body: patch({
      op: 'replace',
      path: 'roles',
      value: [
        {
          primary: true,
          type: 'WindowsAzureActiveDirectoryRole',
          display: 'Admin',
          value: 'Admin',
        },
      ],
    }),
    after: edit(ALICE, {
      roles: [
        {
          primary: true,
          type: 'WindowsAzureActiveDirectoryRole',
          display: 'Admin',
          value: 'Admin',
        },
      ],
    }),
  },

  // Entra §4.2 flag mode.
  {
    name: 'Entra Q4 flag mode: value-filter replace plus a path-less replace with dotted and URN keys',
    before: ALICE,
    body: {
      schemas: [PATCH_SCHEMA],
      Operations: [
        {
          op: 'replace',
          path: 'emails[type eq "work"].value',
          value: 'TestMhvaes@test.microsoft.com',
        },
        {
          op: 'replace',
          value: {
            displayName: 'Bjfe',
            'name.givenName': 'Kkom',
            'name.familyName': 'Unua',
            [`${ENTERPRISE}:employeeNumber`]: 'Aklq',
          },
        },
      ],
    },
    after: edit(ALICE, {
      emails: [work('TestMhvaes@test.microsoft.com'), HOME],
      displayName: 'Bjfe',
      name: { givenName: 'Kkom', familyName: 'Unua' },
      [`${ENTERPRISE}:employeeNumber`]: 'Aklq',
    }),
    unsupported: ['displayName', `${ENTERPRISE}:employeeNumber`],
  },
  {
    name: 'Entra Q5: path-less add with dotted keys (scimitar#123 capture)',
    before: BOB,
    body: {
      schemas: [PATCH_SCHEMA],
      Operations: [
        {
          op: 'add',
          value: {
            displayName: 'Foo Bar',
            title: 'Bar Foo',
            'name.givenName': 'Foo',
            'name.familyName': 'Bar',
            'name.formatted': 'Foo Bar',
          },
        },
      ],
    },
    after: edit(BOB, {
      displayName: 'Foo Bar',
      title: 'Bar Foo',
      name: { givenName: 'Foo', familyName: 'Bar', formatted: 'Foo Bar' },
    }),
    unsupported: ['displayName', 'title', 'name.formatted'],
  },
  {
    name: 'Entra Q8 flag mode: emails[type eq "work"].primary as a boolean',
    before: edit(BOB, { emails: [{ value: 'bob@contoso.com', type: 'work' }] }),
    body: patch({ op: 'replace', path: 'emails[type eq "work"].primary', value: true }),
    after: edit(BOB, { emails: [{ value: 'bob@contoso.com', type: 'work', primary: true }] }),
  },

  // Errors: each names the operation (`Operations[i]`), with the scimType of RFC 7644 §3.12.
  {
    name: 'replace of id is 400 mutability',
    before: ALICE,
    body: patch({ op: 'replace', path: 'id', value: 'x' }),
    error: mutability(0, " (replace 'id'): 'id' is read-only"),
  },
  {
    name: 'replace of meta.created is 400 mutability',
    before: ALICE,
    body: patch({ op: 'replace', path: 'meta.created', value: '2020-01-01T00:00:00Z' }),
    error: mutability(0, " (replace 'meta.created'): 'meta' is read-only"),
  },
  {
    name: 'remove of META is 400 mutability',
    before: ALICE,
    body: patch({ op: 'remove', path: 'META' }),
    error: mutability(0, ''),
  },
  {
    name: 'add to groups is 400 mutability',
    before: ALICE,
    body: patch({ op: 'add', path: 'groups', value: [{ value: 'g-1' }] }),
    error: mutability(0, " (add 'groups'): 'groups' is read-only"),
  },
  {
    name: 'a path-less id is 400 mutability',
    before: ALICE,
    body: patch({ op: 'replace', value: { userName: 'x', id: 'y' } }),
    error: mutability(0, " (replace): 'id' is read-only"),
  },
  {
    name: 'the error of the second operation names Operations[1]',
    before: ALICE,
    body: patch(
      { op: 'replace', path: 'userName', value: 'x' },
      { op: 'replace', path: `${CORE}:groups`, value: [] },
    ),
    error: mutability(1, ''),
  },
  {
    name: 'a sub-attribute of a simple attribute is 400 invalidPath',
    before: ALICE,
    body: patch({ op: 'replace', path: 'userName.first', value: 'x' }),
    error: invalid(
      'invalidPath',
      "Operations[0] (replace 'userName.first'): 'userName' is a string attribute; it has no sub-attribute 'first'",
    ),
  },
  {
    name: 'active.value is 400 invalidPath',
    before: ALICE,
    body: patch({ op: 'add', value: { 'active.value': true } }),
    error: invalid('invalidPath', 'Operations[0] (add): '),
  },
  {
    name: 'a filter on a single-valued attribute is 400 invalidPath',
    before: ALICE,
    body: patch({ op: 'replace', path: 'name[givenName eq "Alice"].familyName', value: 'x' }),
    error: invalid(
      'invalidPath',
      "Operations[0] (replace 'name[givenName eq \"Alice\"].familyName'): 'name' is not a multi-valued",
    ),
  },
  {
    name: 'an unbalanced bracket is 400 invalidPath',
    before: ALICE,
    body: patch({ op: 'replace', path: 'emails[type eq "work"', value: 'x' }),
    error: invalid(
      'invalidPath',
      "Operations[0] (replace 'emails[type eq \"work\"'): Expected ']' at position 22",
    ),
  },
  {
    name: 'an unclosed string in a path is 400 invalidPath',
    before: ALICE,
    body: patch({ op: 'replace', path: 'emails[type eq "work].value', value: 'x' }),
    error: invalid(
      'invalidPath',
      "Operations[0] (replace 'emails[type eq \"work].value'): The string starting at position 16 is not closed",
    ),
  },
  {
    name: 'a filter as a path is 400 invalidPath',
    before: ALICE,
    body: patch({ op: 'remove', path: 'userName eq "x"' }),
    error: invalid(
      'invalidPath',
      "Operations[0] (remove 'userName eq \"x\"'): Unexpected 'eq' at position 10",
    ),
  },
  {
    name: 'two dots are 400 invalidPath',
    before: ALICE,
    body: patch({ op: 'add', path: 'name..givenName', value: 'x' }),
    error: invalid('invalidPath', "Operations[0] (add 'name..givenName'): Invalid attribute name"),
  },
  {
    name: 'a nested value filter is 400 invalidPath',
    before: ALICE,
    body: patch({ op: 'add', path: 'emails[type[value eq "x"]].value', value: 'x' }),
    error: invalid('invalidPath', 'Operations[0]'),
  },
  {
    name: 'an unknown attribute in a value filter is 400 invalidFilter, with or without elements',
    before: BOB,
    body: patch({ op: 'add', path: 'emails[kind eq "work"].value', value: 'bob@contoso.com' }),
    error: invalid(
      'invalidFilter',
      "Operations[0] (add 'emails[kind eq \"work\"].value'): The filter names 'emails.kind'",
    ),
  },
  {
    name: 'a value filter that matches nothing and is not equalities is 400 noTarget',
    before: BOB,
    body: patch({
      op: 'add',
      path: 'emails[not (type eq "work")].value',
      value: 'bob@contoso.com',
    }),
    error: invalid('noTarget', 'Operations[0]'),
  },
  {
    name: 'a value filter path without a sub-attribute takes an object',
    before: ALICE,
    body: patch({ op: 'replace', path: 'emails[type eq "work"]', value: 'al@contoso.com' }),
    error: invalid(
      'invalidValue',
      "Operations[0] (replace 'emails[type eq \"work\"]'): 'emails[...]' takes an object",
    ),
  },
  {
    name: 'add without a value is 400 invalidValue',
    before: ALICE,
    body: patch({ op: 'add', path: 'userName' }),
    error: invalid('invalidValue', "Operations[0] (add 'userName'): value is required"),
  },
  {
    name: 'a path-less add whose value is not an object is 400 invalidValue',
    before: ALICE,
    body: patch({ op: 'add', value: 'x' }),
    error: invalid('invalidValue', 'Operations[0] (add): without a path'),
  },
  {
    name: 'remove without a path is 400 noTarget',
    before: ALICE,
    body: patch({ op: 'remove', value: { userName: 'x' } }),
    error: invalid('noTarget', 'Operations[0] (remove): remove needs a path'),
  },
  {
    name: 'op "move" is 400 invalidSyntax',
    before: ALICE,
    body: patch(
      { op: 'add', path: 'userName', value: 'x' },
      { op: 'move', path: 'userName', from: 'externalId' },
    ),
    error: invalid('invalidSyntax', 'Operations[1]: op must be add, replace or remove, not "move"'),
  },
  {
    name: 'a missing op is 400 invalidSyntax',
    before: ALICE,
    body: patch({ path: 'userName', value: 'x' }),
    error: invalid('invalidSyntax', 'Operations[0]: op must be add, replace or remove, not null'),
  },
  {
    name: 'an operation that is not an object is 400 invalidSyntax',
    before: ALICE,
    body: patch('add'),
    error: invalid('invalidSyntax', 'Operations[0] must be an object'),
  },
  {
    name: 'a path that is not a string is 400 invalidPath',
    before: ALICE,
    body: patch({ op: 'add', path: 7, value: 'x' }),
    error: invalid('invalidPath', 'Operations[0]: path must be a string'),
  },
  {
    name: 'missing Operations is 400 invalidSyntax',
    before: ALICE,
    body: { schemas: [PATCH_SCHEMA] },
    error: invalid('invalidSyntax', 'must have an Operations array'),
  },
  {
    name: 'Operations that is not an array is 400 invalidSyntax',
    before: ALICE,
    body: { schemas: [PATCH_SCHEMA], Operations: { op: 'add', path: 'userName', value: 'x' } },
    error: invalid('invalidSyntax', 'must have an Operations array'),
  },
  {
    name: 'a body that is not an object is 400 invalidSyntax',
    before: ALICE,
    body: [{ op: 'add', path: 'userName', value: 'x' }],
    error: invalid('invalidSyntax', 'with an Operations array'),
  },
  {
    name: 'more than MAX_OPERATIONS operations is 400 tooMany',
    before: ALICE,
    body: {
      Operations: Array.from({ length: MAX_OPERATIONS + 1 }, () => ({
        op: 'remove',
        path: 'nickName',
      })),
    },
    error: invalid(
      'tooMany',
      `Operations holds ${MAX_OPERATIONS + 1} operations; a PATCH may carry at most ${MAX_OPERATIONS}`,
    ),
  },
]
