// RFC 7643 §3.1 meta and RFC 7644 §3.14 versions: a weak ETag of the integer version.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { etag, meta } from './meta.js'

describe('etag', () => {
  const CASES: readonly { version: number; expected: string }[] = [
    { version: 1, expected: 'W/"1"' },
    { version: 42, expected: 'W/"42"' },
    { version: 1_000_000, expected: 'W/"1000000"' },
  ]
  for (const c of CASES)
    it(`${c.version} → ${c.expected}`, () => assert.equal(etag({ version: c.version }), c.expected))

  it('a user in groups: the version and a digest of its groups, which change the tag', () => {
    const direct = { value: 'g1', display: 'On-call', type: 'direct' } as const
    const inGroup = etag({ version: 3, groups: [direct] })
    assert.match(inGroup, /^W\/"3-[A-Za-z0-9_-]{12}"$/)
    assert.equal(etag({ version: 3, groups: [] }), 'W/"3"')
    const changes = [
      [{ ...direct, display: 'On call' }],
      [{ ...direct, type: 'indirect' as const }],
      [direct, { value: 'g2', display: 'Ops', type: 'direct' as const }],
    ]
    for (const groups of changes) assert.notEqual(etag({ version: 3, groups }), inGroup)
    assert.equal(etag({ version: 3, groups: [{ ...direct }] }), inGroup)
  })
})

describe('meta', () => {
  it('builds resourceType, times, location and version', () => {
    assert.deepEqual(
      meta('User', 'https://x/Users/u1', {
        created: '2026-01-01T00:00:00.000Z',
        lastModified: '2026-01-02T00:00:00.000Z',
        version: 7,
      }),
      {
        resourceType: 'User',
        created: '2026-01-01T00:00:00.000Z',
        lastModified: '2026-01-02T00:00:00.000Z',
        location: 'https://x/Users/u1',
        version: 'W/"7"',
      },
    )
  })
})
