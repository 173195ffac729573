// One tenant's users: a row in `users` and rows for its emails, phones and roles, written in one
// transaction. An update locks the user's row first (UPDATE … SET version = version), so concurrent
// updates of one user apply one after the other and never lose a change, across instances too.
import { randomUUID } from 'node:crypto'
import type { Kysely, SqlBool } from 'kysely'
import { sql } from 'kysely'
import { ScimError } from '../../scim/errors.js'
import type { UserGroup } from '../../scim/resource/group.js'
import type { UserData, UserRecord } from '../../scim/resource/user.js'
import { userRegistry } from '../../scim/schema/registry.js'
import type { TenantStore, UserPage, UserQuery } from '../store.js'
import { USER_TARGET } from './columns.js'
import { compileFilter } from './compile-filter.js'
import { compileSort } from './compile-sort.js'
import { retryingDeadlocks } from './dialect.js'
import type { SqlDialect } from './dialect.js'
import type { Database } from './tables.js'
import { deviceRows, roleRows, toUserRecord, userColumns } from './user-rows.js'

type UsersPart = Pick<
  TenantStore,
  'createUser' | 'getUser' | 'listUsers' | 'updateUser' | 'deleteUser'
>

const registry = userRegistry()

export function userStore(
  database: Kysely<Database>,
  dialect: SqlDialect,
  now: () => string,
  tenantId: string,
): UsersPart {
  const db = database
  /** A transaction, run again when the database aborts it to break a deadlock. */
  const transaction = <T>(run: (trx: Kysely<Database>) => Promise<T>): Promise<T> =>
    retryingDeadlocks(dialect, () => db.transaction().execute(run))
  const translate = (error: unknown, userName: string): never => {
    if (dialect.errorKind(error) === 'unique') {
      throw ScimError.uniqueness(
        `The userName '${userName}' is already taken by another user (userNames are unique ignoring case).`,
      )
    }
    throw error
  }
  const loadUsers = async (
    ids: readonly string[],
    db: Kysely<Database> = database,
  ): Promise<Map<string, UserRecord>> => {
    if (ids.length === 0) return new Map()
    const [rows, emails, phones, roles, groups] = await Promise.all([
      db
        .selectFrom('users')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', ids)
        .execute(),
      db
        .selectFrom('user_emails')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('user_id', 'in', ids)
        .orderBy('position')
        .execute(),
      db
        .selectFrom('user_phones')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('user_id', 'in', ids)
        .orderBy('position')
        .execute(),
      db
        .selectFrom('user_roles')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('user_id', 'in', ids)
        .orderBy('position')
        .execute(),
      userGroups(ids, db),
    ])
    const of = <T extends { user_id: string }>(list: readonly T[], id: string): T[] =>
      list.filter((r) => r.user_id === id)
    return new Map(
      rows.map((row) => [
        row.id,
        toUserRecord(
          row,
          of(emails, row.id),
          of(phones, row.id),
          of(roles, row.id),
          of(groups, row.id).map(({ user_id: _u, ...group }) => group),
        ),
      ]),
    )
  }
  /**
   * User.groups of these users: the groups holding them directly, then up the nesting (RFC 7643 §4.1.2),
   * `direct` when any path is one step long, ordered by name.
   */
  const userGroups = async (
    ids: readonly string[],
    db: Kysely<Database>,
  ): Promise<(UserGroup & { user_id: string })[]> => {
    const rows = await sql<{
      user_id: string
      value: string
      display: string
      depth: number
    }>`with recursive anc(user_id, group_id, depth) as (select gu.user_id, gu.group_id, 0 from group_users as gu where gu.tenant_id = ${tenantId} and gu.user_id in (${sql.join(ids)}) union select anc.user_id, gg.group_id, 1 from group_groups as gg join anc on gg.member_id = anc.group_id where gg.tenant_id = ${tenantId}) select anc.user_id as user_id, anc.group_id as value, g.display_name as display, min(anc.depth) as depth from anc join groups as g on g.tenant_id = ${tenantId} and g.id = anc.group_id group by anc.user_id, anc.group_id, g.display_name, g.display_name_folded order by g.display_name_folded, anc.group_id`.execute(
      db,
    )
    return rows.rows.map((r) => ({
      user_id: r.user_id,
      value: r.value,
      display: r.display,
      type: Number(r.depth) === 0 ? 'direct' : 'indirect',
    }))
  }
  const writeChildren = async (
    trx: Kysely<Database>,
    userId: string,
    data: UserData,
  ): Promise<void> => {
    const emails = deviceRows(tenantId, userId, data.emails)
    const phones = deviceRows(tenantId, userId, data.phoneNumbers)
    const roles = roleRows(tenantId, userId, data.roles)
    if (emails.length > 0) await trx.insertInto('user_emails').values(emails).execute()
    if (phones.length > 0) await trx.insertInto('user_phones').values(phones).execute()
    if (roles.length > 0) await trx.insertInto('user_roles').values(roles).execute()
  }

  const store: UsersPart = {
    async createUser(data, passwordHash) {
      const id = randomUUID()
      const time = now()
      try {
        await transaction(async (trx) => {
          await trx
            .insertInto('users')
            .values({
              tenant_id: tenantId,
              id,
              ...userColumns(data),
              password_hash: passwordHash ?? null,
              created: time,
              last_modified: time,
              version: 1,
            })
            .execute()
          await writeChildren(trx, id, data)
        })
      } catch (error) {
        translate(error, data.userName)
      }
      return { ...data, id, groups: [], created: time, lastModified: time, version: 1 }
    },

    async getUser(id) {
      return (await loadUsers([id])).get(id)
    },

    async listUsers(query: UserQuery): Promise<UserPage> {
      const where = query.filter
        ? sql<SqlBool>`${compileFilter(query.filter, { target: USER_TARGET, registry, fold: query.fold, dialect, ...(query.unknownAttributes ? { unknownAttributes: query.unknownAttributes } : {}) })}`
        : sql<SqlBool>`1 = 1`
      // Compiled before counting, so a bad sortBy is a 400 even when the page is empty.
      const order = compileSort(query.sort, USER_TARGET, registry)
      const base = db.selectFrom('users').where('tenant_id', '=', tenantId).where(where)
      const counted = await base
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      const total = Number(counted.n)
      if (query.count === 0 || total < query.startIndex) return { total, users: [] }
      const page = await base
        .select('id')
        .orderBy(order)
        .limit(query.count)
        .offset(query.startIndex - 1)
        .execute()
      const ids = page.map((r) => r.id)
      const users = await loadUsers(ids)
      return { total, users: ids.flatMap((id) => users.get(id) ?? []) }
    },

    async updateUser(id, change) {
      let userName = ''
      try {
        return await transaction(async (trx) => {
          // The lock: the first statement writes, so the transaction holds the user's row (PostgreSQL)
          // or the database's write lock (SQLite) until it ends.
          const locked = await trx
            .updateTable('users')
            .set((eb) => ({ version: eb.ref('version') }))
            .where('tenant_id', '=', tenantId)
            .where('id', '=', id)
            .executeTakeFirst()
          if (Number(locked.numUpdatedRows) === 0) return undefined
          const current = (await loadUsers([id], trx)).get(id)
          if (!current) return undefined
          const next = await change(current)
          if (next === undefined) return current
          userName = next.data.userName
          const time = now()
          const version = current.version + 1
          await trx
            .updateTable('users')
            .set({
              ...userColumns(next.data),
              ...(next.password !== undefined ? { password_hash: next.password } : {}),
              last_modified: time,
              version,
            })
            .where('tenant_id', '=', tenantId)
            .where('id', '=', id)
            .execute()
          for (const table of ['user_emails', 'user_phones', 'user_roles'] as const) {
            await trx
              .deleteFrom(table)
              .where('tenant_id', '=', tenantId)
              .where('user_id', '=', id)
              .execute()
          }
          await writeChildren(trx, id, next.data)
          const written: UserRecord = {
            ...next.data,
            id,
            groups: current.groups,
            created: current.created,
            lastModified: time,
            version,
          }
          return written
        })
      } catch (error) {
        return translate(error, userName)
      }
    },

    async deleteUser(id, check) {
      const result = await transaction(async (trx) => {
        await dialect.lockForDelete(trx as unknown as Kysely<never>, 'users', tenantId, id)
        if (check) {
          const current = (await loadUsers([id], trx)).get(id)
          if (!current) return { numDeletedRows: 0n }
          check(current)
        }
        // The groups that held the user change: their version moves on (their member rows go by
        // ON DELETE CASCADE), so a client's ETag of such a group no longer matches.
        await trx
          .updateTable('groups')
          .set((eb) => ({ version: eb('version', '+', 1), last_modified: now() }))
          .where('tenant_id', '=', tenantId)
          .where('id', 'in', (eb) =>
            eb
              .selectFrom('group_users')
              .select('group_id')
              .where('tenant_id', '=', tenantId)
              .where('user_id', '=', id),
          )
          .execute()
        return trx
          .deleteFrom('users')
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .executeTakeFirst()
      })
      return Number(result.numDeletedRows) > 0
    },
  }
  return store
}
