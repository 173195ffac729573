// roster log: a tenant's provisioning log, newest first. SCIM requests (credential, operation, status,
// the SCIM error and the attributes at fault, what changed) and CLI or console changes (audit events:
// the operation names the change, no status). A table on a terminal, or JSON Lines with --json.
import type { Command } from 'commander'
import type { StoredEntry } from '../scim/log/entry.js'
import { CliError, withTenant } from './context.js'
import { table } from './table.js'
import { databaseConfig } from '../config.js'
import { openLog } from '../open.js'

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** `--since`: a duration back from now (`90s`, `15m`, `1h`, `7d`), or a date (from the start of that day, UTC) or date-time. */
export function parseSince(text: string, now: Date): string {
  const duration = /^(\d{1,6})([smhd])$/.exec(text.trim())
  if (duration) {
    return new Date(
      now.getTime() - Number(duration[1]) * (UNITS[duration[2] as string] ?? 0),
    ).toISOString()
  }
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim())
  if (date) {
    const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])]
    const day = new Date(Date.UTC(y, m - 1, d))
    if (day.getUTCMonth() === m - 1 && day.getUTCDate() === d) return day.toISOString()
  } else if (/^\d{4}-\d{2}-\d{2}T/.test(text.trim()) && !Number.isNaN(Date.parse(text))) {
    return new Date(Date.parse(text)).toISOString()
  }
  throw new CliError(
    `--since '${text}' is neither a duration (30m, 1h, 7d) nor a date (2026-12-01, from the start of that day, UTC).`,
  )
}

/** One entry as a JSON line: the documented fields, null where an entry has none. */
export function jsonLine(entry: StoredEntry, tenant: string): string {
  return JSON.stringify({
    time: entry.time,
    tenant,
    kind: entry.kind,
    credential: entry.actor,
    method: entry.method ?? null,
    path: entry.path ?? null,
    resource: entry.resource ?? null,
    id: entry.resourceId ?? null,
    target: entry.target ?? null,
    operation: entry.operation,
    status: entry.status ?? null,
    scimType: entry.scimType ?? null,
    detail: entry.detail ?? null,
    attributes: entry.attributes,
    changes: entry.changes,
    durationMs: entry.durationMs ?? null,
    requestId: entry.requestId ?? null,
    seq: entry.seq,
  })
}

function what(entry: StoredEntry): string {
  if (entry.detail) return entry.detail
  const changes = entry.changes
    .map((c) => `${c.path}: ${c.old ?? '∅'} → ${c.new ?? '∅'}`)
    .join('; ')
  return changes
}

function shorten(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ')
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`
}

export function logCommand(program: Command): void {
  program
    .command('log')
    .description(
      "the tenant's provisioning log, newest first: SCIM requests and CLI or console changes",
    )
    .option(
      '--since <when>',
      'a duration (30m, 1h, 7d) or a date (2026-12-01, from the start of that day, UTC)',
    )
    .option('--errors', 'only SCIM requests answered 4xx or 5xx')
    .option('--user <user>', 'only entries about this user or group (id, userName or displayName)')
    .option('--limit <n>', 'at most this many entries (1-10000)', '50')
    .option('--json', 'one JSON object per line')
    .action(
      async (options: {
        since?: string
        errors?: boolean
        user?: string
        limit: string
        json?: boolean
      }) => {
        const limit = Number(options.limit)
        if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
          throw new CliError('--limit must be an integer from 1 to 10000.')
        const since =
          options.since === undefined ? undefined : parseSince(options.since, new Date())
        await withTenant(async ({ tenant }) => {
          const log = await openLog(databaseConfig(), { inProcess: true })
          try {
            const entries = await log.entries(tenant.id, {
              limit,
              ...(since ? { since } : {}),
              ...(options.errors ? { errors: true } : {}),
              ...(options.user ? { user: options.user } : {}),
            })
            if (options.json) {
              process.stdout.write(entries.map((e) => `${jsonLine(e, tenant.slug)}\n`).join(''))
              return
            }
            process.stdout.write(
              table(
                ['TIME', 'CREDENTIAL', 'OPERATION', 'RESOURCE', 'STATUS', 'MS', 'DETAIL'],
                entries.map((e) => [
                  e.time.replace('T', ' ').slice(0, 19),
                  e.actor,
                  e.operation,
                  [e.resource, e.target ?? e.resourceId].filter(Boolean).join(' ') || '-',
                  e.status === undefined ? '-' : String(e.status),
                  e.durationMs === undefined ? '-' : e.durationMs.toFixed(1),
                  shorten(what(e), 100) || '-',
                ]),
              ),
            )
          } finally {
            await log.close()
          }
        })
      },
    )
}
