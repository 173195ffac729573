// Seeding large SQLite directories for tests fast (100,000 users in seconds): rows written straight into
// the file in one transaction, built by the store's own row functions (user-rows.ts), so they are what
// the store would have written. For tests of cost and isolation; behaviour tests go through the store.
import { randomUUID } from 'node:crypto'
import Sqlite from 'better-sqlite3'
import type { UserData } from '../src/scim/resource/user.js'
import { foldText, userColumns } from '../src/store/sql/user-rows.js'

const NOW = '2026-01-01T00:00:00.000Z'
/** Creation times strictly increase across calls, as the store's do. */
let made = 0

export interface Seeder {
  /** Users named `${prefix}${i}@contoso.com`; their ids in order. */
  users(count: number, prefix: string, data?: (i: number) => Partial<UserData>): string[]
  /** Groups named `${prefix} ${i}`; their ids in order. */
  groups(count: number, prefix: string): string[]
  members(groupId: string, userIds: readonly string[]): void
  /** Makes `groupId` a member of each parent. */
  nest(groupId: string, parentIds: readonly string[]): void
}

/** Opens `file` (a store has created and migrated it), runs `fill` in one transaction, closes. */
export function seed(file: string, tenantId: string, fill: (seeder: Seeder) => void): void {
  const db = new Sqlite(file)
  db.pragma('busy_timeout = 5000')
  const user = db.prepare(
    `insert into users (tenant_id, id, user_name, user_name_folded, external_id, active, given_name, family_name, preferred_language, language_code, timezone, given_name_folded, family_name_folded, preferred_language_folded, timezone_folded, password_hash, created, last_modified, version)
     values (@tenant_id, @id, @user_name, @user_name_folded, @external_id, @active, @given_name, @family_name, @preferred_language, @language_code, @timezone, @given_name_folded, @family_name_folded, @preferred_language_folded, @timezone_folded, null, @created, @created, 1)`,
  )
  const group = db.prepare(
    `insert into groups (tenant_id, id, display_name, display_name_folded, external_id, created, last_modified, version) values (?, ?, ?, ?, null, ?, ?, 1)`,
  )
  const member = db.prepare(
    `insert into group_users (tenant_id, group_id, user_id) values (?, ?, ?)`,
  )
  const nested = db.prepare(
    `insert into group_groups (tenant_id, group_id, member_id) values (?, ?, ?)`,
  )
  const seeder: Seeder = {
    users(count, prefix, data) {
      const ids: string[] = []
      for (let i = 0; i < count; i++) {
        const id = randomUUID()
        const columns = userColumns({
          userName: `${prefix}${i}@contoso.com`,
          active: true,
          emails: [],
          phoneNumbers: [],
          roles: [],
          ...data?.(i),
        })
        const created = new Date(Date.parse(NOW) + made++).toISOString()
        user.run({ tenant_id: tenantId, id, ...columns, created })
        ids.push(id)
      }
      return ids
    },
    groups(count, prefix) {
      const ids: string[] = []
      for (let i = 0; i < count; i++) {
        const id = randomUUID()
        const name = `${prefix} ${i}`
        group.run(tenantId, id, name, foldText(name), NOW, NOW)
        ids.push(id)
      }
      return ids
    },
    members(groupId, userIds) {
      for (const u of userIds) member.run(tenantId, groupId, u)
    },
    nest(groupId, parentIds) {
      for (const p of parentIds) nested.run(tenantId, p, groupId)
    },
  }
  // The kept counts (migration 011) follow what was written.
  const recount = (): void => {
    db.prepare('delete from resource_counts where tenant_id = ?').run(tenantId)
    for (const table of ['users', 'groups']) {
      db.prepare(
        `insert into resource_counts (tenant_id, resource, shard, n) select ?, ?, 0, count(*) from ${table} where tenant_id = ?`,
      ).run(tenantId, table, tenantId)
    }
  }
  try {
    db.transaction(() => {
      fill(seeder)
      recount()
    })()
  } finally {
    db.close()
  }
}
