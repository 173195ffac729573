// parseFilter over the table in parser.cases.ts, and parsePatchPath (RFC 7644 §3.5.2 PATH).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ScimError } from '../errors.js'
import type { ScimType } from '../errors.js'
import { and, bool, compare, path, str } from './ast.js'
import { parseFilter, parsePatchPath } from './parser.js'
import type { PatchPath } from './parser.js'
import { ERROR_CASES, VALID_CASES } from './parser.cases.js'

/** Asserts that `run` throws a 400 ScimError of `scimType` whose detail holds `detail` and a position. */
function assertScimError(run: () => unknown, scimType: ScimType, detail: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ScimError, `expected a ScimError, got ${String(error)}`)
    assert.equal(error.status, 400)
    assert.equal(error.scimType, scimType)
    assert.ok(
      error.detail.includes(detail),
      `detail ${JSON.stringify(error.detail)} lacks ${JSON.stringify(detail)}`,
    )
    assert.match(error.detail, /position [1-9]\d*/)
    return true
  })
}

const show = (input: string): string =>
  input.length > 80 ? `${JSON.stringify(input.slice(0, 77))}...` : JSON.stringify(input)

describe('parseFilter: valid filters', () => {
  for (const { input, ast } of VALID_CASES) {
    it(show(input), () => {
      assert.deepEqual(parseFilter(input), ast)
    })
  }
})

describe('parseFilter: malformed filters are 400 invalidFilter naming the position', () => {
  for (const { input, error } of ERROR_CASES) {
    it(show(input), () => {
      assertScimError(() => parseFilter(input), 'invalidFilter', error)
    })
  }
})

describe('parsePatchPath', () => {
  const valid: readonly { input: string; expected: PatchPath }[] = [
    { input: 'userName', expected: { path: path('userName') } },
    { input: 'name.familyName', expected: { path: path('name.familyName') } },
    {
      input: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber',
      expected: {
        path: path('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber'),
      },
    },
    {
      input: 'emails[type eq "work"]',
      expected: { path: path('emails'), filter: compare(path('type'), 'eq', str('work')) },
    },
    {
      input: 'emails[type eq "work"].value',
      expected: {
        path: path('emails'),
        filter: compare(path('type'), 'eq', str('work')),
        sub: 'value',
      },
    },
    {
      input: 'emails[type eq "other"].Value',
      expected: {
        path: path('emails'),
        filter: compare(path('type'), 'eq', str('other')),
        sub: 'Value',
      },
    },
    {
      input: 'members[value eq "7f4bc1a3-285e-48ae-8202-5accb43efb0e"]',
      expected: {
        path: path('members'),
        filter: compare(path('value'), 'eq', str('7f4bc1a3-285e-48ae-8202-5accb43efb0e')),
      },
    },
    {
      input: 'roles[type eq "Primary" and primary eq true].display',
      expected: {
        path: path('roles'),
        filter: and(
          compare(path('type'), 'eq', str('Primary')),
          compare(path('primary'), 'eq', bool(true)),
        ),
        sub: 'display',
      },
    },
  ]
  for (const { input, expected } of valid) {
    it(`parses ${input}`, () => {
      assert.deepEqual(parsePatchPath(input), expected)
    })
  }
  const invalid: readonly { input: string; error: string }[] = [
    { input: 'emails[type eq "work"', error: "Expected ']' at position 22" },
    {
      input: 'emails[type eq "work].value',
      error: 'The string starting at position 16 is not closed',
    },
    { input: 'emails[type eq "\\x"]', error: 'position 16 has an invalid escape' },
    { input: 'emails[type eq "work"] .value', error: "Unexpected '.value' at position 24" },
    {
      input: 'emails[type eq "work"].value.display',
      error: "Invalid sub-attribute '.value.display' at position 23",
    },
    { input: 'userName eq "x"', error: "Unexpected 'eq' at position 10" },
    { input: 'a.b.c', error: "Invalid attribute name 'a.b.c' at position 1" },
    { input: 'name.givenName[x eq 1]', error: 'position 15' },
    { input: 'emails[type[value eq "x"]]', error: 'cannot be nested' },
    { input: 'emails\u000b', error: 'Unexpected control character U+000B at position 7' },
    { input: 'x'.repeat(5000), error: 'is 5000 characters long' },
  ]
  for (const { input, error } of invalid) {
    it(`${show(input)} is 400 invalidPath`, () => {
      assertScimError(() => parsePatchPath(input), 'invalidPath', error)
    })
  }
})
