// One user through a cycle, as Entra processes it (§2.1, §2.7): out of scope → disabled if it was
// provisioned (PATCH active, or DELETE when nothing maps active), skipped otherwise; in scope → read by
// its cached id, or matched; created when missing (never when disabled in the source); updated with a
// PATCH of exactly what differs. References (manager) wait until every user has a target id.
import { createBody, FlowError } from '../target/body.js'
import {
  changesFor,
  disableOperations,
  patchBody,
  patchOperations,
  referencedId,
} from '../target/patch.js'
import { readTarget } from '../target/values.js'
import { ENTERPRISE_USER } from '../mapping/target-path.js'
import type { Reference } from '../mapping/flow.js'
import type { ScopedUser } from '../scope.js'
import { ObjectFailure, ObjectLog } from './object-log.js'
import type { Action } from './log.js'
import type { Run } from './run.js'
import type { LinkState } from './state.js'

/** A user's manager to set once every user has a target id. */
export interface PendingReference {
  readonly user: ScopedUser
  readonly targetId: string
  readonly references: readonly Reference[]
  /**
   * For each reference, the target id the target user holds now (read this cycle; undefined when
   * created or unset). Only these ids are kept, not the resource: a cycle holds one per user.
   */
  readonly current: readonly (string | undefined)[]
}

function pendingOf(
  user: ScopedUser,
  targetId: string,
  resource: Record<string, unknown> | undefined,
  references: readonly Reference[],
): PendingReference | undefined {
  if (references.length === 0) return undefined
  return {
    user,
    targetId,
    references,
    current: references.map((r) =>
      resource ? referencedId(readTarget(resource, r.mapping.target)) : undefined,
    ),
  }
}

export function newLog(
  run: Run,
  kind: 'User' | 'Group',
  sourceId: string,
  name: string,
): ObjectLog {
  return new ObjectLog(
    {
      cycle: run.cycle,
      cycleType: run.cycleType,
      objectType: kind,
      sourceId,
      name,
      dryRun: run.options.dryRun,
    },
    run.options.tenantUrl,
  )
}

const hasActiveMapping = (run: Run): boolean =>
  run.mappings.users.attributeMappings.some(
    (m) => m.target.attribute.toLowerCase() === 'active' && !m.target.schema,
  )

/** Soft delete of a provisioned user that left scope or the source (§2.7). */
export async function disableUser(
  run: Run,
  sourceId: string,
  link: LinkState,
  why: string,
): Promise<void> {
  const log = newLog(run, 'User', sourceId, link.name)
  log.targetId = link.id
  log.step('Scoping', 'success', why)
  const path = `/Users/${encodeURIComponent(link.id)}`
  try {
    if (!run.mappings.users.actions.delete) {
      log.step('Processing', 'skipped', 'Delete is not ticked under Target Object Actions')
      run.finish(
        log.entry('Disable', 'skipped', {
          reason: 'Delete is not ticked under Target Object Actions: the user stays as it is.',
        }),
      )
      return
    }
    if (!hasActiveMapping(run)) {
      const exchange = await run.request('DELETE', path)
      if (exchange.status !== 204 && exchange.status !== 200 && exchange.status !== 404)
        throw log.failed('Export', 'DELETE (nothing maps active, so Entra deletes)', exchange, true)
      log.step(
        'Export',
        'success',
        'deleted: no mapping targets active, so Entra deletes instead of disabling',
        exchange,
      )
      run.users.set(sourceId, { ...link, disabled: true, digest: '' })
      run.finish(log.entry('Delete', 'success'))
      return
    }
    const read = await run.request('GET', path)
    if (read.status === 404) {
      log.step('Processing', 'skipped', 'the user is no longer in the target', read)
      run.users.set(sourceId, { ...link, disabled: true })
      run.finish(
        log.entry('Disable', 'skipped', { reason: 'The user is no longer in the target.' }),
      )
      return
    }
    if (read.status !== 200) throw log.failed('Processing', 'read the provisioned user', read, true)
    const active = (read.body as Record<string, unknown> | undefined)?.['active']
    if (active === false || (typeof active === 'string' && /^false$/i.test(active))) {
      log.step('Processing', 'skipped', 'the target user is already inactive', read)
      run.users.set(sourceId, { ...link, disabled: true })
      run.finish(
        log.entry('Disable', 'skipped', {
          reason: 'RedundantExport: the target user is already inactive.',
        }),
      )
      return
    }
    log.step('Processing', 'success', 'the target user is active', read)
    const exchange = await run.request(
      'PATCH',
      path,
      patchBody(disableOperations(run.options.mode)),
    )
    if (exchange.status !== 200 && exchange.status !== 204)
      throw log.failed('Export', 'PATCH active false', exchange, true)
    log.step('Export', 'success', 'set active to false (soft delete)', exchange)
    run.users.set(sourceId, { ...link, disabled: true })
    run.finish(log.entry('Disable', 'success', { changed: ['active'] }))
  } catch (error) {
    if (!(error instanceof ObjectFailure)) throw error
    run.users.set(sourceId, { id: link.id, name: link.name })
    run.finish(
      log.entry('Disable', 'failure', { errorCode: error.code, errorMessage: error.message }),
    )
  }
}

export async function processUser(
  run: Run,
  user: ScopedUser,
  digest: string,
): Promise<PendingReference | undefined> {
  const link = run.users.get(user.id)
  if (!user.inScope) {
    if (link && !link.disabled) {
      await disableUser(run, user.id, link, user.scopeReason)
      return undefined
    }
    const log = newLog(run, 'User', user.id, user.name)
    log.step('Import', 'success', `retrieved User ${user.name} from the source`)
    log.step('Scoping', 'skipped', user.scopeReason)
    if (link) run.users.set(user.id, { ...link, digest })
    else run.unlinked.set(user.id, digest)
    run.finish(
      log.entry('Other', 'skipped', { reason: `NotEffectivelyEntitled: ${user.scopeReason}.` }),
    )
    return undefined
  }
  const mapping = run.mappings.users
  const log = newLog(run, 'User', user.id, user.name)
  log.step('Import', 'success', `retrieved User ${user.name} from the source`)
  log.step(
    'Scoping',
    'success',
    `${user.scopeReason}${user.accountEnabled ? '' : '; accountEnabled is false, so IsSoftDeleted is True'}`,
  )
  let action: Action = 'Update'
  try {
    let resource: Record<string, unknown> | undefined
    if (link) {
      const read = await run.request('GET', `/Users/${encodeURIComponent(link.id)}`)
      if (read.status === 200) {
        resource = read.body as Record<string, unknown>
        log.targetId = link.id
        log.step('Matching', 'success', `read the linked target user ${link.id}`, read)
      } else if (read.status === 404 && run.cycleType === 'initial') {
        log.step(
          'Matching',
          'warning',
          `the linked target user ${link.id} is gone; matching again`,
          read,
        )
      } else throw log.failed('Matching', `read the linked target user ${link.id}`, read, true)
    }
    resource ??= await run.match('User', mapping, user.attributes, log)
    if (!resource) {
      action = 'Create'
      if (user.softDeleted) {
        log.step(
          'Processing',
          'skipped',
          'Entra does not create a user that is disabled in the source',
        )
        run.unlinked.set(user.id, digest)
        run.finish(
          log.entry('Create', 'skipped', {
            reason:
              'The user is disabled in the source (accountEnabled false): Entra does not create it.',
          }),
        )
        return undefined
      }
      if (!mapping.actions.create) {
        log.step('Processing', 'skipped', 'Create is not ticked under Target Object Actions')
        run.unlinked.set(user.id, digest)
        run.finish(
          log.entry('Create', 'skipped', {
            reason: 'Create is not ticked under Target Object Actions.',
          }),
        )
        return undefined
      }
      const evaluation = run.evaluate(mapping, user.attributes, true, log)
      const schemas = mapping.attributeMappings
        .map((m) => m.target.schema ?? '')
        .filter((s) => s === ENTERPRISE_USER)
      let body
      try {
        body = createBody('User', evaluation.flows, schemas)
      } catch (error) {
        if (!(error instanceof FlowError)) throw error
        log.step('Processing', 'failure', error.message)
        throw new ObjectFailure(error.code, error.message)
      }
      log.step('Processing', 'success', 'no target user matches: create it')
      const created = await run.request('POST', '/Users', body, user.id)
      const id = (created.body as Record<string, unknown> | undefined)?.['id']
      if ((created.status !== 201 && created.status !== 200) || typeof id !== 'string')
        throw created.status === 201 || created.status === 200
          ? (log.step('Export', 'failure', 'the created user has no id', created),
            new ObjectFailure(
              'SystemForCrossDomainIdentityManagementServiceIncompatible',
              'the answer to POST /Users carries no id (RFC 7643 §3.1).',
            ))
          : log.failed('Export', 'POST /Users', created)
      log.targetId = id
      log.step('Export', 'success', `created the target user ${id}`, created)
      run.users.set(user.id, { id, name: user.name, digest })
      run.unlinked.delete(user.id)
      run.finish(log.entry('Create', 'success'))
      return pendingOf(user, id, undefined, evaluation.references)
    }
    const id = String(resource['id'])
    log.targetId = id
    const evaluation = run.evaluate(mapping, user.attributes, false, log)
    const changes = changesFor(resource, evaluation.flows)
    const pending = pendingOf(user, id, resource, evaluation.references)
    const disabling = changes.some(
      (c) => c.path.attribute.toLowerCase() === 'active' && /^false$/i.test(String(c.value)),
    )
    action = disabling ? 'Disable' : 'Update'
    if (changes.length === 0) {
      log.step('Processing', 'skipped', 'the target user already holds every mapped value')
      run.users.set(user.id, { id, name: user.name, digest })
      run.unlinked.delete(user.id)
      run.finish(
        log.entry('Update', 'skipped', {
          reason: 'RedundantExport: the target user already holds these values.',
        }),
      )
      return pending
    }
    if (!mapping.actions.update) {
      log.step('Processing', 'skipped', 'Update is not ticked under Target Object Actions')
      run.users.set(user.id, { id, name: user.name, digest })
      run.finish(
        log.entry('Update', 'skipped', {
          reason: 'Update is not ticked under Target Object Actions.',
        }),
      )
      return pending
    }
    log.step(
      'Processing',
      'success',
      `${changes.length} attribute${changes.length === 1 ? ' differs' : 's differ'}: ${changes.map((c) => c.path.text).join(', ')}`,
    )
    const patched = await run.request(
      'PATCH',
      `/Users/${encodeURIComponent(id)}`,
      patchBody(patchOperations(changes, run.options.mode)),
    )
    if (patched.status !== 200 && patched.status !== 204)
      throw log.failed('Export', `PATCH /Users/${id}`, patched, true)
    log.step('Export', 'success', `updated the target user ${id}`, patched)
    run.users.set(user.id, { id, name: user.name, digest })
    run.unlinked.delete(user.id)
    run.finish(log.entry(action, 'success', { changed: changes.map((c) => c.path.text) }))
    return pending
  } catch (error) {
    if (!(error instanceof ObjectFailure)) throw error
    // Escrow: no digest, so the next cycle processes the user again.
    const id = log.targetId ?? link?.id
    if (id !== undefined) run.users.set(user.id, { id, name: user.name })
    else run.unlinked.delete(user.id)
    run.finish(log.entry(action, 'failure', { errorCode: error.code, errorMessage: error.message }))
    return undefined
  }
}
