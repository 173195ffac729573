// Users as rows of xMatters' User Upload file (xmatters-reference.md §3, template v1.5): one column per
// attribute of the profile, one per device name of the tenant, one per custom property. Pure: cells in,
// a SCIM User body out (validated afterwards by parseUser, exactly as a POST), and back. Reading and
// writing CSV text (RFC 4180 quoting) is the caller's.
import type { Json, JsonObject } from '../resource/coerce.js'
import type { Issue } from '../resource/issues.js'
import type { UserData } from '../resource/user.js'
import type { PropertyDef } from '../schema/extension.js'
import { ROSTER_USER_EXTENSION } from '../schema/extension.js'
import { USER_SCHEMA } from '../schema/user.js'
import type { DeviceKind, DeviceName } from './devices.js'

/** The columns every file has, in the order export writes them (README "Import and export"). */
export const FIXED_COLUMNS = [
  'Operation',
  'User',
  'First Name',
  'Last Name',
  'Language',
  'Time Zone',
  'Roles',
  'Status',
  'External Key',
] as const
export type FixedColumn = (typeof FIXED_COLUMNS)[number]

/**
 * xMatters upload columns Roster has no attribute for (every user of Roster has no site and no
 * supervisor; devices have no status): read and ignored, so a file made for xMatters imports.
 */
const IGNORED_COLUMNS = ['Site', 'User Supervisors'] as const

/** The only Operation import performs: xMatters' `process` (add), which is also what export writes. */
export const OPERATION = 'process'

/** What the file's columns are matched against: the tenant's device names and custom properties. */
export interface CsvProfile {
  readonly devices: readonly DeviceName[]
  readonly properties: readonly PropertyDef[]
}

export type Column =
  | { readonly kind: 'fixed'; readonly name: FixedColumn }
  | { readonly kind: 'device'; readonly name: string; readonly device: DeviceKind }
  | { readonly kind: 'property'; readonly name: string; readonly def: PropertyDef }
  | { readonly kind: 'ignored'; readonly name: string }

const lower = (text: string): string => text.trim().toLowerCase()

/**
 * A property's column: its name, or its full path when the name is also a fixed column or a device
 * name (`Status`, `Roles`): both are read back.
 */
function propertyHeader(def: PropertyDef, devices: readonly DeviceName[]): string {
  const taken = [...FIXED_COLUMNS, ...IGNORED_COLUMNS, ...devices.map((d) => d.name)].map(lower)
  return taken.includes(lower(def.name)) ? `${ROSTER_USER_EXTENSION}:${def.name}` : def.name
}

/** The columns export writes for a tenant: the fixed ones, its device names, its properties. */
export function csvColumns(profile: CsvProfile): Column[] {
  return [
    ...FIXED_COLUMNS.map((name): Column => ({ kind: 'fixed', name })),
    ...profile.devices.map((d): Column => ({ kind: 'device', name: d.name, device: d.kind })),
    ...profile.properties.map((def): Column => ({
      kind: 'property',
      name: propertyHeader(def, profile.devices),
      def,
    })),
  ]
}

/**
 * The meaning of each header cell (names match ignoring case and surrounding spaces), or the problem
 * with the header: a column named twice, no `User` column, or a column that is none of the fixed ones,
 * a device name of the tenant, a custom property of the tenant, or an ignored xMatters column.
 */
export function readCsvHeader(
  cells: readonly string[],
  profile: CsvProfile,
): { readonly columns: readonly Column[] } | { readonly problem: string } {
  const known = new Map<string, Column>()
  for (const name of IGNORED_COLUMNS) known.set(lower(name), { kind: 'ignored', name })
  for (const d of profile.devices) {
    known.set(lower(`${d.name} Status`), { kind: 'ignored', name: `${d.name} Status` })
    known.set(lower(d.name), { kind: 'device', name: d.name, device: d.kind })
  }
  for (const def of profile.properties) {
    const column: Column = { kind: 'property', name: def.name, def }
    known.set(lower(`${ROSTER_USER_EXTENSION}:${def.name}`), column)
    if (!known.has(lower(def.name))) known.set(lower(def.name), column)
  }
  for (const name of FIXED_COLUMNS) known.set(lower(name), { kind: 'fixed', name })
  const columns: Column[] = []
  const unknown: string[] = []
  const seen = new Set<string>()
  for (const cell of cells) {
    const column = known.get(lower(cell))
    if (!column) {
      unknown.push(cell)
      continue
    }
    const key =
      column.kind === 'property' ? `p:${column.def.name}` : `${column.kind}:${column.name}`
    if (seen.has(key)) return { problem: `the header names the column '${cell}' twice` }
    seen.add(key)
    columns.push(column)
  }
  if (unknown.length > 0) {
    const devices = profile.devices.map((d) => d.name)
    const properties = profile.properties.map((p) => p.name)
    return {
      problem:
        `the header has ${unknown.length === 1 ? 'a column' : 'columns'} this tenant does not know: ${unknown.map((u) => `'${u}'`).join(', ')}. ` +
        `Columns are ${FIXED_COLUMNS.join(', ')}; the tenant's device names (${devices.join(', ')}; roster devices list)` +
        (properties.length > 0
          ? `; its custom properties (${properties.join(', ')}; roster properties list)`
          : '; custom properties (none defined: roster properties add)'),
    }
  }
  if (!seen.has('fixed:User'))
    return { problem: "the header has no 'User' column (the userName of each row)" }
  return { columns }
}

/** A multi-valued cell: values separated by `|` (xMatters' separator for roles); `\|` and `\\` escape. */
export function joinList(values: readonly string[]): string {
  return values.map((v) => v.replace(/\\/g, '\\\\').replace(/\|/g, '\\|')).join('|')
}

export function splitList(cell: string): string[] {
  const out: string[] = []
  let current = ''
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i] as string
    if (c === '\\' && i + 1 < cell.length) current += cell[++i]
    else if (c === '|') {
      out.push(current)
      current = ''
    } else current += c
  }
  out.push(current)
  return out.map((v) => v.trim()).filter((v) => v !== '')
}

function propertyCell(def: PropertyDef, value: Json | undefined): string {
  if (value === undefined || value === null) return ''
  const text = (v: Json): string => (typeof v === 'string' ? v : JSON.stringify(v))
  if (def.multiValued && Array.isArray(value)) return joinList(value.map(text))
  return text(value)
}

/** A user's cells in the order of `columns` (as csvColumns gives them). */
export function userToCsv(user: UserData, columns: readonly Column[]): string[] {
  return columns.map((column) => {
    switch (column.kind) {
      case 'fixed':
        return fixedCell(user, column.name)
      case 'device': {
        const list = column.device === 'email' ? user.emails : user.phoneNumbers
        return list.find((d) => d.device === column.name)?.value ?? ''
      }
      case 'property':
        return propertyCell(column.def, user.properties?.[column.def.name])
      case 'ignored':
        return ''
    }
  })
}

function fixedCell(user: UserData, name: FixedColumn): string {
  switch (name) {
    case 'Operation':
      return OPERATION
    case 'User':
      return user.userName
    case 'First Name':
      return user.givenName ?? ''
    case 'Last Name':
      return user.familyName ?? ''
    case 'Language':
      return user.preferredLanguage ?? ''
    case 'Time Zone':
      return user.timezone ?? ''
    case 'Roles':
      return joinList(user.roles.map((r) => r.value))
    case 'Status':
      return user.active ? 'ACTIVE' : 'INACTIVE'
    case 'External Key':
      return user.externalId ?? ''
  }
}

/** The SCIM path each fixed column sets. */
const FIXED_PATHS: Readonly<Record<FixedColumn, string>> = {
  Operation: 'Operation',
  User: 'userName',
  'First Name': 'name.givenName',
  'Last Name': 'name.familyName',
  Language: 'preferredLanguage',
  'Time Zone': 'timezone',
  Roles: 'roles',
  Status: 'active',
  'External Key': 'externalId',
}

/** A row read: the SCIM User body it stands for, problems of its own cells, and where each path came from. */
export interface CsvUser {
  readonly body: JsonObject
  readonly issues: readonly Issue[]
  /** The column each top-level SCIM path of the body came from (`emails[1]` → `Home Email`). */
  readonly columns: ReadonlyMap<string, string>
  /** Ignored columns (Site, …) that had a value in this row. */
  readonly ignored: readonly string[]
}

/**
 * A data row → a SCIM User body. Empty cells are "no value". Numbers and booleans of typed properties
 * are sent as JSON numbers and booleans when they read as such (else as text, which the rules refuse
 * with the property's path).
 */
export function csvToUser(cells: readonly string[], columns: readonly Column[]): CsvUser {
  const issues: Issue[] = []
  const paths = new Map<string, string>()
  const body: JsonObject = { schemas: [USER_SCHEMA] }
  const name: JsonObject = {}
  const emails: JsonObject[] = []
  const phones: JsonObject[] = []
  const properties: JsonObject = {}
  const ignored: string[] = []
  if (cells.length !== columns.length)
    issues.push({
      path: '',
      message: `has ${cells.length} fields where the header has ${columns.length}`,
    })
  for (const column of columns)
    if (column.kind === 'fixed') paths.set(FIXED_PATHS[column.name], column.name)
  columns.forEach((column, index) => {
    const cell = cells[index] ?? ''
    if (cell === '') return
    if (column.kind === 'ignored') {
      ignored.push(column.name)
      return
    }
    switch (column.kind) {
      case 'device': {
        const list = column.device === 'email' ? emails : phones
        paths.set(
          `${column.device === 'email' ? 'emails' : 'phoneNumbers'}[${list.length}]`,
          column.name,
        )
        list.push({ value: cell, type: column.name })
        return
      }
      case 'property': {
        paths.set(`${ROSTER_USER_EXTENSION}:${column.def.name}`, column.name)
        properties[column.def.name] = column.def.multiValued
          ? splitList(cell).map((v) => typed(column.def, v))
          : typed(column.def, cell)
        return
      }
      case 'fixed':
        readFixed(column.name, cell, { body, name, issues })
    }
  })
  if (Object.keys(name).length > 0) body['name'] = name
  if (emails.length > 0) body['emails'] = emails
  if (phones.length > 0) body['phoneNumbers'] = phones
  if (Object.keys(properties).length > 0) {
    body['schemas'] = [USER_SCHEMA, ROSTER_USER_EXTENSION]
    body[ROSTER_USER_EXTENSION] = properties
  }
  return { body, issues, columns: paths, ignored }
}

function readFixed(
  column: FixedColumn,
  cell: string,
  into: { body: JsonObject; name: JsonObject; issues: Issue[] },
): void {
  const { body, name, issues } = into
  const set = (path: string, value: Json): void => {
    body[path] = value
  }
  switch (column) {
    case 'Operation':
      if (lower(cell) !== OPERATION)
        issues.push({
          path: 'Operation',
          message: `'${cell}' is not an operation import performs; it only adds users (${OPERATION}, or leave it empty)`,
        })
      return
    case 'User':
      return set('userName', cell)
    case 'First Name':
      name['givenName'] = cell
      return
    case 'Last Name':
      name['familyName'] = cell
      return
    case 'Language':
      return set('preferredLanguage', cell)
    case 'Time Zone':
      return set('timezone', cell)
    case 'Roles':
      body['roles'] = splitList(cell).map((value) => ({ value }))
      return
    case 'Status': {
      const active = { active: true, true: true, inactive: false, false: false }[lower(cell)]
      if (active === undefined)
        issues.push({ path: 'active', message: `must be ACTIVE or INACTIVE, not '${cell}'` })
      else set('active', active)
      return
    }
    case 'External Key':
      return set('externalId', cell)
  }
}

function typed(def: PropertyDef, text: string): Json {
  if (
    (def.type === 'integer' || def.type === 'decimal') &&
    /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)
  )
    return Number(text)
  if (def.type === 'boolean' && /^(true|false)$/i.test(text)) return lower(text) === 'true'
  return text
}

/**
 * Where a problem of a row is, for a person reading the file: its column and its SCIM path
 * (`Work Email (emails[0].value)`), or the path alone when no column gave it.
 */
export function problemPlace(path: string, columns: ReadonlyMap<string, string>): string {
  let found: string | undefined
  let longest = -1
  for (const [key, column] of columns) {
    const within = path === key || path.startsWith(`${key}.`) || path.startsWith(`${key}[`)
    if (within && key.length > longest) {
      found = column
      longest = key.length
    }
  }
  if (found === undefined || path === '') return path
  return found === path ? found : `${found} (${path})`
}

/** RFC 4180: a field with a comma, quote, CR or LF is quoted, quotes doubled; lines end with CRLF. */
export function csvLine(cells: readonly string[]): string {
  return (
    cells
      .map((c) => (/[",\r\n]/.test(c) || /^\s|\s$/.test(c) ? `"${c.replace(/"/g, '""')}"` : c))
      .join(',') + '\r\n'
  )
}
