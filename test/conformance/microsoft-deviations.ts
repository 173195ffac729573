// The assertions of Microsoft's SCIM reference collection that Roster deliberately fails, per mode of the tenant
// setting unsupportedAttributes, each with its reason. microsoft-collection.test.ts fails when any other
// assertion fails and when one of these passes; docs/conformance.md shows the same rows.

export interface Deviation {
  /** Folders and request name joined with ' / '; ' #n' marks the n-th of requests sharing that label. */
  readonly request: string
  /** The name given to pm.test. */
  readonly assertion: string
  readonly reason: string
}

/** 'reject' is the default; 'ignore' accepts and drops attributes outside the profile. */
export const MODES = ['reject', 'ignore'] as const
export type Mode = (typeof MODES)[number]

const rows = (request: string, assertions: readonly string[], reason: string): Deviation[] =>
  assertions.map((assertion) => ({ request, assertion, reason }))

const ENDPOINTS = 'Endpoint tests'
const USERS = 'User tests'
const GROUPS = 'Group tests'
const COMPLEX = 'ComplexAttribute tests'
const GARBAGE = 'User tests with garbage'
const GROUP_GARBAGE = 'Group tests with garbage'
const TEARDOWN = 'Teardown garbage'

// Reasons shared by both modes.
const SERVICE_CONFIGURATION =
  "The reference server's own path. RFC 7644 §4 names the endpoint `/ServiceProviderConfig`, which Roster serves (with `patch.supported` true); `/serviceConfiguration` is a 404."
const SCHEMA_DESCRIPTION =
  "'User Account' is the description in RFC 7643 §8.7.1, which is an example. Roster's /Schemas describes the xMatters profile it supports ('A person of the directory (xMatters profile).')."
const MEMBER_DISPLAY_NAME =
  "The PATCH gave the member a `displayName` of 'new User', which is not a sub-attribute of `members` (RFC 7643 §4.2: `value`, `$ref`, `type`, `display`). Roster returns `display` from the member itself (its name), never the label a client sent."
const ATTRIBUTES_VALUE_FILTER =
  'The `attributes` parameter takes attribute names in attribute notation (RFC 7644 §3.9, §3.10), not value filters: `emails[type eq "work"]` is a 400 invalidValue naming it.'
const INVALID_EMAIL =
  "`emailName357` is not an email address: 400 (product.md: an email's value must be a valid address)."
const BARE_STRING_MEMBER =
  "The member is a bare string ('string id 1'). A member is a complex value whose `value` is a resource id (RFC 7643 §4.2): 400 invalidValue. No resource has that id either."
const NO_OMALLEY =
  'User OMalley does not exist: \'Post user "OMalley"\' was refused, so `{{1stuserid}}` is empty and the request is a 404. For an existing user Roster answers 200 with the resource, which RFC 7644 §3.5.2 allows as well as 204.'
const NO_GARBAGE_USERS =
  'Follows from the refusals above: none of the five users (OMalley, emp1, emp2, emp3, enterprise) exists, so the count is 0.'
const NO_DUPLICATE =
  "emp3 was never created, and this body is as invalid as 'Post emp3': 400, not 409. A valid duplicate userName is a 409 uniqueness (ignoring case)."
const NO_USER_TO_DELETE = (post: string): string =>
  `Follows: '${post}' was refused, so there is no user to delete (404).`
const BAD_VALUES =
  "preferredLanguage `xh` is not one of xMatters' languages, the phone numbers are not E.164 (`312-320-0500`), and `fax` is none of the tenant's phone devices (Work Phone, Home Phone, Mobile Phone, SMS Phone)."
const DUPLICATE_WORK_EMAILS =
  ' Both emails are of type `work`: a user has at most one email per device (Work Email).'

const POST_USER =
  'The body has `displayName` and `name.formatted`, outside the xMatters profile: 400 naming them and how to fix the mapping (unsupportedAttributes `reject`, the default).'
const POST_ENTERPRISE_USER =
  'The body has `displayName`, `name.formatted` and the EnterpriseUser extension, outside the xMatters profile: 400 naming them (unsupportedAttributes `reject`).'

interface ModeReasons {
  readonly filterDisplayName: string
  readonly nameFormatted: string
  readonly complexUser1: string
  readonly garbage: string
  readonly garbageEnterprise: string
  readonly misspelled: string
  readonly germany: string
}

/** The reasons that differ between the modes: what happens to attributes outside the profile. */
const REASONS: Readonly<Record<Mode, ModeReasons>> = {
  reject: {
    filterDisplayName:
      "A filter on `displayName`, which the profile does not have: 400 invalidFilter (an unknown attribute is never dropped from a filter). User1 does not exist either ('Post User' was refused).",
    nameFormatted:
      "`name.formatted` is outside the profile, so it is never stored; and user2 does not exist ('Post EnterpriseUser' was refused).",
    complexUser1: `The body has \`displayName\` and \`name.formatted\` (refused in this mode), and ${INVALID_EMAIL}`,
    garbage: `Outside the profile and refused in this mode: \`addresses\`, \`displayName\`, \`name.formatted\`, \`title\`. Invalid values besides: ${BAD_VALUES}`,
    garbageEnterprise: `Outside the profile and refused in this mode: \`addresses\`, \`displayName\`, \`name.formatted\`, \`title\` and the EnterpriseUser extension. Invalid values besides: ${BAD_VALUES}`,
    misspelled:
      '`adreses` (a misspelling) and `displayName`, `name.formatted`, `title` are refused in this mode, the values are invalid (`xh`, phones not E.164, `fax`), and OMalley does not exist.',
    germany:
      '`addresses` is outside the profile (refused in this mode, never stored or returned); and the PUT was refused.',
  },
  ignore: {
    filterDisplayName:
      'A filter on `displayName`, which the profile does not have: this mode drops it from writes, so no user has one and the filter matches nothing (200, empty list).',
    nameFormatted:
      '`name.formatted` is outside the profile: this mode accepts and drops it, so it is never returned.',
    complexUser1: INVALID_EMAIL,
    garbage: `Invalid values, which this mode does not excuse (it only drops attributes outside the profile): ${BAD_VALUES}`,
    garbageEnterprise: `Invalid values, which this mode does not excuse (it only drops attributes outside the profile): ${BAD_VALUES}`,
    misspelled:
      'The values are invalid (`xh`, phones not E.164, `fax`) and OMalley does not exist. This mode would drop the misspelled `adreses` alone and answer 200.',
    germany:
      '`addresses` is outside the profile: this mode drops it, so it is never returned; and the PUT was refused.',
  },
}

/** Deviations in the folders whose users Roster refuses in both modes (bad phones, language, emails). */
function garbage(mode: Mode): Deviation[] {
  const r = REASONS[mode]
  return [
    ...rows(`${GARBAGE} / Post user "OMalley"`, ['Status code is 201'], r.garbage),
    ...rows(
      `${GARBAGE} / Post user "OMalley"`,
      ['Username', 'Active true'],
      'Follows: the user was refused (see its status code).',
    ),
    ...rows(
      `${GARBAGE} / Post emp1 with string "True"`,
      ['Status code is 201'],
      r.garbage + DUPLICATE_WORK_EMAILS + ' (The string "True" itself is accepted as true.)',
    ),
    ...rows(
      `${GARBAGE} / Post emp1 with string "True"`,
      ['Active properly set'],
      'Follows: the user was refused (see its status code).',
    ),
    ...rows(
      `${GARBAGE} / Get all users`,
      ['Results have 2 users', 'Body contians OMalley'],
      'Follows: OMalley and emp1 were refused, so the tenant has no user.',
    ),
    ...rows(`${GARBAGE} / Post emp2`, ['Status code is 201'], r.garbage + DUPLICATE_WORK_EMAILS),
    ...rows(`${GARBAGE} / Post emp3`, ['Status code is 201'], r.garbage + DUPLICATE_WORK_EMAILS),
    ...rows(`${GARBAGE} / Post emp3 exists`, ['Status code is 409'], NO_DUPLICATE),
    ...rows(`${GARBAGE} / Post emp3 exists try again #1`, ['Status code is 409'], NO_DUPLICATE),
    ...rows(`${GARBAGE} / Put a user misspelled attribute`, ['Status code is 200'], r.misspelled),
    ...rows(
      `${GARBAGE} / Post enterprise user`,
      ['Status code is 201'],
      r.garbageEnterprise + DUPLICATE_WORK_EMAILS,
    ),
    ...rows(`${GARBAGE} / Patch user omalley new username`, ['Status code is 204'], NO_OMALLEY),
    ...rows(
      `${GARBAGE} / patch user omalley active with boolean`,
      ['Status code is 204'],
      NO_OMALLEY,
    ),
    ...rows(
      `${GARBAGE} / get user1`,
      ['Username changed', 'Active changed'],
      'Follows: user OMalley does not exist (\'Post user "OMalley"\' was refused).',
    ),
    ...rows(
      `${GARBAGE} / Put a user OMalley`,
      ['Status code is 200'],
      `${r.garbage} OMalley does not exist either.`,
    ),
    ...rows(
      `${GARBAGE} / Put a user OMalley`,
      ['Username', 'Active'],
      'Follows: the PUT was refused (see its status code).',
    ),
    ...rows(`${GARBAGE} / Put a user OMalley`, ['Body contians Germany'], r.germany),
    ...rows(
      `${GARBAGE} / Paginate`,
      ['Total results', 'JSON Assertion items per page'],
      NO_GARBAGE_USERS,
    ),
    ...rows(`${GARBAGE} / get user attributes`, ['Total results'], NO_GARBAGE_USERS),
    ...rows(`${GARBAGE} / Post emp3 exists try again #2`, ['Status code is 409'], NO_DUPLICATE),
    ...rows(`${GARBAGE} / filter eq and (val or val)`, ['Total results'], NO_GARBAGE_USERS),
    ...rows(`${GARBAGE} / filter starts with`, ['Total results'], NO_GARBAGE_USERS),
    ...rows(`${GARBAGE} / filter greater than`, ['Total results'], NO_GARBAGE_USERS),
    ...rows(
      `${GROUP_GARBAGE} / Group patch add member`,
      ['Status code is 204'],
      BARE_STRING_MEMBER,
    ),
    ...rows(
      `${GROUP_GARBAGE} / Group patch add member2`,
      ['Status code is 204'],
      BARE_STRING_MEMBER,
    ),
    ...rows(
      `${TEARDOWN} / Delete user 1`,
      ['Status code is 204'],
      NO_USER_TO_DELETE('Post user "OMalley"'),
    ),
    ...rows(
      `${TEARDOWN} / Delete user 2`,
      ['Status code is 204'],
      NO_USER_TO_DELETE('Post emp1 with string "True"'),
    ),
    ...rows(
      `${TEARDOWN} / Delete user3 emp2`,
      ['Status code is 204'],
      NO_USER_TO_DELETE('Post emp2'),
    ),
    ...rows(
      `${TEARDOWN} / Delete user4 emp3`,
      ['Status code is 204'],
      NO_USER_TO_DELETE('Post emp3'),
    ),
    ...rows(
      `${TEARDOWN} / Delete enterprise user`,
      ['Status code is 204'],
      NO_USER_TO_DELETE('Post enterprise user'),
    ),
  ]
}

const reject = REASONS.reject
const ignore = REASONS.ignore
const NO_USER1 = "Follows: 'Post User' was refused, so user1 does not exist (404)."
const NO_USER2 = "Follows: 'Post EnterpriseUser' was refused, so user2 does not exist (404)."
const NO_USERS_3_4 =
  "Follows: users 3 and 4 were refused ('create user for group 2', 'Create user 4 for group 2')."
const UNKNOWN_MEMBER =
  'Follows: its member ids are those of users that were refused. An unknown member id is a 400 naming it, and nothing of the request is applied (product.md).'

export const MICROSOFT_DEVIATIONS: Readonly<Record<Mode, readonly Deviation[]>> = {
  reject: [
    ...rows(
      `${ENDPOINTS} / Get ServiceProviderConfig`,
      ['Status code is 200', 'Pach supported is true'],
      SERVICE_CONFIGURATION,
    ),
    ...rows(`${ENDPOINTS} / Get Schemas`, ['Body contians User Account'], SCHEMA_DESCRIPTION),
    ...rows(`${USERS} / Post User`, ['Status code is 201'], POST_USER),
    ...rows(`${USERS} / Post EnterpriseUser`, ['Status code is 201'], POST_ENTERPRISE_USER),
    ...rows(`${USERS} / Get user1`, ['Status code is 200', 'Id is requsted'], NO_USER1),
    ...rows(`${USERS} / Get user2`, ['Status code is 200', 'Id is requsted'], NO_USER2),
    ...rows(`${USERS} / Get User Attributes`, ['Body contians id1'], NO_USER1),
    ...rows(`${USERS} / Get User Filters`, ['Body contians id1'], reject.filterDisplayName),
    ...rows(
      `${USERS} / Get User1 Check Patch`,
      ['Status code is 200', 'Id matches', 'Username is changed'],
      NO_USER1,
    ),
    ...rows(
      `${USERS} / User 2 replace test`,
      ['Status code is 200'],
      "The body has `displayName` and `name.formatted`, outside the xMatters profile (400, unsupportedAttributes `reject`); user2 does not exist either ('Post EnterpriseUser' was refused).",
    ),
    ...rows(`${USERS} / Get user2 Check replace`, ['Status code is 200'], NO_USER2),
    ...rows(`${USERS} / Get user2 Check replace`, ['Name is updated'], reject.nameFormatted),
    ...rows(`${USERS} / Delete user1`, ['Status code is 204'], NO_USER1),
    ...rows(`${USERS} / Delete user2`, ['Status code is 204'], NO_USER2),
    ...rows(`${GROUPS} / create user for group 2`, ['Status code is 201'], POST_USER),
    ...rows(`${GROUPS} / Create user 4 for group 2`, ['Status code is 201'], POST_USER),
    ...rows(`${GROUPS} / Create filled group 2`, ['Status code is 201'], UNKNOWN_MEMBER),
    ...rows(`${GROUPS} / Put replace group3`, ['Status code is 200'], UNKNOWN_MEMBER),
    ...rows(`${GROUPS} / Validate group 3`, ['Body contians user id3'], NO_USERS_3_4),
    ...rows(
      `${GROUPS} / Get group by id #1`,
      ['Body contians user'],
      `${NO_USERS_3_4} ${MEMBER_DISPLAY_NAME}`,
    ),
    ...rows(`${GROUPS} / Delete user id3`, ['Status code is 204'], NO_USERS_3_4),
    ...rows(`${GROUPS} / Delete user id4`, ['Status code is 204'], NO_USERS_3_4),
    ...rows(
      `${GROUPS} / Delete group 2`,
      ['Status code is 204'],
      "Follows: 'Create filled group 2' was refused, so there is no group to delete (404).",
    ),
    ...rows(`${COMPLEX} / create user1`, ['Status code is 201'], reject.complexUser1),
    ...rows(`${COMPLEX} / create user2`, ['Status code is 201'], POST_USER),
    ...rows(`${COMPLEX} / Get user attributes`, ['Status code is 200'], ATTRIBUTES_VALUE_FILTER),
    ...rows(
      `${COMPLEX} / Get user attributes`,
      ['Body contians User1 email'],
      `${ATTRIBUTES_VALUE_FILTER} User1 does not exist either.`,
    ),
    ...rows(
      `${COMPLEX} / Get user via attributes filter`,
      ['Status code is 200'],
      ATTRIBUTES_VALUE_FILTER,
    ),
    ...rows(`${COMPLEX} / Delete User1`, ['Status code is 204'], NO_USER_TO_DELETE('create user1')),
    ...rows(`${COMPLEX} / Delete User2`, ['Status code is 204'], NO_USER_TO_DELETE('create user2')),
    ...garbage('reject'),
  ],
  ignore: [
    ...rows(
      `${ENDPOINTS} / Get ServiceProviderConfig`,
      ['Status code is 200', 'Pach supported is true'],
      SERVICE_CONFIGURATION,
    ),
    ...rows(`${ENDPOINTS} / Get Schemas`, ['Body contians User Account'], SCHEMA_DESCRIPTION),
    ...rows(`${USERS} / Get User Filters`, ['Body contians id1'], ignore.filterDisplayName),
    ...rows(`${USERS} / Get user2 Check replace`, ['Name is updated'], ignore.nameFormatted),
    ...rows(`${GROUPS} / Get group by id #1`, ['Body contians user'], MEMBER_DISPLAY_NAME),
    ...rows(`${COMPLEX} / create user1`, ['Status code is 201'], ignore.complexUser1),
    ...rows(`${COMPLEX} / Get user attributes`, ['Status code is 200'], ATTRIBUTES_VALUE_FILTER),
    ...rows(
      `${COMPLEX} / Get user attributes`,
      ['Body contians User1 email'],
      `${ATTRIBUTES_VALUE_FILTER} User1 does not exist either.`,
    ),
    ...rows(
      `${COMPLEX} / Get user via attributes filter`,
      ['Status code is 200'],
      ATTRIBUTES_VALUE_FILTER,
    ),
    ...rows(`${COMPLEX} / Delete User1`, ['Status code is 204'], NO_USER_TO_DELETE('create user1')),
    ...garbage('ignore'),
  ],
}
