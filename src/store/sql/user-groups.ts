// User.groups (RFC 7643 §4.1.2): the groups holding a user directly (`direct`), then the groups holding
// those, up the nesting (`indirect`), ordered by name. The walk goes up from the distinct direct groups
// of all the users read together, level by level, one indexed lookup per group (group_groups'
// (tenant_id, member_id) index, checked with EXPLAIN in the index tests): its cost is the number of
// groups reached, once per read, whatever the number of users sharing them or the size of the tenant.
import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import type { UserGroup } from '../../scim/resource/group.js'
import type { SqlDialect } from './dialect.js'
import { precompiled } from './precompiled.js'
import type { Database } from './tables.js'

/** A group as read: its id, name and folded name (the sort key). */
export interface GroupName {
  readonly id: string
  readonly display: string
  readonly folded: string
}

/** Groups looked up in one statement while walking up (one bound parameter: the list). */
const LEVEL_CHUNK = 500

/**
 * A walk asked to stop at `limit` groups reached more (userGroups' `limit`): the caller reads the user
 * elsewhere (on SQLite, in the read pool: sqlite-store.ts), where the whole walk costs no one else.
 */
export class GroupWalkTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`User.groups reaches more than ${limit} groups.`)
  }
}

export type ParentsOf = (
  db: Kysely<Database>,
  tenantId: string,
  groupIds: readonly string[],
  /** At most this many rows in all (the statement's LIMIT): a bounded look before giving up. */
  limit?: number,
) => Promise<readonly { member: string; parent: GroupName }[]>

/** The statement of one step up: the groups holding any of the given groups. */
export function parentsQuery(db: Kysely<Database>, dialect: SqlDialect): ParentsOf {
  const select = (p: { tenant: string; ids: string }) =>
    db
      .selectFrom('group_groups as gg')
      .innerJoin('groups as g', (j) =>
        j.onRef('g.tenant_id', '=', 'gg.tenant_id').onRef('g.id', '=', 'gg.group_id'),
      )
      .select([
        'gg.member_id as member',
        'g.id as id',
        'g.display_name as display',
        'g.display_name_folded as folded',
      ])
      .where('gg.tenant_id', '=', p.tenant)
      .where('gg.member_id', 'in', dialect.idList(p.ids))
  const query = precompiled(['tenant', 'ids'], select)
  const limited = precompiled(['tenant', 'ids', 'limit'], (p) =>
    select(p).limit(sql<number>`${p.limit}`),
  )
  return async (run, tenantId, groupIds, limit) => {
    const out: { member: string; parent: GroupName }[] = []
    for (let i = 0; i < groupIds.length; i += LEVEL_CHUNK) {
      const ids = dialect.idListParameter(groupIds.slice(i, i + LEVEL_CHUNK))
      const { rows } = await run.executeQuery(
        limit === undefined
          ? query({ tenant: tenantId, ids })
          : limited({ tenant: tenantId, ids, limit: limit - out.length }),
      )
      for (const r of rows) {
        out.push({ member: r.member, parent: { id: r.id, display: r.display, folded: r.folded } })
      }
      if (limit !== undefined && out.length >= limit) return out
      // Between chunks the event loop serves other requests (SQLite runs on it).
      if (i + LEVEL_CHUNK < groupIds.length) await new Promise((done) => setImmediate(done))
    }
    return out
  }
}

/**
 * Each user's groups, from its direct groups. `nested` users have a direct group held by another
 * group; only then is the nesting walked (one statement per level and 500 groups). With `limit`, a walk
 * that would read more than `limit` nesting rows stops there and throws GroupWalkTooLarge.
 */
export async function userGroups(
  db: Kysely<Database>,
  parentsOf: ParentsOf,
  tenantId: string,
  users: readonly { id: string; direct: readonly GroupName[]; nested: boolean }[],
  limit?: number,
): Promise<Map<string, UserGroup[]>> {
  const parents = new Map<string, GroupName[]>()
  const names = new Map<string, GroupName>()
  let frontier = [
    ...new Set(users.filter((u) => u.nested).flatMap((u) => u.direct.map((g) => g.id))),
  ]
  const walked = new Set<string>()
  let read = 0
  while (frontier.length > 0) {
    for (const id of frontier) walked.add(id)
    const next = new Set<string>()
    const level =
      limit === undefined
        ? await parentsOf(db, tenantId, frontier)
        : await parentsOf(db, tenantId, frontier, limit - read + 1)
    read += level.length
    if (limit !== undefined && read > limit) throw new GroupWalkTooLarge(limit)
    for (const { member, parent } of level) {
      const list = parents.get(member) ?? []
      list.push(parent)
      parents.set(member, list)
      names.set(parent.id, parent)
      if (!walked.has(parent.id)) next.add(parent.id)
    }
    frontier = [...next]
  }
  const out = new Map<string, UserGroup[]>()
  // Users with the same direct groups (the common case: a team) share one walk.
  const bySignature = new Map<string, UserGroup[]>()
  for (const user of users) {
    const signature = user.direct
      .map((g) => g.id)
      .sort()
      .join(' ')
    let groups = bySignature.get(signature)
    if (!groups) {
      groups = closure(user.direct, user.nested ? parents : new Map())
      bySignature.set(signature, groups)
    }
    out.set(user.id, groups)
  }
  return out
}

/** The direct groups and every group above them, each once (`direct` wins), ordered by name then id. */
function closure(
  direct: readonly GroupName[],
  parents: ReadonlyMap<string, GroupName[]>,
): UserGroup[] {
  const found = new Map<string, { group: GroupName; type: UserGroup['type'] }>()
  for (const g of direct) found.set(g.id, { group: g, type: 'direct' })
  const stack = direct.map((g) => g.id)
  while (stack.length > 0) {
    const id = stack.pop() as string
    for (const parent of parents.get(id) ?? []) {
      if (found.has(parent.id)) continue
      found.set(parent.id, { group: parent, type: 'indirect' })
      stack.push(parent.id)
    }
  }
  return [...found.values()]
    .sort(
      (a, b) => byCodePoint(a.group.folded, b.group.folded) || byCodePoint(a.group.id, b.group.id),
    )
    .map(({ group, type }) => ({ value: group.id, display: group.display, type }))
}

/**
 * Code point order (as SQLite compares text, and as docs/architecture.md promises for sorting), which
 * differs from JavaScript's UTF-16 order only where surrogates meet U+E000-U+FFFF.
 */
export function byCodePoint(a: string, b: string): number {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return rank(x) - rank(y)
  }
  return a.length - b.length
}

/** Surrogates (U+D800-U+DFFF, halves of code points above U+FFFF) rank after U+E000-U+FFFF. */
const rank = (unit: number): number =>
  unit < 0xd800 ? unit : unit < 0xe000 ? unit + 0x2000 : unit - 0x800
