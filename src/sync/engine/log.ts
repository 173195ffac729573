// The provisioning log of a cycle, entry by entry, modelled on Entra's (provisioningObjectSummary): one
// entry per object and action, its steps (Import, Scoping, Matching, Processing, ReferenceResolution,
// Export) with the request and response of each exchange, and for a failure Entra's error code (S11)
// and what the admin must fix.
import type { Exchange } from '../../check/client.js'

export type StepName =
  'Import' | 'Scoping' | 'Matching' | 'Processing' | 'ReferenceResolution' | 'Export'
export type Status = 'success' | 'failure' | 'skipped' | 'warning'
export type Action = 'Create' | 'Update' | 'Disable' | 'Delete' | 'Other'

export interface LoggedExchange {
  readonly method: string
  /** Relative to the Tenant URL, as sent (URL-encoded). */
  readonly path: string
  readonly requestBody?: unknown
  /** Undefined when the request was not sent (--dry-run). */
  readonly status?: number
  readonly response?: string
}

export interface Step {
  readonly name: StepName
  readonly status: Status
  readonly description: string
  readonly exchange?: LoggedExchange
}

export interface LogEntry {
  readonly cycle: number
  readonly cycleType: 'initial' | 'incremental'
  readonly objectType: 'User' | 'Group'
  readonly action: Action
  readonly status: Status
  readonly sourceId: string
  readonly name: string
  readonly targetId?: string
  /** Target attributes written (updates). */
  readonly changed?: readonly string[]
  readonly reason?: string
  readonly errorCode?: string
  readonly errorMessage?: string
  readonly fix?: string
  readonly steps: readonly Step[]
  readonly dryRun?: boolean
}

/** How many characters of a response body a log entry keeps. */
const RESPONSE_LIMIT = 4000

/** `redact` is undefined when nothing is to be hidden (the common case: the body is not copied). */
export function loggedExchange(
  exchange: Exchange,
  base: string,
  redact: ((text: string) => string) | undefined,
): LoggedExchange {
  const path = exchange.url.startsWith(base) ? exchange.url.slice(base.length) : exchange.url
  const text =
    exchange.text.length > RESPONSE_LIMIT
      ? `${exchange.text.slice(0, RESPONSE_LIMIT)}…`
      : exchange.text
  return {
    method: exchange.method,
    path,
    ...(exchange.requestBody !== undefined
      ? {
          requestBody: redact
            ? JSON.parse(redact(JSON.stringify(exchange.requestBody)))
            : exchange.requestBody,
        }
      : {}),
    status: exchange.status,
    ...(text !== '' ? { response: redact ? redact(text) : text } : {}),
  }
}

/** Entra's error code for an answer (S11, entra-client-behaviour.md §5.3). */
export function errorCode(exchange: Exchange, cachedId = false): string {
  const s = exchange.status
  if (s === 0)
    // check/client.ts's sentence for a request that got no answer in time: "no answer from … within".
    return /timeout|aborted|no answer from .* within/i.test(exchange.text)
      ? 'Timeout'
      : 'WebExceptionProtocolError'
  if (s === 401) return 'Unauthorized'
  if (s === 403) return 'InsufficientRights'
  if (s === 404) return cachedId ? 'InvalidAnchor' : 'NotFound'
  if (s === 405) return 'MethodNotAllowed'
  if (s === 409) return 'EntryConflict'
  if (s === 422) return 'UnprocessableEntity'
  if (s === 429) return 'TooManyRequests'
  if (s === 501) return 'NotImplemented'
  if (s >= 500) return 'InternalServerError'
  if (s === 400) return 'BadRequest'
  return 'SystemForCrossDomainIdentityManagementServiceIncompatible'
}

/** What the admin does about an error code. */
export const FIXES: Readonly<Record<string, string>> = {
  BadRequest:
    "The target refused the values it was sent: its detail above names them; change the mapping (or the source value) so they fit the target's rules.",
  EntryConflict:
    'The target already has an object with a unique value of this one (userName, displayName): make the matching attributes find it, or remove the duplicate.',
  Unauthorized: 'The target refused the token: check the Tenant URL and the Secret Token.',
  InsufficientRights: 'The token is not allowed to do this: use a token with the SCIM scope.',
  InvalidAnchor:
    'The object was deleted in the target after Entra linked it: restart provisioning (roster sync --restart) to match it again.',
  NotFound: 'The target answered 404 where Entra expects the resource: check the Tenant URL.',
  MethodNotAllowed:
    'The target does not accept this method here: Entra needs POST, PATCH and DELETE on /Users and /Groups.',
  UnprocessableEntity: 'The target could not process the request: its detail above says why.',
  TooManyRequests:
    'The target kept throttling after the retries: raise its rate limit, or lower --concurrency.',
  InternalServerError:
    'The target failed (5xx) after the retries; Entra retries in the next cycle. Check the target’s logs.',
  Timeout:
    'The target did not answer in time; Entra retries in the next cycle. Check the target’s health and load.',
  WebExceptionProtocolError:
    'The target could not be reached: check the Tenant URL and that the server is up.',
  NotImplemented: 'The target does not implement this request (501).',
  DuplicateTargetEntries:
    'Several target objects have this matching value: remove the duplicates or choose a unique matching attribute.',
  SystemForCrossDomainIdentityManagementServiceIncompatible:
    "The target's answer is not the SCIM JSON Entra expects.",
  SystemForCrossDomainIdentityManagementMultipleEntriesInResponse:
    'The target returned members although Entra asked for excludedAttributes=members.',
  ExpressionEvaluationFailed: 'Fix the expression of this mapping (or the source value it reads).',
  SchemaPropertyCanOnlyAcceptValue:
    'A multi-valued value was mapped to a single-valued target attribute: pick one value (Item, Join, SingleAppRoleAssignment).',
  MissingMatchingValue:
    'Every object needs a value for at least one matching attribute: fill it in the source or change the matching attributes.',
}
