// Audit events: every change made with the CLI is written to the tenant's provisioning log (`roster
// log` shows it), with the operation naming the change and who made it. A failure to write the event
// is reported on stderr; the change itself is already done and stays.
import { userInfo } from 'node:os'
import { databaseConfig } from '../config.js'
import { openLog } from '../main.js'
import type { Change, LogEntry } from '../scim/log/entry.js'
import { clip } from '../scim/log/entry.js'

export interface AuditEvent {
  /** `area.verb`: token.create, policy.set, … */
  readonly operation: string
  /** What it acted on, in words (`token 'entra' (id)`). */
  readonly detail: string
  readonly resource?: string
  readonly resourceId?: string
  readonly changes?: readonly Change[]
}

/** Who runs the CLI, as the log shows it. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`
  } catch {
    return 'cli'
  }
}

/** An audit entry of one tenant (the console builds its own with its user as the actor). */
export function auditEntry(tenantId: string, actor: string, event: AuditEvent): LogEntry {
  return {
    time: new Date().toISOString(),
    tenantId,
    kind: 'audit',
    actor,
    operation: event.operation,
    detail: clip(event.detail, 2000),
    ...(event.resource ? { resource: event.resource } : {}),
    ...(event.resourceId ? { resourceId: event.resourceId } : {}),
    attributes: [],
    changes: event.changes ?? [],
    causes: [],
  }
}

/** Records a CLI change in the log of each tenant given. */
export async function audit(
  tenantIds: string | readonly string[],
  event: AuditEvent,
): Promise<void> {
  const ids = typeof tenantIds === 'string' ? [tenantIds] : tenantIds
  try {
    const log = await openLog(databaseConfig(), { inProcess: true })
    try {
      await log.append(ids.map((id) => auditEntry(id, cliActor(), event)))
    } finally {
      await log.close()
    }
  } catch (error) {
    process.stderr.write(
      `roster: the change is made, but its audit event could not be written: ${error instanceof Error ? error.message : String(error)}\n`,
    )
  }
}
