// Property tests (fast-check): whatever text a client sends, parseFilter returns an AST or throws a 400
// invalidFilter ScimError naming a position, and returns promptly (never another error type, never a
// hang). Every AST it returns survives a print → parse round trip. parsePatchPath likewise, with
// invalidPath. Runs are bounded so the file takes a few seconds.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { ScimError } from '../errors.js'
import type { ScimType } from '../errors.js'
import { parseFilter, parsePatchPath } from './parser.js'
import { VALID_CASES } from './parser.cases.js'
import { printFilter } from './print.js'

const RUNS = 2000

/** Pieces that steer random text into the parser's deeper paths. */
const PIECES = [
  ...[
    'userName',
    'emails',
    'name.givenName',
    'urn:ietf:params:scim:schemas:core:2.0:User:userName',
  ],
  ...['eq', 'NE', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr', 'and', 'OR', 'not', 'xx'],
  ...['"a"', '"', '\\', '\\"', '\\u00e9', '\\u', 'true', 'null', '1', '-1.5e3', 'jyoung', '.value'],
  ...['(', ')', '[', ']', ' ', ' ', '\t', '\n', '\r', '\u000b', '\u0000', '\u00a0', '\u2028'],
  ...['\ufeff', '\u3000', '\ud800', 'é', '😀', '=', '--', ';', "'"],
]

const piecesText = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((p) => p.join(''))
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary-ascii', maxLength: 60 }),
  piecesText,
)

type Edit = (text: string) => string
/** One random edit of a valid filter: delete, insert, replace, duplicate or cut a slice. */
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc
    .nat()
    .map(
      (at) => (t: string) => t.slice(0, at % (t.length + 1)) + t.slice((at % (t.length + 1)) + 1),
    ),
  fc.tuple(fc.nat(), fc.constantFrom(...PIECES)).map(
    ([at, piece]) =>
      (t: string) =>
        t.slice(0, at % (t.length + 1)) + piece + t.slice(at % (t.length + 1)),
  ),
  fc.tuple(fc.nat(), fc.constantFrom(...PIECES)).map(
    ([at, piece]) =>
      (t: string) =>
        t.slice(0, at % (t.length + 1)) + piece + t.slice((at % (t.length + 1)) + 1),
  ),
  fc.tuple(fc.nat(), fc.nat()).map(([from, length]) => (t: string) => {
    const start = from % (t.length + 1)
    const slice = t.slice(start, start + (length % 12))
    return t.slice(0, start) + slice + slice + t.slice(start)
  }),
  fc.nat().map((at) => (t: string) => t.slice(0, at % (t.length + 1))),
)
// The longest rows (limits) make slow shrinking and add nothing that short rows do not cover.
const seeds = VALID_CASES.map((c) => c.input).filter((input) => input.length < 200)
const mutated = fc
  .tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 4 }))
  .map(([seed, edits]) => edits.reduce<string>((text, e) => e(text), seed))

/** parse(text) returns a value, or throws a 400 ScimError of `scimType` with a position. */
function returnsOrRefuses<T>(
  parse: (text: string) => T,
  scimType: ScimType,
  text: string,
): T | undefined {
  try {
    return parse(text)
  } catch (error) {
    assert.ok(error instanceof ScimError, `${JSON.stringify(text)} threw ${String(error)}`)
    assert.equal(error.status, 400)
    assert.equal(error.scimType, scimType)
    assert.match(error.detail, /position [1-9]\d*/, error.detail)
    return undefined
  }
}

function filterProperty(text: string): void {
  const filter = returnsOrRefuses(parseFilter, 'invalidFilter', text)
  if (filter !== undefined) assert.deepEqual(parseFilter(printFilter(filter)), filter)
}

describe('parseFilter under random input', () => {
  it('random text: an AST that round-trips, or 400 invalidFilter', () => {
    fc.assert(fc.property(anyText, filterProperty), { numRuns: RUNS })
  })
  it('mutations of valid filters: an AST that round-trips, or 400 invalidFilter', () => {
    fc.assert(fc.property(mutated, filterProperty), { numRuns: RUNS })
  })
  it('the mutations do reach both outcomes', () => {
    // Guards the generator: a property that only ever sees errors (or only successes) tests little.
    const samples = fc.sample(mutated, { numRuns: 500, seed: 42 })
    const parsed = samples.filter(
      (text) => returnsOrRefuses(parseFilter, 'invalidFilter', text) !== undefined,
    )
    assert.ok(parsed.length > 50 && parsed.length < 450, `${parsed.length} of 500 parsed`)
  })
})

describe('parsePatchPath under random input', () => {
  it('random text and mutated paths: a path, or 400 invalidPath', () => {
    const paths = fc
      .tuple(
        fc.constantFrom(
          'emails[type eq "work"].value',
          'name.familyName',
          'roles[primary eq true]',
        ),
        fc.array(edit, { minLength: 1, maxLength: 3 }),
      )
      .map(([seed, edits]) => edits.reduce<string>((text, e) => e(text), seed))
    fc.assert(
      fc.property(fc.oneof(anyText, paths), (text) => {
        returnsOrRefuses(parsePatchPath, 'invalidPath', text)
      }),
      { numRuns: RUNS },
    )
  })
})
