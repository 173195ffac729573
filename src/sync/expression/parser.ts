// Recursive descent over the tokens (grammar: docs/sync-expressions.md). Calls are checked against the
// function table here, so an unknown function, a wrong argument count or an empty required argument is
// refused with its position before anything is evaluated.
import type { Expr, Expression } from './ast.js'
import { walk } from './ast.js'
import { ExpressionError } from './errors.js'
import { CONSTANTS, FUNCTIONS, suggestFunction } from './functions/index.js'
import type { CallExpr, FunctionSpec } from './functions/spec.js'
import { tokenize } from './lexer.js'
import type { Token } from './lexer.js'
import { MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH } from './limits.js'

export function parseExpression(source: string): Expression {
  if (source.length > MAX_EXPRESSION_LENGTH)
    throw new ExpressionError(
      `The expression is ${source.length} characters long; Entra takes at most ${MAX_EXPRESSION_LENGTH}.`,
      MAX_EXPRESSION_LENGTH,
      source.length - MAX_EXPRESSION_LENGTH,
    )
  if (source.trim() === '') throw new ExpressionError('The expression is empty.', 0)
  const parser = new Parser(tokenize(source))
  const root = parser.comparison(0)
  parser.expectEnd()
  const attributes: string[] = []
  for (const node of walk(root))
    if (node.kind === 'attribute' && !attributes.includes(node.name)) attributes.push(node.name)
  return { source, root, attributes }
}

class Parser {
  private i = 0
  constructor(private readonly tokens: readonly Token[]) {}

  private peek(): Token {
    return this.tokens[this.i] as Token
  }

  private take(): Token {
    return this.tokens[this.i++] as Token
  }

  expectEnd(): void {
    const token = this.peek()
    if (token.kind === 'end') return
    if (token.kind === ')')
      throw new ExpressionError("A ')' without its '('.", token.pos, token.length)
    if (token.kind === ',')
      throw new ExpressionError(
        'A comma outside any function: an expression is one value.',
        token.pos,
        token.length,
      )
    throw new ExpressionError(
      'The expression goes on after its end: join values with a function such as Join or Append.',
      token.pos,
      token.length,
    )
  }

  /** value [compareOp value]: IIF's conditions (`[country]="USA"`); comparisons do not chain. */
  comparison(depth: number): Expr {
    const left = this.value(depth)
    const token = this.peek()
    if (token.kind !== 'compare') return left
    this.take()
    const right = this.value(depth)
    const after = this.peek()
    if (after.kind === 'compare')
      throw new ExpressionError(
        'Comparisons do not chain: nest IIF calls instead (IIF has no AND or OR).',
        after.pos,
        after.length,
      )
    return { kind: 'compare', op: token.op, left, right, pos: left.pos, end: right.end }
  }

  private value(depth: number): Expr {
    if (depth > MAX_EXPRESSION_DEPTH) {
      const token = this.peek()
      throw new ExpressionError(
        `The expression nests deeper than ${MAX_EXPRESSION_DEPTH} levels.`,
        token.pos,
        token.length,
      )
    }
    const token = this.take()
    const end = token.pos + token.length
    switch (token.kind) {
      case 'attribute':
        return { kind: 'attribute', name: token.name, pos: token.pos, end }
      case 'string':
        return { kind: 'string', value: token.value, pos: token.pos, end }
      case 'number':
        return { kind: 'number', value: token.value, pos: token.pos, end }
      case 'name':
        return this.peek().kind === '(' ? this.call(token, depth) : this.constant(token)
      case '(': {
        const inner = this.comparison(depth + 1)
        const close = this.take()
        if (close.kind !== ')')
          throw new ExpressionError("A ')' is missing here.", close.pos, close.length)
        return inner
      }
      case 'end':
        throw new ExpressionError('The expression ends where a value is expected.', token.pos)
      default:
        throw new ExpressionError(
          `A value is expected here: a function call, an [attribute], a "string" or a number.`,
          token.pos,
          token.length,
        )
    }
  }

  private constant(token: Extract<Token, { kind: 'name' }>): Expr {
    const end = token.pos + token.length
    const constant = CONSTANTS.find((c) => c.toLowerCase() === token.name.toLowerCase())
    if (constant) return { kind: 'constant', name: constant, pos: token.pos, end }
    const fn = FUNCTIONS.get(token.name.toLowerCase())
    if (fn)
      throw new ExpressionError(
        `${fn.name} is a function: write ${fn.name}(…).`,
        token.pos,
        token.length,
      )
    if (token.name === 'True' || token.name === 'False' || /^(true|false)$/i.test(token.name))
      throw new ExpressionError(
        `Booleans are the strings "True" and "False" here: write "${token.name[0]?.toUpperCase()}${token.name.slice(1).toLowerCase()}".`,
        token.pos,
        token.length,
      )
    if (/^(and|or|not)$/i.test(token.name))
      throw new ExpressionError(
        `There is no ${token.name.toUpperCase()} operator: nest IIF calls, or use Not(…).`,
        token.pos,
        token.length,
      )
    throw new ExpressionError(
      `'${token.name}' is not a value: write [${token.name}] for an attribute or "${token.name}" for a string.`,
      token.pos,
      token.length,
    )
  }

  private call(token: Extract<Token, { kind: 'name' }>, depth: number): Expr {
    const spec = FUNCTIONS.get(token.name.toLowerCase())
    if (!spec) {
      const hint = suggestFunction(token.name)
      throw new ExpressionError(
        `Unknown function '${token.name}'${hint ? ` (did you mean ${hint}?)` : ''}.`,
        token.pos,
        token.length,
      )
    }
    if (spec.unsupported)
      throw new ExpressionError(`${spec.name}: ${spec.unsupported}`, token.pos, token.length)
    this.take() // '('
    const args: Expr[] = []
    if (this.peek().kind === ')') {
      this.take()
    } else {
      for (;;) {
        const next = this.peek()
        args.push(
          next.kind === ',' || next.kind === ')'
            ? { kind: 'missing', pos: next.pos, end: next.pos }
            : this.comparison(depth + 1),
        )
        const sep = this.take()
        if (sep.kind === ')') break
        if (sep.kind !== ',')
          throw new ExpressionError(
            sep.kind === 'end'
              ? `${spec.name}( is not closed: a ')' is missing.`
              : `A ',' or ')' is expected after this argument of ${spec.name}.`,
            sep.kind === 'end' ? token.pos : sep.pos,
            sep.kind === 'end' ? token.length + 1 : sep.length,
          )
      }
    }
    const close = this.tokens[this.i - 1] as Token
    const node: CallExpr = {
      kind: 'call',
      name: spec.name,
      args,
      pos: token.pos,
      end: close.pos + close.length,
    }
    checkArguments(spec, node, token.length)
    return node
  }
}

/** The number of arguments, required ones not left empty, and the function's own static checks. */
function checkArguments(spec: FunctionSpec, node: CallExpr, nameLength: number): void {
  const fail = (message: string, i?: number): never => {
    const arg = i === undefined ? undefined : node.args[i]
    throw new ExpressionError(
      message,
      arg ? arg.pos : node.pos,
      arg ? Math.max(1, arg.end - arg.pos) : nameLength,
    )
  }
  const fixed = spec.params.length
  const count = node.args.length
  const repeat = spec.repeat
  const signature = `${spec.name}(${[
    ...spec.params.map((p) => (p.optional ? `[${p.name}]` : p.name)),
    ...(repeat ? [`${repeat.params.map((p) => p.name).join(', ')}, …`] : []),
  ].join(', ')})`
  const required = spec.params.filter((p) => !p.optional).length
  const min = required + (repeat ? repeat.min * repeat.params.length : 0)
  const max = repeat ? Infinity : fixed
  if (count < min || count > max) {
    const wanted =
      max === Infinity ? `at least ${min}` : min === max ? `${min}` : `${min} to ${max}`
    fail(
      `${spec.name} takes ${wanted} argument${min === 1 && max === 1 ? '' : 's'}, not ${count}: ${signature}.`,
    )
  }
  if (repeat && repeat.params.length > 1 && (count - fixed) % repeat.params.length !== 0)
    fail(
      `${spec.name} takes its ${repeat.params.map((p) => p.name).join(' and ')} arguments in pairs; the last ${repeat.params[0]?.name} has no ${repeat.params[1]?.name}: ${signature}.`,
      count - 1,
    )
  node.args.forEach((arg, i) => {
    const param = i < fixed ? spec.params[i] : repeat?.params[(i - fixed) % repeat.params.length]
    if (arg.kind === 'missing' && param && !param.optional)
      fail(`${spec.name}'s ${param.name} is required: this argument is empty.`, i)
  })
  spec.check?.(node, fail)
}
