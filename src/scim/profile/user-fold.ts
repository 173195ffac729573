// How the profile compares strings in filters and PATCH value paths: caseExact:false folds case, and an
// email or phone `type` compares by the device it means (`work` ≡ `Work Email`), so Entra's
// `emails[type eq "work"]` finds the element stored as `Work Email`; userNames compare as RFC 8265 says
// (user-name.ts).
import { defaultFold } from '../filter/evaluate.js'
import type { Fold, FoldSpec } from '../filter/evaluate.js'
import type { AttributeDef } from '../schema/attribute.js'
import { resolveDevice } from './devices.js'
import type { TenantSettings } from './settings.js'
import { foldUserName } from './user-name.js'

export function userFold(settings: Pick<TenantSettings, 'devices'>): Fold {
  const fold = (key: string, value: string, def: AttributeDef): string => {
    if (key === 'emails.type' || key === 'phonenumbers.type') {
      const device = resolveDevice(
        value,
        key === 'emails.type' ? 'email' : 'phone',
        settings.devices,
      )
      return (device ?? value).toLowerCase()
    }
    if (key === 'username') return foldUserName(value)
    return defaultFold(key, value, def)
  }
  return Object.assign(fold, { spec: { kind: 'user', devices: settings.devices } })
}

/** The fold a spec describes (defaultFold for an unknown one). */
export function foldFromSpec(spec: FoldSpec): Fold {
  return spec.kind === 'user' && Array.isArray(spec['devices'])
    ? userFold({ devices: spec['devices'] as TenantSettings['devices'] })
    : defaultFold
}
