// UserRecord → the SCIM representation (RFC 7643 §4.1), values exactly as stored. The one place where
// stored fields become SCIM attribute names.
import type { JsonObject } from './coerce.js'
import { meta, resourceUri } from './meta.js'
import type { DeviceValue, RoleValue, UserData, UserRecord } from './user.js'
import { ROSTER_USER_EXTENSION, aliasPath } from '../schema/extension.js'
import { USER_SCHEMA } from '../schema/user.js'

/** The writable attributes of a user as SCIM JSON (no id, no meta): the input of PATCH. */
export function userDataToJson(user: UserData): JsonObject {
  const out: JsonObject = { schemas: [USER_SCHEMA], userName: user.userName }
  if (user.externalId !== undefined) out['externalId'] = user.externalId
  if (user.givenName !== undefined || user.familyName !== undefined) {
    out['name'] = {
      ...(user.givenName !== undefined ? { givenName: user.givenName } : {}),
      ...(user.familyName !== undefined ? { familyName: user.familyName } : {}),
    }
  }
  out['active'] = user.active
  if (user.preferredLanguage !== undefined) out['preferredLanguage'] = user.preferredLanguage
  if (user.timezone !== undefined) out['timezone'] = user.timezone
  if (user.emails.length > 0) out['emails'] = user.emails.map(element)
  if (user.phoneNumbers.length > 0) out['phoneNumbers'] = user.phoneNumbers.map(element)
  if (user.roles.length > 0) out['roles'] = user.roles.map(element)
  // Custom properties: in the roster extension, or under the alias each was sent under. RFC 7643 §3:
  // `schemas` lists an extension exactly when the user has a value in it.
  const extensions = new Map<string, JsonObject>()
  for (const [name, value] of Object.entries(user.properties ?? {})) {
    const alias = user.propertyAliases?.[name]
    const at = alias === undefined ? { urn: ROSTER_USER_EXTENSION, name } : aliasPath(alias)
    if (at.urn === undefined || at.urn.toLowerCase() === USER_SCHEMA.toLowerCase()) {
      out[at.name] = value
      continue
    }
    extensions.set(at.urn, { ...extensions.get(at.urn), [at.name]: value })
  }
  if (extensions.size > 0) {
    out['schemas'] = [USER_SCHEMA, ...extensions.keys()]
    for (const [urn, values] of extensions) out[urn] = values
  }
  return out
}

/** The full representation; `base` is the SCIM base URL the resource's and its groups' URIs start with. */
export function userToJson(user: UserRecord, base: string): JsonObject {
  const { schemas, ...rest } = userDataToJson(user)
  return {
    schemas: schemas ?? [USER_SCHEMA],
    id: user.id,
    ...rest,
    ...(user.groups.length > 0
      ? {
          groups: user.groups.map((g) => ({
            value: g.value,
            $ref: resourceUri(base, 'Group', g.value),
            display: g.display,
            type: g.type,
          })),
        }
      : {}),
    meta: { ...meta('User', resourceUri(base, 'User', user.id), user) },
  }
}

function element(e: DeviceValue | RoleValue): JsonObject {
  return {
    value: e.value,
    ...(e.type !== undefined ? { type: e.type } : {}),
    ...(e.primary !== undefined ? { primary: e.primary } : {}),
    ...(e.display !== undefined ? { display: e.display } : {}),
  }
}
