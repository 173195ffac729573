// jsonReadable: the streamed text is the JSON of the equivalent plain value (keys in order, a Paged key
// left out when it has no items, RFC 7643 §2.5), an error before the first chunk rejects the call
// itself (no status line sent yet), and a large Paged is written page by page.
import assert from 'node:assert/strict'
import type { Readable } from 'node:stream'
import { describe, it } from 'node:test'
import type { Json } from '../scim/resource/coerce.js'
import {
  Paged,
  RawJson,
  hasPaged,
  isStreamed,
  jsonReadable,
  jsonText,
  rawLength,
} from './json-stream.js'
import type { Streamable } from './json-stream.js'

/** A Paged that yields these pages, in order. */
const pages = (...list: Json[][]): Paged =>
  new Paged(async function* () {
    for (const page of list) yield page
  })

async function read(readable: Readable): Promise<{ text: string; chunks: number }> {
  const parts: Buffer[] = []
  for await (const chunk of readable) parts.push(Buffer.from(chunk as Buffer))
  return { text: Buffer.concat(parts).toString('utf8'), chunks: parts.length }
}

const META = { resourceType: 'Group', version: 'W/"1"' }

const SHAPES: readonly { name: string; value: Streamable; plain: Json }[] = [
  { name: 'a string', value: 'text', plain: 'text' },
  { name: 'null', value: null, plain: null },
  {
    name: 'an object without any Paged',
    value: { a: 1, b: [true, null, 'x'], c: { d: 1.5 } },
    plain: { a: 1, b: [true, null, 'x'], c: { d: 1.5 } },
  },
  { name: 'a Paged of several pages', value: pages([1, 2], [3], [4, 5]), plain: [1, 2, 3, 4, 5] },
  { name: 'a Paged with no items is an empty array', value: pages([], []), plain: [] },
  {
    name: 'a group: members stay between displayName and meta',
    value: {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      id: 'g1',
      displayName: 'On-call',
      members: pages([{ value: 'u1', type: 'User' }], [{ value: 'u2', type: 'User' }]),
      meta: META,
    },
    plain: {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      id: 'g1',
      displayName: 'On-call',
      members: [
        { value: 'u1', type: 'User' },
        { value: 'u2', type: 'User' },
      ],
      meta: META,
    },
  },
  {
    name: 'nested objects',
    value: { a: { b: { c: pages([{ x: 1 }], [{ x: 2 }]), d: 'e' }, f: [1] }, g: 2 },
    plain: { a: { b: { c: [{ x: 1 }, { x: 2 }], d: 'e' }, f: [1] }, g: 2 },
  },
  {
    name: 'an array of objects, each with a Paged',
    value: {
      totalResults: 3,
      Resources: [
        { id: 'g1', members: pages([{ value: 'u1' }]), meta: META },
        { id: 'g2', members: pages([], [{ value: 'u2' }], [{ value: 'u3' }]), meta: META },
        { id: 'g3', members: pages(), meta: META },
      ],
    },
    plain: {
      totalResults: 3,
      Resources: [
        { id: 'g1', members: [{ value: 'u1' }], meta: META },
        { id: 'g2', members: [{ value: 'u2' }, { value: 'u3' }], meta: META },
        { id: 'g3', meta: META },
      ],
    },
  },
  {
    name: 'a list of users rendered elsewhere (RawJson), in order',
    value: {
      totalResults: 2,
      Resources: [new RawJson('{"id":"u1","groups":[{"value":"g1"}]}'), new RawJson('{"id":"u2"}')],
    },
    plain: { totalResults: 2, Resources: [{ id: 'u1', groups: [{ value: 'g1' }] }, { id: 'u2' }] },
  },
  {
    name: 'RawJson beside a Paged, escapes kept as rendered',
    value: [new RawJson('"\\u2028 \\"q\\" é"'), pages([1])],
    plain: ['\u2028 "q" é', [1]],
  },
  {
    name: 'a Paged whose pages are all empty: the key is left out',
    value: { id: 'g1', members: pages([], [], []), meta: META },
    plain: { id: 'g1', meta: META },
  },
  {
    name: 'a Paged without pages: the key is left out',
    value: { id: 'g1', members: pages(), meta: META },
    plain: { id: 'g1', meta: META },
  },
  {
    name: 'the first key left out: no stray comma',
    value: { members: pages([]), id: 'g1' },
    plain: { id: 'g1' },
  },
  {
    name: 'the last key left out: no stray comma',
    value: { id: 'g1', members: pages([]) },
    plain: { id: 'g1' },
  },
  {
    name: 'every key left out',
    value: { members: pages(), owners: pages([]) },
    plain: {},
  },
  {
    name: 'an empty first page, then non-empty ones',
    value: { members: pages([], [{ value: 'u1' }], [], [{ value: 'u2' }]) },
    plain: { members: [{ value: 'u1' }, { value: 'u2' }] },
  },
  {
    name: 'an empty Paged inside an array stays an empty array',
    value: [pages(), 1, pages([2])],
    plain: [[], 1, [2]],
  },
  {
    name: 'arrays within arrays',
    value: [[pages([1])], { a: [pages([{ b: [1, 2] }])] }],
    plain: [[[1]], { a: [[{ b: [1, 2] }]] }],
  },
  {
    name: 'strings and keys needing escapes',
    value: {
      'k"\\\n': pages(
        ['"quoted"', 'back\\slash', 'line\nbreak\ttab', '\u0000\u001f'],
        ['\u2028\u2029', 'é 😀 夜', '</script>', { 'nested"key': 'a\\b' }],
      ),
      'plain"key': 'v\\',
    },
    plain: {
      'k"\\\n': [
        '"quoted"',
        'back\\slash',
        'line\nbreak\ttab',
        '\u0000\u001f',
        '\u2028\u2029',
        'é 😀 夜',
        '</script>',
        { 'nested"key': 'a\\b' },
      ],
      'plain"key': 'v\\',
    },
  },
]

describe('jsonReadable: shapes', () => {
  for (const c of SHAPES) {
    it(c.name, async () => {
      const { text } = await read(await jsonReadable(c.value))
      const parsed: unknown = JSON.parse(text)
      assert.deepEqual(parsed, c.plain)
      // deepEqual ignores key order; the representation's order is part of the contract.
      assert.equal(JSON.stringify(parsed), JSON.stringify(c.plain))
    })
  }
})

describe('hasPaged', () => {
  const CASES: readonly { name: string; value: Streamable; expected: boolean }[] = [
    { name: 'a number', value: 1, expected: false },
    { name: 'null', value: null, expected: false },
    { name: 'a string', value: 'x', expected: false },
    { name: 'plain nested values', value: { a: [{ b: 1 }], c: null }, expected: false },
    { name: 'a Paged', value: pages(), expected: true },
    { name: 'a Paged deep in an object', value: { a: [{ b: pages() }] }, expected: true },
    { name: 'a Paged in an array', value: [1, pages()], expected: true },
    { name: 'RawJson alone (no Paged)', value: [new RawJson('{}')], expected: false },
  ]
  for (const c of CASES) it(c.name, () => assert.equal(hasPaged(c.value), c.expected))
})

describe('isStreamed, rawLength and jsonText (RawJson sent whole)', () => {
  const CASES: readonly { name: string; value: Streamable; streamed: boolean; raw: number }[] = [
    { name: 'plain JSON', value: { a: [1, 'x'] }, streamed: false, raw: 0 },
    { name: 'a Paged', value: { a: pages([1]) }, streamed: true, raw: 0 },
    {
      name: 'RawJson in a list response',
      value: { totalResults: 1, Resources: [new RawJson('{"id":"u1"}'), new RawJson('{}')] },
      streamed: true,
      raw: 13,
    },
  ]
  for (const c of CASES) {
    it(c.name, () => {
      assert.equal(isStreamed(c.value), c.streamed)
      assert.equal(rawLength(c.value), c.raw)
    })
  }
  it('writes the same text whole as streamed', async () => {
    const value = SHAPES[SHAPES.findIndex((c) => c.name.startsWith('a list of users'))]?.value
    assert.ok(value !== undefined)
    assert.equal(jsonText(value), (await read(await jsonReadable(value))).text)
  })
})

describe('jsonReadable: errors', () => {
  const failing = (): Paged =>
    new Paged(async function* () {
      yield* []
      throw new Error('database is down')
    })
  const FIRST: readonly { name: string; value: Streamable }[] = [
    { name: 'under an object key', value: { id: 'g1', members: failing(), meta: META } },
    { name: 'at the top', value: failing() },
    { name: 'in an array', value: [{ id: 'g1' }, failing()] },
  ]
  for (const c of FIRST) {
    it(`an error in the first page rejects jsonReadable itself (${c.name})`, async () => {
      await assert.rejects(jsonReadable(c.value), /database is down/)
    })
  }

  it('an error in a later page, after the first chunk was sent, errors the stream', async () => {
    // The first page alone is over 64 KiB, so the first chunk exists before the second page is read.
    const first = Array.from({ length: 5000 }, (_, i) => ({ value: `user-${i}`, type: 'User' }))
    const value = {
      id: 'g1',
      members: new Paged(async function* () {
        yield first
        throw new Error('connection lost')
      }),
      meta: META,
    }
    const readable = await jsonReadable(value)
    const received: Buffer[] = []
    await assert.rejects(async () => {
      for await (const chunk of readable) received.push(Buffer.from(chunk as Buffer))
    }, /connection lost/)
    const text = Buffer.concat(received).toString('utf8')
    assert.ok(received.length >= 1, 'the first chunk was delivered')
    assert.ok(text.startsWith('{"id":"g1","members":[{"value":"user-0","type":"User"}'), text)
    assert.ok(!text.includes('"meta"'), 'the document is cut short, never completed')
    assert.throws(() => JSON.parse(text), SyntaxError)
  })
})

describe('jsonReadable: a large Paged', () => {
  it('streams 100,000 members in several chunks, reading pages as it goes', async () => {
    const PAGE = 1000
    const TOTAL = 100_000
    let pulled = 0
    const members = new Paged(async function* () {
      for (let start = 0; start < TOTAL; start += PAGE) {
        pulled++
        yield Array.from({ length: PAGE }, (_, i) => ({ value: `u${start + i}`, type: 'User' }))
      }
    })
    const readable = await jsonReadable({ id: 'g1', members, meta: META })
    assert.ok(pulled < TOTAL / PAGE, `only the first pages are read up front (${pulled})`)
    const { text, chunks } = await read(readable)
    assert.ok(chunks > 1, `expected several chunks, got ${chunks}`)
    assert.equal(pulled, TOTAL / PAGE)
    const parsed = JSON.parse(text) as { members: { value: string }[] }
    assert.equal(parsed.members.length, TOTAL)
    assert.equal(parsed.members[TOTAL - 1]?.value, `u${TOTAL - 1}`)
  })
})
