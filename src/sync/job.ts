// A provisioning job as `roster sync` runs it: read the source and the mappings, apply the scope, run
// one cycle against the Tenant URL with the job's state, save the state (never under --dry-run).
import { REQUEST_TIMEOUT_MS } from '../check/client.js'
import type { Clock } from './expression/context.js'
import { runCycle } from './engine/cycle.js'
import type { Summary } from './engine/cycle.js'
import { DEFAULT_RETRIES, retryingTarget } from './engine/http.js'
import type { RetryOptions, Target } from './engine/http.js'
import { pooledClient } from './engine/http-client.js'
import type { PooledClient } from './engine/http-client.js'
import type { QuarantineThresholds } from './engine/run.js'
import { digest, readState, stateFileFor, withJob, writeState } from './engine/state.js'
import { checkSourceAttributes } from './mapping/check-source.js'
import { loadMappings } from './mapping/file.js'
import { mappingsAsFile } from './mapping/print.js'
import type { Reporter } from './report/reporter.js'
import type { Mappings } from './mapping/model.js'
import { applyScope } from './scope.js'
import type { ScopedDirectory } from './scope.js'
import { readSource } from './source/read.js'
import type { Mode } from './target/patch.js'

export interface JobOptions {
  readonly source: string
  readonly mappings?: string
  /** The Tenant URL without its query. */
  readonly tenantUrl: string
  readonly token: string
  readonly mode: Mode
  readonly dryRun: boolean
  readonly assigned: boolean
  readonly restart: boolean
  readonly concurrency: number
  readonly membersPerRequest: number
  /** Default: `<source>.sync-state.json`. */
  readonly stateFile?: string
  readonly retry?: RetryOptions
  /** A connection silent this long fails its request (default 15 s, as `roster check`). */
  readonly timeoutMs?: number
  readonly thresholds?: QuarantineThresholds
  readonly clock?: Clock
  /** Aborted (Ctrl-C): the cycle starts no new object, finishes those under way and saves the state. */
  readonly signal?: AbortSignal
}

/**
 * The source in scope and the mappings. The source as read is dropped here: a cycle keeps only the
 * scoped objects (one attribute map per object), not the directory they were made from.
 */
async function prepare(
  options: JobOptions,
  report: Reporter,
): Promise<{ mappings: Mappings; scoped: ScopedDirectory }> {
  const directory = await readSource(options.source)
  const mappings = await loadMappings(options.mappings)
  const scoped = applyScope(directory, options.assigned)
  for (const warning of checkSourceAttributes(mappings, directory)) report.warn(warning)
  return { mappings, scoped }
}

/** Runs one cycle; `target` is kept across cycles of `--every` so its 429 pause carries over. */
export async function runJobCycle(
  options: JobOptions,
  report: Reporter,
  target?: Target,
): Promise<Summary> {
  const { mappings, scoped } = await prepare(options, report)
  const stateFile = options.stateFile ?? stateFileFor(options.source)
  const state = await readState(stateFile)
  const settings = digest({
    mappings: mappingsAsFile(mappings),
    assigned: options.assigned,
    mode: options.mode,
  })
  // One connection per object under way (each object's requests go one after another).
  let client: PooledClient | undefined
  if (!target) {
    client = pooledClient(
      options.tenantUrl,
      options.token,
      options.concurrency,
      options.timeoutMs ?? REQUEST_TIMEOUT_MS,
    )
    target = retryingTarget(client, options.retry ?? DEFAULT_RETRIES)
  }
  const { summary, job } = await runCycle(
    {
      directory: scoped,
      mappings,
      target,
      job: state.jobs[options.tenantUrl],
      settings,
      restart: options.restart,
    },
    {
      mode: options.mode,
      dryRun: options.dryRun,
      concurrency: options.concurrency,
      membersPerRequest: options.membersPerRequest,
      tenantUrl: options.tenantUrl,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.thresholds ? { thresholds: options.thresholds } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
    report,
  ).finally(() => client?.close())
  if (!options.dryRun) await writeState(stateFile, withJob(state, options.tenantUrl, job))
  report.summary(summary, options.mode === 'flag' ? 'aadOptscim062020 mode' : 'default mode')
  return summary
}
