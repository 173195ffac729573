// Audit events: a change an administrator made with the CLI or the console, as a log entry of its
// tenant: the operation names the change (`token.create`), the actor who made it, no status.
import type { Change, LogEntry } from './entry.js'
import { clip } from './entry.js'

export interface AuditEvent {
  /** `area.verb`: token.create, policy.set, … */
  readonly operation: string
  /** What it acted on, in words (`token 'entra' created`). */
  readonly detail: string
  readonly resource?: string
  readonly resourceId?: string
  /** The userName or displayName it concerns (what `roster log --user` matches). */
  readonly target?: string
  readonly changes?: readonly Change[]
}

export function auditEntry(
  tenantId: string,
  actor: string,
  event: AuditEvent,
  time: Date,
): LogEntry {
  return {
    time: time.toISOString(),
    tenantId,
    kind: 'audit',
    actor,
    operation: event.operation,
    detail: clip(event.detail, 2000),
    ...(event.resource ? { resource: event.resource } : {}),
    ...(event.resourceId ? { resourceId: event.resourceId } : {}),
    ...(event.target ? { target: event.target } : {}),
    attributes: [],
    changes: event.changes ?? [],
    causes: [],
  }
}
