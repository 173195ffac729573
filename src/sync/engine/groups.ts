// One group through a cycle, after every user (§3): read by its cached id with excludedAttributes=members,
// or matched by displayName; created empty ("Groups are created with an empty members list") then given
// its members by PATCH, in batches; updated with a PATCH of what differs; deleted when it leaves scope
// (§3.7). Entra never reads members back: the members to add and remove come from what it sent before.
import type { ScopedGroup } from '../scope.js'
import { createBody, FlowError } from '../target/body.js'
import {
  addMembers,
  changesFor,
  patchBody,
  patchOperations,
  removeMembers,
} from '../target/patch.js'
import { ObjectFailure } from './object-log.js'
import type { ObjectLog } from './object-log.js'
import type { Action } from './log.js'
import type { Run } from './run.js'
import type { LinkState } from './state.js'
import { newLog } from './users.js'

const EXCLUDE = 'excludedAttributes=members'

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

export async function deleteGroup(
  run: Run,
  sourceId: string,
  link: LinkState,
  why: string,
): Promise<void> {
  const log = newLog(run, 'Group', sourceId, link.name)
  log.targetId = link.id
  log.step('Scoping', 'success', why)
  if (!run.mappings.groups.actions.delete) {
    run.finish(
      log.entry('Delete', 'skipped', {
        reason: 'Delete is not ticked under Target Object Actions: the group stays.',
      }),
    )
    return
  }
  const exchange = await run.request('DELETE', `/Groups/${encodeURIComponent(link.id)}`)
  if (exchange.status === 204 || exchange.status === 200 || exchange.status === 404) {
    log.step(
      'Export',
      'success',
      exchange.status === 404 ? 'the group was already gone' : 'deleted the target group',
      exchange,
    )
    run.groups.delete(sourceId)
    run.finish(log.entry('Delete', exchange.status === 404 ? 'skipped' : 'success'))
    return
  }
  const failure = log.failed('Export', 'DELETE the group', exchange, true)
  run.groups.set(sourceId, {
    id: link.id,
    name: link.name,
    ...(link.members ? { members: link.members } : {}),
  })
  run.finish(
    log.entry('Delete', 'failure', { errorCode: failure.code, errorMessage: failure.message }),
  )
}

/** Sends member changes in batches; returns the source ids the target group now has. */
async function syncMembers(
  run: Run,
  log: ObjectLog,
  groupId: string,
  previous: readonly string[],
  wanted: readonly string[],
): Promise<{ members: string[]; added: number; removed: number }> {
  const now = new Set(previous)
  const wantedSet = new Set(wanted)
  const add = wanted.filter((id) => !now.has(id))
  const remove = previous.filter((id) => !wantedSet.has(id) && run.users.get(id) !== undefined)
  const size = Math.max(1, run.options.membersPerRequest)
  const path = `/Groups/${encodeURIComponent(groupId)}`
  const send = async (ids: string[], adding: boolean): Promise<void> => {
    const targetIds = ids.map((id) => run.users.get(id)?.id as string)
    const ops = adding
      ? addMembers(targetIds, run.options.mode)
      : removeMembers(targetIds, run.options.mode)
    const exchange = await run.request('PATCH', path, patchBody(ops))
    const what = `${adding ? 'add' : 'remove'} ${ids.length} member${ids.length === 1 ? '' : 's'}`
    if (exchange.status !== 204 && exchange.status !== 200)
      throw log.failed('Export', what, exchange, true)
    log.step('Export', 'success', what, exchange)
    for (const id of ids)
      if (adding) now.add(id)
      else now.delete(id)
  }
  try {
    for (const batch of chunks(add, size)) await send(batch, true)
    for (const batch of chunks(remove, size)) await send(batch, false)
  } catch (error) {
    if (error instanceof ObjectFailure)
      (error as ObjectFailure & { members?: string[] }).members = [...now]
    throw error
  }
  return { members: [...now], added: add.length, removed: remove.length }
}

export async function processGroup(run: Run, group: ScopedGroup, digest: string): Promise<void> {
  const link = run.groups.get(group.id)
  if (!group.inScope) {
    if (link) return deleteGroup(run, group.id, link, group.scopeReason)
    const log = newLog(run, 'Group', group.id, group.name)
    log.step('Scoping', 'skipped', group.scopeReason)
    run.unlinked.set(`g:${group.id}`, digest)
    run.finish(
      log.entry('Other', 'skipped', { reason: `NotEffectivelyEntitled: ${group.scopeReason}.` }),
    )
    return
  }
  const mapping = run.mappings.groups
  const log = newLog(run, 'Group', group.id, group.name)
  log.step('Import', 'success', `retrieved Group ${group.name} from the source`)
  log.step('Scoping', 'success', group.scopeReason)
  const membersMapped = mapping.attributeMappings.some(
    (m) => m.target.attribute.toLowerCase() === 'members' && !m.target.sub,
  )
  const wanted = membersMapped
    ? group.userMembers.filter((id) => {
        const l = run.users.get(id)
        return l !== undefined && !l.disabled
      })
    : []
  const warnings = [
    ...group.skippedMembers
      .filter((m) => !/out of scope/.test(m.reason))
      .map((m) => `member ${m.id} left out: ${m.reason}`),
    ...(membersMapped
      ? group.userMembers
          .filter((id) => !wanted.includes(id))
          .map(
            (id) => `member ${id} left out: the user is not provisioned (it failed or was skipped)`,
          )
      : []),
  ]
  const warn = (): void => {
    for (const w of warnings.slice(0, 5)) log.step('Processing', 'warning', w)
    if (warnings.length > 5)
      log.step('Processing', 'warning', `… and ${warnings.length - 5} more members left out`)
  }
  let action: Action = 'Update'
  let previous: readonly string[] = []
  try {
    let resource: Record<string, unknown> | undefined
    if (link) {
      const read = await run.request('GET', `/Groups/${encodeURIComponent(link.id)}?${EXCLUDE}`)
      if (read.status === 200) {
        resource = read.body as Record<string, unknown>
        previous = link.members ?? []
        log.step('Matching', 'success', `read the linked target group ${link.id}`, read)
      } else if (read.status === 404 && run.cycleType === 'initial')
        log.step(
          'Matching',
          'warning',
          `the linked target group ${link.id} is gone; matching again`,
          read,
        )
      else throw log.failed('Matching', `read the linked target group ${link.id}`, read, true)
    }
    resource ??= await run.match('Group', mapping, group.attributes, log)
    const creating = resource === undefined
    warn()
    const evaluation = run.evaluate(mapping, group.attributes, creating, log)
    let id: string
    let changed: string[] = []
    if (!resource) {
      action = 'Create'
      if (!mapping.actions.create) {
        run.unlinked.set(`g:${group.id}`, digest)
        run.finish(
          log.entry('Create', 'skipped', {
            reason: 'Create is not ticked under Target Object Actions.',
          }),
        )
        return
      }
      let body
      try {
        body = createBody('Group', evaluation.flows, [])
      } catch (error) {
        if (!(error instanceof FlowError)) throw error
        throw new ObjectFailure(error.code, error.message)
      }
      log.step(
        'Processing',
        'success',
        'no target group matches: create it empty, then add its members',
      )
      const created = await run.request('POST', '/Groups', body, group.id)
      const createdId = (created.body as Record<string, unknown> | undefined)?.['id']
      if ((created.status !== 201 && created.status !== 200) || typeof createdId !== 'string')
        throw log.failed('Export', 'POST /Groups', created)
      id = createdId
      log.targetId = id
      log.step('Export', 'success', `created the target group ${id}`, created)
      run.groups.set(group.id, { id, name: group.name, members: [] })
    } else {
      id = String(resource['id'])
      log.targetId = id
      const changes = changesFor(resource, evaluation.flows)
      if (changes.length > 0 && mapping.actions.update) {
        const patched = await run.request(
          'PATCH',
          `/Groups/${encodeURIComponent(id)}`,
          patchBody(patchOperations(changes, run.options.mode)),
        )
        if (patched.status !== 200 && patched.status !== 204)
          throw log.failed('Export', `PATCH /Groups/${id}`, patched, true)
        log.step(
          'Export',
          'success',
          `updated ${changes.map((c) => c.path.text).join(', ')}`,
          patched,
        )
        changed = changes.map((c) => c.path.text)
      }
    }
    const result =
      membersMapped && (creating || mapping.actions.update)
        ? await syncMembers(run, log, id, previous, wanted)
        : { members: [...previous], added: 0, removed: 0 }
    if (result.added > 0 || result.removed > 0)
      changed.push(`members (+${result.added}, -${result.removed})`)
    run.groups.set(group.id, { id, name: group.name, digest, members: result.members })
    run.unlinked.delete(`g:${group.id}`)
    if (!creating && changed.length === 0) {
      log.step('Processing', 'skipped', 'the target group already holds every mapped value')
      run.finish(
        log.entry('Update', 'skipped', {
          reason: 'RedundantExport: the target group already holds these values.',
        }),
      )
      return
    }
    run.finish(log.entry(action, warnings.length > 0 ? 'warning' : 'success', { changed }))
  } catch (error) {
    if (!(error instanceof ObjectFailure)) throw error
    const id = log.targetId ?? link?.id
    const members =
      (error as ObjectFailure & { members?: string[] }).members ??
      (link?.members ? [...link.members] : previous)
    if (id !== undefined) run.groups.set(group.id, { id, name: group.name, members })
    run.finish(log.entry(action, 'failure', { errorCode: error.code, errorMessage: error.message }))
  }
}
