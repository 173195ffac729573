// Every request and response example of ../shared/docs/entra-client-behaviour.md as replay data, grouped
// into lifecycles, in default mode and in flag mode (aadOptscim062020, §4). Step ids name the section
// (§n.n) or the quirk (Qn) the example comes from. Values that must be unique in the tenant carry
// `{run}` (unique per scenario run); everything else is as the document writes it. Expected properties
// are the document's expected responses; where Roster answers otherwise on purpose, the step says why
// in `deliberate` (attributes outside the xMatters profile go through outsideProfile).
import {
  CORE_GROUP,
  CORE_USER,
  ENTERPRISE_USER,
  ENTRA_MODES,
  LIST_RESPONSE,
  PATCH_OP,
  absent,
  aNumber,
  aString,
  contains,
  error,
  excludes,
  includes,
  length,
  outsideProfile,
  patch,
} from './fixture.js'
import type { Json, Property, Scenario, Step } from './fixture.js'

const ADSCIM_GROUP = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'
const EMPLOYEE_NUMBER = `${ENTERPRISE_USER}:employeeNumber`
const DEPARTMENT = `${ENTERPRISE_USER}:department`
const MANAGER = `${ENTERPRISE_USER}:manager`
/** The default role every user created without one holds (product.md, xMatters). */
const DEFAULT_ROLES = [{ value: 'Standard User' }]
const DEFAULT_ROLE_REASON =
  "a user created without a role holds the tenant's default role (product.md), so roles is returned where the doc's response has none"
const EMPTY_MEMBERS_REASON =
  "a group without members is returned without the members key, which RFC 7643 §2.5 makes the same state as the doc's members: []"
const ITEMS_PER_PAGE_REASON =
  "itemsPerPage is the number of resources on this page (RFC 7644 §3.4.2); the doc's sample shows its page size, 20"

/** An empty ListResponse, as §1.2 requires for a filter that matches nothing. */
const EMPTY_LIST: Property[] = [
  ['schemas', [LIST_RESPONSE]],
  ['totalResults', 0],
  ['Resources', []],
  ['startIndex', 1],
  ['itemsPerPage', 0],
]

/** A user with only in-profile attributes, for scenarios whose subject is something else. */
function plainUser(userName: string): Json {
  return { schemas: [CORE_USER], userName, active: true }
}

function createUser(id: string, userName: string, capture: string): Step {
  return {
    id,
    request: { method: 'POST', path: '/Users', body: plainUser(userName) },
    expect: { status: 201, body: [['userName', userName]] },
    capture: { [capture]: 'id' },
  }
}

function deleteUser(id: string, placeholder: string): Step {
  return {
    id,
    request: { method: 'DELETE', path: `/Users/{${placeholder}}` },
    expect: { status: 204 },
  }
}

// §1.1: Test Connection, its group probe, and schema discovery.
const testConnection: Scenario = {
  name: '§1 Test Connection',
  modes: ENTRA_MODES,
  steps: [
    {
      id: '§1.1 Test Connection: a user that does not exist (random GUID)',
      request: { method: 'GET', path: '/Users?filter=userName eq "{uuid}"' },
      expect: { status: 200, body: EMPTY_LIST },
      deliberate: ITEMS_PER_PAGE_REASON,
    },
    {
      id: '§1.1 companion probe: a group that does not exist, members excluded',
      request: {
        method: 'GET',
        path: '/Groups?excludedAttributes=members&filter=displayName eq "{uuid}"',
      },
      expect: { status: 200, body: EMPTY_LIST },
      deliberate: ITEMS_PER_PAGE_REASON,
    },
    {
      id: '§1.1 GET /Schemas (saving or opening the provisioning configuration)',
      request: { method: 'GET', path: '/Schemas' },
      expect: {
        status: 200,
        body: [
          ['schemas', [LIST_RESPONSE]],
          ['Resources', includes({ id: CORE_USER })],
          ['Resources', includes({ id: CORE_GROUP })],
        ],
      },
    },
  ],
}

// §2.3-§2.7 with the tutorial's examples: match, create, match, read, update, disable, delete.
const TEST_USER = 'Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee.{run}'
const TEST_EMAIL = 'Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff.{run}@testuser.com'
const TEST_EXTERNAL_ID = '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef.{run}'
const RENAMED = '5b50642d-79fc-4410-9e90-4c077cdd1a59.{run}@testuser.com'
const TEST_EMAILS = [{ value: TEST_EMAIL, type: 'work', primary: true }]

const userLifecycle: Scenario = {
  name: '§2 user lifecycle (tutorial examples)',
  modes: ENTRA_MODES,
  steps: [
    {
      id: '§2.3 match query: no match yet',
      request: { method: 'GET', path: `/Users?filter=userName eq "${TEST_USER}"` },
      expect: { status: 200, body: EMPTY_LIST },
      deliberate: ITEMS_PER_PAGE_REASON,
    },
    ...outsideProfile({
      id: '§2.4 create user (tutorial example)',
      unsupported: ['name.formatted'],
      request: {
        method: 'POST',
        path: '/Users',
        body: {
          schemas: [CORE_USER, ENTERPRISE_USER],
          externalId: TEST_EXTERNAL_ID,
          userName: TEST_USER,
          active: true,
          emails: [{ primary: true, type: 'work', value: TEST_EMAIL }],
          meta: { resourceType: 'User' },
          name: {
            formatted: 'givenName familyName',
            familyName: 'familyName',
            givenName: 'givenName',
          },
          roles: [],
        },
      },
      expect: {
        status: 201,
        body: [
          ['schemas', [CORE_USER]],
          ['id', aString],
          ['externalId', TEST_EXTERNAL_ID],
          ['meta.resourceType', 'User'],
          ['meta.created', aString],
          ['meta.lastModified', aString],
          ['userName', TEST_USER],
          ['name', { familyName: 'familyName', givenName: 'givenName' }],
          ['active', true],
          ['emails', TEST_EMAILS],
          ['roles', DEFAULT_ROLES],
        ],
      },
      capture: { userId: 'id' },
      deliberate: DEFAULT_ROLE_REASON,
    }),
    {
      id: '§2.3 match query: match found',
      request: { method: 'GET', path: `/Users?filter=userName eq "${TEST_USER}"` },
      expect: {
        status: 200,
        body: [
          ['schemas', [LIST_RESPONSE]],
          ['totalResults', 1],
          ['startIndex', 1],
          ['itemsPerPage', 1],
          ['Resources', length(1)],
          ['Resources[0].schemas', [CORE_USER]],
          ['Resources[0].id', '{userId}'],
          ['Resources[0].externalId', TEST_EXTERNAL_ID],
          ['Resources[0].meta.resourceType', 'User'],
          ['Resources[0].meta.created', aString],
          ['Resources[0].meta.lastModified', aString],
          ['Resources[0].userName', TEST_USER],
          ['Resources[0].name', { familyName: 'familyName', givenName: 'givenName' }],
          ['Resources[0].active', true],
          ['Resources[0].emails', TEST_EMAILS],
        ],
      },
      deliberate: ITEMS_PER_PAGE_REASON,
    },
    {
      id: '§2.3 userName matches ignoring case (caseExact false)',
      request: {
        method: 'GET',
        path: '/Users?filter=userName eq "TEST_USER_00AA00AA-BB11-CC22-DD33-44EE44EE44EE.{run}"',
      },
      expect: {
        status: 200,
        body: [
          ['totalResults', 1],
          ['Resources[0].id', '{userId}'],
        ],
      },
    },
    {
      id: '§2.3 match on externalId',
      request: { method: 'GET', path: `/Users?filter=externalId eq "${TEST_EXTERNAL_ID}"` },
      expect: {
        status: 200,
        body: [
          ['totalResults', 1],
          ['Resources[0].id', '{userId}'],
        ],
      },
    },
    {
      id: '§2.3 match on emails[type eq "work"].value',
      request: {
        method: 'GET',
        path: `/Users?filter=emails[type eq "work"].value eq "${TEST_EMAIL}"`,
      },
      expect: {
        status: 200,
        body: [
          ['totalResults', 1],
          ['Resources[0].id', '{userId}'],
        ],
      },
    },
    {
      id: '§2.5 get by id',
      request: { method: 'GET', path: '/Users/{userId}' },
      expect: {
        status: 200,
        body: [
          ['schemas', [CORE_USER]],
          ['id', '{userId}'],
          ['userName', TEST_USER],
          ['externalId', TEST_EXTERNAL_ID],
          ['active', true],
          ['emails', TEST_EMAILS],
          ['meta.resourceType', 'User'],
        ],
      },
    },
    {
      id: '§2.6 replace emails[type eq "work"].value and name.familyName',
      request: {
        method: 'PATCH',
        path: '/Users/{userId}',
        body: patch(
          {
            op: 'Replace',
            path: 'emails[type eq "work"].value',
            value: 'updatedEmail@microsoft.com',
          },
          { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
        ),
      },
      expect: {
        status: 200,
        body: [
          ['id', '{userId}'],
          ['emails', [{ value: 'updatedEmail@microsoft.com', type: 'work', primary: true }]],
          ['name', { familyName: 'updatedFamilyName', givenName: 'givenName' }],
        ],
      },
    },
    {
      id: '§2.6 replace userName (the matching attribute)',
      request: {
        method: 'PATCH',
        path: '/Users/{userId}',
        body: patch({ op: 'Replace', path: 'userName', value: RENAMED }),
      },
      expect: { status: 200, body: [['userName', RENAMED]] },
    },
    {
      id: '§2.3 match by the new userName',
      request: { method: 'GET', path: `/Users?filter=userName eq "${RENAMED}"` },
      expect: {
        status: 200,
        body: [
          ['totalResults', 1],
          ['Resources[0].id', '{userId}'],
        ],
      },
    },
    ...outsideProfile({
      id: '§2.6 / Q4 several attributes, one operation each (default mode)',
      modes: ['default'],
      unsupported: ['displayName', EMPLOYEE_NUMBER],
      request: {
        method: 'PATCH',
        path: '/Users/{userId}',
        body: patch(
          { op: 'Replace', path: 'displayName', value: 'Pvlo' },
          {
            op: 'Replace',
            path: 'emails[type eq "work"].value',
            value: 'TestBcwqnm@test.microsoft.com',
          },
          { op: 'Replace', path: 'name.givenName', value: 'Gtfd' },
          { op: 'Replace', path: 'name.familyName', value: 'Pkqf' },
          { op: 'Replace', path: 'externalId', value: 'Eqpj' },
          { op: 'Replace', path: EMPLOYEE_NUMBER, value: 'Eqpj' },
        ),
      },
      expect: {
        status: 200,
        body: [
          ['emails', [{ value: 'TestBcwqnm@test.microsoft.com', type: 'work', primary: true }]],
          ['name', { givenName: 'Gtfd', familyName: 'Pkqf' }],
          ['externalId', 'Eqpj'],
          ['displayName', absent],
          [`["${ENTERPRISE_USER}"]`, absent],
        ],
      },
    }),
    ...outsideProfile({
      id: 'Q4 several attributes: a path-less replace with dotted and URN keys (flag mode)',
      modes: ['flag'],
      unsupported: ['displayName', EMPLOYEE_NUMBER],
      request: {
        method: 'PATCH',
        path: '/Users/{userId}',
        body: patch(
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
              [EMPLOYEE_NUMBER]: 'Aklq',
            },
          },
        ),
      },
      expect: {
        status: 200,
        body: [
          ['emails', [{ value: 'TestMhvaes@test.microsoft.com', type: 'work', primary: true }]],
          ['name', { givenName: 'Kkom', familyName: 'Unua' }],
          ['["name.givenName"]', absent],
          ['displayName', absent],
          [`["${EMPLOYEE_NUMBER}"]`, absent],
        ],
      },
    }),
    ...outsideProfile({
      id: '§2.6 / Q3 add a previously empty single-valued attribute (nickName)',
      unsupported: ['nickName'],
      request: {
        method: 'PATCH',
        path: '/Users/{userId}',
        body: patch({ op: 'Add', path: 'nickName', value: 'Babs' }),
      },
      expect: {
        status: 200,
        body: [
          ['id', '{userId}'],
          ['nickName', absent],
        ],
      },
    }),
    ...outsideProfile({
      id: 'Q5 path-less add with dotted keys (Azure capture, scimitar#123)',
      unsupported: ['displayName', 'title', 'name.formatted'],
      request: {
        method: 'PATCH',
        path: '/Users/{userId}',
        body: patch({
          op: 'add',
          value: {
            displayName: 'Foo Bar',
            title: 'Bar Foo',
            'name.givenName': 'Foo',
            'name.familyName': 'Bar',
            'name.formatted': 'Foo Bar',
          },
        }),
      },
      expect: {
        status: 200,
        body: [
          ['name', { givenName: 'Foo', familyName: 'Bar' }],
          ['["name.givenName"]', absent],
          ['displayName', absent],
          ['title', absent],
        ],
      },
    }),
    ...outsideProfile({
      id: '§2.6 mixed capture: value filter, addresses, URN add (laravel-scim-server#34)',
      unsupported: ['addresses', DEPARTMENT],
      request: {
        method: 'PATCH',
        path: '/Users/{userId}',
        body: patch(
          {
            op: 'Replace',
            path: 'emails[type eq "work"].value',
            value: 'AdeleV2@REDACTED.onmicrosoft.com',
          },
          { op: 'Replace', path: 'addresses[type eq "work"].formatted', value: '18/2111' },
          { op: 'Add', path: DEPARTMENT, value: 'Retail' },
        ),
      },
      expect: {
        status: 200,
        body: [
          ['emails', [{ value: 'AdeleV2@REDACTED.onmicrosoft.com', type: 'work', primary: true }]],
          ['addresses', absent],
          [`["${DEPARTMENT}"]`, absent],
        ],
      },
    }),
    {
      id: '§2.6 disable (tutorial body: Replace active false)',
      request: {
        method: 'PATCH',
        path: '/Users/{userId}',
        body: {
          Operations: [{ op: 'Replace', path: 'active', value: false }],
          schemas: [PATCH_OP],
        },
      },
      expect: { status: 200, body: [['active', false]] },
    },
    {
      id: 'Q13 a disabled user is still returned by id',
      request: { method: 'GET', path: '/Users/{userId}' },
      expect: {
        status: 200,
        body: [
          ['id', '{userId}'],
          ['active', false],
        ],
      },
    },
    {
      id: 'Q13 a disabled user is still found by the match query',
      request: { method: 'GET', path: `/Users?filter=userName eq "${RENAMED}"` },
      expect: {
        status: 200,
        body: [
          ['totalResults', 1],
          ['Resources[0].active', false],
        ],
      },
    },
    {
      id: '§2.6 re-enable (Replace active true)',
      request: {
        method: 'PATCH',
        path: '/Users/{userId}',
        body: patch({ op: 'Replace', path: 'active', value: true }),
      },
      expect: { status: 200, body: [['active', true]] },
    },
    {
      id: 'Q2 disable with the string "False" (default mode, compat page)',
      modes: ['default'],
      request: {
        method: 'PATCH',
        path: '/Users/{userId}',
        body: patch({ op: 'Replace', path: 'active', value: 'False' }),
      },
      expect: { status: 200, body: [['active', false]] },
    },
    {
      id: 'Q2 re-enable with the string "True"',
      modes: ['default'],
      request: {
        method: 'PATCH',
        path: '/Users/{userId}',
        body: patch({ op: 'Replace', path: 'active', value: 'True' }),
      },
      expect: { status: 200, body: [['active', true]] },
    },
    {
      id: 'Q2 disable with a lower-case "false" (scimmy#86)',
      modes: ['default'],
      request: {
        method: 'PATCH',
        path: '/Users/{userId}',
        body: patch({ op: 'Replace', path: 'active', value: 'false' }),
      },
      expect: { status: 200, body: [['active', false]] },
    },
    {
      id: '§2.7 delete',
      request: { method: 'DELETE', path: '/Users/{userId}' },
      expect: { status: 204 },
    },
    {
      id: '§2.5 get a deleted user: 404',
      request: { method: 'GET', path: '/Users/{userId}' },
      expect: { status: 404, body: error(404) },
    },
  ],
}

// §2.4 Example 2 (nulls, a typo'd extension URN) and §2.3 Example 1 (an unquoted filter value); §2.3's
// reference-attribute check on manager.
const legacy: Scenario = {
  name: '§2.4 legacy examples (Example 1 and 2)',
  modes: ENTRA_MODES,
  steps: [
    ...outsideProfile({
      id: "§2.4 legacy create: nulls and the typo'd URN ...enterprise:2.0User (Q11, Q12)",
      unsupported: ['displayName'],
      request: {
        method: 'POST',
        path: '/Users',
        body: {
          schemas: [CORE_USER, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0User'],
          externalId: 'jyoung{run}',
          userName: 'jyoung.{run}@testuser.com',
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
        },
      },
      expect: {
        status: 201,
        body: [
          ['userName', 'jyoung.{run}@testuser.com'],
          ['externalId', 'jyoung{run}'],
          ['emails', [{ type: 'work', value: 'jyoung@Contoso.com', primary: true }]],
          ['name', { familyName: 'Young', givenName: 'Joy' }],
          ['active', true],
          ['displayName', absent],
          ['addresses', absent],
          ['phoneNumbers', absent],
          ['preferredLanguage', absent],
          ['title', absent],
        ],
      },
      capture: { userId: 'id' },
    }),
    {
      id: 'Q16 unquoted filter value (Example 1: externalId eq jyoung)',
      request: { method: 'GET', path: '/Users?filter=externalId eq jyoung{run}' },
      expect: {
        status: 200,
        body: [
          ['totalResults', 1],
          ['Resources[0].id', '{userId}'],
        ],
      },
    },
    {
      id: '§2.3 reference-attribute check: id eq … and manager eq …, attributes=id [reject]',
      policy: 'reject',
      request: {
        method: 'GET',
        path: '/Users?filter=id eq {userId} and manager eq 2819c223-7f76-453a-919d-413861904646&attributes=id',
      },
      expect: {
        status: 400,
        body: [...error(400, 'invalidFilter'), ['detail', contains("'manager'")]],
      },
      deliberate:
        'manager is outside the xMatters profile (product.md); the default setting refuses a filter on it, naming it',
    },
    {
      id: '§2.3 reference-attribute check: id eq … and manager eq …, attributes=id [ignore]',
      policy: 'ignore',
      request: {
        method: 'GET',
        path: '/Users?filter=id eq {userId} and manager eq 2819c223-7f76-453a-919d-413861904646&attributes=id',
      },
      // "Server should support id eq X and manager eq Y plus attributes=id, or at least return a valid
      // 200 ListResponse": with manager accepted and never stored, no user has this manager.
      expect: {
        status: 200,
        body: [
          ['schemas', [LIST_RESPONSE]],
          ['totalResults', 0],
        ],
      },
    },
    deleteUser('§2.7 delete', 'userId'),
  ],
}

// §2.4's other obligations: string booleans, duplicates (409), extension objects in a POST.
const createVariants: Scenario = {
  name: '§2.4 create: string booleans, duplicates, extension objects',
  modes: ENTRA_MODES,
  steps: [
    {
      id: '§2.4 / Q2 active as the string "True" (Postman "Post emp1 with string True")',
      request: {
        method: 'POST',
        path: '/Users',
        body: { schemas: [CORE_USER], userName: 'emp1.{run}@contoso.com', active: 'True' },
      },
      expect: { status: 201, body: [['active', true]] },
      capture: { userId: 'id' },
    },
    {
      id: '§2.4 duplicate userName: 409 uniqueness',
      request: {
        method: 'POST',
        path: '/Users',
        body: { schemas: [CORE_USER], userName: 'emp1.{run}@contoso.com', active: 'True' },
      },
      expect: { status: 409, body: error(409, 'uniqueness') },
    },
    {
      id: '§2.4 duplicate userName in another case: 409 uniqueness',
      request: {
        method: 'POST',
        path: '/Users',
        body: { schemas: [CORE_USER], userName: 'EMP1.{run}@CONTOSO.COM', active: true },
      },
      expect: { status: 409, body: error(409, 'uniqueness') },
    },
    ...outsideProfile({
      id: '§2.4 / Q14 manager as a plain string in the enterprise extension (directory-scimple#1242)',
      unsupported: [ENTERPRISE_USER],
      request: {
        method: 'POST',
        path: '/Users',
        body: {
          schemas: [CORE_USER, ENTERPRISE_USER],
          userName: 'report.{run}@contoso.com',
          [ENTERPRISE_USER]: { manager: 'myuser' },
        },
      },
      expect: {
        status: 201,
        body: [
          ['userName', 'report.{run}@contoso.com'],
          [`["${ENTERPRISE_USER}"]`, absent],
        ],
      },
      capture: { userId2: 'id' },
      deliberate: 'the doc asks for the manager back as {value, $ref}; Roster returns no manager',
    }),
    ...outsideProfile({
      id: 'Q10 a custom extension missing from schemas',
      unsupported: ['urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User'],
      request: {
        method: 'POST',
        path: '/Users',
        body: {
          schemas: [CORE_USER],
          userName: 'custom.{run}@contoso.com',
          'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User': {
            CustomAttribute: 'value',
          },
        },
      },
      expect: { status: 201, body: [['userName', 'custom.{run}@contoso.com']] },
      capture: { userId3: 'id' },
      deliberate:
        'the tenant defines no custom properties, so the extension is not one of its schemas',
    }),
    deleteUser('§2.7 delete the first user', 'userId'),
    deleteUser('§2.7 delete the second user', 'userId2'),
    deleteUser('§2.7 delete the third user', 'userId3'),
  ],
}

// §2.4's role-bearing create and §2.6's role PATCHes (only when roles are mapped, §8.1), with the
// app role Admin that the tenant must define first. Roles are tenant settings, shared by the runs of
// both modes: the default-mode run shows the refusal and defines the role, the flag-mode run (which
// follows it) removes it again, so each setting's pair of runs starts from the seeded roles.
const ADMIN_ROLE = [{ primary: true, type: 'WindowsAzureActiveDirectoryRole', value: 'Admin' }]
const roleCreate = {
  schemas: [CORE_USER],
  externalId: 'alias{run}',
  userName: 'alias.{run}@contoso.OnMicrosoft.com',
  active: true,
  displayName: 'First Name Last Name',
  meta: { resourceType: 'User' },
  roles: ADMIN_ROLE,
}

const roles: Scenario = {
  name: '§2.4 / §2.6 app roles',
  modes: ENTRA_MODES,
  steps: [
    ...outsideProfile({
      id: '§2.4 role-bearing create before the tenant has the role',
      modes: ['default'],
      unsupported: ['displayName'],
      request: { method: 'POST', path: '/Users', body: roleCreate },
      expect: {
        status: 400,
        body: [
          ...error(400, 'invalidValue'),
          ['detail', contains("'Admin' is not a role of this tenant")],
        ],
      },
      deliberate:
        "roles must name a role of the tenant (product.md): Entra's app role Admin is refused until the admin defines it",
    }),
    { id: 'the admin defines the app role', modes: ['default'], admin: ['roles', 'add', 'Admin'] },
    ...outsideProfile({
      id: '§2.4 role-bearing create',
      unsupported: ['displayName'],
      request: { method: 'POST', path: '/Users', body: roleCreate },
      expect: {
        status: 201,
        body: [
          ['userName', 'alias.{run}@contoso.OnMicrosoft.com'],
          ['roles', ADMIN_ROLE],
          ['displayName', absent],
        ],
      },
      capture: { userId: 'id' },
    }),
    {
      id: '§2.6 AssertiveAppRoleAssignmentsComplex: replace the whole roles array',
      request: {
        method: 'PATCH',
        path: '/Users/{userId}',
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
      },
      expect: {
        status: 200,
        body: [
          [
            'roles',
            [
              {
                primary: true,
                type: 'WindowsAzureActiveDirectoryRole',
                display: 'Admin',
                value: 'Admin',
              },
            ],
          ],
        ],
      },
    },
    createUser('§2.4 create a user with no role mapped', 'approles.{run}@contoso.com', 'userId2'),
    {
      id: 'Q15 AppRoleAssignmentsComplex: add a role whose value is a JSON-encoded string',
      modes: ['default'],
      request: {
        method: 'PATCH',
        path: '/Users/{userId2}',
        body: patch({
          op: 'Add',
          path: 'roles',
          value: [
            {
              value:
                '{"id":"06b07648-ecfe-589f-9d2f-6325724a46ee","value":"Admin","displayName":"Admin"}',
            },
          ],
        }),
      },
      expect: { status: 200, body: [['roles', [...DEFAULT_ROLES, { value: 'Admin' }]]] },
      deliberate:
        "the JSON-encoded app role is stored and returned as the role it names, Admin (architecture.md), not as Entra's string",
    },
    {
      id: 'Q15 flag mode: the role added in the POST format',
      modes: ['flag'],
      request: {
        method: 'PATCH',
        path: '/Users/{userId2}',
        body: patch({ op: 'add', path: 'roles', value: ADMIN_ROLE }),
      },
      expect: { status: 200, body: [['roles', [...DEFAULT_ROLES, ...ADMIN_ROLE]]] },
    },
    deleteUser('§2.7 delete the role-bearing user', 'userId'),
    deleteUser('§2.7 delete the second user', 'userId2'),
    { id: 'the admin removes the app role', modes: ['flag'], admin: ['roles', 'remove', 'Admin'] },
  ],
}

// §2.6 Example 5 and Q14: the manager reference, in each documented shape.
const manager: Scenario = {
  name: '§2.6 manager (Example 5, Q14)',
  modes: ENTRA_MODES,
  steps: [
    createUser('§2.1 create the report', 'report.{run}@contoso.com', 'userId'),
    createUser('§2.1 create the manager', 'manager.{run}@contoso.com', 'managerId'),
    ...outsideProfile({
      id: '§2.6 manager, legacy doc form: Add path manager, value array',
      unsupported: ['manager'],
      request: {
        method: 'PATCH',
        path: '/Users/{userId}',
        body: patch({
          op: 'Add',
          path: 'manager',
          value: [{ $ref: 'http://.../scim/Users/{managerId}', value: '{managerId}' }],
        }),
      },
      expect: {
        status: 200,
        body: [
          ['id', '{userId}'],
          ['manager', absent],
        ],
      },
    }),
    ...outsideProfile({
      id: 'Q14 manager by its enterprise URN, value as a string',
      unsupported: [MANAGER],
      request: {
        method: 'PATCH',
        path: '/Users/{userId}',
        body: patch({ op: 'Add', path: MANAGER, value: '{managerId}' }),
      },
      expect: {
        status: 200,
        body: [
          ['id', '{userId}'],
          [`["${ENTERPRISE_USER}"]`, absent],
        ],
      },
    }),
    ...outsideProfile({
      id: 'Q14 change the manager: Replace with an object',
      unsupported: [MANAGER],
      request: {
        method: 'PATCH',
        path: '/Users/{userId}',
        body: patch({ op: 'Replace', path: MANAGER, value: { value: '{managerId}' } }),
      },
      expect: {
        status: 200,
        body: [
          ['id', '{userId}'],
          [`["${ENTERPRISE_USER}"]`, absent],
        ],
      },
    }),
    {
      // An empty value is "no value" (architecture.md): nothing is stored, so there is nothing to
      // refuse under either setting.
      id: 'Q14 clear the manager: Replace with ""',
      request: {
        method: 'PATCH',
        path: '/Users/{userId}',
        body: patch({ op: 'Replace', path: MANAGER, value: '' }),
      },
      expect: {
        status: 200,
        body: [
          ['id', '{userId}'],
          [`["${ENTERPRISE_USER}"]`, absent],
        ],
      },
    },
    deleteUser('§2.7 delete the report', 'userId'),
    deleteUser('§2.7 delete the manager', 'managerId'),
  ],
}

// §2.6's value-filter paths (Q8), §2.2's fax mapping and §2.1's "store as sent" phone rule. The Fax
// device is added in the default-mode run and removed at the end of the flag-mode run (as for roles).
const valuePaths: Scenario = {
  name: '§2.6 value-filter paths and phone numbers (Q8)',
  modes: ENTRA_MODES,
  // Fax is a value of a supported attribute: the setting changes nothing, and both show it.
  policies: ['reject', 'ignore'],
  steps: [
    {
      id: '§2.4 create a user with a work email',
      request: {
        method: 'POST',
        path: '/Users',
        body: {
          schemas: [CORE_USER],
          userName: 'paths.{run}@contoso.com',
          emails: [{ type: 'work', value: 'paths@contoso.com', primary: true }],
        },
      },
      expect: { status: 201 },
      capture: { userId: 'id' },
    },
    {
      id: '§2.6 / Q8 phoneNumbers[type eq "mobile"].value creates the element',
      request: {
        method: 'PATCH',
        path: '/Users/{userId}',
        body: patch({
          op: 'Add',
          path: 'phoneNumbers[type eq "mobile"].value',
          value: '+14155550123',
        }),
      },
      expect: {
        status: 200,
        body: [['phoneNumbers', [{ type: 'mobile', value: '+14155550123' }]]],
      },
    },
    {
      id: 'Q8 emails[type eq "work"].primary as a boolean (flag mode)',
      modes: ['flag'],
      request: {
        method: 'PATCH',
        path: '/Users/{userId}',
        body: patch({ op: 'replace', path: 'emails[type eq "work"].primary', value: true }),
      },
      expect: {
        status: 200,
        body: [['emails', [{ type: 'work', value: 'paths@contoso.com', primary: true }]]],
      },
    },
    {
      id: '§2.6 simple path: preferredLanguage',
      request: {
        method: 'PATCH',
        path: '/Users/{userId}',
        body: patch({ op: 'Replace', path: 'preferredLanguage', value: 'en-US' }),
      },
      expect: { status: 200, body: [['preferredLanguage', 'en-US']] },
    },
    {
      id: '§2.1 a phone number sent as 55555555555',
      request: {
        method: 'PATCH',
        path: '/Users/{userId}',
        body: patch({
          op: 'Add',
          path: 'phoneNumbers[type eq "work"].value',
          value: '55555555555',
        }),
      },
      expect: { status: 400, body: [...error(400, 'invalidValue'), ['detail', contains('E.164')]] },
      deliberate:
        'phone numbers must be E.164 (product.md): Roster refuses the number rather than store a reformatted one',
    },
    {
      id: '§2.1 the same number in E.164 is returned exactly as sent',
      request: {
        method: 'PATCH',
        path: '/Users/{userId}',
        body: patch({
          op: 'Add',
          path: 'phoneNumbers[type eq "work"].value',
          value: '+15555555555',
        }),
      },
      expect: {
        status: 200,
        body: [['phoneNumbers', includes({ type: 'work', value: '+15555555555' })]],
      },
    },
    {
      id: '§2.2 fax number (phoneNumbers[type eq "fax"].value) before the tenant has a fax device',
      modes: ['default'],
      request: {
        method: 'PATCH',
        path: '/Users/{userId}',
        body: patch({
          op: 'Add',
          path: 'phoneNumbers[type eq "fax"].value',
          value: '+14155550199',
        }),
      },
      expect: {
        status: 400,
        body: [
          ...error(400, 'invalidValue'),
          ['detail', contains("'fax' is not a phone device name")],
        ],
      },
      deliberate:
        "a phone's type must be one of the tenant's devices (product.md: Work, Home, Mobile, SMS Phone); fax is a value of a supported attribute, so unsupportedAttributes ignore does not apply",
    },
    {
      id: 'the admin adds a Fax device',
      modes: ['default'],
      admin: ['devices', 'add', 'Fax', '--kind', 'phone', '--alias', 'fax'],
    },
    {
      id: '§2.2 fax number once the tenant has a fax device',
      request: {
        method: 'PATCH',
        path: '/Users/{userId}',
        body: patch({
          op: 'Add',
          path: 'phoneNumbers[type eq "fax"].value',
          value: '+14155550199',
        }),
      },
      expect: {
        status: 200,
        body: [['phoneNumbers', includes({ type: 'fax', value: '+14155550199' })]],
      },
    },
    deleteUser('§2.7 delete', 'userId'),
    {
      id: 'the admin removes the Fax device',
      modes: ['flag'],
      admin: ['devices', 'remove', 'Fax'],
    },
  ],
}

// §3: match, create, add and remove members in each mode's shapes, rename, delete.
const GROUP_NAME = 'displayName.{run}'
const RENAMED_GROUP = '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName.{run}'
const groupCreate = {
  schemas: [CORE_GROUP, ADSCIM_GROUP],
  externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
  displayName: GROUP_NAME,
  meta: { resourceType: 'Group' },
}

/** §3.4's documented default-mode add (Q7: `$ref` null) or the flag-mode form (no `$ref`). */
function addMember(mode: 'default' | 'flag', placeholder: string): Json {
  return mode === 'default'
    ? patch({ op: 'Add', path: 'members', value: [{ $ref: null, value: `{${placeholder}}` }] })
    : patch({ op: 'add', path: 'members', value: [{ value: `{${placeholder}}` }] })
}

function groupPatch(id: string, mode: 'default' | 'flag', body: Json): Step {
  return {
    id,
    modes: [mode],
    request: { method: 'PATCH', path: '/Groups/{groupId}', body },
    expect: { status: 204 },
  }
}

/** §3.3 without excludedAttributes: the group with its members. */
function members(id: string, ...expected: Property[]): Step {
  return {
    id,
    request: { method: 'GET', path: '/Groups/{groupId}' },
    expect: { status: 200, body: [['id', '{groupId}'], ...expected] },
  }
}

const groupLifecycle: Scenario = {
  name: '§3 group lifecycle',
  modes: ENTRA_MODES,
  steps: [
    createUser('§3 users are synchronised first (member 1)', 'member1.{run}@contoso.com', 'userId'),
    createUser(
      '§3 users are synchronised first (member 2)',
      'member2.{run}@contoso.com',
      'userId2',
    ),
    createUser(
      '§3 users are synchronised first (member 3)',
      'member3.{run}@contoso.com',
      'userId3',
    ),
    {
      id: '§3.1 match: no group yet',
      request: {
        method: 'GET',
        path: `/Groups?excludedAttributes=members&filter=displayName eq "${GROUP_NAME}"`,
      },
      expect: { status: 200, body: EMPTY_LIST },
      deliberate: ITEMS_PER_PAGE_REASON,
    },
    {
      id: '§3.2 create (documented body: ADSCIM schema URI, client meta; Q11, Q12)',
      request: { method: 'POST', path: '/Groups', body: groupCreate },
      expect: {
        status: 201,
        body: [
          ['schemas', [CORE_GROUP]],
          ['id', aString],
          ['displayName', GROUP_NAME],
          ['externalId', '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159'],
          ['members', absent],
          ['meta.resourceType', 'Group'],
        ],
      },
      capture: { groupId: 'id' },
      deliberate: EMPTY_MEMBERS_REASON,
    },
    {
      id: '§3.1 match: the group, members excluded',
      request: {
        method: 'GET',
        path: `/Groups?excludedAttributes=members&filter=displayName eq "${GROUP_NAME}"`,
      },
      expect: {
        status: 200,
        body: [
          ['schemas', [LIST_RESPONSE]],
          ['totalResults', 1],
          ['startIndex', 1],
          ['itemsPerPage', 1],
          ['Resources[0].schemas', [CORE_GROUP]],
          ['Resources[0].id', '{groupId}'],
          ['Resources[0].externalId', '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159'],
          ['Resources[0].meta.resourceType', 'Group'],
          ['Resources[0].meta.created', aString],
          ['Resources[0].meta.lastModified', aString],
          ['Resources[0].displayName', GROUP_NAME],
          ['Resources[0].members', absent],
        ],
      },
      deliberate: ITEMS_PER_PAGE_REASON,
    },
    {
      id: '§3.2 duplicate displayName: 409 uniqueness',
      request: { method: 'POST', path: '/Groups', body: groupCreate },
      expect: { status: 409, body: error(409, 'uniqueness') },
    },
    {
      id: '§3.3 get the group, members excluded',
      request: { method: 'GET', path: '/Groups/{groupId}?excludedAttributes=members' },
      expect: {
        status: 200,
        body: [
          ['id', '{groupId}'],
          ['displayName', GROUP_NAME],
          ['members', absent],
        ],
      },
    },
    groupPatch(
      '§3.4 / Q7 add a member (documented body, $ref null)',
      'default',
      addMember('default', 'userId'),
    ),
    groupPatch('§3.4 / Q7 add a member (flag form, no $ref)', 'flag', addMember('flag', 'userId')),
    groupPatch(
      '§3.4 add a member (2019 default-mode capture, BYOA-Provisioning-Samples#24)',
      'default',
      addMember('default', 'userId2'),
    ),
    groupPatch(
      '§3.4 add a member (2021 flag-mode capture, scim-for-keycloak#31)',
      'flag',
      addMember('flag', 'userId2'),
    ),
    groupPatch(
      '§3.4 / Q7 adding a member again changes nothing',
      'default',
      addMember('default', 'userId'),
    ),
    groupPatch(
      '§3.4 / Q7 adding a member again changes nothing',
      'flag',
      addMember('flag', 'userId'),
    ),
    {
      id: '§3.8 several members in one value array (one already a member)',
      request: {
        method: 'PATCH',
        path: '/Groups/{groupId}',
        body: patch({
          op: 'Add',
          path: 'members',
          value: [{ value: '{userId3}' }, { value: '{userId}' }],
        }),
      },
      expect: { status: 204 },
    },
    {
      id: '§3.4 a member id that does not exist: a SCIM error, nothing applied',
      request: {
        method: 'PATCH',
        path: '/Groups/{groupId}',
        body: patch({
          op: 'Add',
          path: 'members',
          value: [{ $ref: null, value: 'f648f8d5ea4e4cd38e9c' }],
        }),
      },
      expect: {
        status: 400,
        body: [...error(400, 'invalidValue'), ['detail', contains('f648f8d5ea4e4cd38e9c')]],
      },
    },
    members(
      '§3.3 get the group: the three members',
      ['members', length(3)],
      ['members', includes({ value: '{userId}' })],
      ['members', includes({ value: '{userId2}' })],
      ['members', includes({ value: '{userId3}' })],
    ),
    groupPatch(
      '§3.5 / Q6 remove a member (documented body: value array, $ref null)',
      'default',
      patch({ op: 'Remove', path: 'members', value: [{ $ref: null, value: '{userId}' }] }),
    ),
    groupPatch(
      '§3.5 / Q6 remove a member (flag mode: RFC filter path)',
      'flag',
      patch({ op: 'remove', path: 'members[value eq "{userId}"]' }),
    ),
    members(
      '§3.5 only the removed member left the group',
      ['members', length(2)],
      ['members', excludes({ value: '{userId}' })],
      ['members', includes({ value: '{userId2}' })],
      ['members', includes({ value: '{userId3}' })],
    ),
    groupPatch(
      '§3.5 / Q6 remove a member (compat-page variant, no $ref)',
      'default',
      patch({ op: 'Remove', path: 'members', value: [{ value: '{userId2}' }] }),
    ),
    groupPatch(
      '§3.5 / Q6 remove another member by filter path (flag mode)',
      'flag',
      patch({ op: 'remove', path: 'members[value eq "{userId2}"]' }),
    ),
    members(
      '§3.5 / Q6 the group is never wiped: the last member stays',
      ['members', length(1)],
      ['members[0].value', '{userId3}'],
    ),
    {
      id: '§3.8 several operations in one request',
      request: {
        method: 'PATCH',
        path: '/Groups/{groupId}',
        body: patch(
          { op: 'Add', path: 'members', value: [{ value: '{userId}' }] },
          { op: 'Add', path: 'members', value: [{ value: '{userId2}' }] },
        ),
      },
      expect: { status: 204 },
    },
    members('§3.8 get the group: three members again', ['members', length(3)]),
    groupPatch(
      '§3.6 replace displayName',
      'default',
      patch({ op: 'Replace', path: 'displayName', value: RENAMED_GROUP }),
    ),
    groupPatch(
      '§3.6 / Q4 rename as a path-less replace (flag mode)',
      'flag',
      patch({ op: 'replace', value: { displayName: RENAMED_GROUP } }),
    ),
    {
      id: '§3.1 match by the new displayName',
      request: {
        method: 'GET',
        path: `/Groups?excludedAttributes=members&filter=displayName eq "${RENAMED_GROUP}"`,
      },
      expect: {
        status: 200,
        body: [
          ['totalResults', 1],
          ['Resources[0].id', '{groupId}'],
          ['Resources[0].displayName', RENAMED_GROUP],
          ['Resources[0].members', absent],
        ],
      },
    },
    {
      id: '§3.7 delete the group',
      request: { method: 'DELETE', path: '/Groups/{groupId}' },
      expect: { status: 204 },
    },
    {
      id: '§3.7 the group is gone',
      request: { method: 'GET', path: '/Groups/{groupId}' },
      expect: { status: 404, body: error(404) },
    },
    deleteUser('§2.7 delete member 1', 'userId'),
    deleteUser('§2.7 delete member 2', 'userId2'),
    deleteUser('§2.7 delete member 3', 'userId3'),
  ],
}

// §3.2's real capture: an explicit empty member list, no ADSCIM URI.
const groupCapture: Scenario = {
  name: '§3.2 group create, real capture (Q&A 637791)',
  modes: ENTRA_MODES,
  steps: [
    {
      id: '§3.2 create with members [] and no ADSCIM URI',
      request: {
        method: 'POST',
        path: '/Groups',
        body: {
          schemas: [CORE_GROUP],
          externalId: '0899060-370e-46a-bc5f-3aas207ed41d',
          displayName: 'Org Admin.{run}',
          members: [],
          meta: { resourceType: 'Group' },
        },
      },
      expect: {
        status: 201,
        body: [
          ['id', aString],
          ['displayName', 'Org Admin.{run}'],
          ['externalId', '0899060-370e-46a-bc5f-3aas207ed41d'],
          ['members', absent],
        ],
      },
      capture: { groupId: 'id' },
      deliberate: EMPTY_MEMBERS_REASON,
    },
    {
      id: '§3.7 delete',
      request: { method: 'DELETE', path: '/Groups/{groupId}' },
      expect: { status: 204 },
    },
  ],
}

// Q17 and §5.1-5.2: URL roots, media types, the error envelope.
const transport: Scenario = {
  name: '§5 / Q17 transport and envelope',
  modes: ENTRA_MODES,
  steps: [
    {
      id: 'Q17 the legacy /scim/v2 root',
      request: { method: 'GET', root: '/scim/v2', path: '/Users?filter=userName eq "{uuid}"' },
      expect: { status: 200, body: EMPTY_LIST },
      deliberate: ITEMS_PER_PAGE_REASON,
    },
    {
      id: 'Q17 a trailing slash',
      request: { method: 'GET', path: '/Users/?filter=userName eq "{uuid}"' },
      expect: { status: 200, body: EMPTY_LIST },
      deliberate: ITEMS_PER_PAGE_REASON,
    },
    {
      id: '§5.1 a request body in application/json',
      request: {
        method: 'POST',
        path: '/Users',
        headers: { 'content-type': 'application/json' },
        body: plainUser('json.{run}@contoso.com'),
      },
      expect: {
        status: 201,
        body: [
          ['id', aString],
          ['userName', 'json.{run}@contoso.com'],
        ],
      },
      capture: { userId: 'id' },
    },
    {
      id: '§2.5 a user that does not exist: 404 with the documented error body',
      request: { method: 'GET', path: '/Users/23B51B0E5D7AE9110A49411D@7cca31655d49f3640a494224' },
      expect: { status: 404, body: error(404) },
    },
    deleteUser('§2.7 delete', 'userId'),
  ],
}

// §5.5: the gallery validation's paging, `startIndex` = page * 5 + 1 over two pages.
const paging: Scenario = {
  name: '§5.5 paging through users',
  modes: ENTRA_MODES,
  steps: [
    ...[1, 2, 3, 4, 5, 6].map((i) =>
      createUser(`§5.5 user ${i} of 6`, `page${i}.{run}@contoso.com`, `p${i}`),
    ),
    {
      id: '§5.5 page 1: startIndex=1&count=5',
      request: { method: 'GET', path: '/Users?startIndex=1&count=5' },
      expect: {
        status: 200,
        body: [
          ['schemas', [LIST_RESPONSE]],
          ['totalResults', aNumber],
          ['startIndex', 1],
          ['itemsPerPage', 5],
          ['Resources', length(5)],
        ],
      },
    },
    {
      id: '§5.5 page 2: startIndex=6&count=5',
      request: { method: 'GET', path: '/Users?startIndex=6&count=5' },
      expect: {
        status: 200,
        body: [
          ['schemas', [LIST_RESPONSE]],
          ['totalResults', aNumber],
          ['startIndex', 6],
          ['itemsPerPage', aNumber],
        ],
      },
    },
    ...[1, 2, 3, 4, 5, 6].map((i) => deleteUser(`§2.7 delete user ${i}`, `p${i}`)),
  ],
}

export const ENTRA_SCENARIOS: readonly Scenario[] = [
  testConnection,
  userLifecycle,
  legacy,
  createVariants,
  roles,
  manager,
  valuePaths,
  groupLifecycle,
  groupCapture,
  transport,
  paging,
]
