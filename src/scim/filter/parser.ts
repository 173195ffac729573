// Recursive-descent parser for RFC 7644 §3.4.2.2 filters (grammar.abnf beside this file).
// Precedence: or < and < not < (group | attrExp | valuePath). Every failure is 400 invalidFilter
// naming the 1-based position and what was expected.
import { ScimError } from '../errors.js'
import { parseAttrPath } from '../path/attr-path.js'
import { COMPARE_OPS } from './ast.js'
import type { AttrPath, CompareOp, Filter, Literal } from './ast.js'
import * as ast from './ast.js'
import { MAX_FILTER_DEPTH, MAX_FILTER_LENGTH } from './limits.js'
import { tokenize } from './lexer.js'
import type { Token } from './lexer.js'

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/

export function parseFilter(input: string): Filter {
  checkLength(input, 'filter', ScimError.invalidFilter)
  const parser = new Parser(tokenize(input))
  const filter = parser.filter(0)
  parser.expectEnd()
  return filter
}

/** RFC 7644 §3.5.2: `PATH = attrPath / valuePath [subAttr]`, as used by PATCH operations. */
export interface PatchPath {
  readonly path: AttrPath
  readonly filter?: Filter
  readonly sub?: string
}

/** Every failure, the lexer's included, is 400 invalidPath (RFC 7644 §3.12). */
export function parsePatchPath(input: string): PatchPath {
  const fail = (detail: string): ScimError => ScimError.invalidPath(detail)
  checkLength(input, 'path', fail)
  const parser = new Parser(tokenize(input, fail), fail)
  const result = parser.patchPath()
  parser.expectEnd()
  return result
}

function checkLength(input: string, what: string, fail: (detail: string) => ScimError): void {
  if (input.length > MAX_FILTER_LENGTH) {
    throw fail(
      `The ${what} is ${input.length} characters long; the limit is ${MAX_FILTER_LENGTH} (position ${MAX_FILTER_LENGTH + 1} is past it).`,
    )
  }
}

class Parser {
  private index = 0
  /** True inside `[...]`: grammar.abnf's valFilter holds no valuePath. */
  private inValueFilter = false

  constructor(
    private readonly tokens: readonly Token[],
    private readonly fail: (detail: string) => ScimError = ScimError.invalidFilter,
  ) {}

  filter(depth: number): Filter {
    let left = this.conjunction(depth)
    while (this.keyword('or')) left = ast.or(left, this.conjunction(depth))
    return left
  }

  patchPath(): PatchPath {
    const path = this.attrPath()
    if (this.peek().kind !== '[') return { path }
    const filter = this.bracket(path, 0)
    const sub = this.subAfterBracket()
    return sub === undefined ? { path, filter } : { path, filter, sub }
  }

  expectEnd(): void {
    const token = this.peek()
    if (token.kind !== 'end')
      throw this.fail(`Unexpected ${describe(token)} at position ${token.pos + 1}.`)
  }

  private conjunction(depth: number): Filter {
    let left = this.unary(depth)
    while (this.keyword('and')) left = ast.and(left, this.unary(depth))
    return left
  }

  /** `depth` counts the `(`, `not (` and `[` that enclose this point; MAX_FILTER_DEPTH of them pass. */
  private unary(depth: number): Filter {
    const token = this.peek()
    if (depth > MAX_FILTER_DEPTH) {
      throw this.fail(
        `The filter nests deeper than ${MAX_FILTER_DEPTH} levels at position ${token.pos + 1}.`,
      )
    }
    if (token.kind === 'word' && token.text.toLowerCase() === 'not' && this.peek(1).kind === '(') {
      this.index++
      return ast.not(this.group(depth + 1))
    }
    if (token.kind === '(') return this.group(depth + 1)
    return this.attrExp(depth)
  }

  private group(depth: number): Filter {
    this.expect('(')
    const inner = this.filter(depth)
    this.expect(')')
    return inner
  }

  private attrExp(depth: number): Filter {
    const path = this.attrPath()
    if (this.peek().kind === '[') {
      const inner = this.bracket(path, depth + 1)
      const sub = this.subAfterBracket()
      if (sub === undefined) return ast.valuePath(path, inner)
      // [roster] `emails[type eq "work"].value eq "x"`: the comparison applies to the same element.
      const subPath: AttrPath = { attr: sub }
      return ast.valuePath(path, ast.and(inner, this.comparison(subPath)))
    }
    return this.comparison(path)
  }

  private comparison(path: AttrPath): Filter {
    const token = this.next()
    if (token.kind !== 'word') {
      throw this.fail(
        `Expected an operator after '${pathText(path)}' at position ${token.pos + 1}, found ${describe(token)}.`,
      )
    }
    const op = token.text.toLowerCase()
    if (op === 'pr') return ast.present(path)
    if (!(COMPARE_OPS as readonly string[]).includes(op)) {
      throw this.fail(
        `Unknown operator '${token.text}' at position ${token.pos + 1}; expected one of pr, ${COMPARE_OPS.join(', ')}.`,
      )
    }
    return ast.compare(path, op as CompareOp, this.literal(op))
  }

  private literal(op: string): Literal {
    const token = this.next()
    if (token.kind === 'string') return { type: 'string', value: token.value, quoted: true }
    if (token.kind !== 'word') {
      throw this.fail(
        `Expected a value after '${op}' at position ${token.pos + 1}, found ${describe(token)}.`,
      )
    }
    const lower = token.text.toLowerCase()
    if (lower === 'true' || lower === 'false') return { type: 'boolean', value: lower === 'true' }
    if (lower === 'null') return { type: 'null' }
    if (NUMBER.test(token.text))
      return { type: 'number', value: Number(token.text), raw: token.text }
    if (lower === 'and' || lower === 'or') {
      throw this.fail(
        `Expected a value after '${op}' at position ${token.pos + 1}, found '${token.text}'.`,
      )
    }
    return { type: 'string', value: token.text, quoted: false }
  }

  private bracket(path: AttrPath, depth: number): Filter {
    const open = this.peek()
    if (path.sub !== undefined) {
      throw this.fail(
        `'${pathText(path)}[' at position ${open.pos + 1}: a value filter applies to an attribute, not a sub-attribute.`,
      )
    }
    if (this.inValueFilter) {
      throw this.fail(
        `'${pathText(path)}[' at position ${open.pos + 1}: a value filter cannot be nested inside another.`,
      )
    }
    this.expect('[')
    this.inValueFilter = true
    const inner = this.filter(depth)
    this.inValueFilter = false
    this.expect(']')
    return inner
  }

  /** The `.sub` that may follow `]`, written without a space. */
  private subAfterBracket(): string | undefined {
    const token = this.peek()
    const previous = this.tokens[this.index - 1]
    if (token.kind !== 'word' || !token.text.startsWith('.') || previous?.pos !== token.pos - 1)
      return undefined
    this.index++
    const parsed = parseAttrPath(token.text.slice(1))
    if (!parsed || parsed.sub !== undefined || parsed.uri !== undefined) {
      throw this.fail(`Invalid sub-attribute '${token.text}' at position ${token.pos + 1}.`)
    }
    return parsed.attr
  }

  private attrPath(): AttrPath {
    const token = this.next()
    if (token.kind !== 'word') {
      throw this.fail(
        `Expected an attribute name at position ${token.pos + 1}, found ${describe(token)}.`,
      )
    }
    const parsed = parseAttrPath(token.text)
    if (!parsed)
      throw this.fail(`Invalid attribute name '${token.text}' at position ${token.pos + 1}.`)
    return parsed
  }

  private keyword(word: string): boolean {
    const token = this.peek()
    if (token.kind === 'word' && token.text.toLowerCase() === word) {
      this.index++
      return true
    }
    return false
  }

  private expect(kind: '(' | ')' | '[' | ']'): void {
    const token = this.next()
    if (token.kind !== kind) {
      throw this.fail(`Expected '${kind}' at position ${token.pos + 1}, found ${describe(token)}.`)
    }
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] as Token
  }

  private next(): Token {
    const token = this.peek()
    if (token.kind !== 'end') this.index++
    return token
  }
}

function pathText(path: AttrPath): string {
  return [path.uri, path.sub === undefined ? path.attr : `${path.attr}.${path.sub}`]
    .filter(Boolean)
    .join(':')
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the filter'
    case 'word':
      return `'${token.text}'`
    case 'string':
      return `string ${JSON.stringify(token.value)}`
    default:
      return `'${token.kind}'`
  }
}
