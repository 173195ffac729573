// The context an expression is evaluated in for one source object: its attributes (looked up ignoring
// case, as Entra's attribute names are), the clock and the random source, and what the evaluation
// reported (warnings, values to redact in logs).
import { randomInt, randomUUID } from 'node:crypto'
import type { Expr } from './ast.js'
import type { EvalContext } from './functions/spec.js'
import type { Value } from './value.js'

export interface Clock {
  now(): number
  uuid(): string
  randomInt(max: number): number
}

export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  uuid: () => randomUUID(),
  randomInt: (max) => randomInt(max),
}

export interface ObjectContext extends EvalContext {
  readonly warnings: { readonly message: string; readonly node: Expr }[]
  readonly redacted: Set<string>
}

/** A context over `attributes` (Entra names → values); names absent from it are null. */
export function objectContext(
  attributes: ReadonlyMap<string, Value>,
  clock: Clock = SYSTEM_CLOCK,
): ObjectContext {
  const folded = new Map<string, Value>()
  for (const [name, value] of attributes) folded.set(name.toLowerCase(), value)
  const warnings: { message: string; node: Expr }[] = []
  const redacted = new Set<string>()
  return {
    attribute: (name) => attributes.get(name) ?? folded.get(name.toLowerCase()) ?? null,
    now: () => clock.now(),
    uuid: () => clock.uuid(),
    randomInt: (max) => clock.randomInt(max),
    warn: (message, node) => {
      warnings.push({ message, node })
    },
    redact: (text) => {
      redacted.add(text)
    },
    warnings,
    redacted,
  }
}
