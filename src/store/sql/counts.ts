// A tenant's number of users and groups (migration 011), moved inside the transaction that creates or
// deletes one, so it is exactly the number of rows once that transaction commits. Writers pick a shard
// at random (SqlDialect.countShards: several on PostgreSQL, where concurrent transactions would queue on
// one row; one on SQLite, which has a single writer anyway); the total is their sum.
import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import type { SqlDialect } from './dialect.js'
import { precompiled } from './precompiled.js'
import type { Database } from './tables.js'

export type Counted = 'users' | 'groups'

/** Adds `delta` (±1) to the tenant's count of `resource`; run it in the write's transaction. */
export async function moveCount(
  trx: Kysely<Database>,
  dialect: SqlDialect,
  tenantId: string,
  resource: Counted,
  delta: number,
): Promise<void> {
  const shard = countShard(dialect)
  await trx
    .insertInto('resource_counts')
    .values({ tenant_id: tenantId, resource, shard, n: delta })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'resource', 'shard'])
        .doUpdateSet({ n: sql<number>`resource_counts.n + ${delta}` }),
    )
    .execute()
}

/**
 * moveCount with its statement compiled once (write-statements.ts): `db` is the store's Kysely, the
 * returned function runs in the write's transaction `trx`.
 */
export function countMover(
  db: Kysely<Database>,
  dialect: SqlDialect,
): (trx: Kysely<Database>, tenantId: string, resource: Counted, delta: number) => Promise<void> {
  const statement = precompiled(['tenant', 'resource', 'shard', 'delta'], (p) =>
    db
      .insertInto('resource_counts')
      .values({
        tenant_id: p.tenant,
        resource: p.resource as Counted,
        shard: p.shard as never,
        n: p.delta as never,
      })
      .onConflict((oc) =>
        oc
          .columns(['tenant_id', 'resource', 'shard'])
          .doUpdateSet({ n: sql<number>`resource_counts.n + ${p.delta}` }),
      ),
  )
  return async (trx, tenantId, resource, delta) => {
    const shard = countShard(dialect)
    await trx.executeQuery(statement({ tenant: tenantId, resource, shard, delta }))
  }
}

/** The shard a write moves (counts.ts's header). */
export function countShard(dialect: SqlDialect): number {
  return Math.floor(Math.random() * dialect.countShards)
}

export async function countOf(
  db: Kysely<Database>,
  tenantId: string,
  resource: Counted,
): Promise<number> {
  const row = await db
    .selectFrom('resource_counts')
    .select((eb) => eb.fn.sum<number>('n').as('n'))
    .where('tenant_id', '=', tenantId)
    .where('resource', '=', resource)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}
