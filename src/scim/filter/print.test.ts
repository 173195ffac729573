// printFilter is the inverse of parseFilter: parse(print(ast)) deep-equals ast for every valid row of
// parser.cases.ts, and for trees built directly with the AST builders (style.md §5.10, scim2-parse-filter).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { and, bool, compare, not, nul, num, or, path, present, str, valuePath } from './ast.js'
import type { Filter } from './ast.js'
import { parseFilter } from './parser.js'
import { VALID_CASES } from './parser.cases.js'
import { printFilter } from './print.js'

const a = present(path('a'))
const b = present(path('b'))
const c = present(path('c'))
const d = present(path('d'))

describe('printFilter: round trip over the parser table', () => {
  for (const { input, ast } of VALID_CASES) {
    it(input.length > 80 ? `${input.slice(0, 77)}...` : input, () => {
      const printed = printFilter(ast)
      assert.deepEqual(parseFilter(printed), ast, `printed as ${printed}`)
    })
  }
})

describe('printFilter: exact text', () => {
  const cases: readonly { ast: Filter; text: string }[] = [
    {
      ast: compare(path('userName'), 'eq', str('a "b" \\ é')),
      text: 'userName eq "a \\"b\\" \\\\ é"',
    },
    { ast: compare(path('x'), 'ge', num(-1.5)), text: 'x ge -1.5' },
    { ast: compare(path('active'), 'ne', bool(false)), text: 'active ne false' },
    { ast: compare(path('externalId'), 'eq', nul), text: 'externalId eq null' },
    {
      ast: compare(path('externalId'), 'eq', { type: 'string', value: 'jyoung', quoted: false }),
      text: 'externalId eq jyoung',
    },
    {
      ast: present(path('urn:ietf:params:scim:schemas:core:2.0:User:name.givenName')),
      text: 'urn:ietf:params:scim:schemas:core:2.0:User:name.givenName pr',
    },
    // Left-nested chains read back left-associatively: no parentheses.
    { ast: and(and(a, b), c), text: 'a pr and b pr and c pr' },
    { ast: or(or(a, b), c), text: 'a pr or b pr or c pr' },
    // Right-nested chains of the same operator keep their grouping.
    { ast: and(a, and(b, c)), text: 'a pr and (b pr and c pr)' },
    { ast: or(a, or(b, c)), text: 'a pr or (b pr or c pr)' },
    // and binds tighter than or.
    { ast: or(and(a, b), c), text: 'a pr and b pr or c pr' },
    { ast: or(a, and(b, c)), text: 'a pr or b pr and c pr' },
    { ast: and(or(a, b), c), text: '(a pr or b pr) and c pr' },
    { ast: and(a, or(b, c)), text: 'a pr and (b pr or c pr)' },
    { ast: not(and(a, b)), text: 'not (a pr and b pr)' },
    { ast: and(not(a), b), text: 'not (a pr) and b pr' },
    {
      ast: valuePath(
        path('emails'),
        and(compare(path('type'), 'eq', str('work')), present(path('value'))),
      ),
      text: 'emails[type eq "work" and value pr]',
    },
  ]
  for (const { ast, text } of cases) {
    it(text, () => {
      assert.equal(printFilter(ast), text)
      assert.deepEqual(parseFilter(text), ast)
    })
  }
})

describe('printFilter: round trip of every shape of and/or/not over four leaves', () => {
  // All binary trees over a, b, c, d (in order) with and/or at each inner node, optionally negated.
  function trees(leaves: readonly Filter[]): Filter[] {
    if (leaves.length === 1) return [leaves[0] as Filter, not(leaves[0] as Filter)]
    const out: Filter[] = []
    for (let i = 1; i < leaves.length; i++) {
      for (const left of trees(leaves.slice(0, i))) {
        for (const right of trees(leaves.slice(i))) {
          out.push(and(left, right), or(left, right))
        }
      }
    }
    return out
  }
  it('parse(print(ast)) deep-equals ast', () => {
    const all = trees([a, b, c, d])
    assert.equal(all.length, 5 * 2 ** 3 * 2 ** 4) // 5 shapes, and|or at 3 nodes, not or not at 4 leaves
    for (const ast of all) {
      const printed = printFilter(ast)
      assert.deepEqual(parseFilter(printed), ast, `printed as ${printed}`)
    }
  })
})
