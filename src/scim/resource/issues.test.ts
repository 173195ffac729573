// issuesToError: every collected problem in one 400; the scimType of the issues when they agree.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ScimError } from '../errors.js'
import type { ScimType } from '../errors.js'
import { issuesToError, throwIfIssues } from './issues.js'
import type { Issue } from './issues.js'

const CASES: readonly {
  name: string
  issues: readonly Issue[]
  scimType: ScimType
  detail: string
}[] = [
  {
    name: 'one issue',
    issues: [{ path: 'userName', message: 'is required' }],
    scimType: 'invalidValue',
    detail: 'userName: is required.',
  },
  {
    name: "one issue ending in '.' keeps one",
    issues: [{ path: 'emails[0].value', message: "'x' is not a valid email address." }],
    scimType: 'invalidValue',
    detail: "emails[0].value: 'x' is not a valid email address.",
  },
  {
    name: "one issue ending in '?' gains no '.'",
    issues: [{ path: 'roles[0].value', message: "did you mean 'Standard User'?" }],
    scimType: 'invalidValue',
    detail: "roles[0].value: did you mean 'Standard User'?",
  },
  {
    name: 'an issue without a path',
    issues: [{ path: '', message: 'the body must be a JSON object', scimType: 'invalidSyntax' }],
    scimType: 'invalidSyntax',
    detail: 'the body must be a JSON object.',
  },
  {
    name: 'several issues, counted',
    issues: [
      { path: 'userName', message: 'is required' },
      { path: 'active', message: 'must be a boolean.' },
      { path: 'timezone', message: "'x' is not a zone" },
    ],
    scimType: 'invalidValue',
    detail:
      "3 problems: userName: is required; active: must be a boolean; timezone: 'x' is not a zone.",
  },
  {
    name: 'several issues of one scimType keep it',
    issues: [
      { path: 'schemas', message: 'a', scimType: 'invalidSyntax' },
      { path: '', message: 'b', scimType: 'invalidSyntax' },
    ],
    scimType: 'invalidSyntax',
    detail: '2 problems: schemas: a; b.',
  },
  {
    name: 'mixed scimTypes fall back to invalidValue',
    issues: [
      { path: 'schemas', message: 'a', scimType: 'invalidSyntax' },
      { path: 'userName', message: 'b' },
    ],
    scimType: 'invalidValue',
    detail: '2 problems: schemas: a; userName: b.',
  },
]

describe('issuesToError', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const error = issuesToError(c.issues)
      assert.ok(error instanceof ScimError)
      assert.equal(error.status, 400)
      assert.equal(error.scimType, c.scimType)
      assert.equal(error.detail, c.detail)
    })
  }
})

describe('throwIfIssues', () => {
  it('does nothing without issues', () => {
    assert.doesNotThrow(() => throwIfIssues([]))
  })
  it('throws the error issuesToError builds', () => {
    const issues: Issue[] = [{ path: 'userName', message: 'is required' }]
    assert.throws(() => throwIfIssues(issues), issuesToError(issues))
  })
})
