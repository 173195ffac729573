// The Settings page's changes: one form field `action` names the change; each is validated like the
// CLI's command of the same name, applied with the store's compare-and-set (custom properties through
// property-actions.ts), and described for the audit log. A refused change throws a SettingError whose message the page shows.
import type { AuditEvent } from '../scim/log/audit.js'
import { findLanguage } from '../scim/profile/languages.js'
import { PASSWORD_MAX } from '../scim/profile/password.js'
import type { Complexity } from '../scim/profile/password.js'
import { canonicalTimeZone } from '../scim/profile/time-zones.js'
import type { TenantStore } from '../store/store.js'
import { applyPropertyChange, isPropertyAction } from './property-actions.js'
import { SettingError } from './setting-error.js'

export { SettingError }

type Form = Readonly<Record<string, string | undefined>>

function text(form: Form, key: string): string {
  const value = (form[key] ?? '').trim()
  if (value === '') throw new SettingError(`Fill in ${key}.`)
  return value
}

function integer(form: Form, key: string, min: number, max: number): number {
  const n = Number(form[key])
  if (!Number.isInteger(n) || n < min || n > max)
    throw new SettingError(`${key} must be an integer from ${min} to ${max}.`)
  return n
}

function pick<T extends string>(form: Form, key: string, allowed: readonly T[]): T {
  const value = form[key] as T
  if (!allowed.includes(value))
    throw new SettingError(`${key} must be one of ${allowed.join(', ')}.`)
  return value
}

/** Applies one change; returns what to tell the admin and what to log. */
export async function applySetting(data: TenantStore, form: Form): Promise<AuditEvent> {
  const action = form['action'] ?? ''
  if (isPropertyAction(action)) return applyPropertyChange(data, form)
  const event = (operation: string, detail: string): AuditEvent => ({
    operation,
    detail,
    resource: 'setting',
  })
  switch (action) {
    case 'roles.add': {
      const name = text(form, 'name')
      if (name.length > 100) throw new SettingError('A role name has at most 100 characters.')
      await data.updateSetting('roles', (current) =>
        current.includes(name) ? current : [...current, name],
      )
      return event(action, `roles defined: ${name}`)
    }
    case 'roles.remove': {
      const name = text(form, 'name')
      await data.updateSetting('roles', (current, all) => {
        if (!current.includes(name))
          throw new SettingError(`'${name}' is not a role of this tenant.`)
        if (name === all.defaultRole)
          throw new SettingError(`'${name}' is the default role; choose another default first.`)
        if (all.consoleRoles.includes(name) && all.consoleRoles.length === 1)
          throw new SettingError(`'${name}' is the only console role; nobody could sign in.`)
        return current.filter((r) => r !== name)
      })
      return event(action, `roles removed: ${name}`)
    }
    case 'roles.default': {
      const name = text(form, 'name')
      await data.updateSetting('defaultRole', (_c, all) => {
        if (!all.roles.includes(name))
          throw new SettingError(`'${name}' is not a role of this tenant.`)
        return name
      })
      return event(action, `default role: ${name}`)
    }
    case 'consoleRoles': {
      const roles = Object.keys(form)
        .filter((k) => k.startsWith('role:'))
        .map((k) => k.slice(5))
      if (roles.length === 0)
        throw new SettingError('Keep at least one console role, or nobody can sign in.')
      await data.updateSetting('consoleRoles', (_c, all) => {
        const unknown = roles.filter((r) => !all.roles.includes(r))
        if (unknown.length > 0)
          throw new SettingError(`Not roles of this tenant: ${unknown.join(', ')}.`)
        return roles
      })
      return event('policy.set', `consoleRoles = ${roles.join(', ')}`)
    }
    case 'unsupportedAttributes': {
      const value = pick(form, 'value', ['reject', 'ignore'] as const)
      await data.setSetting('unsupportedAttributes', value)
      return event('policy.set', `unsupportedAttributes = ${value}`)
    }
    case 'requireNames': {
      const value = pick(form, 'value', ['true', 'false'] as const)
      await data.setSetting('requireNames', value === 'true')
      return event('policy.set', `requireNames = ${value}`)
    }
    case 'password': {
      const minLength = integer(form, 'minLength', 1, PASSWORD_MAX)
      const complexity = pick(form, 'complexity', ['none', 'non-alpha', 'strong'] as const)
      await data.updateSetting('passwordPolicy', (p) => ({
        ...p,
        minLength,
        complexity: complexity as Complexity,
      }))
      return event(
        'policy.set',
        `password policy: minLength = ${minLength}, complexity = ${complexity}`,
      )
    }
    case 'retention': {
      const days = integer(form, 'logRetentionDays', 1, 3650)
      const rows = integer(form, 'logMaxRows', 1, 100_000_000)
      await data.setSetting('logRetentionDays', days)
      await data.setSetting('logMaxRows', rows)
      return event('policy.set', `logRetentionDays = ${days}, logMaxRows = ${rows}`)
    }
    case 'languages.enable':
    case 'languages.disable': {
      const language = findLanguage(text(form, 'language'))
      if (!language) throw new SettingError('Choose a language Roster knows.')
      await data.updateSetting('languages', (current) => {
        if (action === 'languages.enable')
          return current.includes(language.code) ? current : [...current, language.code]
        const left = current.filter((c) => c !== language.code)
        if (left.length === 0) throw new SettingError('At least one language must stay enabled.')
        return left
      })
      return event(
        action,
        `${language.name} (${language.code}) ${action === 'languages.enable' ? 'enabled' : 'disabled'}`,
      )
    }
    case 'timezones.enable': {
      const zone = text(form, 'zone')
      if (canonicalTimeZone(zone) === undefined)
        throw new SettingError(
          `'${zone}' is not an IANA time zone (for example America/Los_Angeles).`,
        )
      await data.updateSetting('timezones', (current) => {
        const list = current === 'all' ? [] : current
        return list.includes(zone) ? list : [...list, zone]
      })
      return event(action, `time zone enabled: ${zone}`)
    }
    case 'timezones.all':
      await data.setSetting('timezones', 'all')
      return event(action, 'every time zone enabled')
    case 'devices.add': {
      const name = text(form, 'name')
      const kind = pick(form, 'kind', ['email', 'phone'] as const)
      if (name.length > 100) throw new SettingError('A device name has at most 100 characters.')
      await data.updateSetting('devices', (current) => {
        if (current.some((d) => d.name.toLowerCase() === name.toLowerCase()))
          throw new SettingError(`'${name}' exists already.`)
        return [...current, { name, kind, aliases: [] }]
      })
      return event(action, `${kind} device '${name}' added`)
    }
    case 'devices.remove': {
      const name = text(form, 'name')
      await data.updateSetting('devices', (current) => {
        if (!current.some((d) => d.name === name))
          throw new SettingError(`'${name}' is not a device of this tenant.`)
        return current.filter((d) => d.name !== name)
      })
      return event(action, `device '${name}' removed`)
    }
    default:
      throw new SettingError('Unknown change.')
  }
}
