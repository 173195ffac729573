// The provisioning log over any Kysely dialect (the SQLite log file in its worker thread, or
// PostgreSQL). One append is one transaction of multi-row inserts: the entries, their causes, and the
// per-minute counts they add to.
import type { Insertable, Kysely, Selectable } from 'kysely'
import { sql } from 'kysely'
import type { Cause, Change, LogEntry, StoredEntry } from '../../scim/log/entry.js'
import type { CauseGroup, LogQuery, LogStore, MinuteCount } from '../log.js'
import type { LogDatabase, LogRow, MinuteRow } from './log-tables.js'

/** Rows per INSERT: far below SQLite's 32,766 and PostgreSQL's 65,535 parameters (20 columns each). */
const ROWS_PER_INSERT = 500

export function isErrorStatus(status: number | undefined): boolean {
  return status !== undefined && status >= 400
}

/** `2026-12-01T10:42`: the minute of an ISO time. */
export function minuteOf(time: string): string {
  return time.slice(0, 16)
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size))
  return out
}

export function toRow(entry: LogEntry): Insertable<LogRow> {
  return {
    tenant_id: entry.tenantId,
    time: entry.time,
    kind: entry.kind,
    actor: entry.actor,
    method: entry.method ?? null,
    path: entry.path ?? null,
    resource: entry.resource ?? null,
    resource_id: entry.resourceId ?? null,
    target: entry.target ?? null,
    target_folded: entry.target?.toLowerCase() ?? null,
    operation: entry.operation,
    status: entry.status ?? null,
    is_error: entry.kind === 'request' && isErrorStatus(entry.status) ? 1 : 0,
    scim_type: entry.scimType ?? null,
    detail: entry.detail ?? null,
    attributes: JSON.stringify(entry.attributes),
    changes: JSON.stringify(entry.changes),
    duration_ms: entry.durationMs ?? null,
    request_id: entry.requestId ?? null,
  }
}

function fromRow(row: Selectable<LogRow>): StoredEntry {
  const optional = <K extends string, V>(key: K, value: V | null) =>
    (value === null ? {} : { [key]: value }) as Partial<Record<K, V>>
  return {
    seq: Number(row.seq),
    time: row.time,
    tenantId: row.tenant_id,
    kind: row.kind === 'audit' ? 'audit' : 'request',
    actor: row.actor,
    operation: row.operation,
    ...optional('method', row.method),
    ...optional('path', row.path),
    ...optional('resource', row.resource),
    ...optional('resourceId', row.resource_id),
    ...optional('target', row.target),
    ...optional('status', row.status === null ? null : Number(row.status)),
    ...optional('scimType', row.scim_type),
    ...optional('detail', row.detail),
    ...optional('durationMs', row.duration_ms === null ? null : Number(row.duration_ms)),
    ...optional('requestId', row.request_id),
    attributes: JSON.parse(row.attributes) as string[],
    changes: JSON.parse(row.changes) as Change[],
    causes: [],
  }
}

/** The per-minute counts a batch adds, per tenant and minute. */
export function minuteCounts(entries: readonly LogEntry[]): MinuteRow[] {
  const minutes = new Map<string, MinuteRow>()
  for (const e of entries) {
    if (e.kind !== 'request') continue
    const key = `${e.tenantId} ${minuteOf(e.time)}`
    const m = minutes.get(key) ?? {
      tenant_id: e.tenantId,
      minute: minuteOf(e.time),
      requests: 0,
      errors: 0,
    }
    m.requests += 1
    if (isErrorStatus(e.status)) m.errors += 1
    minutes.set(key, m)
  }
  return [...minutes.values()]
}

export function sqlLogStore(db: Kysely<LogDatabase>, close?: () => Promise<void>): LogStore {
  return {
    async append(entries) {
      if (entries.length === 0) return
      const minutes = minuteCounts(entries)
      await db.transaction().execute(async (trx) => {
        for (const part of chunks(entries, ROWS_PER_INSERT)) {
          const inserted = await trx
            .insertInto('provisioning_log')
            .values(part.map(toRow))
            .returning('seq')
            .execute()
          const causes = part.flatMap((entry, i) =>
            entry.causes.map((cause: Cause) => ({
              tenant_id: entry.tenantId,
              seq: Number(inserted[i]?.seq),
              time: entry.time,
              cause: cause.key,
              fix: cause.fix,
              target: entry.target ?? entry.resourceId ?? null,
            })),
          )
          for (const rows of chunks(causes, ROWS_PER_INSERT))
            await trx.insertInto('log_causes').values(rows).execute()
        }
        for (const rows of chunks(minutes, ROWS_PER_INSERT)) {
          await trx
            .insertInto('log_minutes')
            .values(rows)
            .onConflict((oc) =>
              oc.columns(['tenant_id', 'minute']).doUpdateSet({
                requests: sql`log_minutes.requests + excluded.requests`,
                errors: sql`log_minutes.errors + excluded.errors`,
              }),
            )
            .execute()
        }
      })
    },

    async entries(tenantId, query: LogQuery) {
      let q = db.selectFrom('provisioning_log').selectAll().where('tenant_id', '=', tenantId)
      if (query.since !== undefined) q = q.where('time', '>=', query.since)
      if (query.errors) q = q.where('is_error', '=', 1)
      if (query.successes) q = q.where('kind', '=', 'request').where('is_error', '=', 0)
      if (query.kind !== undefined) q = q.where('kind', '=', query.kind)
      if (query.actor !== undefined) q = q.where('actor', '=', query.actor)
      if (query.before !== undefined) q = q.where('seq', '<', query.before)
      if (query.user !== undefined) {
        const user = query.user
        q = q.where((eb) =>
          eb.or([eb('resource_id', '=', user), eb('target_folded', '=', user.toLowerCase())]),
        )
      }
      const rows = await q.orderBy('seq', 'desc').limit(query.limit).execute()
      return rows.map(fromRow)
    },

    async entry(tenantId, seq) {
      const row = await db
        .selectFrom('provisioning_log')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('seq', '=', seq)
        .executeTakeFirst()
      if (!row) return undefined
      const causes = await db
        .selectFrom('log_causes')
        .select(['cause', 'fix'])
        .where('tenant_id', '=', tenantId)
        .where('seq', '=', seq)
        .execute()
      return { ...fromRow(row), causes: causes.map((c) => ({ key: c.cause, fix: c.fix })) }
    },

    async causes(tenantId, since, limit): Promise<CauseGroup[]> {
      const rows = await db
        .selectFrom('log_causes')
        .select((eb) => [
          'cause',
          eb.fn.max('fix').as('fix'),
          eb.fn.countAll<number>().as('count'),
          eb.fn.count<number>('target').distinct().as('users'),
          eb.fn.max('time').as('last_time'),
          eb.fn.max('seq').as('example'),
        ])
        .where('tenant_id', '=', tenantId)
        .where('time', '>=', since)
        .groupBy('cause')
        .orderBy('count', 'desc')
        .orderBy('last_time', 'desc')
        .limit(limit)
        .execute()
      return rows.map((r) => ({
        key: r.cause,
        fix: r.fix,
        count: Number(r.count),
        users: Number(r.users),
        lastTime: r.last_time,
        exampleSeq: Number(r.example),
      }))
    },

    async activity(tenantId, since): Promise<MinuteCount[]> {
      const rows = await db
        .selectFrom('log_minutes')
        .select(['minute', 'requests', 'errors'])
        .where('tenant_id', '=', tenantId)
        .where('minute', '>=', minuteOf(since))
        .orderBy('minute')
        .execute()
      return rows.map((r) => ({
        minute: r.minute,
        requests: Number(r.requests),
        errors: Number(r.errors),
      }))
    },

    async prune(tenantId, before, maxRows) {
      const cutoff = await db
        .selectFrom('provisioning_log')
        .select('seq')
        .where('tenant_id', '=', tenantId)
        .orderBy('seq', 'desc')
        .limit(1)
        .offset(maxRows)
        .executeTakeFirst()
      return db.transaction().execute(async (trx) => {
        let removed = 0
        for (const table of ['provisioning_log', 'log_causes'] as const) {
          const result = await trx
            .deleteFrom(table)
            .where('tenant_id', '=', tenantId)
            .where((eb) =>
              cutoff
                ? eb.or([eb('time', '<', before), eb('seq', '<=', Number(cutoff.seq))])
                : eb('time', '<', before),
            )
            .executeTakeFirst()
          if (table === 'provisioning_log') removed = Number(result.numDeletedRows)
        }
        await trx
          .deleteFrom('log_minutes')
          .where('tenant_id', '=', tenantId)
          .where('minute', '<', minuteOf(before))
          .execute()
        return removed
      })
    },

    async close() {
      await (close ? close() : db.destroy())
    },
  }
}
