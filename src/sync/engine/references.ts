// Reference attributes (manager) once every user of the cycle has its target id (§2.1 step 5): the
// referenced user's target id, set with a PATCH when the target holds another one. A manager out of
// scope, or not provisioned, is not linked (S6 "Manager isn't provisioned"). Failures here are
// reference failures, which Entra's 40% quarantine threshold leaves out (S5).
import { referenceOperation, patchBody } from '../target/patch.js'
import { ObjectFailure } from './object-log.js'
import type { Run } from './run.js'
import { newLog } from './users.js'
import type { PendingReference } from './users.js'

export async function resolveReferences(run: Run, pending: PendingReference): Promise<void> {
  for (const [i, reference] of pending.references.entries()) {
    const manager = run.users.get(reference.sourceId)
    if (!manager || manager.disabled || run.stopped) continue
    const path = reference.mapping.target
    const current = pending.current[i]
    if (current === manager.id) continue
    const log = newLog(run, 'User', pending.user.id, pending.user.name)
    log.targetId = pending.targetId
    log.step(
      'ReferenceResolution',
      'success',
      `${path.text} is the target user ${manager.id} (${manager.name})`,
    )
    const exchange = await run.request(
      'PATCH',
      `/Users/${encodeURIComponent(pending.targetId)}`,
      patchBody([
        referenceOperation(
          path,
          manager.id,
          current !== undefined,
          run.options.mode,
          run.options.tenantUrl,
        ),
      ]),
    )
    try {
      if (exchange.status !== 200 && exchange.status !== 204)
        throw log.failed('Export', `set ${path.text}`, exchange, true)
      log.step('Export', 'success', `set ${path.text}`, exchange)
      run.finish(log.entry('Update', 'success', { changed: [path.text] }))
    } catch (error) {
      if (!(error instanceof ObjectFailure)) throw error
      const link = run.users.get(pending.user.id)
      if (link) run.users.set(pending.user.id, { id: link.id, name: link.name })
      run.finish(
        log.entry('Update', 'failure', { errorCode: error.code, errorMessage: error.message }),
        true,
      )
    }
  }
}
