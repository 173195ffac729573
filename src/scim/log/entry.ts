// A provisioning-log entry: one SCIM request of a tenant, or one change an administrator made with the
// CLI or the console (an audit event: `kind: 'audit'`, an operation such as `token.create`, no status).
// Pure data; the store keeps it and the console and `roster log` show it.

/** One attribute's change, as strings an admin reads (`old` absent: added; `new` absent: removed). */
export interface Change {
  readonly path: string
  readonly old?: string
  readonly new?: string
}

/** What a SCIM request did, as classified from its method, resource and result. */
export type Operation =
  | 'create'
  | 'update'
  | 'disable'
  | 'enable'
  | 'delete'
  | 'match'
  | 'read'
  | 'member add'
  | 'member remove'

/** One cause of a failed request: its grouping key and the fix an admin makes (the SCIM detail's words). */
export interface Cause {
  readonly key: string
  readonly fix: string
}

export interface LogEntry {
  readonly time: string
  readonly tenantId: string
  readonly kind: 'request' | 'audit'
  /** A request's credential (`token entra`, `client okta`), or who made an audit change (`cli:root`). */
  readonly actor: string
  readonly method?: string
  /** The request path without its query string (a client may put credentials there). */
  readonly path?: string
  /** `User`, `Group`, `Schemas`, …; for audit events what was changed (`token`, `setting`). */
  readonly resource?: string
  readonly resourceId?: string
  /** The userName or displayName the entry concerns, when known (what `--user` and the console match). */
  readonly target?: string
  /** An Operation for requests; `area.verb` for audit events (`token.create`, `policy.set`). */
  readonly operation: string
  readonly status?: number
  readonly scimType?: string
  readonly detail?: string
  /** The attribute paths at fault (errors) or ignored (unsupportedAttributes=ignore). */
  readonly attributes: readonly string[]
  readonly changes: readonly Change[]
  readonly causes: readonly Cause[]
  readonly durationMs?: number
  readonly requestId?: string
}

/** A stored entry, with the sequence number that orders and names it. */
export interface StoredEntry extends LogEntry {
  readonly seq: number
}

/** Longest value kept in a change or a detail: a log entry stays small whatever the request held. */
export const LOG_VALUE_MAX = 300

export function clip(text: string, max = LOG_VALUE_MAX): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
