// The rules of custom property values, as a table: each value checked against its definition, kept as
// sent, and what the store indexes for it.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Json } from '../resource/coerce.js'
import type { Issue } from '../resource/issues.js'
import { ROSTER_USER_EXTENSION as EXT, propertyDef, userRegistryFor } from '../schema/extension.js'
import { parseProperties, propertyKey } from './properties.js'

const def = propertyDef

const properties = [
  def('text', { maxLength: 3 }),
  def('list', { canonicalValues: ['Day', 'Night'], multiValued: true }),
  def('int', { type: 'integer' }),
  def('dec', { type: 'decimal' }),
  def('yes', { type: 'boolean' }),
  def('when', { type: 'dateTime' }),
  def('must', { required: true }),
]
const registry = userRegistryFor(properties)

function parse(values: Record<string, Json>, requireAll = false) {
  const issues: Issue[] = []
  const parsed = parseProperties({ [EXT]: values }, registry, requireAll, issues)
  return { parsed, issues: issues.map((i) => `${i.path.slice(EXT.length + 1)}: ${i.message}`) }
}

describe('parseProperties', () => {
  const valid: [string, Json][] = [
    ['text', 'abc'],
    ['list', ['night', 'Day']],
    ['int', 7],
    ['int', '-7'],
    ['dec', '2.50'],
    ['dec', 1e3],
    ['yes', 'False'],
    ['when', '2026-01-31T09:00:00.5+01:00'],
  ]
  for (const [name, value] of valid) {
    it(`keeps ${name}=${JSON.stringify(value)} as sent`, () => {
      const { parsed, issues } = parse({ [name]: value })
      assert.deepEqual(issues, [])
      assert.deepEqual(parsed.values, { [name]: value })
    })
  }
  const invalid: [string, Json, RegExp][] = [
    ['text', 'abcd', /at most 3 characters/],
    ['text', 5, /must be a string/],
    ['text', 'a\u0000', /control character/],
    ['list', ['Dusk'], /'Dusk' is not a value of this list property; use one of Day, Night/],
    ['int', 1.5, /must be an integer/],
    ['int', '1e3', /must be an integer/],
    ['int', 2 ** 60, /must be an integer between/],
    ['dec', 'NaN', /must be a number/],
    ['yes', 'maybe', /must be a boolean/],
    ['when', '2026-01-31', /RFC 3339 date-time/],
    ['when', '2026-02-31T00:00:00Z', /RFC 3339 date-time/],
    ['text', ['a', 'b'], /takes a single value/],
  ]
  for (const [name, value, problem] of invalid) {
    it(`refuses ${name}=${JSON.stringify(value)}`, () => {
      const { issues } = parse({ [name]: value })
      assert.equal(issues.length, 1, issues.join('; '))
      assert.match(issues[0] ?? '', problem)
    })
  }
  it('checks required properties only when asked (POST, PUT), never for a PATCH', () => {
    assert.deepEqual(parse({}, true).issues, [
      'must: is required by this tenant (roster properties show)',
    ])
    assert.deepEqual(parse({}, false).issues, [])
    assert.deepEqual(parse({ must: '' }, true).issues.length, 1, '"" is no value')
  })
})

describe('propertyKey', () => {
  const cases: [ReturnType<typeof def>, Json, ReturnType<typeof propertyKey>][] = [
    [def('s'), 'Ab', { text: 'Ab', folded: 'ab', number: null }],
    [def('i', { type: 'integer' }), '42', { text: null, folded: null, number: 42 }],
    [def('b', { type: 'boolean' }), 'True', { text: null, folded: null, number: 1 }],
    [
      def('d', { type: 'dateTime' }),
      '2026-01-31T09:00:00+01:00',
      { text: '2026-01-31T08:00:00.000Z', folded: '2026-01-31T08:00:00.000Z', number: null },
    ],
  ]
  for (const [d, value, key] of cases) {
    it(`${d.type} ${JSON.stringify(value)}`, () => assert.deepEqual(propertyKey(d, value), key))
  }
})
