// Audit events: every change made with the CLI is written to the tenant's provisioning log (`roster
// log` shows it), with the operation naming the change and who made it. A failure to write the event
// is reported on stderr; the change itself is already done and stays.
import { userInfo } from 'node:os'
import { databaseConfig } from '../config.js'
import { openLog } from '../open.js'
import { auditEntry } from '../scim/log/audit.js'
import type { AuditEvent } from '../scim/log/audit.js'

/** Who runs the CLI, as the log shows it. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`
  } catch {
    return 'cli'
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
      await log.append(ids.map((id) => auditEntry(id, cliActor(), event, new Date())))
    } finally {
      await log.close()
    }
  } catch (error) {
    process.stderr.write(
      `roster: the change is made, but its audit event could not be written: ${error instanceof Error ? error.message : String(error)}\n`,
    )
  }
}
