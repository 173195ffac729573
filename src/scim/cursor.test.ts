// RFC 9865 cursors: what a cursor carries back, and every way a returned one is refused (400
// invalidCursor or expiredCursor, never a 500).
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import { MAX_CURSOR_LENGTH, readCursor, writeCursors } from './cursor.js'
import type { CursorQuery, Position } from './cursor.js'
import { parseFilter } from './filter/parser.js'

const ISSUED = new Date('2026-12-06T12:00:00Z')
const later = (seconds: number): Date => new Date(ISSUED.getTime() + seconds * 1000)
const QUERY: CursorQuery = {
  tenantId: 'tenant-a',
  resourceType: 'User',
  filter: parseFilter('active eq true'),
  sort: { path: { attr: 'name', sub: 'familyName' }, descending: true },
}
const AT: Position = { key: 'young', id: '6c0c8a4e-2a55-4f39-9d0e-1f1b8b2f3a10' }

const next = (position: Position = AT, query = QUERY): string =>
  writeCursors({ next: position }, query, ISSUED).nextCursor as string

/** Fields (or JSON text) encoded with a correct checksum, as someone with the source could forge them. */
function forged(fields: unknown): string {
  const json = typeof fields === 'string' ? fields : JSON.stringify(fields)
  const payload = Buffer.from(json).toString('base64url')
  return `${payload}.${createHash('sha256').update(payload).digest('base64url').slice(0, 11)}`
}
const fields = (cursor: string): unknown[] =>
  JSON.parse(Buffer.from(cursor.split('.')[0] as string, 'base64url').toString()) as unknown[]

describe('RFC 9865 cursors', () => {
  it('an empty cursor asks for the first page', () => {
    for (const empty of ['', '  '])
      assert.deepEqual(readCursor(empty, QUERY, ISSUED), { backward: false })
  })

  it('carries the position and the direction back', () => {
    const cursors = writeCursors({ next: AT, previous: { key: null, id: 'x' } }, QUERY, ISSUED)
    assert.deepEqual(readCursor(cursors.nextCursor as string, QUERY, later(10)), {
      after: AT,
      backward: false,
    })
    assert.deepEqual(readCursor(cursors.previousCursor as string, QUERY, later(10)), {
      after: { key: null, id: 'x' },
      backward: true,
    })
    assert.deepEqual(readCursor(next({ key: 1, id: 'y' }), QUERY, ISSUED).after, {
      key: 1,
      id: 'y',
    })
    assert.deepEqual(writeCursors({}, QUERY, ISSUED), {})
  })

  it('is valid for the cursor timeout, then expiredCursor', () => {
    assert.ok(readCursor(next(), QUERY, later(3600)).after)
    assert.throws(() => readCursor(next(), QUERY, later(3601)), {
      status: 400,
      scimType: 'expiredCursor',
      message: /3600 seconds/,
    })
  })

  const other: [string, CursorQuery][] = [
    ['another tenant', { ...QUERY, tenantId: 'tenant-b' }],
    ['another resource type', { ...QUERY, resourceType: 'Group' }],
    ['another filter', { ...QUERY, filter: parseFilter('active eq false') }],
    ['no filter', { tenantId: 'tenant-a', resourceType: 'User', sort: QUERY.sort as never }],
    ['another sortBy', { ...QUERY, sort: { path: { attr: 'userName' }, descending: true } }],
    ['another sortOrder', { ...QUERY, sort: { path: QUERY.sort!.path, descending: false } }],
  ]
  for (const [name, query] of other) {
    it(`refuses a cursor used with ${name} (invalidCursor)`, () => {
      assert.throws(() => readCursor(next(), query, ISSUED), {
        status: 400,
        scimType: 'invalidCursor',
        message: /another query/,
      })
    })
  }

  const good = next()
  const [payload, sum] = good.split('.') as [string, string]
  const flip = (text: string, at: number): string =>
    text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1)
  const f = fields(good)
  const malformed: [string, string][] = [
    ['garbage', 'not a cursor'],
    ['no checksum', payload],
    ['an altered payload byte', `${flip(payload, 5)}.${sum}`],
    ['an altered last payload character', `${flip(payload, payload.length - 1)}.${sum}`],
    ['an altered checksum', `${payload}.${flip(sum, 0)}`],
    ['an extra part', `${good}.x`],
    ['padding', `${payload}=.${sum}`],
    ['too long', 'a'.repeat(MAX_CURSOR_LENGTH + 1)],
    ['JSON that is not an array', forged({ a: 1 })],
    ['too few fields', forged(f.slice(0, 5))],
    ['another version', forged([2, ...f.slice(1)])],
    ['a direction other than n or p', forged([...f.slice(0, 3), 'x', ...f.slice(4)])],
    ['an object as sort key', forged([...f.slice(0, 4), { k: 1 }, f[5]])],
    ['an infinite number', forged(JSON.stringify(f).replace('"young"', '1e400'))],
    ['a NUL in the key', forged([...f.slice(0, 4), 'a\u0000', f[5]])],
    ['an empty id', forged([...f.slice(0, 5), ''])],
    ['a long id', forged([...f.slice(0, 5), 'x'.repeat(129)])],
    ['a fractional issue time', forged([f[0], f[1], 1.5, ...f.slice(3)])],
    ['an issue time in the future', forged([f[0], f[1], (f[2] as number) + 3600, ...f.slice(3)])],
    ['not JSON', forged('{')],
  ]
  for (const [name, cursor] of malformed) {
    it(`refuses ${name} (invalidCursor)`, () => {
      assert.throws(() => readCursor(cursor, QUERY, ISSUED), {
        status: 400,
        scimType: 'invalidCursor',
      })
    })
  }
})
