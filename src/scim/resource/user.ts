// The User as Roster stores it: the profile's attributes with values exactly as sent, plus what the
// profile resolved beside them (the language code, each device's name).
import type { Json } from './coerce.js'
import type { UserGroup } from './group.js'

export interface DeviceValue {
  readonly value: string
  readonly type?: string
  readonly primary?: boolean
  readonly display?: string
  /** The tenant device name `type` resolved to (`work` → `Work Email`). */
  readonly device: string
}

export interface RoleValue {
  readonly value: string
  readonly type?: string
  readonly primary?: boolean
  readonly display?: string
}

export interface UserData {
  readonly userName: string
  readonly externalId?: string
  readonly active: boolean
  readonly givenName?: string
  readonly familyName?: string
  readonly preferredLanguage?: string
  /** The enabled language `preferredLanguage` resolved to. */
  readonly languageCode?: string
  readonly timezone?: string
  readonly emails: readonly DeviceValue[]
  readonly phoneNumbers: readonly DeviceValue[]
  readonly roles: readonly RoleValue[]
  /**
   * Custom property values by property name (the roster extension), as sent; absent when the user has
   * none. A multi-valued property holds an array.
   */
  readonly properties?: Readonly<Record<string, Json>>
  /** The alias a property's value was sent under (property name → alias path), read back under it. */
  readonly propertyAliases?: Readonly<Record<string, string>>
}

/** A validated request: the data, the new password in clear (to be hashed, never stored), what was ignored. */
export interface UserInput {
  readonly data: UserData
  readonly password?: string
  readonly ignored: readonly string[]
}

export interface UserRecord extends UserData {
  readonly id: string
  /** User.groups (read-only): computed from memberships, never written through the user. */
  readonly groups: readonly UserGroup[]
  readonly created: string
  readonly lastModified: string
  readonly version: number
}
