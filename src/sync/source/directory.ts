// The source directory as the cycle reads it: users and groups with their Entra attributes, and the
// app role assignments that decide "Sync only assigned users and groups".
import type { Value } from '../expression/value.js'

export interface SourceUser {
  /** Graph's `id`, Entra's objectId: the anchor the incremental state is keyed by. */
  readonly id: string
  /** What log lines call it: userPrincipalName, else displayName, else id. */
  readonly name: string
  /** Entra attribute name → value (docs/sync.md lists the names). */
  readonly attributes: ReadonlyMap<string, Value>
  readonly accountEnabled: boolean
}

export interface SourceGroup {
  readonly id: string
  readonly name: string
  readonly attributes: ReadonlyMap<string, Value>
  /** Member object ids as the source lists them (users, or groups, which Entra does not nest). */
  readonly members: readonly string[]
}

export interface Assignment {
  /** The user or group assigned to the application. */
  readonly principalId: string
  /** The app role's value; absent for the default access role. */
  readonly appRoleValue?: string
  readonly appRoleId?: string
  readonly displayName?: string
}

export interface Directory {
  readonly users: readonly SourceUser[]
  readonly groups: readonly SourceGroup[]
  readonly assignments: readonly Assignment[]
  readonly format: 'json' | 'csv'
}

/** A source file that cannot be read as a directory; the message names the file and the place. */
export class SourceError extends Error {}
