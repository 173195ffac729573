// Runs the steps of `roster check` in order, one line per step, with the exchange that failed a step,
// then deletes what the run created (groups first) and sums up. Pure of process concerns: it writes
// through `out`, and the caller turns the result into an exit code.
import type { Exchange, ScimClient } from './client.js'
import {
  CONNECTION_STEPS,
  CheckFailure,
  GROUP_CONNECTION_STEPS,
  GROUP_STEPS,
  OKTA_STEPS,
  USER_STEPS,
} from './steps.js'
import { PROFILE_STEPS } from './profile-steps.js'
import type { CheckContext, Mode, Step } from './steps.js'
import { propertySteps } from './property-steps.js'
import type { CheckedProperty } from './property-steps.js'

export interface CheckOptions {
  readonly groups: boolean
  readonly mode: Mode
  readonly okta: boolean
  /** `--property NAME=VALUE`: a custom property's lifecycle after the user's. */
  readonly property?: CheckedProperty
  /** Also check Roster's profile: phones, roles, language and time zone. */
  readonly profile?: boolean
  /** Aborted (Ctrl-C): no further step runs; what was created is still deleted. */
  readonly signal?: AbortSignal
}

export interface CheckResult {
  readonly passed: number
  readonly failed: number
  readonly skipped: number
  /** The connection failed (no answer at all): the one line said why, nothing else ran. */
  readonly unreachable?: boolean
  readonly interrupted?: boolean
}

/** The steps of a run: Okta's order alone with --okta; otherwise Entra's, with groups on request. */
export function planSteps(options: CheckOptions): readonly Step[] {
  if (options.okta) return OKTA_STEPS
  return [
    ...CONNECTION_STEPS,
    ...(options.groups ? GROUP_CONNECTION_STEPS : []),
    ...USER_STEPS,
    ...(options.property ? propertySteps(options.property) : []),
    ...(options.profile ? PROFILE_STEPS : []),
    ...(options.groups ? GROUP_STEPS : []),
  ]
}

export async function runCheck(
  client: ScimClient,
  options: CheckOptions,
  out: (line: string) => void,
): Promise<CheckResult> {
  const ctx: CheckContext = { client, mode: options.mode, state: new Map(), created: [] }
  let passed = 0
  let failed = 0
  let skipped = 0
  let refused = false
  let unreachable: string | undefined
  let interrupted = false
  for (const step of planSteps(options)) {
    if (options.signal?.aborted) {
      interrupted = true
      break
    }
    if (refused) {
      skipped++
      out(`SKIP  ${step.name} (the credentials were refused)`)
      continue
    }
    const missing = (step.needs ?? []).filter((key) => !ctx.state.has(key))
    if (missing.length > 0) {
      skipped++
      out(`SKIP  ${step.name} (an earlier step did not create ${missing.join(', ')})`)
      continue
    }
    const before = client.last
    try {
      await step.run(ctx)
      passed++
      out(`PASS  ${step.name}`)
    } catch (error) {
      // No answer at all: every later step would fail the same way. One line says why, and the run stops.
      if (client.last?.failure && client.last !== before) {
        unreachable = client.last.failure
        out(`FAIL  cannot reach ${client.last.url}: ${unreachable}`)
        break
      }
      failed++
      const message =
        error instanceof CheckFailure || error instanceof Error ? error.message : String(error)
      out(`FAIL  ${step.name}`)
      out(`      ${message}`)
      if (client.last && client.last !== before) for (const line of describe(client.last)) out(line)
      // A 401 or 403 anywhere means the credentials are refused: nothing after it can work.
      if (client.last?.status === 401 || client.last?.status === 403) {
        refused = true
        out(
          '      The endpoint refused the token: check the Tenant URL and the token, then run again.',
        )
      }
    }
  }
  if (interrupted) out('Interrupted: deleting what the check created.')
  // Clean up: whatever the run created and did not delete itself.
  for (const path of ctx.created) {
    const exchange = await client.send('DELETE', path)
    if (exchange.status !== 204 && exchange.status !== 404)
      out(
        `note: could not delete ${path} (${exchange.failure ?? exchange.status}); delete it yourself`,
      )
  }
  if (unreachable !== undefined) return { passed, failed: failed + 1, skipped, unreachable: true }
  out(`${passed} passed, ${failed} failed, ${skipped} skipped${interrupted ? ', interrupted' : ''}`)
  return { passed, failed, skipped, interrupted }
}

/** The request and response of an exchange, indented, bodies cut at 2,000 characters. */
export function describe(exchange: Exchange): string[] {
  const cut = (text: string): string => (text.length > 2000 ? `${text.slice(0, 2000)}…` : text)
  return [
    `      > ${exchange.method} ${exchange.url}`,
    ...(exchange.requestBody !== undefined
      ? [`      > ${cut(JSON.stringify(exchange.requestBody))}`]
      : []),
    `      < ${exchange.status === 0 ? 'no response' : exchange.status}${exchange.contentType ? ` (${exchange.contentType})` : ''}`,
    ...(exchange.text !== '' ? [`      < ${cut(exchange.text)}`] : []),
  ]
}
