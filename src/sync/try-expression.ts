// `roster sync expression`: one expression evaluated for one user given as JSON (Graph's names or
// Entra's), the way Entra's "Test expression" panel does. The user is taken as in scope; IsSoftDeleted
// follows accountEnabled unless the JSON sets it, and `appRoleAssignments` may list the user's roles.
import { SYSTEM_CLOCK, objectContext } from './expression/context.js'
import type { Clock } from './expression/context.js'
import { evaluateExpression } from './expression/evaluate.js'
import { parseExpression } from './expression/parser.js'
import { AppRoles, DateTime, IGNORE_FLOW, isMulti, scalarText } from './expression/value.js'
import type { Value } from './expression/value.js'
import { userFromGraph } from './source/graph-json.js'

export interface TryResult {
  readonly value: Value
  readonly warnings: readonly string[]
}

/** Parses and evaluates; throws ExpressionError (parse or evaluation) with its position. */
export function tryExpression(
  source: string,
  user: Record<string, unknown>,
  clock: Clock = SYSTEM_CLOCK,
): TryResult {
  const expression = parseExpression(source)
  const attributes = new Map(
    userFromGraph(typeof user['id'] === 'string' ? user['id'] : 'user', user).attributes,
  )
  if (!attributes.has('IsSoftDeleted'))
    attributes.set('IsSoftDeleted', user['accountEnabled'] === false ? 'True' : 'False')
  const roles = user['appRoleAssignments']
  if (Array.isArray(roles))
    attributes.set(
      'appRoleAssignments',
      new AppRoles(
        roles
          .map((r) => (typeof r === 'string' ? r : (r as { appRoleValue?: unknown })?.appRoleValue))
          .filter((v): v is string => typeof v === 'string')
          .map((value) => ({ value })),
      ),
    )
  const ctx = objectContext(attributes, clock)
  const value = evaluateExpression(expression, ctx)
  return { value, warnings: ctx.warnings.map((w) => w.message) }
}

/** The value as `roster sync expression` prints it: text as is, lists as JSON, no value described. */
export function showValue(value: Value, json: boolean): string {
  if (json) {
    if (value === IGNORE_FLOW) return JSON.stringify({ ignored: true })
    if (value instanceof AppRoles) return JSON.stringify(value.roles.map((r) => r.value))
    if (value instanceof DateTime) return JSON.stringify(value.toString())
    return JSON.stringify(value)
  }
  if (value === null) return '(null: the attribute does not flow)'
  if (value === IGNORE_FLOW)
    return '(ignored: IgnoreFlowIfNullOrEmpty drops the attribute from the flow)'
  if (isMulti(value)) return JSON.stringify(value)
  if (value instanceof AppRoles) return JSON.stringify(value.roles.map((r) => r.value))
  return scalarText(value)
}
