// The one mapping between user rows and UserRecord: where snake_case stops.
import { foldUserName } from '../../scim/profile/user-name.js'
import type { UserGroup } from '../../scim/resource/group.js'
import type { DeviceValue, RoleValue, UserData, UserRecord } from '../../scim/resource/user.js'
import { propertyKey } from '../../scim/profile/properties.js'
import type { Json } from '../../scim/resource/coerce.js'
import type { PropertyDefinition } from '../store.js'
import type { DeviceRow, PropertyValueRow, RoleRow, UserRow } from './tables.js'

/**
 * How every `*_folded` column is folded: by Roster's code (full Unicode, as JavaScript does), never by
 * the database, so SQLite and PostgreSQL compare alike (migration 003). userNames fold as RFC 8265 says
 * (scim/profile/user-name.ts, migration 008).
 */
export const foldText = (text: string): string => text.toLowerCase()
const foldOptional = (text: string | undefined): string | null =>
  text === undefined ? null : foldText(text)

export function userColumns(
  data: UserData,
): Omit<UserRow, 'tenant_id' | 'id' | 'password_hash' | 'created' | 'last_modified' | 'version'> {
  return {
    user_name: data.userName,
    user_name_folded: foldUserName(data.userName),
    external_id: data.externalId ?? null,
    active: data.active ? 1 : 0,
    given_name: data.givenName ?? null,
    family_name: data.familyName ?? null,
    preferred_language: data.preferredLanguage ?? null,
    language_code: data.languageCode ?? null,
    timezone: data.timezone ?? null,
    given_name_folded: foldOptional(data.givenName),
    family_name_folded: foldOptional(data.familyName),
    preferred_language_folded: foldOptional(data.preferredLanguage),
    timezone_folded: foldOptional(data.timezone),
  }
}

export function deviceRows(
  tenantId: string,
  userId: string,
  list: readonly DeviceValue[],
): DeviceRow[] {
  return list.map((d, position) => ({
    tenant_id: tenantId,
    user_id: userId,
    position,
    value: d.value,
    value_folded: foldText(d.value),
    type: d.type ?? null,
    device: d.device,
    device_folded: foldText(d.device),
    is_primary: d.primary === undefined ? null : d.primary ? 1 : 0,
    display: d.display ?? null,
    display_folded: foldOptional(d.display),
  }))
}

export function roleRows(tenantId: string, userId: string, list: readonly RoleValue[]): RoleRow[] {
  return list.map((r, position) => ({
    tenant_id: tenantId,
    user_id: userId,
    position,
    value: r.value,
    value_folded: foldText(r.value),
    type: r.type ?? null,
    type_folded: foldOptional(r.type),
    is_primary: r.primary === undefined ? null : r.primary ? 1 : 0,
    display: r.display ?? null,
    display_folded: foldOptional(r.display),
  }))
}

/** A user's property values as rows, one per value, with what filters compare (profile/properties.ts). */
export function propertyRows(
  tenantId: string,
  userId: string,
  values: Readonly<Record<string, Json>> | undefined,
  definitions: readonly PropertyDefinition[],
  aliases: Readonly<Record<string, string>> = {},
): PropertyValueRow[] {
  if (values === undefined) return []
  const byName = new Map(definitions.map((d) => [d.name, d]))
  return Object.entries(values).flatMap(([name, value]) => {
    const def = byName.get(name)
    // A property removed since the request was validated has nowhere to go: the value is dropped.
    if (!def) return []
    const items = def.multiValued && Array.isArray(value) ? value : [value]
    return items.map((item, position) => {
      const key = propertyKey(def, item)
      return {
        tenant_id: tenantId,
        user_id: userId,
        property_id: def.id,
        position,
        value: JSON.stringify(item),
        value_text: key.text,
        value_folded: key.folded,
        value_number: key.number,
        sent_as: aliases[name] ?? null,
      }
    })
  })
}

/** A property value as hydrated: its property's current name, and the value's JSON as sent. */
export interface PropertyColumns {
  readonly name: string
  readonly multi: number
  readonly value: string
  readonly sent_as: string | null
}

function toProperties(
  rows: readonly PropertyColumns[],
): Pick<UserData, 'properties' | 'propertyAliases'> {
  if (rows.length === 0) return {}
  const out: Record<string, Json> = {}
  const aliases: Record<string, string> = {}
  for (const row of rows) {
    const value = JSON.parse(row.value) as Json
    if (Number(row.multi) !== 1) out[row.name] = value
    else out[row.name] = [...((out[row.name] as Json[] | undefined) ?? []), value]
    if (row.sent_as !== null) aliases[row.name] = row.sent_as
  }
  return {
    properties: out,
    ...(Object.keys(aliases).length > 0 ? { propertyAliases: aliases } : {}),
  }
}

type DeviceColumns = Pick<DeviceRow, 'value' | 'type' | 'device' | 'is_primary' | 'display'>
type RoleColumns = Pick<RoleRow, 'value' | 'type' | 'is_primary' | 'display'>

export function toUserRecord(
  row: UserRow,
  emails: readonly DeviceColumns[],
  phones: readonly DeviceColumns[],
  roles: readonly RoleColumns[],
  groups: readonly UserGroup[],
  propertyValues: readonly PropertyColumns[] = [],
): UserRecord {
  const properties = toProperties(propertyValues)
  return {
    id: row.id,
    userName: row.user_name,
    ...(row.external_id !== null ? { externalId: row.external_id } : {}),
    active: row.active === 1,
    ...(row.given_name !== null ? { givenName: row.given_name } : {}),
    ...(row.family_name !== null ? { familyName: row.family_name } : {}),
    ...(row.preferred_language !== null ? { preferredLanguage: row.preferred_language } : {}),
    ...(row.language_code !== null ? { languageCode: row.language_code } : {}),
    ...(row.timezone !== null ? { timezone: row.timezone } : {}),
    emails: emails.map(toDevice),
    phoneNumbers: phones.map(toDevice),
    roles: roles.map((r) => ({ value: r.value, ...optional(r) })),
    ...properties,
    groups,
    created: row.created,
    lastModified: row.last_modified,
    version: row.version,
  }
}

function toDevice(row: DeviceColumns): DeviceValue {
  return { value: row.value, ...optional(row), device: row.device }
}

function optional(row: {
  type: string | null
  is_primary: number | null
  display: string | null
}): Omit<RoleValue, 'value'> {
  return {
    ...(row.type !== null ? { type: row.type } : {}),
    ...(row.is_primary !== null ? { primary: row.is_primary === 1 } : {}),
    ...(row.display !== null ? { display: row.display } : {}),
  }
}
