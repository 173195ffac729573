// Discovery reflecting the tenant (issue 14): the User schema's canonicalValues are the values this
// tenant accepts, so schema-driven clients pick valid ones: emails.type and phoneNumbers.type its device
// names and their SCIM aliases, roles.value its roles, preferredLanguage its enabled languages.
import { attribute } from '../schema/attribute.js'
import type { AttributeDef } from '../schema/attribute.js'
import type { SchemaDef } from '../schema/registry.js'
import type { DeviceKind } from './devices.js'
import type { TenantSettings } from './settings.js'

export function tenantUserSchema(
  schema: SchemaDef,
  settings: Pick<TenantSettings, 'devices' | 'roles' | 'languages'>,
): SchemaDef {
  const devices = (kind: DeviceKind): string[] => {
    const ofKind = settings.devices.filter((d) => d.kind === kind)
    return [...new Set([...ofKind.map((d) => d.name), ...ofKind.flatMap((d) => d.aliases)])]
  }
  const values: Record<string, Record<string, readonly string[]>> = {
    emails: { type: devices('email') },
    phonenumbers: { type: devices('phone') },
    roles: { value: settings.roles },
    preferredlanguage: { '': settings.languages },
  }
  const withValues = (def: AttributeDef, list: readonly string[]): AttributeDef =>
    attribute(def.name, def.type, { ...def, canonicalValues: [...list] })
  return {
    ...schema,
    attributes: schema.attributes.map((def) => {
      const wanted = values[def.name.toLowerCase()]
      if (!wanted) return def
      const own = wanted['']
      if (own) return withValues(def, own)
      return attribute(def.name, def.type, {
        ...def,
        subAttributes: (def.subAttributes ?? []).map((sub) => {
          const list = wanted[sub.name.toLowerCase()]
          return list ? withValues(sub, list) : sub
        }),
      })
    }),
  }
}
