// Parser and evaluator errors point at the fault (parser.cases.ts), the caret rendering, and the shapes
// the grammar accepts: empty arguments, comparisons, escapes, hexadecimal, case-insensitive names.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { objectContext } from './context.js'
import { ExpressionError, formatExpressionError } from './errors.js'
import { evaluateExpression } from './evaluate.js'
import { EVALUATION_ERRORS, PARSE_ERRORS } from './parser.cases.js'
import type { ErrorCase } from './parser.cases.js'
import { parseExpression } from './parser.js'

const show = (s: string): string =>
  s.length > 70 ? `${JSON.stringify(s.slice(0, 67))}...` : JSON.stringify(s)

function assertError(run: () => unknown, c: ErrorCase): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ExpressionError, `expected an ExpressionError, got ${String(error)}`)
    assert.ok(
      error.message.includes(c.error),
      `message ${JSON.stringify(error.message)} lacks ${JSON.stringify(c.error)}`,
    )
    assert.equal(error.pos + 1, c.position, `position of ${JSON.stringify(error.message)}`)
    if (c.length !== undefined) assert.equal(error.length, c.length, 'underlined characters')
    return true
  })
}

describe('parseExpression: refused expressions name the position', () => {
  for (const c of PARSE_ERRORS)
    it(show(c.input), () => assertError(() => parseExpression(c.input), c))
})

describe('evaluateExpression: failures point at the argument at fault', () => {
  for (const c of EVALUATION_ERRORS) {
    it(`${show(c.input)}${c.attributes ? ` with ${JSON.stringify(c.attributes)}` : ''}`, () => {
      const expression = parseExpression(c.input)
      const ctx = objectContext(new Map(Object.entries(c.attributes ?? {})))
      assertError(() => evaluateExpression(expression, ctx), c)
    })
  }
})

describe('formatExpressionError', () => {
  it('prints the expression and a caret under the span', () => {
    const source = 'Item(Splt([preferredLanguage], "-"), 1)'
    try {
      parseExpression(source)
      assert.fail('parsed')
    } catch (error) {
      assert.ok(error instanceof ExpressionError)
      assert.equal(
        formatExpressionError(source, error),
        `position 6: Unknown function 'Splt' (did you mean Split?).\n  ${source}\n       ^^^^`,
      )
    }
  })
  it('names the line and column of a multi-line expression and shows only that line', () => {
    const source = 'Switch([Active], ,\n  "1", Lft([x], 2),\n  "0", "False")'
    try {
      parseExpression(source)
      assert.fail('parsed')
    } catch (error) {
      assert.ok(error instanceof ExpressionError)
      const text = formatExpressionError(source, error)
      assert.match(
        text,
        /^position 27 \(line 2, column 8\): Unknown function 'Lft' \(did you mean Left\?\)\./,
      )
      assert.equal(text.split('\n')[1], '    "1", Lft([x], 2),')
      assert.equal(text.split('\n')[2], '         ^^^')
    }
  })
  it('cuts a long line around the caret', () => {
    const source = `Join(" ", ${'[a], '.repeat(40)}Nope())`
    try {
      parseExpression(source)
      assert.fail('parsed')
    } catch (error) {
      assert.ok(error instanceof ExpressionError)
      const [, line, caret] = formatExpressionError(source, error).split('\n') as [
        string,
        string,
        string,
      ]
      assert.ok(line.startsWith('  …') && line.length < 140)
      assert.equal(line.indexOf('Nope'), caret.indexOf('^'))
    }
  })
})

describe('parseExpression: accepted shapes', () => {
  const evaluate = (source: string, attributes: Record<string, string> = {}) =>
    evaluateExpression(parseExpression(source), objectContext(new Map(Object.entries(attributes))))
  it('keeps empty arguments as missing', () => {
    const root = parseExpression('Switch([IsSoftDeleted], , "False", "True", "True", "False")').root
    assert.equal(root.kind === 'call' && root.args[1]?.kind, 'missing')
  })
  it('reads \\" and \\\\ in strings', () => {
    assert.equal(evaluate('"Company name: \\"Contoso\\" \\\\"'), 'Company name: "Contoso" \\')
  })
  it('matches function names ignoring case, attribute names ignoring case', () => {
    assert.equal(evaluate('TOLOWER([GivenName])', { givenName: 'JOY' }), 'joy')
  })
  it('lists the attributes an expression reads, each once', () => {
    assert.deepEqual(parseExpression('Join(" ", [givenName], [surname], [givenName])').attributes, [
      'givenName',
      'surname',
    ])
  })
  it('evaluates only the branch IIF returns', () => {
    assert.equal(evaluate('IIF([a]="x", "ok", Mid([a], 0, 1))', { a: 'x' }), 'ok')
  })
  it('compares numbers as numbers and text as text', () => {
    assert.equal(evaluate('IIF("10" > "9", "n", "t")'), 'n')
    assert.equal(evaluate('IIF("b" > "a", "y", "n")'), 'y')
    assert.equal(evaluate('IIF([a] <> "x", "y", "n")', { a: 'X' }), 'y')
  })
  it('accepts a bare attribute, string or number as a whole expression', () => {
    assert.equal(evaluate('[givenName]', { givenName: 'Joy' }), 'Joy')
    assert.equal(evaluate('"Europe/London"'), 'Europe/London')
    assert.equal(evaluate('42'), 42)
  })
  it('accepts an expression of exactly the maximum length', () => {
    const source = `"${'x'.repeat(9_998)}"`
    assert.equal(source.length, 10_000)
    assert.equal((evaluate(source) as string).length, 9_998)
  })
})
