// One tenant's groups: a row in `groups`, and a row per member in `group_users` / `group_groups`. An
// update locks the group's row first (UPDATE … SET version = version), so concurrent changes of one group
// apply one after the other, each on the state the previous one left; member steps touch only the rows
// they name, so adding or removing k members costs O(k) whatever the group's size.
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import { ScimError } from '../../scim/errors.js'
import { defaultFold } from '../../scim/filter/evaluate.js'
import { or } from '../../scim/filter/ast.js'
import type { Filter } from '../../scim/filter/ast.js'
import type { GroupRecord, Member, MemberRef } from '../../scim/resource/group.js'
import type { MemberStep } from '../../scim/patch/group-plan.js'
import { groupRegistry } from '../../scim/schema/registry.js'
import type { GroupPage, GroupQuery, TenantStore } from '../store.js'
import { GROUP_TARGET, userDisplay } from './columns.js'
import { compileElementFilter } from './compile-filter.js'
import { listPage } from './list-page.js'
import type { ListSource, PageReads } from './list-page.js'
import { countShard, moveCount } from './counts.js'
import { groupMatchOf } from './match.js'
import { touchHolders } from './holders.js'
import { retryingDeadlocks } from './dialect.js'
import type { SqlDialect } from './dialect.js'
import type { Database, GroupRow } from './tables.js'
import { foldText } from './user-rows.js'
import { writeStatements } from './write-statements.js'

type GroupsPart = Pick<
  TenantStore,
  'createGroup' | 'getGroup' | 'listGroups' | 'groupMembers' | 'updateGroup' | 'deleteGroup'
>

const registry = groupRegistry()
const membersDef = registry.attribute('members')?.attribute
/** Ids per IN list: far below SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const CHUNK = 500
/** Unknown ids named in a 400, at most. */
const NAMED = 10

export function groupStore(
  db: Kysely<Database>,
  dialect: SqlDialect,
  now: () => string,
  tenantId: string,
): GroupsPart {
  const writes = writeStatements(db)
  /** A transaction, run again when the database aborts it to break a deadlock. */
  const transaction = <T>(run: (trx: Kysely<Database>) => Promise<T>): Promise<T> =>
    retryingDeadlocks(dialect, () => db.transaction().execute(run))
  const translate = (error: unknown, displayName: string): never => {
    const kind = dialect.errorKind(error)
    if (kind === 'unique') {
      throw ScimError.uniqueness(
        `The displayName '${displayName}' is already taken by another group (displayNames are unique ignoring case).`,
      )
    }
    if (kind === 'foreignKey') {
      // A member deleted between the check and the insert.
      throw ScimError.conflict('A member was deleted while the group was being changed; retry.')
    }
    throw error
  }

  /** Applies member steps to a locked group; returns how many rows changed. */
  const applySteps = async (
    trx: Kysely<Database>,
    groupId: string,
    steps: readonly MemberStep[],
  ): Promise<number> => {
    let changed = 0
    for (const step of mergedRemovals(steps)) {
      switch (step.kind) {
        case 'add':
          changed += await addMembers(trx, groupId, step.members)
          break
        case 'remove':
          for (const ids of chunks(step.ids)) {
            const a = await trx
              .deleteFrom('group_users')
              .where('tenant_id', '=', tenantId)
              .where('group_id', '=', groupId)
              .where('user_id', 'in', ids)
              .executeTakeFirst()
            const b = await trx
              .deleteFrom('group_groups')
              .where('tenant_id', '=', tenantId)
              .where('group_id', '=', groupId)
              .where('member_id', 'in', ids)
              .executeTakeFirst()
            changed += Number(a.numDeletedRows) + Number(b.numDeletedRows)
          }
          break
        case 'clear': {
          const a = await trx
            .deleteFrom('group_users')
            .where('tenant_id', '=', tenantId)
            .where('group_id', '=', groupId)
            .executeTakeFirst()
          const b = await trx
            .deleteFrom('group_groups')
            .where('tenant_id', '=', tenantId)
            .where('group_id', '=', groupId)
            .executeTakeFirst()
          changed += Number(a.numDeletedRows) + Number(b.numDeletedRows)
          break
        }
        case 'set': {
          // Reads the current ids (a replace or PUT names every member anyway) and writes the difference.
          const wanted = new Set(step.members.map((m) => m.value))
          const current = await memberIds(trx, groupId)
          changed += await applySteps(trx, groupId, [
            { kind: 'remove', ids: current.filter((id) => !wanted.has(id)) },
            { kind: 'add', members: step.members },
          ])
          break
        }
        case 'removeWhere':
          changed += await applySteps(trx, groupId, [
            { kind: 'remove', ids: await selectMembers(trx, groupId, step.filter) },
          ])
          break
      }
    }
    return changed
  }

  const memberIds = async (trx: Kysely<Database>, groupId: string): Promise<string[]> => {
    const users = await trx
      .selectFrom('group_users')
      .select('user_id as id')
      .where('tenant_id', '=', tenantId)
      .where('group_id', '=', groupId)
      .execute()
    const groups = await trx
      .selectFrom('group_groups')
      .select('member_id as id')
      .where('tenant_id', '=', tenantId)
      .where('group_id', '=', groupId)
      .execute()
    return [...users, ...groups].map((r) => r.id)
  }

  /** The ids of the members a value filter selects (`members[type eq "Group"]`), read in one query. */
  const selectMembers = async (
    trx: Kysely<Database>,
    groupId: string,
    filter: Filter,
  ): Promise<string[]> => {
    const members = GROUP_TARGET.columns['members.value']
    if (!membersDef || members?.kind !== 'child') return []
    const condition = compileElementFilter(filter, membersDef, {
      target: GROUP_TARGET,
      registry,
      fold: defaultFold,
      dialect,
    })
    const rows = await sql<{
      value: string
    }>`select c.value as value from groups, ${members.relation.scope('groups')} and ${condition} and groups.tenant_id = ${tenantId} and groups.id = ${groupId}`.execute(
      trx,
    )
    return rows.rows.map((r) => r.value)
  }

  const addMembers = async (
    trx: Kysely<Database>,
    groupId: string,
    members: readonly MemberRef[],
  ): Promise<number> => {
    if (members.length === 0) return 0
    const ids = members.map((m) => m.value)
    const users = new Set<string>()
    const groups = new Set<string>()
    for (const chunk of chunks(ids)) {
      for (const row of await trx
        .selectFrom('users')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', chunk)
        .execute())
        users.add(row.id)
      for (const row of await trx
        .selectFrom('groups')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', chunk)
        .execute())
        groups.add(row.id)
    }
    const unknown = ids.filter((id) => !users.has(id) && !groups.has(id))
    if (unknown.length > 0) {
      const named = unknown
        .slice(0, NAMED)
        .map((id) => `'${id}'`)
        .join(', ')
      const more = unknown.length > NAMED ? ` and ${unknown.length - NAMED} more` : ''
      throw ScimError.invalidValue(
        `members: no user or group of this directory has the id ${named}${more}; nothing was changed.`,
      )
    }
    const wrongType = members.filter(
      (m) => m.type !== undefined && (m.type === 'User') !== users.has(m.value),
    )
    if (wrongType.length > 0) {
      const first = wrongType[0] as MemberRef
      throw ScimError.invalidValue(
        `members: '${first.value}' is ${users.has(first.value) ? 'a User' : 'a Group'}, not a ${first.type}; nothing was changed.`,
      )
    }
    let changed = 0
    const userIds = ids.filter((id) => users.has(id))
    for (const chunk of chunks(userIds)) {
      const result = await trx
        .insertInto('group_users')
        .values(chunk.map((user_id) => ({ tenant_id: tenantId, group_id: groupId, user_id })))
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst()
      changed += Number(result.numInsertedOrUpdatedRows ?? 0)
    }
    const groupIds = ids.filter((id) => groups.has(id))
    if (groupIds.length > 0) {
      await dialect.lockNesting(trx as unknown as Kysely<never>, tenantId)
      if (groupIds.includes(groupId)) {
        throw ScimError.invalidValue(`members: a group cannot contain itself ('${groupId}').`)
      }
      // RFC 7643 §4.2 allows nested groups; a cycle would make membership infinite. The new member may not
      // already contain this group, directly or through its own members.
      for (const chunk of chunks(groupIds)) {
        const cycle = await sql<{
          id: string
        }>`with recursive d(id) as (select gg.member_id from group_groups as gg where gg.tenant_id = ${tenantId} and gg.group_id in (${sql.join(chunk)}) union select gg.member_id from d cross join group_groups as gg where gg.tenant_id = ${tenantId} and gg.group_id = d.id) select id from d where id = ${groupId} limit 1`.execute(
          trx,
        )
        if (cycle.rows.length > 0) {
          const culprit = await firstContaining(trx, chunk, groupId)
          throw ScimError.invalidValue(
            `members: the group '${culprit}' already contains this group (directly or through nested groups), so adding it would make a cycle; nothing was changed.`,
          )
        }
        const result = await trx
          .insertInto('group_groups')
          .values(chunk.map((member_id) => ({ tenant_id: tenantId, group_id: groupId, member_id })))
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst()
        changed += Number(result.numInsertedOrUpdatedRows ?? 0)
      }
    }
    return changed
  }

  /** Which of `candidates` contains `groupId` (for the error's detail). */
  const firstContaining = async (
    trx: Kysely<Database>,
    candidates: readonly string[],
    groupId: string,
  ): Promise<string> => {
    for (const candidate of candidates) {
      const hit = await sql<{
        id: string
      }>`with recursive d(id) as (select ${candidate} union select gg.member_id from d cross join group_groups as gg where gg.tenant_id = ${tenantId} and gg.group_id = d.id) select id from d where id = ${groupId} limit 1`.execute(
        trx,
      )
      if (hit.rows.length > 0) return candidate
    }
    return candidates[0] ?? ''
  }

  /** Where lists read, and how their pages become groups (list-page.ts). */
  const listed: ListSource<'groups'> = {
    db,
    dialect,
    tenantId,
    rows: db.selectFrom('groups').where('tenant_id', '=', tenantId),
    target: GROUP_TARGET,
    registry,
  }
  const pageReads: PageReads<'groups', GroupRecord> = {
    async byIds(ids) {
      const found = ids.length
        ? await db
            .selectFrom('groups')
            .selectAll()
            .where('tenant_id', '=', tenantId)
            .where('id', 'in', ids)
            .execute()
        : []
      const byId = new Map(found.map((row) => [row.id, toGroupRecord(row)]))
      return ids.flatMap((id) => byId.get(id) ?? [])
    },
    async window(rows, terms, limit, offset) {
      const page = await rows.selectAll().orderBy(terms).limit(limit).offset(offset).execute()
      return page.map(toGroupRecord)
    },
  }

  const store: GroupsPart = {
    async createGroup(data, members) {
      const id = randomUUID()
      const time = now()
      const row = {
        tenant_id: tenantId,
        id,
        display_name: data.displayName,
        display_name_folded: foldText(data.displayName),
        external_id: data.externalId ?? null,
        created: time,
        last_modified: time,
        version: 1,
      }
      try {
        // Entra creates each group empty, then PATCHes its members in: on PostgreSQL one statement.
        if (members.length === 0 && dialect.createsInOneStatement) {
          const count = {
            tenant: tenantId,
            resource: 'groups',
            shard: countShard(dialect),
            delta: 1,
          } as const
          await retryingDeadlocks(dialect, () =>
            db.executeQuery(writes.insertAll([['groups', [row]]], count)),
          )
        } else
          await transaction(async (trx) => {
            await trx.executeQuery(writes.insert('groups', [row]))
            await addMembers(trx, id, members)
            await moveCount(trx, dialect, tenantId, 'groups', 1)
          })
      } catch (error) {
        translate(error, data.displayName)
      }
      return { ...data, id, created: time, lastModified: time, version: 1 }
    },

    async getGroup(id) {
      const row = await db
        .selectFrom('groups')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst()
      return row ? toGroupRecord(row) : undefined
    },

    async listGroups(query: GroupQuery): Promise<GroupPage> {
      // Entra's match (`displayName eq "…"`): one indexed statement; the total is what was found.
      const match = groupMatchOf(query)
      if (match) {
        const rows = await db
          .selectFrom('groups')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where(match.column, '=', match.value)
          .orderBy('created')
          .orderBy('id')
          .limit(query.count + 1)
          .execute()
        if (rows.length <= query.count)
          return { total: rows.length, groups: rows.map(toGroupRecord) }
      }
      const { resources, ...rest } = await listPage(listed, query, pageReads)
      return { ...rest, groups: resources }
    },

    async groupMembers(id, after, limit) {
      const out: Member[] = []
      if (after === undefined || after.type === 'User') {
        let users = db
          .selectFrom('group_users as gu')
          .innerJoin('users as u', (j) =>
            j.onRef('u.tenant_id', '=', 'gu.tenant_id').onRef('u.id', '=', 'gu.user_id'),
          )
          .select(['gu.user_id as value', userDisplay('u').as('display')])
          .where('gu.tenant_id', '=', tenantId)
          .where('gu.group_id', '=', id)
        if (after) users = users.where('gu.user_id', '>', after.value)
        const rows = await users.orderBy('gu.user_id').limit(limit).execute()
        for (const row of rows) out.push({ value: row.value, type: 'User', display: row.display })
      }
      if (out.length < limit) {
        let groups = db
          .selectFrom('group_groups as gg')
          .innerJoin('groups as g', (j) =>
            j.onRef('g.tenant_id', '=', 'gg.tenant_id').onRef('g.id', '=', 'gg.member_id'),
          )
          .select(['gg.member_id as value', 'g.display_name as display'])
          .where('gg.tenant_id', '=', tenantId)
          .where('gg.group_id', '=', id)
        if (after?.type === 'Group') groups = groups.where('gg.member_id', '>', after.value)
        const rows = await groups
          .orderBy('gg.member_id')
          .limit(limit - out.length)
          .execute()
        for (const row of rows) out.push({ value: row.value, type: 'Group', display: row.display })
      }
      return out
    },

    async updateGroup(id, change) {
      let displayName = ''
      try {
        return await transaction(async (trx) => {
          // The lock: the first statement writes, so the transaction holds the group's row (PostgreSQL)
          // or the database's write lock (SQLite) until it ends.
          const locked = await trx
            .updateTable('groups')
            .set((eb) => ({ version: eb.ref('version') }))
            .where('tenant_id', '=', tenantId)
            .where('id', '=', id)
            .executeTakeFirst()
          if (Number(locked.numUpdatedRows) === 0) return undefined
          const row = await trx
            .selectFrom('groups')
            .selectAll()
            .where('tenant_id', '=', tenantId)
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
          const current = toGroupRecord(row)
          const next = change(current)
          displayName = next.data.displayName
          const time = now()
          // The groups listing this one show its displayName: a rename moves their versions on.
          if (next.data.displayName !== current.displayName)
            await touchHolders(trx, tenantId, { type: 'Group', id }, time)
          const rowsChanged = await applySteps(trx, id, next.members)
          const same =
            next.data.displayName === current.displayName &&
            next.data.externalId === current.externalId
          if (same && rowsChanged === 0) return current
          await trx
            .updateTable('groups')
            .set({
              display_name: next.data.displayName,
              display_name_folded: foldText(next.data.displayName),
              external_id: next.data.externalId ?? null,
              last_modified: time,
              version: current.version + 1,
            })
            .where('tenant_id', '=', tenantId)
            .where('id', '=', id)
            .execute()
          return {
            ...next.data,
            id,
            created: current.created,
            lastModified: time,
            version: current.version + 1,
          }
        })
      } catch (error) {
        return translate(error, displayName)
      }
    },

    async deleteGroup(id, check) {
      const result = await transaction(async (trx) => {
        await dialect.lockForDelete(trx as unknown as Kysely<never>, 'groups', tenantId, id)
        if (check) {
          const row = await trx
            .selectFrom('groups')
            .selectAll()
            .where('tenant_id', '=', tenantId)
            .where('id', '=', id)
            .executeTakeFirst()
          if (!row) return { numDeletedRows: 0n }
          check(toGroupRecord(row))
        }
        await touchHolders(trx, tenantId, { type: 'Group', id }, now())
        const deleted = await trx
          .deleteFrom('groups')
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .executeTakeFirst()
        if (Number(deleted.numDeletedRows) > 0)
          await moveCount(trx, dialect, tenantId, 'groups', -1)
        return deleted
      })
      return Number(result.numDeletedRows) > 0
    },
  }

  return store
}

function toGroupRecord(row: GroupRow): GroupRecord {
  return {
    id: row.id,
    displayName: row.display_name,
    ...(row.external_id !== null ? { externalId: row.external_id } : {}),
    created: row.created,
    lastModified: row.last_modified,
    version: row.version,
  }
}

function* chunks<T>(list: readonly T[]): Generator<T[]> {
  for (let i = 0; i < list.length; i += CHUNK) yield list.slice(i, i + CHUNK)
}

/**
 * Consecutive removals by filter as one (their filters joined by `or`): removing what f1 selects, then
 * what f2 selects, removes what `f1 or f2` selects. Each removal scans the group's members on the one
 * writer connection (selectMembers), so a PATCH of 16 `remove members[display co "…"]` scans them
 * once instead of 16 times (docs/performance.md).
 */
export function mergedRemovals(steps: readonly MemberStep[]): MemberStep[] {
  const out: MemberStep[] = []
  for (const step of steps) {
    const last = out[out.length - 1]
    if (step.kind === 'removeWhere' && last?.kind === 'removeWhere') {
      out[out.length - 1] = { kind: 'removeWhere', filter: or(last.filter, step.filter) }
    } else out.push(step)
  }
  return out
}
