// One provisioning cycle as Entra runs it (entra-client-behaviour.md §2, §3, §7): users first, then
// their references, then groups, each step over a pool of `concurrency` objects. The first cycle of a
// job, or the first after its mappings, scope or mode changed (or --restart), is an initial cycle: every
// source object is processed. Later cycles are incremental: only objects whose digest changed since the
// last cycle, plus provisioned objects that left the source. Links to target ids survive a restart.
import type { ScopedDirectory } from '../scope.js'
import type { Mappings } from '../mapping/model.js'
import { userDigest, groupDigest } from './digests.js'
import { processGroup, deleteGroup } from './groups.js'
import type { Target } from './http.js'
import { Quarantine } from './http.js'
import type { LogEntry } from './log.js'
import { resolveReferences } from './references.js'
import { orderedPool } from './pool.js'
import { Run } from './run.js'
import type { CycleOptions, CycleType, Observer } from './run.js'
import type { JobState, LinkState } from './state.js'
import { disableUser, processUser } from './users.js'
import type { PendingReference } from './users.js'

export interface Counts {
  created: number
  updated: number
  disabled: number
  deleted: number
  skipped: number
  failed: number
}

export interface Summary extends Counts {
  readonly cycle: number
  readonly cycleType: CycleType
  readonly users: Counts
  readonly groups: Counts
  readonly requests: number
  readonly retries: number
  readonly seconds: number
  readonly dryRun: boolean
  readonly quarantine?: string
  /** Stopped by Ctrl-C after `done` of `total` objects (the state keeps what was done). */
  readonly interrupted?: { readonly done: number; readonly total: number }
}

export interface CycleInput {
  readonly directory: ScopedDirectory
  readonly mappings: Mappings
  readonly target: Target
  /** The job's state from the last cycle, if any. */
  readonly job: JobState | undefined
  /** What makes a job (mappings, scope, mode): when it differs from the job's, the cycle is initial. */
  readonly settings: string
  readonly restart: boolean
}

const zero = (): Counts => ({
  created: 0,
  updated: 0,
  disabled: 0,
  deleted: 0,
  skipped: 0,
  failed: 0,
})

function count(counts: Counts, entry: LogEntry): void {
  if (entry.status === 'failure') counts.failed++
  else if (entry.status === 'skipped') counts.skipped++
  else if (entry.action === 'Create') counts.created++
  else if (entry.action === 'Disable') counts.disabled++
  else if (entry.action === 'Delete') counts.deleted++
  else counts.updated++
}

/** One step over the pool; a quarantine of an object (401, 404 to a filter…) stops the cycle. */
function step<T>(
  run: Run,
  items: readonly T[],
  sourceId: (item: T) => string,
  work: (item: T) => Promise<void>,
): Promise<void> {
  return orderedPool(run.control, items, sourceId, async (item) => {
    try {
      await work(item)
    } catch (error) {
      if (!(error instanceof Quarantine)) throw error
      run.quarantine ??= error.message
    }
  })
}

/** A link map as the state file keeps it: sorted by source id, whatever order the pool finished in. */
const sorted = <V>(map: ReadonlyMap<string, V>): Record<string, V> =>
  Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))

export async function runCycle(
  input: CycleInput,
  options: CycleOptions,
  observer: Observer,
): Promise<{ summary: Summary; job: JobState }> {
  const started = performance.now()
  const requestsBefore = input.target.requests
  const retriesBefore = input.target.retried
  const { directory, mappings, job } = input
  const cycleType: CycleType =
    !job || job.settings !== input.settings || input.restart ? 'initial' : 'incremental'
  const cycle = (job?.cycles ?? 0) + 1
  const users = new Map<string, LinkState>(Object.entries(job?.users ?? {}))
  const groups = new Map<string, LinkState>(Object.entries(job?.groups ?? {}))
  const unlinked = new Map<string, string>(Object.entries(job?.unlinked ?? {}))
  const totals = zero()
  const byType = { User: zero(), Group: zero() }
  const counting: Observer = {
    entry: (entry) => {
      count(totals, entry)
      count(byType[entry.objectType], entry)
      observer.entry(entry)
    },
    progress: (done, total) => observer.progress(done, total),
  }
  const run = new Run(
    options,
    mappings,
    input.target,
    counting,
    cycle,
    cycleType,
    users,
    groups,
    unlinked,
  )

  const changed = (id: string, digest: string, link: LinkState | undefined, key = id): boolean =>
    cycleType === 'initial' || (link ? link.digest !== digest : unlinked.get(key) !== digest)
  const userWork = mappings.users.enabled
    ? directory.users
        .map((u) => ({ user: u, digest: userDigest(u) }))
        .filter((w) => changed(w.user.id, w.digest, users.get(w.user.id)))
    : []
  const sourceUsers = new Set(directory.users.map((u) => u.id))
  const goneUsers = mappings.users.enabled
    ? [...users].filter(([id, l]) => !sourceUsers.has(id) && !l.disabled)
    : []
  const groupWork = mappings.groups.enabled
    ? directory.groups
        .map((g) => ({ group: g, digest: groupDigest(g) }))
        .filter((w) => changed(w.group.id, w.digest, groups.get(w.group.id), `g:${w.group.id}`))
    : []
  const sourceGroups = new Set(directory.groups.map((g) => g.id))
  const goneGroups = mappings.groups.enabled
    ? [...groups].filter(([id]) => !sourceGroups.has(id))
    : []
  run.total = userWork.length + goneUsers.length + groupWork.length + goneGroups.length
  observer.progress(0, run.total)

  // References in the users' order, whichever finished first.
  const pending = new Map<string, PendingReference>()
  await step(
    run,
    userWork,
    (w) => w.user.id,
    async ({ user, digest }) => {
      const reference = await processUser(run, user, digest)
      if (reference) pending.set(user.id, reference)
    },
  )
  await step(
    run,
    goneUsers,
    ([id]) => id,
    ([id, link]) => disableUser(run, id, link, 'deleted from the source'),
  )
  const references = userWork.flatMap((w) => pending.get(w.user.id) ?? [])
  pending.clear()
  await step(
    run,
    references,
    (p) => p.user.id,
    (p) => resolveReferences(run, p),
  )
  await step(
    run,
    groupWork,
    (w) => w.group.id,
    ({ group, digest }) => processGroup(run, group, digest),
  )
  await step(
    run,
    goneGroups,
    ([id]) => id,
    ([id, link]) => deleteGroup(run, id, link, 'deleted from the source'),
  )

  const summary: Summary = {
    cycle,
    cycleType,
    ...totals,
    users: byType.User,
    groups: byType.Group,
    requests: input.target.requests - requestsBefore,
    retries: input.target.retried - retriesBefore,
    seconds: (performance.now() - started) / 1000,
    dryRun: options.dryRun,
    ...(run.quarantine !== undefined ? { quarantine: run.quarantine } : {}),
    ...(run.interrupted ? { interrupted: { done: run.done, total: run.total } } : {}),
  }
  const next: JobState = {
    // An initial cycle cut short leaves objects it did not reach: the next cycle is initial again
    // (the links made so far are kept, and re-used by matching as a restart does).
    settings: run.interrupted && cycleType === 'initial' ? '' : input.settings,
    cycles: cycle,
    lastCycle: new Date(run.clock.now()).toISOString(),
    users: sorted(users),
    groups: sorted(groups),
    unlinked: sorted(unlinked),
  }
  return { summary, job: next }
}
