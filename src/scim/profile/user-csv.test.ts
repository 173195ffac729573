// The User Upload columns ↔ SCIM: header reading, rows → bodies (then parseUser, as a POST), users → rows,
// and the round trip user → row → body → parseUser → the same user.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { UserData } from '../resource/user.js'
import { propertyDef, ROSTER_USER_EXTENSION, userRegistryFor } from '../schema/extension.js'
import { USER_SCHEMA } from '../schema/user.js'
import { DEFAULT_SETTINGS } from './settings.js'
import {
  csvColumns,
  csvLine,
  csvToUser,
  joinList,
  problemPlace,
  readCsvHeader,
  splitList,
  userToCsv,
} from './user-csv.js'
import type { Column, CsvProfile } from './user-csv.js'
import { parseUser } from './user-rules.js'

const PROPERTIES = [
  propertyDef('costCenter'),
  propertyDef('level', { type: 'integer' }),
  propertyDef('oncall', { type: 'boolean' }),
  propertyDef('shift', { canonicalValues: ['Day', 'Night'], multiValued: true }),
  propertyDef('status'),
]
const PROFILE: CsvProfile = { devices: DEFAULT_SETTINGS.devices, properties: PROPERTIES }
const registry = userRegistryFor(PROPERTIES)

function header(cells: string[]): readonly Column[] {
  const read = readCsvHeader(cells, PROFILE)
  if ('problem' in read) throw new Error(read.problem)
  return read.columns
}

describe('csvColumns', () => {
  it('writes the fixed columns, the device names, then the properties (a colliding name by its path)', () => {
    assert.deepEqual(
      csvColumns(PROFILE).map((c) => c.name),
      [
        'Operation',
        'User',
        'First Name',
        'Last Name',
        'Language',
        'Time Zone',
        'Roles',
        'Status',
        'External Key',
        'Work Email',
        'Home Email',
        'Other Email',
        'Work Phone',
        'Home Phone',
        'Mobile Phone',
        'SMS Phone',
        'costCenter',
        'level',
        'oncall',
        'shift',
        `${ROSTER_USER_EXTENSION}:status`,
      ],
    )
  })
})

describe('readCsvHeader', () => {
  const cases: { name: string; cells: string[]; problem?: RegExp; kinds?: string[] }[] = [
    {
      name: 'names match ignoring case and spaces; xMatters columns Roster lacks are ignored',
      cells: ['user', ' WORK EMAIL ', 'Site', 'User Supervisors', 'Work Email Status', 'LEVEL'],
      kinds: [
        'fixed:User',
        'device:Work Email',
        'ignored:Site',
        'ignored:User Supervisors',
        'ignored:Work Email Status',
        'property:level',
      ],
    },
    {
      name: 'a property named like a fixed column is read by its full path; the bare name stays the fixed column',
      cells: ['User', 'Status', `${ROSTER_USER_EXTENSION}:status`],
      kinds: ['fixed:User', 'fixed:Status', 'property:status'],
    },
    { name: 'no User column', cells: ['First Name', 'Work Email'], problem: /no 'User' column/ },
    {
      name: 'a column twice',
      cells: ['User', 'Roles', 'roles'],
      problem: /names the column 'roles' twice/,
    },
    {
      name: 'unknown columns are listed with what the tenant knows',
      cells: ['User', 'Pager', 'Title'],
      problem:
        /does not know: 'Pager', 'Title'\. Columns are Operation, User.*device names \(Work Email, .*custom properties \(costCenter, level/,
    },
  ]
  for (const c of cases) {
    it(c.name, () => {
      const read = readCsvHeader(c.cells, PROFILE)
      if (c.problem) {
        assert.ok('problem' in read)
        assert.match(read.problem, c.problem)
      } else {
        assert.ok('columns' in read, JSON.stringify(read))
        assert.deepEqual(
          read.columns.map((col) => `${col.kind}:${col.name}`),
          c.kinds,
        )
      }
    })
  }
})

describe('csvToUser', () => {
  const columns = header([
    'Operation',
    'User',
    'First Name',
    'Last Name',
    'Language',
    'Time Zone',
    'Roles',
    'Status',
    'External Key',
    'Work Email',
    'Mobile Phone',
    'Site',
    'level',
    'oncall',
    'shift',
  ])
  const cases: { name: string; cells: string[]; body?: object; issues?: string[] }[] = [
    {
      name: 'every column',
      cells: [
        'process',
        'ann',
        'Ann',
        'Lee',
        'English',
        'US/Pacific',
        'Developer|Standard User',
        'INACTIVE',
        'x1',
        'ann@example.com',
        '+14155550123',
        'HQ',
        '7',
        'TRUE',
        'Day|night',
      ],
      body: {
        schemas: [USER_SCHEMA, ROSTER_USER_EXTENSION],
        userName: 'ann',
        name: { givenName: 'Ann', familyName: 'Lee' },
        preferredLanguage: 'English',
        timezone: 'US/Pacific',
        roles: [{ value: 'Developer' }, { value: 'Standard User' }],
        active: false,
        externalId: 'x1',
        emails: [{ value: 'ann@example.com', type: 'Work Email' }],
        phoneNumbers: [{ value: '+14155550123', type: 'Mobile Phone' }],
        [ROSTER_USER_EXTENSION]: { level: 7, oncall: true, shift: ['Day', 'night'] },
      },
      issues: [],
    },
    {
      name: 'empty cells are no value; an empty Operation is process',
      cells: ['', 'bob', '', '', '', '', '', '', '', '', '', '', '', '', ''],
      body: { schemas: [USER_SCHEMA], userName: 'bob' },
      issues: [],
    },
    {
      name: 'an operation other than process, a bad Status, a short row',
      cells: ['remove', 'bob', '', '', '', '', '', 'gone'],
      issues: [
        ': has 8 fields where the header has 15',
        "Operation: 'remove' is not an operation import performs; it only adds users (process, or leave it empty)",
        "active: must be ACTIVE or INACTIVE, not 'gone'",
      ],
    },
    {
      name: 'typed cells that do not read as their type stay text (the rules refuse them)',
      cells: ['', 'c', '', '', '', '', '', '', '', '', '', '', 'seven', 'yes', ''],
      body: {
        schemas: [USER_SCHEMA, ROSTER_USER_EXTENSION],
        userName: 'c',
        [ROSTER_USER_EXTENSION]: { level: 'seven', oncall: 'yes' },
      },
      issues: [],
    },
  ]
  for (const c of cases) {
    it(c.name, () => {
      const read = csvToUser(c.cells, columns)
      if (c.body) assert.deepEqual(read.body, c.body)
      assert.deepEqual(
        read.issues.map((i) => `${i.path}: ${i.message}`),
        c.issues,
      )
    })
  }

  it('names the column of each problem parseUser finds', () => {
    const read = csvToUser(
      ['', '', 'Ann', '', 'Klingon', '', 'Boss', '', '', 'not-an-email', '', '', 'x', '', ''],
      columns,
    )
    assert.throws(
      () => parseUser(read.body, registry, DEFAULT_SETTINGS),
      (error: { problems: { path: string }[] }) => {
        assert.deepEqual(
          error.problems.map((p) => problemPlace(p.path, read.columns)),
          [
            'User (userName)',
            'Language (preferredLanguage)',
            'Work Email (emails[0].value)',
            'Roles (roles[0].value)',
            `level (${ROSTER_USER_EXTENSION}:level)`,
          ],
        )
        return true
      },
    )
  })
})

describe('userToCsv → csvToUser → parseUser gives the same user', () => {
  const columns = csvColumns(PROFILE)
  const users: UserData[] = [
    {
      userName: 'ann@contoso.com',
      externalId: 'e-1',
      active: false,
      givenName: 'Ann, "Jr"',
      familyName: 'Lee',
      preferredLanguage: 'pt-BR',
      languageCode: 'pt_BR',
      timezone: 'America/Los_Angeles',
      emails: [
        { value: 'ann@contoso.com', type: 'Work Email', device: 'Work Email' },
        { value: 'ann@example.org', type: 'Home Email', device: 'Home Email' },
      ],
      phoneNumbers: [{ value: '+447700900123', type: 'SMS Phone', device: 'SMS Phone' }],
      roles: [{ value: 'Developer' }, { value: 'Standard User' }],
      properties: { costCenter: 'a|b\\c', level: 3, oncall: false, shift: ['Night'], status: 'x' },
    },
    {
      userName: 'bob',
      active: true,
      emails: [],
      phoneNumbers: [],
      roles: [{ value: 'Standard User' }],
    },
  ]
  for (const user of users) {
    it(user.userName, () => {
      const cells = userToCsv(user, columns)
      const read = csvToUser(cells, columns)
      assert.deepEqual(read.issues, [])
      assert.deepEqual(parseUser(read.body, registry, DEFAULT_SETTINGS).data, user)
    })
  }
})

describe('lists and lines', () => {
  const lists: [string[], string][] = [
    [['Developer', 'Standard User'], 'Developer|Standard User'],
    [['a|b', 'c\\d'], 'a\\|b|c\\\\d'],
    [[], ''],
  ]
  for (const [values, cell] of lists)
    it(`joinList/splitList ${cell}`, () => {
      assert.equal(joinList(values), cell)
      assert.deepEqual(splitList(cell), values)
    })
  it('csvLine quotes what RFC 4180 needs and spaces at either end', () => {
    assert.equal(
      csvLine(['a', 'b,c', 'say "hi"', 'x\ny', ' pad', '']),
      'a,"b,c","say ""hi""","x\ny"," pad",\r\n',
    )
  })
})
