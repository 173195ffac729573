// One tenant's users: a row in `users` and rows for its emails, phones and roles, written in one
// transaction. An update locks the user's row first (UPDATE … SET version = version), so concurrent
// updates of one user apply one after the other and never lose a change, across instances too.
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { ScimError } from '../../scim/errors.js'
import type { UserData, UserRecord } from '../../scim/resource/user.js'
import type { Neighbours } from '../../scim/cursor.js'
import { etag } from '../../scim/resource/meta.js'
import { userMemberDisplay } from '../../scim/resource/group.js'
import { userViewText } from '../../scim/resource/user-view.js'
import { userRegistryFor } from '../../scim/schema/extension.js'
import type { PropertyDefinition, TenantStore, UserPage, UserQuery } from '../store.js'
import { userTarget } from './columns.js'
import { touchHolders } from './holders.js'
import { listPage } from './list-page.js'
import type { PageReads } from './list-page.js'
import { positionOf } from './keyset.js'
import type { Keyed } from './keyset.js'
import { countMover, countShard, moveCount } from './counts.js'
import { precompiled } from './precompiled.js'
import { writeStatements } from './write-statements.js'
import { retryingDeadlocks } from './dialect.js'
import type { SqlDialect } from './dialect.js'
import type { Database } from './tables.js'
import type { UserReads } from './user-hydrate.js'
import { userMatchOf as matchOf } from './match.js'
import { propertyMatchIds, propertyMatchOf } from './property-match.js'
import { userTexts } from './user-texts.js'
import { deviceRows, propertyRows, roleRows, userColumns } from './user-rows.js'

type UsersPart = Pick<
  TenantStore,
  | 'createUser'
  | 'createUsers'
  | 'getUser'
  | 'getUserText'
  | 'listUsers'
  | 'listUserTexts'
  | 'updateUser'
  | 'deleteUser'
>

/**
 * Parameters one multi-row INSERT of a batch binds at most: under SQLite's 32,766 and PostgreSQL's
 * 65,535. Full chunks have the same SQL text, so the statement cache prepares each shape once.
 */
const BATCH_PARAMETERS = 30_000

/** `rows` in runs of at most BATCH_PARAMETERS values. */
function chunks<R extends object>(rows: readonly R[]): R[][] {
  const first = rows[0]
  if (first === undefined) return []
  const size = Math.max(1, Math.floor(BATCH_PARAMETERS / Object.keys(first).length))
  const out: R[][] = []
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size))
  return out
}

/**
 * Group references one page of users may carry (README "Limits"). User.groups is never truncated, but a
 * page stops before the user that would take it past this many (keeping at least one user): RFC 7644
 * §3.4.2.4 lets a server return fewer results than `count`, and `itemsPerPage` says how many came. A
 * page of 100 users each in 2,001 groups (issue 12's target) fits; 100 users each in 4,031 groups come
 * 62 at a time (about 45 MB of JSON) instead of 75 MB built on the thread every tenant shares.
 */
export const MAX_PAGE_GROUP_REFS = 250_000

function withinGroupBudget(users: readonly UserRecord[]): UserRecord[] {
  let refs = 0
  let kept = 0
  for (const user of users) {
    refs += user.groups.length
    if (kept > 0 && refs > MAX_PAGE_GROUP_REFS) break
    kept++
  }
  return users.slice(0, kept)
}

/**
 * A cursor page within the budget: cut in the direction of travel (forward keeps the first users,
 * backward the last, the ones next to the cursor the client sent), the cursor onward pointing after
 * the last user kept, so the next page starts with the first user left out.
 */
function keysetWithinBudget(
  users: readonly UserRecord[],
  rows: readonly Keyed[],
  neighbours: Neighbours,
  backward: boolean,
): Pick<UserPage, 'users' | 'next' | 'previous'> {
  const travelled = backward ? [...users].reverse() : users
  const kept = withinGroupBudget(travelled)
  if (kept.length === users.length) return { users, ...neighbours }
  const edge = rows.find((row) => row.id === kept[kept.length - 1]?.id)
  if (!edge) return { users, ...neighbours }
  return backward
    ? { ...neighbours, users: kept.reverse(), previous: positionOf(edge) }
    : { ...neighbours, users: kept, next: positionOf(edge) }
}

export function userStore(
  database: Kysely<Database>,
  dialect: SqlDialect,
  now: () => string,
  tenantId: string,
  reads: UserReads,
  /** The tenant's custom properties, read with its configuration (property-store.ts). */
  properties: () => Promise<readonly PropertyDefinition[]>,
  /** The bound of getUserText and Entra's matches on the nesting rows they walk (groupWalkLimit). */
  walkLimit?: number,
): UsersPart {
  const db = database
  const writes = writeStatements(db)
  const countUsers = countMover(db, dialect)
  // The lock of an update (see updateUser).
  const lockUser = precompiled(['tenant', 'id'], (p) =>
    db
      .updateTable('users')
      .set((eb) => ({ version: eb.ref('version') }))
      .where('tenant_id', '=', p.tenant)
      .where('id', '=', p.id),
  )
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
  const loadUsers = (
    ids: readonly string[],
    run: Kysely<Database> = database,
  ): Promise<Map<string, UserRecord>> => reads.hydrate(run, tenantId, ids)
  /** The rows of each child table, in the order writeChildren writes them. */
  const childRows = (userId: string, data: UserData, definitions: readonly PropertyDefinition[]) =>
    [
      ['user_emails', deviceRows(tenantId, userId, data.emails)],
      ['user_phones', deviceRows(tenantId, userId, data.phoneNumbers)],
      ['user_roles', roleRows(tenantId, userId, data.roles)],
      [
        'user_property_values',
        data.properties === undefined
          ? []
          : propertyRows(tenantId, userId, data.properties, definitions, data.propertyAliases),
      ],
    ] as const
  /** The users of `ids`, in that order (one deleted meanwhile is left out). */
  const inOrder = async (ids: readonly string[]): Promise<UserRecord[]> => {
    const users = await loadUsers(ids)
    return ids.flatMap((id) => users.get(id) ?? [])
  }
  /** The definitions a write needs, read before its transaction (never through the pool inside it). */
  const definitionsFor = (data: UserData): Promise<readonly PropertyDefinition[]> =>
    data.properties === undefined ? Promise.resolve([]) : properties()
  /** The child rows `before` had, or undefined when they cannot be rebuilt (a definition removed). */
  const rowsBefore = (
    userId: string,
    before: UserData,
    definitions: readonly PropertyDefinition[],
  ): ReturnType<typeof childRows> | undefined => {
    try {
      return childRows(userId, before, definitions)
    } catch {
      return undefined
    }
  }
  /**
   * Writes the user's emails, phones, roles and property values; with `before` (an update), only the
   * tables whose rows differ from it are rewritten (Entra's PATCH of a name and an email leaves phones,
   * roles and properties alone).
   */
  const writeChildren = async (
    trx: Kysely<Database>,
    userId: string,
    data: UserData,
    definitions: readonly PropertyDefinition[],
    before?: UserData,
  ): Promise<void> => {
    const old = before ? rowsBefore(userId, before, definitions) : undefined
    for (const [index, [table, rows]] of childRows(userId, data, definitions).entries()) {
      if (before) {
        if (old && JSON.stringify(old[index]![1]) === JSON.stringify(rows)) continue
        await trx.executeQuery(writes.delete(table, { tenant_id: tenantId, user_id: userId }))
      }
      if (rows.length > 0) await trx.executeQuery(writes.insert(table, rows))
    }
  }

  /** Where lists read (columns and registry come with each query's definitions); pages → users. */
  const listed = {
    db,
    dialect,
    tenantId,
    rows: db.selectFrom('users').where('tenant_id', '=', tenantId),
  }
  const pageReads: PageReads<'users', UserRecord> = {
    byIds: inOrder,
    async window(rows, terms, limit, offset) {
      const page = await rows.select('id').orderBy(terms).limit(limit).offset(offset).execute()
      return inOrder(page.map((r) => r.id))
    },
  }

  /**
   * listUsers, confirming `relied` (TenantStore.getUserText) on the way: Entra's match reads the
   * configuration version in its own statement, any other list confirms it first.
   */
  const list = async (query: UserQuery, relied?: number): Promise<UserPage> => {
    // Entra's match (`userName eq "…"`, or `externalId eq "…"`): one indexed statement, and the
    // total is the number found when it fits the page.
    const match = matchOf(query)
    if (match) {
      const users = await reads.match(
        db,
        tenantId,
        match.column,
        match.value,
        query.count + 1,
        walkLimit,
        relied,
      )
      if (users.length <= query.count)
        return { total: users.length, users: withinGroupBudget(users) }
    } else if (relied !== undefined) await reads.confirm(relied)
    // The tenant's registry and columns: its custom properties are attributes like any other.
    const definitions = await properties()
    const registry = userRegistryFor(definitions)
    const target = userTarget(tenantId, definitions)
    // Entra matching on a custom property: the ids from the property's index, then the users.
    const byProperty = propertyMatchOf(query, registry, definitions)
    if (byProperty) {
      const ids = await propertyMatchIds(db, tenantId, byProperty, query.count + 1)
      if (ids.length <= query.count) {
        const users = await loadUsers(ids)
        const found = ids.flatMap((id) => users.get(id) ?? [])
        return { total: found.length, users: found }
      }
    }
    const { resources, ...rest } = await listPage({ ...listed, target, registry }, query, pageReads)
    if (!query.keyset) return { ...rest, users: withinGroupBudget(resources) }
    const { total, keyed, ...neighbours } = rest
    return {
      total,
      ...keysetWithinBudget(resources, keyed ?? [], neighbours, query.keyset.backward),
    }
  }

  const store: UsersPart = {
    async createUser(data, passwordHash) {
      const id = randomUUID()
      const time = now()
      const definitions = await definitionsFor(data)
      const row = {
        tenant_id: tenantId,
        id,
        ...userColumns(data),
        password_hash: passwordHash ?? null,
        created: time,
        last_modified: time,
        version: 1,
      }
      try {
        if (dialect.createsInOneStatement) {
          const parts = [['users', [row]], ...childRows(id, data, definitions)] as const
          const count = {
            tenant: tenantId,
            resource: 'users',
            shard: countShard(dialect),
            delta: 1,
          } as const
          await retryingDeadlocks(dialect, () => db.executeQuery(writes.insertAll(parts, count)))
        } else
          await transaction(async (trx) => {
            await trx.executeQuery(writes.insert('users', [row]))
            await writeChildren(trx, id, data, definitions)
            await countUsers(trx, tenantId, 'users', 1)
          })
      } catch (error) {
        translate(error, data.userName)
      }
      return { ...data, id, groups: [], created: time, lastModified: time, version: 1 }
    },

    async createUsers(users) {
      if (users.length === 0) return []
      const time = now()
      const ids = users.map(() => randomUUID())
      const definitions = users.some((u) => u.data.properties !== undefined)
        ? await properties()
        : []
      const created = await transaction(async (trx) => {
        // A taken userName (the unique (tenant_id, user_name_folded)) skips its row: ON CONFLICT DO
        // NOTHING, which both databases have; RETURNING names the rows written.
        const kept = new Set<string>()
        const rows = users.map((user, index) => ({
          tenant_id: tenantId,
          id: ids[index] as string,
          ...userColumns(user.data),
          password_hash: user.passwordHash ?? null,
          created: time,
          last_modified: time,
          version: 1,
        }))
        for (const part of chunks(rows)) {
          const written = await trx
            .insertInto('users')
            .values(part)
            .onConflict((oc) => oc.doNothing())
            .returning('id')
            .execute()
          for (const row of written) kept.add(row.id)
        }
        const children = new Map<string, object[]>()
        users.forEach((user, index) => {
          const id = ids[index] as string
          if (!kept.has(id)) return
          for (const [table, list] of childRows(id, user.data, definitions)) {
            const all = children.get(table) ?? []
            for (const row of list) all.push(row)
            children.set(table, all)
          }
        })
        for (const [table, list] of children)
          for (const part of chunks(list))
            await trx
              .insertInto(table as 'user_emails')
              .values(part as never)
              .execute()
        if (kept.size > 0) await moveCount(trx, dialect, tenantId, 'users', kept.size)
        return kept
      })
      return users.map((user, index) => {
        const id = ids[index] as string
        if (!created.has(id)) return undefined
        const record: UserRecord = {
          ...user.data,
          id,
          groups: [],
          created: time,
          lastModified: time,
          version: 1,
        }
        return record
      })
    },

    async getUser(id) {
      return (await loadUsers([id])).get(id)
    },

    async getUserText(id, view, relied) {
      const user = (await reads.hydrate(db, tenantId, [id], walkLimit, relied)).get(id)
      if (!user) return undefined
      const registry = userRegistryFor(await properties())
      return { etag: etag(user), text: userViewText(user, view, registry) }
    },

    listUsers: (query) => list(query),

    async listUserTexts(query, view, relied) {
      const { users, ...page } = await list(query, relied)
      const registry = userRegistryFor(await properties())
      return { ...page, users: await userTexts(users, view, registry) }
    },

    async updateUser(id, change) {
      let userName = ''
      // Read outside the transaction: inside it, SQLite's one connection is the transaction's.
      const definitions = await properties()
      try {
        return await transaction(async (trx) => {
          // The lock: the first statement writes, so the transaction holds the user's row (PostgreSQL)
          // or the database's write lock (SQLite) until it ends.
          const locked = await trx.executeQuery(lockUser({ tenant: tenantId, id }))
          if (Number(locked.numAffectedRows ?? 0) === 0) return undefined
          const current = (await loadUsers([id], trx)).get(id)
          if (!current) return undefined
          const next = await change(current)
          if (next === undefined) return current
          userName = next.data.userName
          const time = now()
          const version = current.version + 1
          // The groups listing the user show its display: a rename moves their versions on (no
          // statement for a user in no group, as read under the lock: Entra's PATCH of a new user).
          if (
            userMemberDisplay(next.data) !== userMemberDisplay(current) &&
            current.groups.some((group) => group.type === 'direct')
          )
            await touchHolders(trx, tenantId, { type: 'User', id }, time)
          await trx.executeQuery(
            writes.update(
              'users',
              {
                ...userColumns(next.data),
                ...(next.password !== undefined ? { password_hash: next.password } : {}),
                last_modified: time,
                version,
              },
              { tenant_id: tenantId, id },
            ),
          )
          await writeChildren(trx, id, next.data, definitions, current)
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
        await touchHolders(trx, tenantId, { type: 'User', id }, now())
        const deleted = await trx
          .deleteFrom('users')
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .executeTakeFirst()
        if (Number(deleted.numDeletedRows) > 0) await moveCount(trx, dialect, tenantId, 'users', -1)
        return deleted
      })
      return Number(result.numDeletedRows) > 0
    },
  }
  return store
}
