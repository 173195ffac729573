// scanJson: nesting depth and repeated names, on the text before it is parsed (RFC 8259 §4).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { scanJson } from './json-scan.js'
import type { JsonScan } from './json-scan.js'

const OK: JsonScan = { kind: 'ok' }
const DEEP: JsonScan = { kind: 'tooDeep' }
const repeated = (name: string, path: string): JsonScan => ({ kind: 'repeated', name, path })

describe('scanJson', () => {
  const long = 'n'.repeat(150)
  const cases: [name: string, text: string, expected: JsonScan][] = [
    ['distinct names', '{"userName":"a","active":true}', OK],
    ['a name repeated', '{"userName":"a","userName":"b"}', repeated('userName', 'userName')],
    ['repeated after other members', '{"a":1,"b":2,"c":[],"a":3}', repeated('a', 'a')],
    ['case variants are not exact repeats', '{"userName":"a","UserName":"b"}', OK],
    [
      'an escape spelling the same name',
      '{"userName":"a","user\\u004eame":"b"}',
      repeated('userName', 'userName'),
    ],
    ['two escapes of one name', '{"\\u0061":1,"\\u0061":2}', repeated('a', 'a')],
    ['an escaped quote in a name', '{"a\\"b":1,"a\\"b":2}', repeated('a"b', 'a"b')],
    ['a name ending in an escaped backslash', '{"a\\\\":1,"a\\\\":2}', repeated('a\\', 'a\\')],
    ['names differing by an escaped backslash', '{"a\\\\":1,"a":2}', OK],
    ['a value equal to a name is no name', '{"a":"a","b":"a"}', OK],
    [
      'nested object',
      '{"name":{"givenName":"a","givenName":"b"}}',
      repeated('givenName', 'name.givenName'),
    ],
    [
      'the same names in two elements of an array',
      '{"emails":[{"value":"a","type":"work"},{"value":"b","type":"work"}]}',
      OK,
    ],
    [
      'a repeat in the second element',
      '{"emails":[{"value":"a"},{"value":"b","value":"c"}]}',
      repeated('value', 'emails[1].value'),
    ],
    ['the same name in an object and in its child', '{"a":{"a":{"a":1}}}', OK],
    ['a name again after its object closed', '{"x":{"a":1},"y":{"a":2}}', OK],
    ['an array of arrays', '{"a":[[1,2],[{"b":1,"b":2}]]}', repeated('b', 'a[1][0].b')],
    ['a top-level array', '[{"a":1},{"a":1,"a":2}]', repeated('a', '[1].a')],
    ['braces and commas inside strings', '{"a":"{,\\"a\\":1}","b":"[,"}', OK],
    [
      'a Bulk operation’s data',
      '{"Operations":[{"method":"POST","data":{"userName":"a"}},{"method":"POST","data":{"userName":"a","userName":"b"}}]}',
      repeated('userName', 'Operations[1].data.userName'),
    ],
    ['an empty name twice', '{"":1,"":2}', repeated('', '')],
    [
      'a long name is cut in the path',
      `{"${long}":1,"${long}":2}`,
      repeated(`${'n'.repeat(100)}…`, `${'n'.repeat(100)}…`),
    ],
    ['not JSON: an unterminated string', '{"a":"b', OK],
    ['not JSON: stray closers', '}}]]{"a":1,"a":2}', repeated('a', 'a')],
    ['32 levels', `${'['.repeat(32)}${']'.repeat(32)}`, OK],
    ['33 levels', `${'['.repeat(33)}${']'.repeat(33)}`, DEEP],
    ['33 levels of objects', `${'{"a":'.repeat(33)}1${'}'.repeat(33)}`, DEEP],
    ['brackets inside a string do not nest', `{"a":"${'['.repeat(100)}"}`, OK],
  ]
  for (const [name, text, expected] of cases) {
    it(name, () => {
      assert.deepEqual(scanJson(text), expected)
    })
  }

  it('a body of 200,000 distinct names and one repeated at its end', () => {
    const members = Array.from({ length: 200_000 }, (_, i) => `"k${i}":${i}`)
    const text = `{${members.join(',')},"k7":0}`
    assert.deepEqual(scanJson(text), repeated('k7', 'k7'))
  })
})
