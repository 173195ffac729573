// One validation of a property definition for the CLI and the console: a table of inputs and what
// each gives (the definition, or the message naming the field as the edge labels it).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ScimError } from '../errors.js'
import { propertyDef } from './extension.js'
import type { PropertyDef } from './extension.js'
import {
  definitionOf,
  heldMessage,
  parseMaxLength,
  propertyEvents,
  splitList,
} from './property-input.js'
import type { PropertyInput } from './property-input.js'

const LABELS = {
  type: 'Type',
  values: 'List values',
  maxLength: 'Max length',
  alias: 'Aliases',
  description: 'Description',
}

const input = (over: Partial<PropertyInput> = {}): PropertyInput => ({
  name: 'costCenter',
  type: 'string',
  values: undefined,
  multi: false,
  required: false,
  maxLength: undefined,
  caseExact: false,
  aliases: [],
  description: undefined,
  ...over,
})

const existing = [propertyDef('jobTitle', { aliases: ['title'] })]

describe('definitionOf', () => {
  const good: [string, Partial<PropertyInput>, Partial<PropertyDef>][] = [
    ['the defaults', {}, {}],
    [
      'a multi-valued list, values trimmed and each once',
      { values: ' Day, Night,,Day ', multi: true },
      { canonicalValues: ['Day', 'Night'], multiValued: true },
    ],
    [
      'a required case-exact string with a max length',
      { required: true, caseExact: true, maxLength: 20 },
      { required: true, caseExact: true, maxLength: 20 },
    ],
    ['an integer', { type: 'integer' }, { type: 'integer' }],
    ['a dateTime', { type: 'dateTime' }, { type: 'dateTime' }],
    [
      'aliases, each once',
      {
        aliases: [
          'nickName',
          'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division',
        ],
      },
      {
        aliases: [
          'nickName',
          'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division',
        ],
      },
    ],
    ['a description, trimmed', { description: '  Finance code ' }, { description: 'Finance code' }],
  ]
  for (const [label, over, expected] of good) {
    it(`accepts ${label}`, () => {
      assert.deepEqual(
        definitionOf(input(over), existing, LABELS),
        propertyDef('costCenter', expected),
      )
    })
  }

  const bad: [Partial<PropertyInput>, RegExp][] = [
    [{ name: 'cost center' }, /not an attribute name \(RFC 7643 §2\.1/],
    [{ name: '' }, /not an attribute name/],
    [{ name: 'a'.repeat(65) }, /longer than 64 characters/],
    [{ type: 'money' }, /^Type must be one of string, integer, decimal, boolean, dateTime\.$/],
    [{ values: ' , ' }, /^List values needs at least one value/],
    [{ values: 'Day,day' }, /^List values has values that differ only by case/],
    [{ values: 'A', type: 'integer' }, /^List values makes a list property, whose type is string/],
    [{ maxLength: 0 }, /^Max length must be a whole number from 1 to 2048\.$/],
    [{ maxLength: 2049 }, /^Max length must be a whole number from 1 to 2048\.$/],
    [{ maxLength: 1.5 }, /^Max length must be a whole number/],
    [{ maxLength: 5, type: 'boolean' }, /^Max length applies to string properties only/],
    [{ values: 'Day,Evening', maxLength: 5 }, /^The value 'Evening' is longer than Max length\.$/],
    [{ values: Array.from({ length: 501 }, (_, i) => `v${i}`).join(',') }, /at most 500 values/],
    [{ description: 'x'.repeat(1001) }, /^Description has at most 1000 characters/],
    [{ aliases: ['title'] }, /^Aliases: 'title' is already an alias of 'jobTitle'\.$/],
    [{ aliases: ['userName'] }, /^Aliases: 'userName' is an attribute of the xMatters profile/],
    [{ aliases: ['nickName', 'NICKNAME'] }, /^Aliases: the same alias is given twice/],
    [{ aliases: ['not a path'] }, /^Aliases: 'not a path' is not an attribute path/],
  ]
  for (const [over, message] of bad) {
    it(`refuses ${JSON.stringify(over).slice(0, 80)}`, () => {
      assert.throws(
        () => definitionOf(input(over), existing, LABELS),
        (error: unknown) =>
          error instanceof ScimError &&
          error.status === 400 &&
          error.scimType === 'invalidValue' &&
          message.test(error.detail),
      )
    })
  }
})

describe('parseMaxLength and splitList', () => {
  const lengths: [string, number | undefined][] = [
    ['20', 20],
    [' 7 ', 7],
    ['1', 1],
    ['2048', 2048],
    ['0', undefined],
    ['2049', undefined],
    ['1.5', undefined],
    ['1e3', undefined],
    ['', undefined],
    ['-3', undefined],
  ]
  for (const [text, n] of lengths)
    it(`max length ${JSON.stringify(text)} → ${String(n)}`, () =>
      assert.equal(parseMaxLength(text), n))
  it('splits on commas or a pattern, trimmed, each once', () => {
    assert.deepEqual(splitList(' a, b ,,a'), ['a', 'b'])
    assert.deepEqual(splitList('title\n nickName, title', /[\s,]+/), ['title', 'nickName'])
    assert.deepEqual(splitList(''), [])
  })
})

describe('propertyEvents', () => {
  const def = { ...propertyDef('shift', { multiValued: true, required: true }), id: 'p1' }
  it('names the change the same way from the CLI and the console', () => {
    assert.deepEqual(propertyEvents.added(def), {
      operation: 'properties.add',
      resource: 'property',
      resourceId: 'p1',
      detail: "property 'shift' defined (string, multi-valued, required)",
    })
    assert.equal(propertyEvents.renamed('rota', def).detail, "property 'rota' renamed to 'shift'")
    assert.equal(propertyEvents.removed('shift', 0).detail, "property 'shift' removed")
    assert.equal(
      propertyEvents.removed('shift', 1).detail,
      "property 'shift' removed with the values of 1 user",
    )
    assert.equal(
      heldMessage('shift', 2, 'tick the box'),
      "2 users hold a value of 'shift'; tick the box.",
    )
  })
})
