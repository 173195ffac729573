// SCIM attribute paths → SQL columns, the only source of identifiers in compiled filters. Keys are
// lower-case `attr` or `attr.sub`; `folded` columns hold values folded by Roster's code (indexed).
export type UserColumn =
  | { readonly kind: 'user'; readonly column: string; readonly folded?: string }
  | {
      readonly kind: 'child'
      readonly table: 'user_emails' | 'user_phones' | 'user_roles'
      readonly column: string
      readonly folded?: string
      /** A column that must hold a value for this one to count (the element's `type` for its device). */
      readonly guard?: string
    }
  | { readonly kind: 'constant'; readonly value: string }
  | { readonly kind: 'none' }

const device = (table: 'user_emails' | 'user_phones'): Record<string, UserColumn> => ({
  value: { kind: 'child', table, column: 'value', folded: 'value_folded' },
  // The type compares by the device it names (scim/profile/user-fold.ts); an element sent without a
  // type has a device but no type, and matches no type comparison.
  type: { kind: 'child', table, column: 'device', guard: 'type' },
  primary: { kind: 'child', table, column: 'is_primary' },
  display: { kind: 'child', table, column: 'display' },
})

const roles: Record<string, UserColumn> = {
  value: { kind: 'child', table: 'user_roles', column: 'value' },
  type: { kind: 'child', table: 'user_roles', column: 'type' },
  primary: { kind: 'child', table: 'user_roles', column: 'is_primary' },
  display: { kind: 'child', table: 'user_roles', column: 'display' },
}

export const USER_COLUMNS: Readonly<Record<string, UserColumn>> = {
  id: { kind: 'user', column: 'id' },
  externalid: { kind: 'user', column: 'external_id' },
  username: { kind: 'user', column: 'user_name', folded: 'user_name_folded' },
  active: { kind: 'user', column: 'active' },
  'name.givenname': { kind: 'user', column: 'given_name' },
  'name.familyname': { kind: 'user', column: 'family_name' },
  preferredlanguage: { kind: 'user', column: 'preferred_language' },
  timezone: { kind: 'user', column: 'timezone' },
  'meta.created': { kind: 'user', column: 'created' },
  'meta.resourcetype': { kind: 'constant', value: 'User' },
  'meta.lastmodified': { kind: 'user', column: 'last_modified' },
  ...prefixed('emails', device('user_emails')),
  ...prefixed('phonenumbers', device('user_phones')),
  ...prefixed('roles', roles),
  // Group membership arrives with the Groups resource; until then no user has a group.
  'groups.value': { kind: 'none' },
  'groups.display': { kind: 'none' },
  'groups.type': { kind: 'none' },
  'groups.$ref': { kind: 'none' },
}

function prefixed(prefix: string, map: Record<string, UserColumn>): Record<string, UserColumn> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [`${prefix}.${k}`, v]))
}
