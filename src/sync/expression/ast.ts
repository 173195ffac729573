// The expression tree: a readonly union on `kind`, every node with the span it was parsed from
// (`pos` inclusive, `end` exclusive, 0-based), so evaluation errors can point at the argument at fault.
import type { CompareOp } from './lexer.js'

interface Span {
  readonly pos: number
  readonly end: number
}

export type Expr =
  | (Span & {
      readonly kind: 'call'
      /** The function's name as the table spells it (the expression may use another case). */
      readonly name: string
      readonly args: readonly Expr[]
    })
  | (Span & { readonly kind: 'attribute'; readonly name: string })
  | (Span & { readonly kind: 'string'; readonly value: string })
  | (Span & { readonly kind: 'number'; readonly value: number })
  /** A named constant such as InStr's vbTextCompare. */
  | (Span & { readonly kind: 'constant'; readonly name: string })
  | (Span & {
      readonly kind: 'compare'
      readonly op: CompareOp
      readonly left: Expr
      readonly right: Expr
    })
  /** An argument left empty, as in `Switch([IsSoftDeleted], , "False", "True")`. */
  | (Span & { readonly kind: 'missing' })

/** A parsed expression with what it reads. */
export interface Expression {
  readonly source: string
  readonly root: Expr
  /** The attribute names it references, each once, in order of appearance. */
  readonly attributes: readonly string[]
}

/** Every node of the tree, depth first. */
export function* walk(expr: Expr): Generator<Expr> {
  yield expr
  if (expr.kind === 'call') for (const arg of expr.args) yield* walk(arg)
  if (expr.kind === 'compare') {
    yield* walk(expr.left)
    yield* walk(expr.right)
  }
}
