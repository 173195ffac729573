// Users from a CSV file: a header row of Graph property names (any case; Entra's names such as
// objectId, mobile and telephoneNumber are accepted too), one user per row. Empty cells are absent
// values; multi-valued columns (businessPhones, proxyAddresses, otherMails) hold values separated by
// ";"; a dotted header (employeeOrgData.costCenter) is a nested property. Parsed by csv-parse (RFC 4180
// quoting, a BOM, CRLF).
import { parse } from 'csv-parse/sync'
import type { Directory, SourceUser } from './directory.js'
import { SourceError } from './directory.js'
import { userFromGraph } from './graph-json.js'

const GRAPH_USER_PROPERTIES = [
  'id', 'userPrincipalName', 'mail', 'givenName', 'surname', 'displayName', 'preferredLanguage',
  'mobilePhone', 'businessPhones', 'accountEnabled', 'jobTitle', 'department', 'employeeId',
  'mailNickname', 'officeLocation', 'faxNumber', 'streetAddress', 'city', 'state', 'postalCode',
  'country', 'companyName', 'usageLocation', 'userType', 'employeeType', 'employeeHireDate',
  'proxyAddresses', 'otherMails', 'onPremisesSamAccountName', 'onPremisesImmutableId',
  'onPremisesDistinguishedName', 'onPremisesDomainName', 'onPremisesSecurityIdentifier',
  'onPremisesUserPrincipalName', 'createdDateTime', 'manager',
] // prettier-ignore

/** Entra names a CSV header may use instead of Graph's. */
const ENTRA_HEADERS: Readonly<Record<string, string>> = {
  objectid: 'id',
  mobile: 'mobilePhone',
  telephonenumber: 'businessPhones',
  facsimiletelephonenumber: 'faxNumber',
  physicaldeliveryofficename: 'officeLocation',
  immutableid: 'onPremisesImmutableId',
}

const MULTI = new Set(['businessPhones', 'proxyAddresses', 'otherMails', 'imAddresses'])

function propertyName(header: string): string {
  const folded = header.trim().toLowerCase()
  const known = GRAPH_USER_PROPERTIES.find((p) => p.toLowerCase() === folded)
  if (known) return known
  if (ENTRA_HEADERS[folded]) return ENTRA_HEADERS[folded]
  const extension = /^(?:onpremisesextensionattributes\.)?extensionattribute(\d{1,2})$/.exec(folded)
  if (extension && Number(extension[1]) >= 1 && Number(extension[1]) <= 15)
    return `onPremisesExtensionAttributes.extensionAttribute${extension[1]}`
  return header.trim()
}

function boolean(file: string, line: number, text: string): boolean {
  if (/^(true|yes|1)$/i.test(text)) return true
  if (/^(false|no|0)$/i.test(text)) return false
  throw new SourceError(
    `${file}:${line}: accountEnabled is ${JSON.stringify(text)}; write true or false.`,
  )
}

function set(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.')
  let node = target
  for (const key of keys.slice(0, -1)) {
    const next = node[key]
    node = (typeof next === 'object' && next !== null ? next : (node[key] = {})) as Record<
      string,
      unknown
    >
  }
  node[keys[keys.length - 1] as string] = value
}

export function parseUsersCsv(file: string, content: string): Directory {
  let rows: { record: Record<string, string>; info: { lines: number } }[]
  try {
    rows = parse(content, {
      bom: true,
      columns: (headers: string[]) => headers.map(propertyName),
      skip_empty_lines: true,
      info: true,
    })
  } catch (error) {
    throw new SourceError(
      `${file} is not valid CSV: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  const seen = new Map<string, number>()
  const users: SourceUser[] = rows.map(({ record, info }) => {
    const line = info.lines
    const graph: Record<string, unknown> = {}
    for (const [column, raw] of Object.entries(record)) {
      const cell = raw.trim()
      if (cell === '') continue
      if (column === 'accountEnabled') graph[column] = boolean(file, line, cell)
      else if (MULTI.has(column))
        graph[column] = cell
          .split(';')
          .map((v) => v.trim())
          .filter((v) => v !== '')
      else set(graph, column, cell)
    }
    const id = graph['id']
    if (typeof id !== 'string')
      throw new SourceError(
        `${file}:${line}: the row has no id (a column "id" or "objectId" is needed).`,
      )
    const previous = seen.get(id)
    if (previous !== undefined)
      throw new SourceError(
        `${file}:${line}: the id ${JSON.stringify(id)} is also on line ${previous}.`,
      )
    seen.set(id, line)
    return userFromGraph(id, graph)
  })
  return { users, groups: [], assignments: [], format: 'csv' }
}
