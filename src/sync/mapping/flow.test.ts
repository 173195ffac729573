// What flows for an object: Entra's rules for nulls, defaults, "Only during object creation", None and
// IgnoreFlowIfNullOrEmpty, and a failed expression.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Value } from '../expression/value.js'
import { parseMappings } from './file.js'
import { evaluateObject } from './flow.js'

const mapping = parseMappings({
  users: {
    replaceDefaults: true,
    attributeMappings: [
      { targetAttribute: 'userName', sourceAttribute: 'userPrincipalName', matchObjects: true },
      { targetAttribute: 'title', sourceAttribute: 'jobTitle', defaultValue: 'Employee' },
      {
        targetAttribute: 'timezone',
        constantValue: 'Europe/London',
        applyMapping: 'OnlyDuringCreation',
      },
      { targetAttribute: 'nickName', mappingType: 'None', defaultValue: 'none' },
      { targetAttribute: 'locale', mappingType: 'None' },
      {
        targetAttribute: 'externalId',
        expression: 'IgnoreFlowIfNullOrEmpty([mailNickname])',
        defaultValue: 'never',
      },
      {
        targetAttribute: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',
        sourceAttribute: 'manager',
      },
    ],
  },
}).users

const flows = (attributes: Record<string, Value>, creating: boolean): Record<string, unknown> => {
  const evaluation = evaluateObject(mapping, new Map(Object.entries(attributes)), { creating })
  return Object.fromEntries(
    evaluation.flows.map((f) => [
      f.mapping.targetAttribute,
      f.onlyIfEmpty ? `${String(f.value)} (if empty)` : f.value,
    ]),
  )
}

describe('evaluateObject', () => {
  it('on create: defaults for nulls, creation-only rows, None defaults; IgnoreFlow drops even the default', () => {
    assert.deepEqual(flows({ userPrincipalName: 'a@b.c' }, true), {
      userName: 'a@b.c',
      title: 'Employee',
      timezone: 'Europe/London',
      nickName: 'none (if empty)',
    })
  })
  it('on update: no default for nulls, no creation-only rows', () => {
    assert.deepEqual(flows({ userPrincipalName: 'a@b.c', mailNickname: 'ab' }, false), {
      userName: 'a@b.c',
      nickName: 'none (if empty)',
      externalId: 'ab',
    })
  })
  it('a reference (manager) waits for the referenced object instead of flowing', () => {
    const evaluation = evaluateObject(mapping, new Map([['manager', 'u0']]), { creating: true })
    assert.deepEqual(
      evaluation.references.map((r) => r.sourceId),
      ['u0'],
    )
  })
  it('a failed expression is the error of the object, with its caret', () => {
    const failing = parseMappings({
      users: {
        attributeMappings: [{ targetAttribute: 'nickName', expression: 'Mid([givenName], 0, 1)' }],
      },
    }).users
    const evaluation = evaluateObject(failing, new Map([['givenName', 'Joy']]), { creating: true })
    assert.match(evaluation.error?.message ?? '', /^nickName: position 18: Mid: start is 1-based/)
    assert.match(evaluation.error?.message ?? '', /\n {19}\^$/)
  })
})
