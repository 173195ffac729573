// The incremental state of a job, kept in a file beside the source (`<source>.sync-state.json`), one
// job per Tenant URL: which target object each source object is linked to (Entra's cached target id,
// §2.1), a digest of the source object as last provisioned (what an incremental cycle compares, in place
// of Graph's delta query), and the members last sent to each group. Written whole to a temporary file
// and renamed, so a crash leaves the previous state.
import { createHash } from 'node:crypto'
import { readFile, rename, writeFile } from 'node:fs/promises'

export interface LinkState {
  /** The target's id of the object. */
  readonly id: string
  readonly name: string
  /** Digest of the source object when it was last provisioned without failure; absent after a failure. */
  readonly digest?: string
  /** The user was disabled (or deleted) in the target because it left scope or the source. */
  readonly disabled?: boolean
  /** Group only: the source user ids the target group was last given. */
  readonly members?: readonly string[]
}

export interface JobState {
  readonly settings: string
  readonly cycles: number
  readonly lastCycle: string
  readonly users: Readonly<Record<string, LinkState>>
  readonly groups: Readonly<Record<string, LinkState>>
  /** Digests of objects seen but not linked (out of scope, skipped), keyed by id (`g:` for groups). */
  readonly unlinked?: Readonly<Record<string, string>>
}

export interface StateFile {
  readonly version: 1
  readonly jobs: Readonly<Record<string, JobState>>
}

export class StateError extends Error {}

export const stateFileFor = (source: string): string => `${source}.sync-state.json`

export async function readState(file: string): Promise<StateFile> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, jobs: {} }
    throw new StateError(
      `Cannot read the sync state ${file} (${(error as NodeJS.ErrnoException).code}).`,
    )
  }
  try {
    const parsed = JSON.parse(text) as StateFile
    if (parsed.version !== 1 || typeof parsed.jobs !== 'object') throw new Error('unknown version')
    return parsed
  } catch {
    throw new StateError(
      `The sync state ${file} is damaged; delete it to start again with an initial cycle (links are re-made by matching).`,
    )
  }
}

export async function writeState(file: string, state: StateFile): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`
  await writeFile(temporary, JSON.stringify(state))
  await rename(temporary, file)
}

export function withJob(state: StateFile, key: string, job: JobState): StateFile {
  return { version: 1, jobs: { ...state.jobs, [key]: job } }
}

/** A stable digest of JSON-able data (object keys sorted). */
export function digest(value: unknown): string {
  const stable = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(stable)
      : typeof v === 'object' && v !== null
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, stable((v as Record<string, unknown>)[k])]),
          )
        : v
  return createHash('sha256')
    .update(JSON.stringify(stable(value)))
    .digest('base64url')
    .slice(0, 22)
}
