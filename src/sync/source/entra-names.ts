// Microsoft Graph's property names become the source attribute names Entra's mapping screen shows
// (docs/sync.md lists them): `id` is `objectId`, `mobilePhone` is `mobile`, the first of
// `businessPhones` is `telephoneNumber`, the fifteen on-premises extension attributes lose their
// container. Properties Graph has and Entra does not rename keep their name, nested objects flatten
// with dots, and `@odata.*` annotations are dropped.
import type { Value } from '../expression/value.js'

/** Graph name → Entra name, for users. */
export const USER_RENAMES: Readonly<Record<string, string>> = {
  id: 'objectId',
  mobilePhone: 'mobile',
  faxNumber: 'facsimileTelephoneNumber',
  officeLocation: 'physicalDeliveryOfficeName',
  onPremisesImmutableId: 'immutableId',
}

/** Graph name → Entra name, for groups. */
export const GROUP_RENAMES: Readonly<Record<string, string>> = { id: 'objectId' }

/** Graph's multi-valued phones: Entra reads the first as telephoneNumber. */
const BUSINESS_PHONES = 'businessPhones'
const EXTENSIONS = 'onPremisesExtensionAttributes'

/** The user attributes of Entra's source list (computed ones included) that a mapping may name. */
export const ENTRA_USER_ATTRIBUTES: readonly string[] = [
  'accountEnabled', 'appRoleAssignments', 'city', 'companyName', 'country', 'createdDateTime',
  'department', 'displayName', 'employeeHireDate', 'employeeId', 'employeeType',
  ...Array.from({ length: 15 }, (_, i) => `extensionAttribute${i + 1}`),
  'facsimileTelephoneNumber', 'givenName', 'immutableId', 'IsSoftDeleted', 'jobTitle', 'mail',
  'mailNickname', 'manager', 'mobile', 'objectId', 'onPremisesDistinguishedName',
  'onPremisesDomainName', 'onPremisesSamAccountName', 'onPremisesSecurityIdentifier',
  'onPremisesUserPrincipalName', 'otherMails', 'physicalDeliveryOfficeName', 'postalCode',
  'preferredLanguage', 'proxyAddresses', 'state', 'streetAddress', 'surname', 'telephoneNumber',
  'usageLocation', 'userPrincipalName', 'userType',
] // prettier-ignore

export const ENTRA_GROUP_ATTRIBUTES: readonly string[] = [
  'appRoleAssignments', 'description', 'displayName', 'mail', 'mailNickname', 'members', 'objectId',
] // prettier-ignore

/** Graph names a mapping may mistakenly use, with the Entra name to write instead. */
export const GRAPH_NAME_HINTS: Readonly<Record<string, string>> = {
  ...USER_RENAMES,
  [BUSINESS_PHONES]: 'telephoneNumber',
  [EXTENSIONS]: 'extensionAttribute1 … extensionAttribute15',
  userId: 'objectId',
}

/** A JSON value from Graph as an expression value; undefined when it holds nothing. */
function toValue(value: unknown): Value | undefined {
  if (value === null || value === undefined) return undefined
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number')
    return value
  if (Array.isArray(value))
    return value
      .filter((v) => v !== null && v !== undefined)
      .map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
  return undefined
}

/** Sets `name` (and, for nested objects, `name.key`) from a Graph property. */
function put(out: Map<string, Value>, name: string, value: unknown, depth = 0): void {
  if (name.startsWith('@odata.') || name.includes('@odata.')) return
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    if (depth >= 4) return
    for (const [key, inner] of Object.entries(value)) put(out, `${name}.${key}`, inner, depth + 1)
    return
  }
  const converted = toValue(value)
  if (converted !== undefined) out.set(name, converted)
}

/** A Graph user's properties under Entra's names (IsSoftDeleted and app roles are added by scope). */
export function entraUserAttributes(graph: Readonly<Record<string, unknown>>): Map<string, Value> {
  const out = new Map<string, Value>()
  for (const [key, value] of Object.entries(graph)) {
    if (key === BUSINESS_PHONES) {
      const first = Array.isArray(value) ? value.find((v) => typeof v === 'string') : value
      if (typeof first === 'string' && first !== '') out.set('telephoneNumber', first)
    } else if (key === EXTENSIONS && typeof value === 'object' && value !== null) {
      for (const [name, inner] of Object.entries(value)) put(out, name, inner)
    } else if (key === 'manager') {
      const id =
        typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : value
      if (typeof id === 'string' && id !== '') out.set('manager', id)
    } else put(out, USER_RENAMES[key] ?? key, value)
  }
  return out
}

/** A Graph group's properties under Entra's names (members are handled as references). */
export function entraGroupAttributes(graph: Readonly<Record<string, unknown>>): Map<string, Value> {
  const out = new Map<string, Value>()
  for (const [key, value] of Object.entries(graph))
    if (key !== 'members') put(out, GROUP_RENAMES[key] ?? key, value)
  return out
}
