// The groups holding a member directly. A member's `display` is part of each such group's
// representation (a user's "given family", else its userName; a group's displayName: columns.ts
// userDisplay, group-store.ts), so when it changes, or the member goes, their version and lastModified
// move on and an ETag a client holds of them no longer matches (RFC 7644 §3.14, RFC 7232 §2.3). Groups
// holding it only through nesting list no row of it and are left alone. One UPDATE … WHERE id IN (the
// holders), in the caller's transaction; callers run it before they write the member's own row, so a
// concurrent write of a holder (which locks the holder, then reads the member) is waited for, not
// deadlocked with.
import type { Kysely } from 'kysely'
import type { MemberType } from '../../scim/resource/group.js'
import type { Database } from './tables.js'

export async function touchHolders(
  trx: Kysely<Database>,
  tenantId: string,
  member: { readonly type: MemberType; readonly id: string },
  time: string,
): Promise<void> {
  await trx
    .updateTable('groups')
    .set((eb) => ({ version: eb('version', '+', 1), last_modified: time }))
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', (eb) =>
      member.type === 'User'
        ? eb
            .selectFrom('group_users')
            .select('group_id')
            .where('tenant_id', '=', tenantId)
            .where('user_id', '=', member.id)
        : eb
            .selectFrom('group_groups')
            .select('group_id')
            .where('tenant_id', '=', tenantId)
            .where('member_id', '=', member.id),
    )
    .execute()
}
