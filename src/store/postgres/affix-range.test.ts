// The bounds of `sw` and `ew` ranges (affix-range.ts): table cases, a property over generated texts
// (a text starts with a prefix exactly when it lies in the prefix's range, in code point order), and,
// with DATABASE_URL, PostgreSQL's own reverse() and "C" order against the JS side.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import pg from 'pg'
import { prefixEnd, reversed } from './affix-range.js'

const url = process.env['DATABASE_URL']

/** prefix → the least string above every string starting with it (undefined: no upper bound). */
const ENDS: readonly [string, string | undefined][] = [
  ['abc', 'abd'],
  ['user4242@', 'user4242A'],
  ['', undefined],
  // LIKE's metacharacters are plain characters here (the LIKE pattern escapes them, not the range).
  ['50%', '50&'],
  ['a_', 'a`'],
  ['a\\', 'a]'],
  // A combining mark is a code point of its own.
  ['e\u0301', 'e\u0302'],
  // No code point follows U+10FFFF: it is dropped and the one before is raised.
  ['a\u{10FFFF}', 'b'],
  ['a\u{10FFFF}\u{10FFFF}', 'b'],
  ['\u{10FFFF}', undefined],
  ['\u{10FFFF}\u{10FFFF}', undefined],
  ['a\u{10FFFE}', 'a\u{10FFFF}'],
  // Surrogates are not characters: U+D7FF is followed by U+E000.
  ['a\uD7FF', 'a\uE000'],
  // Past the BMP: a whole surrogate pair is one code point, raised as one.
  ['a\uFFFF', 'a\u{10000}'],
  ['a😀', 'a😁'],
  ['a\u{1F7FF}', 'a\u{1F800}'],
  ['\u{1F600}\u{10FFFF}', '\u{1F601}'],
  // A lone surrogate reaches PostgreSQL as U+FFFD (pg encodes UTF-8): bounds of what is sent.
  ['a\uD800', 'a\uFFFE'],
  ['a\uDC00b', 'a\uFFFDc'],
]

/** text → its code points reversed, as PostgreSQL's reverse() in a UTF-8 database. */
const REVERSED: readonly [string, string][] = [
  ['abc', 'cba'],
  ['', ''],
  ['4242@contoso.com', 'moc.osotnoc@2424'],
  ['x😀y', 'y😀x'],
  ['👩‍💻', '💻‍👩'],
  ['e\u0301', '\u0301e'],
  ['a\uD800', '\uFFFDa'],
]

describe('the end of a prefix’s range (prefixEnd)', () => {
  for (const [prefix, end] of ENDS) {
    it(`${JSON.stringify(prefix)} → ${JSON.stringify(end)}`, () => {
      assert.equal(prefixEnd(prefix), end)
    })
  }
})

describe('a text reversed by code point (reversed)', () => {
  for (const [text, expected] of REVERSED) {
    it(`${JSON.stringify(text)} → ${JSON.stringify(expected)}`, () => {
      assert.equal(reversed(text), expected)
    })
  }
})

/** Code points near the bounds' edge cases, and ordinary ones. */
const POINTS = [0x41, 0x61, 0x62, 0x7f, 0x80, 0xff, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfffd, 0xffff]
  .concat([0x10000, 0x1f600, 0x1f601, 0x1f7ff, 0x1f800, 0x10fffe, 0x10ffff])
  .map((p) => String.fromCodePoint(p))

/** -1, 0, 1 as `a` sorts before, with or after `b` by code point (PostgreSQL's "C" order on UTF-8). */
function byCodePoint(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0) as number)
  const y = [...b].map((c) => c.codePointAt(0) as number)
  for (let i = 0; i < Math.min(x.length, y.length); i++)
    if (x[i] !== y[i]) return (x[i] as number) < (y[i] as number) ? -1 : 1
  return Math.sign(x.length - y.length)
}

describe('a prefix’s range holds exactly the texts starting with it', () => {
  it('for every text of up to three of the edge code points and each of its prefixes', () => {
    const texts = ['']
    for (let length = 1; length <= 3; length++)
      for (const text of texts.filter((t) => [...t].length === length - 1))
        for (const point of POINTS) texts.push(text + point)
    // Sorted once by code point: a prefix's range is then the texts between two positions.
    const sorted = [...texts].sort(byCodePoint)
    let checked = 0
    for (const prefix of texts.filter((t) => [...t].length <= 2)) {
      const end = prefixEnd(prefix)
      const from = sorted.findIndex((t) => byCodePoint(t, prefix) >= 0)
      const to =
        end === undefined ? sorted.length : sorted.findIndex((t) => byCodePoint(t, end) >= 0)
      for (const [i, text] of sorted.entries()) {
        const inRange = i >= from && i < (to === -1 ? sorted.length : to)
        assert.equal(inRange, text.startsWith(prefix), `${JSON.stringify([prefix, text, end])}`)
        checked++
      }
    }
    assert.ok(checked > 100_000)
  })
})

if (url !== undefined && url !== '') {
  describe('PostgreSQL agrees with the JS side', () => {
    it('reverse() reverses by code point; "C" orders as code points; U+D7FF < U+E000', async (t) => {
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      t.after(() => client.end())
      for (const [text] of REVERSED) {
        const { rows } = await client.query<{ r: string }>('select reverse($1::text) as r', [text])
        assert.equal(rows[0]?.r, reversed(text), JSON.stringify(text))
      }
      for (const a of POINTS) {
        for (const b of POINTS) {
          const { rows } = await client.query<{ lt: boolean }>(
            `select $1::text collate "C" < $2::text collate "C" as lt`,
            [`x${a}`, `x${b}`],
          )
          assert.equal(rows[0]?.lt, byCodePoint(a, b) < 0, JSON.stringify([a, b]))
        }
      }
    })
  })
}
