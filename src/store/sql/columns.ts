// SCIM attribute paths → SQL, the only source of identifiers in compiled filters and sorts. Keys are
// lower-case `attr` or `attr.sub`. Every case-insensitive (caseExact false) string attribute has a
// `folded` column holding its value folded by Roster's code, so no comparison depends on how a
// database folds case (columns.test.ts checks it).
// Multi-valued attributes live in a relation (a child table, or a derived table such as a group's
// members or a user's groups) aliased `c` and joined to the owning row.
import { sql } from 'kysely'
import type { RawBuilder } from 'kysely'
import { ROSTER_USER_EXTENSION } from '../../scim/schema/extension.js'
import { USER_SCHEMA } from '../../scim/schema/user.js'
import type { PropertyDefinition } from '../store.js'

export type OwnerTable = 'users' | 'groups'

export interface Relation {
  /** `<from item> as c where <join to the owning row>`, ready for `and <condition>`. */
  readonly scope: (owner: OwnerTable) => RawBuilder<unknown>
  /**
   * "Some element meets `condition`" as a semi-join the database answers from an index of the
   * relation (`owner.id in (…)`), instead of EXISTS probed for each owning row.
   */
  readonly semi?: (owner: OwnerTable, condition: RawBuilder<unknown>) => RawBuilder<unknown>
  /** ORDER BY terms choosing the element a sort uses (RFC 7644 §3.4.2.3). */
  readonly order: RawBuilder<unknown>
}

/**
 * A folded column under a substring index (migration 014): the table holding it and the column. Filters
 * with co, sw and ew on it are served by the index (store/sql/substring.ts on SQLite, pg_trgm on PostgreSQL).
 */
export interface SubstringIndex {
  readonly table: 'users' | 'user_emails' | 'groups'
  readonly column: string
  /**
   * A B-tree index on (tenant_id, column) of the owning table already serves `sw`: SQLite's LIKE
   * optimisation reads the prefix's range (case_sensitive_like), cheaper than the trigrams.
   */
  readonly prefixIndexed?: true
}

export type Column =
  | {
      readonly kind: 'own'
      readonly column: string
      readonly folded?: string
      readonly substring?: SubstringIndex
    }
  | {
      readonly kind: 'child'
      readonly relation: Relation
      readonly column: string
      readonly folded?: string
      readonly substring?: SubstringIndex
      /** A column that must hold a value for this one to count (the element's `type` for its device). */
      readonly guard?: string
    }
  | { readonly kind: 'constant'; readonly value: string }
  | { readonly kind: 'none' }

/** The resource table a filter or sort applies to, and its attribute map. */
export interface SqlTarget {
  readonly table: OwnerTable
  readonly columns: Readonly<Record<string, Column>>
}

const childTable = (name: 'user_emails' | 'user_phones' | 'user_roles'): Relation => ({
  scope: (owner) =>
    sql`${sql.table(name)} as c where c.tenant_id = ${sql.ref(`${owner}.tenant_id`)} and c.user_id = ${sql.ref(`${owner}.id`)}`,
  // The primary value, else the first.
  order: sql`coalesce(c.is_primary, 0) desc, c.position asc`,
})

/**
 * A user's display in member lists: "given family", else the userName; `folded` builds the same from
 * the folded columns (folding commutes with joining by a space and trimming).
 */
export const userDisplay = (u: string, folded = false): RawBuilder<string> => {
  const f = folded ? '_folded' : ''
  return sql<string>`coalesce(nullif(trim(coalesce(${sql.ref(`${u}.given_name${f}`)}, '') || ' ' || coalesce(${sql.ref(`${u}.family_name${f}`)}, '')), ''), ${sql.ref(`${u}.user_name${f}`)})`
}

/** A group's members, users and groups, with their type and display. */
const groupMembers: Relation = {
  scope: (owner) =>
    sql`(select gu.tenant_id, gu.group_id, gu.user_id as value, 'User' as type, 'user' as type_folded, ${userDisplay('mu')} as display, ${userDisplay('mu', true)} as display_folded from group_users as gu join users as mu on mu.tenant_id = gu.tenant_id and mu.id = gu.user_id union all select gg.tenant_id, gg.group_id, gg.member_id as value, 'Group' as type, 'group' as type_folded, mg.display_name as display, mg.display_name_folded as display_folded from group_groups as gg join groups as mg on mg.tenant_id = gg.tenant_id and mg.id = gg.member_id) as c where c.tenant_id = ${sql.ref(`${owner}.tenant_id`)} and c.group_id = ${sql.ref(`${owner}.id`)}`,
  order: sql`c.type asc, c.value asc`,
}

/**
 * A user's groups (User.groups): the groups holding it directly, and the groups holding those, up the
 * nesting; `direct` when any path is one step long. Groups are acyclic (the store refuses cycles).
 * The step up is driven by the row just reached (`anc cross join group_groups`: SQLite keeps the join
 * order of a CROSS JOIN), one index lookup each, never a scan of the tenant's nesting; the names are
 * then looked up per group reached (`anc cross join groups`), never by scanning the tenant's groups.
 */
const userGroups: Relation = {
  scope: (owner) => {
    const tenant = sql.ref(`${owner}.tenant_id`)
    return sql`(with recursive anc(group_id, depth) as (select gu.group_id, 0 from group_users as gu where gu.tenant_id = ${tenant} and gu.user_id = ${sql.ref(`${owner}.id`)} union select gg.group_id, 1 from anc cross join group_groups as gg where gg.tenant_id = ${tenant} and gg.member_id = anc.group_id) select anc.group_id as value, case when min(anc.depth) = 0 then 'direct' else 'indirect' end as type, ug.display_name as display, ug.display_name_folded as display_folded from anc cross join groups as ug where ug.tenant_id = ${tenant} and ug.id = anc.group_id group by anc.group_id, ug.display_name, ug.display_name_folded) as c where 1 = 1`
  },
  order: sql`c.display_folded asc, c.value asc`,
}

const device = (table: 'user_emails' | 'user_phones'): Record<string, Column> => {
  const relation = childTable(table)
  return {
    value: {
      kind: 'child',
      relation,
      column: 'value',
      folded: 'value_folded',
      ...(table === 'user_emails'
        ? { substring: { table: 'user_emails', column: 'value_folded' } }
        : {}),
    },
    // The type compares by the device it names (scim/profile/user-fold.ts); an element sent without a
    // type has a device but no type, and matches no type comparison.
    type: { kind: 'child', relation, column: 'device', folded: 'device_folded', guard: 'type' },
    primary: { kind: 'child', relation, column: 'is_primary' },
    display: { kind: 'child', relation, column: 'display', folded: 'display_folded' },
  }
}

const roles = childTable('user_roles')

export const USER_TARGET: SqlTarget = {
  table: 'users',
  columns: {
    id: { kind: 'own', column: 'id' },
    externalid: { kind: 'own', column: 'external_id' },
    username: {
      kind: 'own',
      column: 'user_name',
      folded: 'user_name_folded',
      substring: { table: 'users', column: 'user_name_folded', prefixIndexed: true },
    },
    active: { kind: 'own', column: 'active' },
    'name.givenname': {
      kind: 'own',
      column: 'given_name',
      folded: 'given_name_folded',
      substring: { table: 'users', column: 'given_name_folded' },
    },
    'name.familyname': {
      kind: 'own',
      column: 'family_name',
      folded: 'family_name_folded',
      substring: { table: 'users', column: 'family_name_folded' },
    },
    preferredlanguage: {
      kind: 'own',
      column: 'preferred_language',
      folded: 'preferred_language_folded',
    },
    timezone: { kind: 'own', column: 'timezone', folded: 'timezone_folded' },
    'meta.created': { kind: 'own', column: 'created' },
    'meta.resourcetype': { kind: 'constant', value: 'User' },
    'meta.lastmodified': { kind: 'own', column: 'last_modified' },
    ...prefixed('emails', device('user_emails')),
    ...prefixed('phonenumbers', device('user_phones')),
    ...prefixed('roles', {
      value: { kind: 'child', relation: roles, column: 'value', folded: 'value_folded' },
      type: { kind: 'child', relation: roles, column: 'type', folded: 'type_folded' },
      primary: { kind: 'child', relation: roles, column: 'is_primary' },
      display: { kind: 'child', relation: roles, column: 'display', folded: 'display_folded' },
    }),
    ...prefixed('groups', {
      // Group ids are generated lower-case, and the types are lower-case words: already folded.
      value: { kind: 'child', relation: userGroups, column: 'value', folded: 'value' },
      display: { kind: 'child', relation: userGroups, column: 'display', folded: 'display_folded' },
      type: { kind: 'child', relation: userGroups, column: 'type', folded: 'type' },
      $ref: { kind: 'none' },
    }),
  },
}

/**
 * The User target of a tenant: the core columns and one relation per custom property, keyed
 * `urn:…:roster:2.0:user:<name>` (lower-case). The tenant id is bound, so a filter on a property is a
 * semi-join answered by the index on (tenant, property, value).
 */
export function userTarget(tenantId: string, properties: readonly PropertyDefinition[]): SqlTarget {
  if (properties.length === 0) return USER_TARGET
  const columns: Record<string, Column> = { ...USER_TARGET.columns }
  for (const def of properties) {
    const from = sql`user_property_values as c where c.tenant_id = ${tenantId} and c.property_id = ${def.id}`
    const relation: Relation = {
      scope: (owner) =>
        sql`${from} and c.user_id = ${sql.ref(`${owner}.id`)} and ${sql.ref(`${owner}.tenant_id`)} = c.tenant_id`,
      semi: (owner, condition) =>
        sql`${sql.ref(`${owner}.id`)} in (select c.user_id from ${from} and ${condition})`,
      order: sql`c.position asc`,
    }
    // `value` (the JSON as sent) is never empty: `pr` tests it, whatever the type's column.
    const column: Column =
      def.type === 'string'
        ? { kind: 'child', relation, column: 'value_text', folded: 'value_folded', guard: 'value' }
        : def.type === 'dateTime'
          ? { kind: 'child', relation, column: 'value_folded', guard: 'value' }
          : { kind: 'child', relation, column: 'value_number', guard: 'value' }
    // An alias (a core attribute such as `title`, or another schema's) names the same values.
    for (const name of [`${ROSTER_USER_EXTENSION}:${def.name}`, ...def.aliases]) {
      const core = name.toLowerCase().startsWith(`${USER_SCHEMA.toLowerCase()}:`)
      columns[(core ? name.slice(USER_SCHEMA.length + 1) : name).toLowerCase()] = column
    }
  }
  return { table: 'users', columns }
}

export const GROUP_TARGET: SqlTarget = {
  table: 'groups',
  columns: {
    id: { kind: 'own', column: 'id' },
    externalid: { kind: 'own', column: 'external_id' },
    displayname: {
      kind: 'own',
      column: 'display_name',
      folded: 'display_name_folded',
      substring: { table: 'groups', column: 'display_name_folded' },
    },
    'meta.created': { kind: 'own', column: 'created' },
    'meta.resourcetype': { kind: 'constant', value: 'Group' },
    'meta.lastmodified': { kind: 'own', column: 'last_modified' },
    ...prefixed('members', {
      value: { kind: 'child', relation: groupMembers, column: 'value' },
      type: { kind: 'child', relation: groupMembers, column: 'type', folded: 'type_folded' },
      display: {
        kind: 'child',
        relation: groupMembers,
        column: 'display',
        folded: 'display_folded',
      },
      $ref: { kind: 'none' },
    }),
  },
}

function prefixed(prefix: string, map: Record<string, Column>): Record<string, Column> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [`${prefix}.${k}`, v]))
}
