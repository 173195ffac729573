// Table of parseUser cases (product.md, "The attribute profile"): a body, the tenant's settings (changes
// from DEFAULT_SETTINGS), and either the data parsed or the one 400 expected.
import type { ScimType } from '../errors.js'
import type { UserData } from '../resource/user.js'
import type { TenantSettings } from './settings.js'

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User'
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

export interface AcceptedCase {
  readonly name: string
  readonly body: unknown
  readonly settings?: Partial<TenantSettings>
  /** Fields of the parsed data, compared one by one; a field set to undefined must be absent. */
  readonly data: Partial<UserData>
  /** When true, `data` is the whole result, not a selection of fields. */
  readonly whole?: boolean
  /** The password to hash (never part of `data`); undefined when none was sent. */
  readonly password?: string
  /** The unsupported attributes dropped in `ignore` mode; [] when not given. */
  readonly ignored?: readonly string[]
}

export interface RejectedCase {
  readonly name: string
  readonly body: unknown
  readonly settings?: Partial<TenantSettings>
  readonly scimType: ScimType
  /** How many problems the detail lists: 1 is a bare message, more start with 'N problems:'. */
  readonly problems: number
  /** Texts the detail must contain. */
  readonly detail: readonly string[]
  /** Texts the detail must not contain (a password, attributes that are not a problem). */
  readonly absent?: readonly string[]
}

const joy = { userName: 'joy.young@contoso.com' }
const IGNORE: Partial<TenantSettings> = { unsupportedAttributes: 'ignore' }
const STRONG: Partial<TenantSettings> = {
  passwordPolicy: { minLength: 8, maxLength: 30, complexity: 'strong' },
}

/** A user with every attribute of the profile (as Entra maps it, plus Roster's device names). */
export const FULL_USER = {
  schemas: [USER_SCHEMA],
  userName: 'Joy.Young@contoso.com',
  externalId: 'jyoung',
  active: true,
  name: { givenName: 'Joy', familyName: 'Young' },
  preferredLanguage: 'en-US',
  timezone: 'America/Los_Angeles',
  password: 'Correct-Horse-9',
  roles: [{ type: 'Primary', value: 'Standard User', primary: true }],
  emails: [
    { type: 'Work Email', value: 'jyoung@contoso.com', primary: true },
    { type: 'home', value: 'joy@example.org', display: 'Personal' },
  ],
  phoneNumbers: [
    { type: 'Work Phone', value: '+14155550123' },
    { type: 'mobile', value: '+447700900123', primary: false },
  ],
}

/** entra-client-behaviour.md §2.4, "Example 2": the legacy create body, verbatim. */
export const ENTRA_EXAMPLE_2 = {
  schemas: [
    'urn:ietf:params:scim:schemas:core:2.0:User',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0User',
  ],
  externalId: 'jyoung',
  userName: 'jyoung@testuser.com',
  active: true,
  addresses: null,
  displayName: 'Joy Young',
  emails: [{ type: 'work', value: 'jyoung@Contoso.com', primary: true }],
  meta: { resourceType: 'User' },
  name: { familyName: 'Young', givenName: 'Joy' },
  phoneNumbers: null,
  preferredLanguage: null,
  title: null,
  department: null,
  manager: null,
}

export const ACCEPTED: readonly AcceptedCase[] = [
  {
    name: "Entra's JSON-encoded app role value (Q15) is the role it names",
    body: {
      ...joy,
      roles: [
        {
          value:
            '{"id":"06b07648-ecfe-589f-9d2f-6325724a46ee","value":"Developer","displayName":"Developer"}',
        },
      ],
    },
    data: {
      userName: 'joy.young@contoso.com',
      active: true,
      emails: [],
      phoneNumbers: [],
      roles: [{ value: 'Developer' }],
    },
  },
  {
    name: 'a full valid user',
    body: FULL_USER,
    whole: true,
    data: {
      userName: 'Joy.Young@contoso.com',
      externalId: 'jyoung',
      active: true,
      givenName: 'Joy',
      familyName: 'Young',
      preferredLanguage: 'en-US',
      languageCode: 'en',
      timezone: 'America/Los_Angeles',
      emails: [
        { value: 'jyoung@contoso.com', type: 'Work Email', primary: true, device: 'Work Email' },
        { value: 'joy@example.org', type: 'home', display: 'Personal', device: 'Home Email' },
      ],
      phoneNumbers: [
        { value: '+14155550123', type: 'Work Phone', device: 'Work Phone' },
        { value: '+447700900123', type: 'mobile', primary: false, device: 'Mobile Phone' },
      ],
      roles: [{ value: 'Standard User', type: 'Primary', primary: true }],
    },
    password: 'Correct-Horse-9',
  },
  {
    name: 'the smallest user: a userName',
    body: joy,
    whole: true,
    data: {
      userName: 'joy.young@contoso.com',
      active: true,
      emails: [],
      phoneNumbers: [],
      roles: [{ value: 'Standard User' }],
    },
  },
  {
    name: 'values exactly as sent (case, BCP 47 tag, link, canonical types)',
    body: {
      userName: 'JOY.Young@Contoso.COM',
      preferredLanguage: 'pt-br',
      timezone: 'us/pacific',
      emails: [{ type: 'WORK', value: 'Joy.Young@Contoso.COM' }],
      phoneNumbers: [{ type: 'Mobile', value: '+33612345678' }],
      roles: [{ value: 'Developer', type: 'WindowsAzureActiveDirectoryRole', display: 'Dev' }],
    },
    data: {
      userName: 'JOY.Young@Contoso.COM',
      preferredLanguage: 'pt-br',
      languageCode: 'pt_BR',
      timezone: 'us/pacific',
      emails: [{ value: 'Joy.Young@Contoso.COM', type: 'WORK', device: 'Work Email' }],
      phoneNumbers: [{ value: '+33612345678', type: 'Mobile', device: 'Mobile Phone' }],
      roles: [{ value: 'Developer', type: 'WindowsAzureActiveDirectoryRole', display: 'Dev' }],
    },
  },
  { name: 'active "True"', body: { ...joy, active: 'True' }, data: { active: true } },
  { name: 'active "false"', body: { ...joy, active: 'false' }, data: { active: false } },
  { name: 'active "FALSE"', body: { ...joy, active: 'FALSE' }, data: { active: false } },
  { name: 'active false', body: { ...joy, active: false }, data: { active: false } },
  { name: 'active absent: true', body: joy, data: { active: true } },
  { name: 'active null: true', body: { ...joy, active: null }, data: { active: true } },
  {
    name: 'a userName of 100 characters',
    body: { userName: 'x'.repeat(100) },
    data: { userName: 'x'.repeat(100) },
  },
  {
    name: 'a userName of 100 code points, 200 UTF-16 units',
    body: { userName: '😀'.repeat(100) },
    data: { userName: '😀'.repeat(100) },
  },
  {
    name: 'a userName with spaces and unicode',
    body: { userName: 'José Núñez' },
    data: { userName: 'José Núñez' },
  },
  {
    name: 'an externalId of 250 characters',
    body: { ...joy, externalId: 'e'.repeat(250) },
    data: { externalId: 'e'.repeat(250) },
  },
  {
    name: 'empty strings are no value (Entra clears with "")',
    body: { ...joy, externalId: '', preferredLanguage: '', timezone: '', name: { givenName: '' } },
    data: {
      externalId: undefined,
      preferredLanguage: undefined,
      timezone: undefined,
      givenName: undefined,
    },
  },
  { name: 'no roles: the default role', body: joy, data: { roles: [{ value: 'Standard User' }] } },
  {
    name: 'roles []: the default role',
    body: { ...joy, roles: [] },
    data: { roles: [{ value: 'Standard User' }] },
  },
  {
    name: "no roles: the tenant's own default role",
    body: joy,
    settings: { defaultRole: 'Read Only User' },
    data: { roles: [{ value: 'Read Only User' }] },
  },
  {
    name: 'a role of the tenant, with its exact case',
    body: { ...joy, roles: [{ value: 'REST Web Service User', primary: 'True' }] },
    data: { roles: [{ value: 'REST Web Service User', primary: true }] },
  },
  {
    name: 'the same role twice is one role, with what the later element sets',
    body: { ...joy, roles: [{ value: 'Developer' }, { value: 'Developer', primary: true }] },
    data: { roles: [{ value: 'Developer', primary: true }] },
  },
  {
    // Issue 14: a PATCH `roles[type eq "Primary"].value` on the default role appends the same role
    // with its type; reading the user back must show the type the PATCH set.
    name: 'the default role named again with type Primary keeps the type',
    body: {
      ...joy,
      roles: [{ value: 'Standard User' }, { type: 'Primary', value: 'Standard User' }],
    },
    data: { roles: [{ value: 'Standard User', type: 'Primary' }] },
  },
  {
    name: 'a tenant-defined role',
    body: { ...joy, roles: [{ value: 'On-call Lead' }] },
    settings: { roles: ['On-call Lead', 'Standard User'] },
    data: { roles: [{ value: 'On-call Lead' }] },
  },
  {
    name: 'an email without type is the Work Email',
    body: { ...joy, emails: [{ value: 'joy@contoso.com' }] },
    data: { emails: [{ value: 'joy@contoso.com', device: 'Work Email' }] },
  },
  {
    name: 'a phone without type is the Work Phone',
    body: { ...joy, phoneNumbers: [{ value: '+14155550123' }] },
    data: { phoneNumbers: [{ value: '+14155550123', device: 'Work Phone' }] },
  },
  {
    name: 'one email per device name, through names and aliases',
    body: {
      ...joy,
      emails: [
        { type: 'work', value: 'a@contoso.com', primary: 'true' },
        { type: 'Home Email', value: 'b@example.org' },
        { type: 'other', value: 'c@example.org', primary: false },
      ],
    },
    data: {
      emails: [
        { value: 'a@contoso.com', type: 'work', primary: true, device: 'Work Email' },
        { value: 'b@example.org', type: 'Home Email', device: 'Home Email' },
        { value: 'c@example.org', type: 'other', primary: false, device: 'Other Email' },
      ],
    },
  },
  {
    name: 'a single email object instead of an array',
    body: { ...joy, emails: { type: 'work', value: 'joy@contoso.com' } },
    data: { emails: [{ value: 'joy@contoso.com', type: 'work', device: 'Work Email' }] },
  },
  {
    name: 'null elements of a multi-valued attribute are skipped',
    body: { ...joy, emails: [null, { value: 'joy@contoso.com' }] },
    data: { emails: [{ value: 'joy@contoso.com', device: 'Work Email' }] },
  },
  {
    name: 'a language name, any case, with a subset enabled',
    body: { ...joy, preferredLanguage: 'brazillian portuguese' },
    settings: { languages: ['en', 'pt_BR'] },
    data: { preferredLanguage: 'brazillian portuguese', languageCode: 'pt_BR' },
  },
  {
    name: 'en-US falls back to en',
    body: { ...joy, preferredLanguage: 'en-US' },
    settings: { languages: ['en', 'en_GB'] },
    data: { preferredLanguage: 'en-US', languageCode: 'en' },
  },
  {
    name: 'a link enables its zone',
    body: { ...joy, timezone: 'America/Los_Angeles' },
    settings: { timezones: ['US/Pacific'] },
    data: { timezone: 'America/Los_Angeles' },
  },
  {
    name: 'a strong password',
    body: { ...joy, password: 'Correct-Horse-9' },
    settings: STRONG,
    data: {},
    password: 'Correct-Horse-9',
  },
  {
    name: 'requireNames with both names',
    body: { ...joy, name: { givenName: 'Joy', familyName: 'Young' } },
    settings: { requireNames: true },
    data: { givenName: 'Joy', familyName: 'Young' },
  },
  {
    name: 'nulls and empty arrays of unsupported attributes are tolerated in reject mode',
    body: {
      ...joy,
      displayName: null,
      addresses: [],
      title: null,
      ims: [],
      name: { formatted: null, givenName: 'Joy' },
      emails: [{ value: 'joy@contoso.com', location: null }],
      [ENTERPRISE]: null,
    },
    data: { givenName: 'Joy', emails: [{ value: 'joy@contoso.com', device: 'Work Email' }] },
  },
  {
    name: 'unsupported attributes in ignore mode: accepted, listed in ignored',
    body: {
      ...joy,
      displayName: 'Joy Young',
      name: { formatted: 'Joy Young', givenName: 'Joy' },
      addresses: [{ type: 'work', locality: 'Redmond' }],
      [ENTERPRISE]: { department: 'Ops', manager: { value: 'x' } },
    },
    settings: IGNORE,
    data: { givenName: 'Joy' },
    ignored: ['displayName', 'name.formatted', 'addresses', ENTERPRISE],
  },
  {
    name: 'an unsupported sub-attribute in several elements is listed once',
    body: {
      ...joy,
      emails: [
        { type: 'work', value: 'a@contoso.com', location: 'HQ' },
        { type: 'home', value: 'b@example.org', location: 'home' },
      ],
    },
    settings: IGNORE,
    data: {},
    ignored: ['emails.location'],
  },
  {
    name: "Entra's legacy create body (§2.4 Example 2) in ignore mode",
    body: ENTRA_EXAMPLE_2,
    settings: IGNORE,
    whole: true,
    data: {
      userName: 'jyoung@testuser.com',
      externalId: 'jyoung',
      active: true,
      givenName: 'Joy',
      familyName: 'Young',
      emails: [{ value: 'jyoung@Contoso.com', type: 'work', primary: true, device: 'Work Email' }],
      phoneNumbers: [],
      roles: [{ value: 'Standard User' }],
    },
    ignored: ['displayName'],
  },
  {
    name: 'readOnly attributes (id, meta, groups) are ignored, not unsupported',
    body: {
      ...joy,
      id: 'client-chosen',
      meta: { resourceType: 'User', version: 'W/"9"' },
      groups: [{ value: 'g1', display: 'On call' }],
    },
    whole: true,
    data: {
      userName: 'joy.young@contoso.com',
      active: true,
      emails: [],
      phoneNumbers: [],
      roles: [{ value: 'Standard User' }],
    },
  },
  {
    name: 'attribute names in any case',
    body: {
      USERNAME: 'joy',
      Active: 'False',
      NAME: { GIVENNAME: 'Joy' },
      Emails: [{ Value: 'joy@contoso.com', TYPE: 'work', Primary: true }],
      phonenumbers: [{ VALUE: '+14155550123' }],
      Roles: [{ VALUE: 'Developer' }],
      PreferredLanguage: 'EN',
    },
    data: {
      userName: 'joy',
      active: false,
      givenName: 'Joy',
      preferredLanguage: 'EN',
      languageCode: 'en',
      emails: [{ value: 'joy@contoso.com', type: 'work', primary: true, device: 'Work Email' }],
      phoneNumbers: [{ value: '+14155550123', device: 'Work Phone' }],
      roles: [{ value: 'Developer' }],
    },
  },
  {
    name: 'URN-qualified core attribute names',
    body: { [`${USER_SCHEMA}:userName`]: 'joy', [`${USER_SCHEMA.toUpperCase()}:externalId`]: 'j1' },
    data: { userName: 'joy', externalId: 'j1' },
  },
  {
    name: 'unknown schema URNs in schemas are tolerated',
    body: { ...joy, schemas: ['urn:example:not-a-schema', `${ENTERPRISE}`] },
    data: { userName: 'joy.young@contoso.com' },
  },
]

export const REJECTED: readonly RejectedCase[] = [
  {
    name: 'a JSON-encoded app role naming an unknown role',
    body: { ...joy, roles: [{ value: '{"id":"x","value":"Admin","displayName":"Admin"}' }] },
    scimType: 'invalidValue',
    problems: 1,
    detail: ["roles[0].value: 'Admin' is not a role of this tenant"],
  },
  {
    name: "active 'yes'",
    body: { ...joy, active: 'yes' },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['active: must be a boolean (true or false), not "yes".'],
  },
  {
    name: 'active 1',
    body: { ...joy, active: 1 },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['active: must be a boolean'],
  },
  {
    name: 'missing userName',
    body: {},
    scimType: 'invalidValue',
    problems: 1,
    detail: ['userName: is required.'],
  },
  {
    name: 'empty userName',
    body: { userName: '' },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['userName: is required.'],
  },
  {
    name: 'userName of 101 characters',
    body: { userName: 'x'.repeat(101) },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['userName: must have at most 100 characters.'],
  },
  {
    name: 'a zero-width space in userName',
    body: { userName: 'joy\u200byoung' },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['userName: must contain only printable characters, not only spaces.'],
  },
  {
    name: 'a userName of spaces only',
    body: { userName: '   ' },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['userName: must contain only printable characters, not only spaces.'],
  },
  {
    name: 'a control character in userName',
    body: { userName: 'joy\u0007young' },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['userName: contains the control character U+0007; remove it.'],
  },
  {
    name: 'a tab in userName',
    body: { userName: 'joy\tyoung' },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['userName: contains the control character U+0009; remove it.'],
  },
  {
    name: 'a newline in userName',
    body: { userName: 'joy\n' },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['userName: contains the control character U+000A; remove it.'],
  },
  {
    name: 'a userName with white space at its ends (RFC 8265 §3.3)',
    body: { userName: ' rb6 ' },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['userName: must not begin or end with white space.'],
  },
  {
    name: 'an ideographic space ending a userName',
    body: { userName: 'rb6\u3000' },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['userName: must not begin or end with white space.'],
  },
  {
    name: 'NUL and C1 controls in externalId, names and an email display',
    body: {
      ...joy,
      externalId: 'a\u0000b',
      name: { givenName: 'Joy\u0085', familyName: 'Young\u007f' },
      emails: [{ value: 'joy@contoso.com', display: 'Work\u001b' }],
    },
    scimType: 'invalidValue',
    problems: 4,
    detail: [
      'externalId: contains the control character U+0000; remove it',
      'name.givenName: contains the control character U+0085; remove it',
      'name.familyName: contains the control character U+007F; remove it',
      'emails[0].display: contains the control character U+001B; remove it',
    ],
  },
  {
    name: 'externalId of 251 characters',
    body: { ...joy, externalId: 'e'.repeat(251) },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['externalId: must have at most 250 characters.'],
  },
  {
    name: 'a givenName of 256 characters',
    body: { ...joy, name: { givenName: 'g'.repeat(256) } },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['name.givenName: must have at most 255 characters.'],
  },
  {
    name: "'standard user': role names match exactly, with a hint",
    body: { ...joy, roles: [{ value: 'standard user' }] },
    scimType: 'invalidValue',
    problems: 1,
    detail: [
      "roles[0].value: 'standard user' is not a role of this tenant",
      "did you mean 'Standard User'?",
    ],
    absent: ['?.'],
  },
  {
    name: 'an unknown role',
    body: { ...joy, roles: [{ type: 'WindowsAzureActiveDirectoryRole', value: 'Admin' }] },
    scimType: 'invalidValue',
    problems: 1,
    detail: [
      "roles[0].value: 'Admin' is not a role of this tenant; define it first (roster roles add)",
    ],
    absent: ['did you mean'],
  },
  {
    name: 'a role without value',
    body: { ...joy, roles: [{ type: 'Primary' }] },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['roles[0].value: is required.'],
  },
  {
    name: 'two primary roles',
    body: {
      ...joy,
      roles: [
        { value: 'Developer', primary: true },
        { value: 'Group Monitor', primary: true },
      ],
    },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['roles: at most one element may have primary set to true.'],
  },
  {
    name: "two emails on one device ('work' and 'Work Email')",
    body: {
      ...joy,
      emails: [
        { type: 'work', value: 'a@contoso.com' },
        { type: 'Work Email', value: 'b@contoso.com' },
      ],
    },
    scimType: 'invalidValue',
    problems: 1,
    detail: ["emails[1].type: 'Work Email' is already used by emails[0]"],
  },
  {
    name: 'an untyped email and a work email are one device',
    body: {
      ...joy,
      emails: [{ value: 'a@contoso.com' }, { type: 'work', value: 'b@contoso.com' }],
    },
    scimType: 'invalidValue',
    problems: 1,
    detail: ["emails[1].type: 'Work Email' is already used by emails[0]"],
  },
  {
    name: "two phones on one device ('mobile' and 'Mobile Phone')",
    body: {
      ...joy,
      phoneNumbers: [
        { type: 'mobile', value: '+14155550123' },
        { type: 'Mobile Phone', value: '+14155550124' },
      ],
    },
    scimType: 'invalidValue',
    problems: 1,
    detail: ["phoneNumbers[1].type: 'Mobile Phone' is already used by phoneNumbers[0]"],
  },
  {
    name: "an unknown device type 'fax'",
    body: { ...joy, phoneNumbers: [{ type: 'fax', value: '+14155550123' }] },
    scimType: 'invalidValue',
    problems: 1,
    detail: [
      "phoneNumbers[0].type: 'fax' is not a phone device name of this tenant; use one of Work Phone, Home Phone, Mobile Phone, SMS Phone (or work, home, mobile).",
    ],
  },
  {
    name: "'mobile' is not an email device",
    body: { ...joy, emails: [{ type: 'mobile', value: 'joy@contoso.com' }] },
    scimType: 'invalidValue',
    problems: 1,
    detail: [
      "emails[0].type: 'mobile' is not an email device name of this tenant; use one of Work Email, Home Email, Other Email (or work, home, other).",
    ],
  },
  {
    name: 'two primary emails',
    body: {
      ...joy,
      emails: [
        { type: 'work', value: 'a@contoso.com', primary: true },
        { type: 'home', value: 'b@example.org', primary: 'True' },
      ],
    },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['emails: at most one element may have primary set to true.'],
  },
  {
    name: 'an email without value',
    body: { ...joy, emails: [{ type: 'work', primary: true }] },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['emails[0].value: is required.'],
  },
  {
    name: 'a bad email',
    body: { ...joy, emails: [{ type: 'work', value: 'Joy <joy@contoso.com>' }] },
    scimType: 'invalidValue',
    problems: 1,
    detail: ["emails[0].value: 'Joy <joy@contoso.com>' is not a valid email address."],
  },
  {
    name: 'an email that is not an object',
    body: { ...joy, emails: ['joy@contoso.com'] },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['emails[0]: must be an object.'],
  },
  {
    name: 'a bad phone',
    body: { ...joy, phoneNumbers: [{ type: 'work', value: '+1 415 555 0123' }] },
    scimType: 'invalidValue',
    problems: 1,
    detail: ["phoneNumbers[0].value: '+1 415 555 0123' is not in E.164 format"],
  },
  {
    name: 'an impossible phone',
    body: { ...joy, phoneNumbers: [{ type: 'work', value: '+1415' }] },
    scimType: 'invalidValue',
    problems: 1,
    detail: ["phoneNumbers[0].value: '+1415' is not a possible phone number"],
  },
  {
    name: 'a bad language',
    body: { ...joy, preferredLanguage: 'Klingon' },
    scimType: 'invalidValue',
    problems: 1,
    detail: ["preferredLanguage: 'Klingon' is not a language enabled for this tenant"],
  },
  {
    name: 'a disabled language',
    body: { ...joy, preferredLanguage: 'pt-BR' },
    settings: { languages: ['en', 'fr'] },
    scimType: 'invalidValue',
    problems: 1,
    detail: ["preferredLanguage: 'pt-BR' is not a language enabled for this tenant"],
  },
  {
    name: 'a bad timezone',
    body: { ...joy, timezone: 'US/Los Angeles' },
    scimType: 'invalidValue',
    problems: 1,
    detail: ["timezone: 'US/Los Angeles' is not an IANA time zone enabled for this tenant"],
  },
  {
    name: 'a timezone not enabled',
    body: { ...joy, timezone: 'Europe/Paris' },
    settings: { timezones: ['US/Pacific', 'US/Eastern'] },
    scimType: 'invalidValue',
    problems: 1,
    detail: ["timezone: 'Europe/Paris' is not an IANA time zone enabled for this tenant"],
  },
  {
    name: 'a password too short',
    body: { ...joy, password: 'hunter2' },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['password: does not meet the password policy: it must have at least 8 characters.'],
    absent: ['hunter2'],
  },
  {
    name: 'a password against the strong policy',
    body: { userName: 'joyyoung', password: 'joyyoung-secret' },
    settings: STRONG,
    scimType: 'invalidValue',
    problems: 1,
    detail: [
      'password: does not meet the password policy: it must contain an upper-case letter, it must contain a digit, it must not contain 3 consecutive characters of the user name.',
    ],
    absent: ['joyyoung-secret', 'secret'],
  },
  {
    name: 'a password that is not a string is not echoed',
    body: { ...joy, password: 86753091 },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['password: must be a string.'],
    absent: ['86753091'],
  },
  {
    name: 'requireNames without names',
    body: joy,
    settings: { requireNames: true },
    scimType: 'invalidValue',
    problems: 2,
    detail: [
      'name.givenName: is required by this tenant',
      'name.familyName: is required by this tenant',
    ],
  },
  {
    name: 'unsupported attributes in reject mode: every path, one error',
    body: {
      ...joy,
      displayName: 'Joy Young',
      name: { formatted: 'Joy Young', givenName: 'Joy' },
      addresses: [{ type: 'work', locality: 'Redmond' }],
      [ENTERPRISE]: { department: 'Ops' },
      emails: [{ value: 'not an email' }],
    },
    scimType: 'invalidValue',
    problems: 2,
    detail: [
      `This directory does not support the attributes displayName, name.formatted, addresses, ${ENTERPRISE}. Remove them from the attribute mapping`,
      "emails[0].value: 'not an email' is not a valid email address",
      "'roster policy set unsupportedAttributes ignore'",
    ],
  },
  {
    name: 'one unsupported attribute',
    body: { ...joy, nickName: 'Babs' },
    scimType: 'invalidValue',
    problems: 1,
    detail: ['does not support the attribute nickName. Remove it from the attribute mapping'],
  },
  {
    name: 'a URN-qualified enterprise attribute',
    body: { ...joy, [`${ENTERPRISE}:department`]: 'Ops' },
    scimType: 'invalidValue',
    problems: 1,
    detail: [`does not support the attribute ${ENTERPRISE}:department.`],
  },
  {
    name: "Entra's legacy create body (§2.4 Example 2) in reject mode: only displayName",
    body: ENTRA_EXAMPLE_2,
    scimType: 'invalidValue',
    problems: 1,
    detail: ['This directory does not support the attribute displayName. Remove it'],
    absent: ['addresses', 'title', 'department', 'manager', 'meta', 'phoneNumbers', 'enterprise'],
  },
  {
    name: 'several problems in one error',
    body: {
      userName: 'x'.repeat(101),
      active: 'yes',
      emails: [{ type: 'fax', value: 'joy@contoso.com' }],
      phoneNumbers: [{ value: '4155550123' }],
      roles: [{ value: 'Admin' }],
      preferredLanguage: 'Klingon',
      timezone: 'Mars/Olympus',
      password: 'short',
    },
    scimType: 'invalidValue',
    problems: 8,
    detail: [
      '8 problems: ',
      'active: must be a boolean',
      'userName: must have at most 100 characters',
      "preferredLanguage: 'Klingon'",
      "timezone: 'Mars/Olympus'",
      'password: does not meet the password policy',
      "emails[0].type: 'fax'",
      "phoneNumbers[0].value: '4155550123'",
      "roles[0].value: 'Admin'",
    ],
    absent: ["'short'"],
  },
  {
    name: 'a password problem is reported even without a userName',
    body: { password: 'short' },
    scimType: 'invalidValue',
    problems: 2,
    detail: ['2 problems: userName: is required; password: does not meet the password policy'],
  },
  {
    name: 'a body that is not an object',
    body: [{ userName: 'joy' }],
    scimType: 'invalidSyntax',
    problems: 1,
    detail: ['the body must be a JSON object.'],
  },
  {
    name: 'schemas that is not an array',
    body: { ...joy, schemas: USER_SCHEMA },
    scimType: 'invalidSyntax',
    problems: 1,
    detail: ['schemas: must be an array of schema URIs.'],
  },
]
