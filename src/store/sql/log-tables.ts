// The provisioning log's tables (the log database: a file of its own on SQLite, the main database on
// PostgreSQL). Keyed by tenant first, like every table.

import type { Generated } from 'kysely'

export interface LogRow {
  seq: Generated<number>
  tenant_id: string
  time: string
  kind: string
  actor: string
  method: string | null
  path: string | null
  resource: string | null
  resource_id: string | null
  target: string | null
  /** target folded by Roster's code, for `--user` ignoring case. */
  target_folded: string | null
  operation: string
  status: number | null
  /** 1 for a request answered 4xx/5xx. */
  is_error: number
  scim_type: string | null
  detail: string | null
  /** JSON arrays. */
  attributes: string
  changes: string
  duration_ms: number | null
  request_id: string | null
}

export interface CauseRow {
  tenant_id: string
  seq: number
  time: string
  cause: string
  fix: string
  target: string | null
}

export interface MinuteRow {
  tenant_id: string
  /** `YYYY-MM-DDTHH:MM`, UTC. */
  minute: string
  requests: number
  errors: number
}

export interface LogDatabase {
  provisioning_log: LogRow
  log_causes: CauseRow
  log_minutes: MinuteRow
}
