// Evaluates a parsed expression for one source object. Arguments are evaluated when a function first
// asks for them, so IIF and Switch evaluate only the branch they return, as VBA's do not but Entra's
// documented results imply (an untaken branch cannot fail the attribute).
import type { Expr, Expression } from './ast.js'
import { ExpressionError } from './errors.js'
import { FUNCTIONS } from './functions/index.js'
import type { Call, CallExpr, EvalContext } from './functions/spec.js'
import { AppRoles, DateTime, IGNORE_FLOW, describeValue, isMulti, scalarText } from './value.js'
import type { Value } from './value.js'

export function evaluateExpression(expression: Expression, ctx: EvalContext): Value {
  return new Evaluator(ctx).run(expression.root)
}

class Evaluator {
  /** Attribute reads recorded for Call.reads, innermost recorder last. */
  private readonly recorders: { name: string; value: Value }[][] = []

  constructor(private readonly ctx: EvalContext) {}

  run(expr: Expr): Value {
    switch (expr.kind) {
      case 'string':
        return expr.value
      case 'number':
        return expr.value
      case 'missing':
        return null
      case 'constant':
        return expr.name
      case 'attribute': {
        const value = this.ctx.attribute(expr.name)
        for (const recorder of this.recorders) recorder.push({ name: expr.name, value })
        return value
      }
      case 'compare':
        return compare(expr, this.run(expr.left), this.run(expr.right))
      case 'call':
        return this.call(expr)
    }
  }

  private call(node: CallExpr): Value {
    const spec = FUNCTIONS.get(node.name.toLowerCase())
    if (!spec) throw new ExpressionError(`Unknown function '${node.name}'.`, node.pos)
    const cache = new Map<number, Value>()
    const fail = (message: string, i?: number): never => {
      const arg = i === undefined ? undefined : node.args[i]
      const span = arg && arg.kind !== 'missing' ? arg : node
      throw new ExpressionError(
        `${node.name}: ${message}`,
        span.pos,
        Math.max(1, span.end - span.pos),
      )
    }
    const value = (i: number): Value => {
      if (!cache.has(i)) {
        const arg = node.args[i]
        cache.set(i, arg === undefined ? null : this.run(arg))
      }
      const result = cache.get(i) as Value
      // A dropped flow inside another function is a null to it (IgnoreFlowIfNullOrEmpty belongs outermost).
      return result === IGNORE_FLOW ? null : result
    }
    const text = (i: number): string | null => {
      const v = value(i)
      if (v === null) return null
      if (isMulti(v))
        return fail(
          `${describeValue(v)} is multi-valued where one value is expected; pick one with Item(…, 1) or join them with Join.`,
          i,
        )
      if (v instanceof AppRoles)
        return fail('[appRoleAssignments] is read with SingleAppRoleAssignment(…).', i)
      return scalarText(v as string | number | boolean | DateTime)
    }
    const call: Call = {
      node,
      ctx: this.ctx,
      count: node.args.length,
      has: (i) => node.args[i] !== undefined && node.args[i]?.kind !== 'missing',
      value,
      text,
      number: (i) => {
        const v = value(i)
        if (v === null) return null
        if (typeof v === 'number') return v
        const t = text(i)
        if (t === null) return null
        if (t.trim() !== '' && Number.isFinite(Number(t))) return Number(t)
        return fail(`${JSON.stringify(t)} is not a number.`, i)
      },
      reads: (run) => {
        const recorder: { name: string; value: Value }[] = []
        this.recorders.push(recorder)
        try {
          return { result: run(), reads: recorder }
        } finally {
          this.recorders.pop()
        }
      },
      fail,
    }
    const result = spec.evaluate(call)
    if (typeof result === 'number' && !Number.isFinite(result))
      return fail('the result is not a finite number.')
    return result
  }
}

/**
 * IIF's operators: `=` and `<>` compare text case-sensitively; `<`, `<=`, `>`, `>=` compare numbers
 * when both sides are numeric, date-times when both are, else text ordinally.
 */
function compare(node: Extract<Expr, { kind: 'compare' }>, left: Value, right: Value): boolean {
  const side = (v: Value, e: Expr): string | number | null => {
    if (v === null || v === IGNORE_FLOW) return null
    if (isMulti(v) || v instanceof AppRoles)
      throw new ExpressionError(
        `${describeValue(v)} is multi-valued and cannot be compared; pick one with Item(…, 1).`,
        e.pos,
        Math.max(1, e.end - e.pos),
      )
    if (v instanceof DateTime) return v.ms
    return typeof v === 'number' ? v : scalarText(v)
  }
  const a = side(left, node.left)
  const b = side(right, node.right)
  if (node.op === '=') return a === null || b === null ? a === b : String(a) === String(b)
  if (node.op === '<>') return a === null || b === null ? a !== b : String(a) !== String(b)
  if (a === null || b === null) return false
  const numeric = (x: string | number): number | undefined =>
    typeof x === 'number'
      ? x
      : x.trim() !== '' && Number.isFinite(Number(x))
        ? Number(x)
        : undefined
  const na = numeric(a)
  const nb = numeric(b)
  const order =
    na !== undefined && nb !== undefined
      ? na - nb
      : String(a) < String(b)
        ? -1
        : String(a) > String(b)
          ? 1
          : 0
  switch (node.op) {
    case '<':
      return order < 0
    case '<=':
      return order <= 0
    case '>':
      return order > 0
    case '>=':
      return order >= 0
  }
}
