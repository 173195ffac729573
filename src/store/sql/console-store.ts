// What the admin console stores: sessions (by the hash of their id, shared by every instance) and the
// one read sign-in needs (a user's password hash and roles, by userName ignoring case).
import type { Kysely } from 'kysely'
import { foldUserName } from '../../scim/profile/user-name.js'
import type { AdminSession, Store, TenantStore } from '../store.js'
import type { Database, SessionRow } from './tables.js'

type SessionsPart = Pick<Store, 'createSession' | 'sessionByHash' | 'deleteSession'>

export function sessionStore(db: Kysely<Database>): SessionsPart {
  return {
    async createSession(session) {
      // Expired sessions go when a new one starts: the table holds live sessions only.
      await db.deleteFrom('admin_sessions').where('expires_at', '<', session.created).execute()
      await db
        .insertInto('admin_sessions')
        .values({
          hash: session.hash,
          tenant_id: session.tenantId,
          user_id: session.userId,
          user_name: session.userName,
          csrf: session.csrf,
          created: session.created,
          expires_at: session.expiresAt,
        })
        .execute()
    },
    async sessionByHash(hash, now) {
      const row = await db
        .selectFrom('admin_sessions')
        .selectAll()
        .where('hash', '=', hash)
        .where('expires_at', '>', now)
        .executeTakeFirst()
      return row ? toSession(row) : undefined
    },
    async deleteSession(hash) {
      await db.deleteFrom('admin_sessions').where('hash', '=', hash).execute()
    },
  }
}

function toSession(row: SessionRow): AdminSession {
  return {
    hash: row.hash,
    tenantId: row.tenant_id,
    userId: row.user_id,
    userName: row.user_name,
    csrf: row.csrf,
    created: row.created,
    expiresAt: row.expires_at,
  }
}

export function signInStore(
  db: Kysely<Database>,
  tenantId: string,
): Pick<TenantStore, 'signInUser'> {
  return {
    async signInUser(userName) {
      const row = await db
        .selectFrom('users')
        .select(['id', 'user_name', 'active', 'password_hash'])
        .where('tenant_id', '=', tenantId)
        .where('user_name_folded', '=', foldUserName(userName))
        .executeTakeFirst()
      if (!row) return undefined
      const roles = await db
        .selectFrom('user_roles')
        .select('value')
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', row.id)
        .execute()
      return {
        id: row.id,
        userName: row.user_name,
        active: row.active === 1,
        roles: roles.map((r) => r.value),
        passwordHash: row.password_hash,
      }
    },
  }
}
