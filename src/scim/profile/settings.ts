// Tenant settings that drive the profile rules, with the defaults every new tenant is seeded with.
// Stored per tenant by the store; edited with `roster roles|languages|timezones|devices|policy`.
import { DEFAULT_DEVICES } from './devices.js'
import type { DeviceName } from './devices.js'
import { LANGUAGES } from './languages.js'
import { DEFAULT_PASSWORD_POLICY } from './password.js'
import type { PasswordPolicy } from './password.js'
import { CONSOLE_ROLE, DEFAULT_ROLE, DEFAULT_ROLES } from './roles.js'
import type { EnabledTimeZones } from './time-zones.js'

export type UnsupportedAttributes = 'reject' | 'ignore'

export interface TenantSettings {
  readonly roles: readonly string[]
  readonly defaultRole: string
  /** Enabled language codes (xMatters codes such as `en`, `pt_BR`). */
  readonly languages: readonly string[]
  readonly timezones: EnabledTimeZones
  readonly devices: readonly DeviceName[]
  readonly passwordPolicy: PasswordPolicy
  /** reject: 400 naming every unsupported attribute (the default); ignore: accept and drop them. */
  readonly unsupportedAttributes: UnsupportedAttributes
  /** When true, name.givenName and name.familyName are required. */
  readonly requireNames: boolean
  /** SCIM requests allowed per minute for the tenant, per instance; 0 for no limit (the default). */
  readonly requestsPerMinute: number
  /** Provisioning-log entries older than this many days are pruned. */
  readonly logRetentionDays: number
  /** At most this many provisioning-log entries are kept (the oldest go first). */
  readonly logMaxRows: number
  /** Users holding one of these roles may sign in to the admin console. */
  readonly consoleRoles: readonly string[]
}

export const DEFAULT_SETTINGS: TenantSettings = Object.freeze({
  roles: DEFAULT_ROLES,
  defaultRole: DEFAULT_ROLE,
  languages: LANGUAGES.map((l) => l.code),
  timezones: 'all',
  devices: DEFAULT_DEVICES,
  passwordPolicy: DEFAULT_PASSWORD_POLICY,
  unsupportedAttributes: 'reject',
  requireNames: false,
  requestsPerMinute: 0,
  logRetentionDays: 30,
  logMaxRows: 1_000_000,
  consoleRoles: [CONSOLE_ROLE],
})

export type SettingKey = keyof TenantSettings
export const SETTING_KEYS = Object.keys(DEFAULT_SETTINGS) as SettingKey[]

/**
 * How filters treat an attribute the schema lacks: tenants that reject unsupported attributes refuse
 * such a filter (400); tenants that accept and drop them answer it as if the attribute had no value.
 */
export function unknownFilterAttributes(
  settings: Pick<TenantSettings, 'unsupportedAttributes'>,
): 'reject' | 'absent' {
  return settings.unsupportedAttributes === 'ignore' ? 'absent' : 'reject'
}
