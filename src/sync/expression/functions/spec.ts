// The shape of a function of the expression language: its parameters as Microsoft's reference names them
// (S8), used by the parser to check calls, and its evaluation over lazily evaluated arguments.
import type { Expr } from '../ast.js'
import type { Value } from '../value.js'

export type CallExpr = Extract<Expr, { kind: 'call' }>

export interface Param {
  readonly name: string
  readonly optional?: boolean
}

export interface EvalContext {
  /** A source attribute's value (null when the object lacks it). */
  attribute(name: string): Value
  /** Now, in milliseconds since the epoch (UTC). */
  now(): number
  uuid(): string
  /** A uniformly random integer in [0, max). */
  randomInt(max: number): number
  /** Something the admin should know but that does not stop the evaluation. */
  warn(message: string, node: Expr): void
  /** Values the admin asked to keep out of logs (Redact). */
  redact(text: string): void
}

/** A call being evaluated: its arguments, evaluated on first use, and errors pointing at them. */
export interface Call {
  readonly node: CallExpr
  readonly ctx: EvalContext
  /** How many arguments were written (empty ones included). */
  readonly count: number
  /** True when argument `i` was written and is not empty. */
  has(i: number): boolean
  /** Argument `i`'s value; null when absent or empty. */
  value(i: number): Value
  /** Argument `i` as one string (numbers, booleans and date-times as their text); null when null. */
  text(i: number): string | null
  /** Argument `i` as a number (numeric strings accepted); null when null. */
  number(i: number): number | null
  /** The attributes read, with their values, while `run` evaluates. */
  reads<T>(run: () => T): { result: T; reads: { name: string; value: Value }[] }
  /** An error about argument `i` (the whole call when `i` is omitted). */
  fail(message: string, i?: number): never
}

export interface FunctionSpec {
  /** The name as Microsoft's reference spells it; calls match it ignoring case. */
  readonly name: string
  readonly params: readonly Param[]
  /** Parameters that repeat after `params`, at least `min` times (Join's sources, Switch's pairs). */
  readonly repeat?: { readonly params: readonly Param[]; readonly min: number }
  /** Why Entra does not run it for a SCIM app; the parser refuses such a call with this reason. */
  readonly unsupported?: string
  /** Checks on the arguments as written, before any evaluation. */
  readonly check?: (node: CallExpr, fail: (message: string, i?: number) => never) => void
  readonly evaluate: (call: Call) => Value
}
