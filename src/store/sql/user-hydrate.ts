// Reading whole users: ONE statement returns each user's row with its emails, phones, roles and direct
// groups as JSON arrays, and whether any direct group is itself held by a group; only then does
// user-groups.ts walk the nesting. Compiled once (precompiled.ts), with the ids bound as one parameter,
// so every read of users, one or a page of them, is the same prepared statement.
//
// A hot read (GET by id, Entra's match) given the configuration version its caller relied on runs a
// variant that also returns roster_config's version, in the same statement and so the same snapshot:
// `with h as materialized (<the read>) select … from roster_config c left join h on true where c.id = 1`,
// one row with the version even when no user matches. The other callers keep their statements as they were.
import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import type { UserRecord } from '../../scim/resource/user.js'
import { confirmConfig } from '../store.js'
import type { SqlDialect } from './dialect.js'
import type { UserMatchColumn } from './match.js'
import { precompiled } from './precompiled.js'
import { USER_COLUMNS } from './tables.js'
import type { Database, DeviceRow, RoleRow, UserRow } from './tables.js'
import { parentsQuery, userGroups } from './user-groups.js'
import type { GroupName } from './user-groups.js'
import { toUserRecord } from './user-rows.js'
import type { PropertyColumns } from './user-rows.js'

type Device = Pick<DeviceRow, 'value' | 'type' | 'device' | 'is_primary' | 'display'>
type Role = Pick<RoleRow, 'value' | 'type' | 'is_primary' | 'display'>

/**
 * Reads users by id (with `db` itself or a transaction of it); missing ids are absent. With
 * `walkLimit`, throws GroupWalkTooLarge instead of walking more nesting rows (user-groups.ts).
 */
export type HydrateUsers = (
  db: Kysely<Database>,
  tenantId: string,
  ids: readonly string[],
  walkLimit?: number,
  /**
   * The configuration version the caller relied on (TenantStore.getUserText): one id is read with the
   * version in its statement, several after `confirm`; ConfigMoved when it is another.
   */
  relied?: number,
) => Promise<Map<string, UserRecord>>

/** A column whose equality Entra matches users on, with an index leading with it. */
export type MatchColumn = UserMatchColumn

/**
 * The users whose `column` equals `value`, in creation order, at most `limit`: Entra's match
 * (`userName eq "…"`) as one indexed statement.
 */
export type MatchUsers = (
  db: Kysely<Database>,
  tenantId: string,
  column: MatchColumn,
  value: string,
  limit: number,
  /** As HydrateUsers' walkLimit. */
  walkLimit?: number,
  /** As HydrateUsers' relied: the version is read by the match's first statement. */
  relied?: number,
) => Promise<UserRecord[]>

export interface UserReads {
  readonly hydrate: HydrateUsers
  readonly match: MatchUsers
  /** Reads the configuration version (refreshing the cache) and throws ConfigMoved unless it is `relied`. */
  readonly confirm: (relied: number) => Promise<void>
}

/** The column a confirming variant returns the configuration version in. */
const CONFIG_VERSION = 'config_version' as const

/**
 * `confirm`: reads the configuration version on its own (the store's refresh, which empties the cache
 * when it moved) and throws ConfigMoved unless it is the one relied on.
 */
export function userReads(
  db: Kysely<Database>,
  dialect: SqlDialect,
  confirm: (relied: number) => Promise<void>,
): UserReads {
  const select = () =>
    db
      .selectFrom('users as u')
      // Named, not `u.*`: on PostgreSQL this statement is prepared once per connection, and a column
      // added by a later migration would change `u.*`'s row type under it ("cached plan must not change
      // result type").
      .select(USER_COLUMNS.map((column) => `u.${column}` as const))
      .select((eb) => [
        dialect
          .jsonArrayFrom(
            eb
              .selectFrom('user_emails as e')
              .select(['e.value', 'e.type', 'e.device', 'e.is_primary', 'e.display'])
              .whereRef('e.tenant_id', '=', 'u.tenant_id')
              .whereRef('e.user_id', '=', 'u.id')
              .orderBy('e.position'),
          )
          .as('emails'),
        dialect
          .jsonArrayFrom(
            eb
              .selectFrom('user_phones as ph')
              .select(['ph.value', 'ph.type', 'ph.device', 'ph.is_primary', 'ph.display'])
              .whereRef('ph.tenant_id', '=', 'u.tenant_id')
              .whereRef('ph.user_id', '=', 'u.id')
              .orderBy('ph.position'),
          )
          .as('phones'),
        dialect
          .jsonArrayFrom(
            eb
              .selectFrom('user_roles as r')
              .select(['r.value', 'r.type', 'r.is_primary', 'r.display'])
              .whereRef('r.tenant_id', '=', 'u.tenant_id')
              .whereRef('r.user_id', '=', 'u.id')
              .orderBy('r.position'),
          )
          .as('roles'),
        // Custom property values under their property's current name, in the order sent.
        dialect
          .jsonArrayFrom(
            eb
              .selectFrom('user_property_values as pv')
              .innerJoin('property_definitions as pd', (j) =>
                j.onRef('pd.tenant_id', '=', 'pv.tenant_id').onRef('pd.id', '=', 'pv.property_id'),
              )
              .select([
                'pd.name as name',
                'pd.multi_valued as multi',
                'pv.value as value',
                'pv.sent_as as sent_as',
              ])
              .whereRef('pv.tenant_id', '=', 'u.tenant_id')
              .whereRef('pv.user_id', '=', 'u.id')
              .orderBy('pd.name_folded')
              .orderBy('pv.position'),
          )
          .as('properties'),
        dialect
          .jsonArrayFrom(
            eb
              .selectFrom('group_users as gu')
              .innerJoin('groups as g', (j) =>
                j.onRef('g.tenant_id', '=', 'gu.tenant_id').onRef('g.id', '=', 'gu.group_id'),
              )
              .select([
                'g.id as id',
                'g.display_name as display',
                'g.display_name_folded as folded',
              ])
              .whereRef('gu.tenant_id', '=', 'u.tenant_id')
              .whereRef('gu.user_id', '=', 'u.id'),
          )
          .as('direct'),
        // Whether any direct group is a member of a group: then the nesting is walked. The EXISTS is
        // nested so that both lookups are by index, from the user's own groups outwards: as a join,
        // SQLite's planner may start from the tenant's nesting rows and read them all for every user.
        sql<number>`case when exists (select 1 from group_users as ngu where ngu.tenant_id = u.tenant_id and ngu.user_id = u.id and exists (select 1 from group_groups as ngg where ngg.tenant_id = ngu.tenant_id and ngg.member_id = ngu.group_id)) then 1 else 0 end`.as(
          'nested',
        ),
      ])
  const byIds = precompiled(['tenant', 'ids'], (p) =>
    select().where('u.tenant_id', '=', p.tenant).where('u.id', 'in', dialect.idList(p.ids)),
  )
  // One user (GET by id, every write): by key, without the id list. SQLite runs the list form ten
  // times slower for a single id (150 µs against 13 µs of CPU with json_each, measured at 20,000 users).
  const byId = precompiled(['tenant', 'id'], (p) =>
    select().where('u.tenant_id', '=', p.tenant).where('u.id', '=', p.id),
  )
  // userNames are unique: one statement. Other columns first find the ids in order (a bound LIMIT on
  // the statement with the correlated subqueries makes SQLite's planner ten times slower), then hydrate.
  const byUserName = precompiled(['tenant', 'value'], (p) =>
    select().where('u.tenant_id', '=', p.tenant).where('u.user_name_folded', '=', p.value),
  )
  const idsBy = (column: Exclude<MatchColumn, 'user_name_folded'>) =>
    precompiled(['tenant', 'value', 'limit'], (p) =>
      db
        .selectFrom('users')
        .select('id')
        .where('tenant_id', '=', p.tenant)
        .where(column, '=', p.value)
        .orderBy('created')
        .orderBy('id')
        .limit(sql<number>`${p.limit}`),
    )
  const idsByColumn = { external_id: idsBy('external_id') }
  // The confirming variants (the file's head): the same reads beside roster_config's version. The read
  // is a MATERIALIZED common table expression, run once on its own: as a derived table on the right of
  // the LEFT JOIN, SQLite flattens it into the outer query and then runs the user's correlated subqueries
  // about twenty times slower (207 against 12 µs per match at 1,000,000 users; 14 µs as written here).
  const byIdConfirming = precompiled(['tenant', 'id'], (p) =>
    db
      .with(
        (cte) => cte('h').materialized(),
        () => select().where('u.tenant_id', '=', p.tenant).where('u.id', '=', p.id),
      )
      .selectFrom('roster_config as c')
      .leftJoin('h', (j) => j.onTrue())
      .where('c.id', '=', 1)
      .select(`c.version as ${CONFIG_VERSION}`)
      .selectAll('h'),
  )
  const byUserNameConfirming = precompiled(['tenant', 'value'], (p) =>
    db
      .with(
        (cte) => cte('h').materialized(),
        () =>
          select().where('u.tenant_id', '=', p.tenant).where('u.user_name_folded', '=', p.value),
      )
      .selectFrom('roster_config as c')
      .leftJoin('h', (j) => j.onTrue())
      .where('c.id', '=', 1)
      .select(`c.version as ${CONFIG_VERSION}`)
      .selectAll('h'),
  )
  // An ORDER BY inside a table expression orders nothing outside it: the ids are ordered again outside.
  const idsByConfirming = {
    external_id: precompiled(['tenant', 'value', 'limit'], (p) =>
      db
        .with(
          (cte) => cte('h').materialized(),
          () =>
            db
              .selectFrom('users')
              .select(['id', 'created'])
              .where('tenant_id', '=', p.tenant)
              .where('external_id', '=', p.value)
              .orderBy('created')
              .orderBy('id')
              .limit(sql<number>`${p.limit}`),
        )
        .selectFrom('roster_config as c')
        .leftJoin('h', (j) => j.onTrue())
        .where('c.id', '=', 1)
        .select([`c.version as ${CONFIG_VERSION}`, 'h.id'])
        .orderBy('h.created')
        .orderBy('h.id'),
    ),
  }
  /** The rows of a confirming variant, once its version is the one relied on (else ConfigMoved). */
  const confirmed = (rows: readonly Record<string, unknown>[], relied: number) => {
    confirmConfig(relied, Number(rows[0]?.[CONFIG_VERSION]))
    // Without a user the left join's one row holds the version alone.
    return rows.filter((row) => row['id'] !== null && row['id'] !== undefined)
  }
  const parentsOf = parentsQuery(db, dialect)
  const records = async (
    run: Kysely<Database>,
    tenantId: string,
    rows: readonly Record<string, unknown>[],
    walkLimit?: number,
  ): Promise<UserRecord[]> => {
    const read = rows.map((row) => ({
      row: row as unknown as UserRow,
      emails: dialect.jsonRows<Device>(row.emails),
      phones: dialect.jsonRows<Device>(row.phones),
      roles: dialect.jsonRows<Role>(row.roles),
      properties: dialect.jsonRows<PropertyColumns>(row.properties),
      direct: dialect.jsonRows<GroupName>(row.direct),
      nested: Number(row.nested) === 1,
    }))
    const groups = await userGroups(
      run,
      parentsOf,
      tenantId,
      read.map((r) => ({ id: r.row.id, direct: r.direct, nested: r.nested })),
      walkLimit,
    )
    return read.map((r) =>
      toUserRecord(r.row, r.emails, r.phones, r.roles, groups.get(r.row.id) ?? [], r.properties),
    )
  }
  const hydrate: HydrateUsers = async (run, tenantId, ids, walkLimit, relied) => {
    if (relied !== undefined && ids.length === 1) {
      const { rows } = await run.executeQuery(byIdConfirming({ tenant: tenantId, id: ids[0] }))
      const users = await records(run, tenantId, confirmed(rows, relied), walkLimit)
      return new Map(users.map((u) => [u.id, u]))
    }
    if (relied !== undefined) await confirm(relied)
    if (ids.length === 0) return new Map()
    const { rows } = await run.executeQuery(
      ids.length === 1
        ? byId({ tenant: tenantId, id: ids[0] })
        : byIds({ tenant: tenantId, ids: dialect.idListParameter(ids) }),
    )
    const users = await records(run, tenantId, rows as Record<string, unknown>[], walkLimit)
    return new Map(users.map((u) => [u.id, u]))
  }
  return {
    hydrate,
    confirm,
    async match(run, tenantId, column, value, limit, walkLimit, relied) {
      if (column === 'user_name_folded') {
        if (relied !== undefined) {
          const { rows } = await run.executeQuery(byUserNameConfirming({ tenant: tenantId, value }))
          return records(run, tenantId, confirmed(rows, relied), walkLimit)
        }
        const { rows } = await run.executeQuery(byUserName({ tenant: tenantId, value }))
        return records(run, tenantId, rows as Record<string, unknown>[], walkLimit)
      }
      let ids: string[]
      if (relied !== undefined) {
        const found = await run.executeQuery(
          idsByConfirming[column]({ tenant: tenantId, value, limit }),
        )
        ids = confirmed(found.rows as Record<string, unknown>[], relied).map((r) => String(r['id']))
      } else {
        const found = await run.executeQuery(
          idsByColumn[column]({ tenant: tenantId, value, limit }),
        )
        ids = found.rows.map((r) => r.id)
      }
      // The version is confirmed: the users are read the ordinary way.
      const users = await hydrate(run, tenantId, ids, walkLimit)
      return ids.flatMap((id) => users.get(id) ?? [])
    },
  }
}
