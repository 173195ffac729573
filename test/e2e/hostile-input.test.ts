// Bodies an attacker or a broken client sends (issue 12, findings 2, 4, 6, 7, 8): each is answered with a
// SCIM error naming the problem, never a 500, a silently changed value or a long stall. Tests that guard
// against a stall carry a `timeout` far above the expected time (a hang detector, not a benchmark).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BASE, build } from '../helper.js'
import type { Reply } from '../helper.js'

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User'
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'

function assertError(r: Reply, status: number, scimType: string | undefined, detail: RegExp): void {
  assert.equal(r.status, status, r.text)
  assert.equal(r.body.scimType, scimType, r.text)
  assert.match(r.body.detail, detail)
  assert.doesNotMatch(r.text, /at .*\.(ts|js):\d+|RangeError/)
}

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth)
/** The deepest nesting of a JSON text without strings holding brackets. */
function depthOf(text: string): number {
  let depth = 0
  let max = 0
  for (const c of text) {
    depth += c === '[' || c === '{' ? 1 : c === ']' || c === '}' ? -1 : 0
    max = Math.max(max, depth)
  }
  return max
}

describe('deeply nested JSON (finding 4)', () => {
  // [method, path, body with the nesting inside an attribute]
  const shapes: readonly (readonly [string, string, (deep: string) => string])[] = [
    ['POST', 'Users', (d) => `{"userName":"deep","externalId":${d}}`],
    ['POST', 'Users', (d) => `{"userName":"deep","emails":[{"value":${d}}]}`],
    ['PUT', 'Users/{id}', (d) => `{"userName":"deep","name":{"givenName":${d}}}`],
    [
      'PATCH',
      'Users/{id}',
      (d) => `{"schemas":["${PATCH}"],"Operations":[{"op":"add","path":"emails","value":${d}}]}`,
    ],
    ['POST', 'Groups', (d) => `{"displayName":"deep","members":${d}}`],
    ['POST', 'Users/.search', (d) => `{"filter":${d}}`],
  ]
  for (const [method, path, body] of shapes) {
    it(`${method} ${path}: 5,000 levels and 33 are a 400, 32 levels are parsed`, async (t) => {
      const { request } = await build(t)
      const user = await request('POST', 'Users', { schemas: [USER], userName: 'target' })
      const at = path.replace('{id}', user.body.id)
      assertError(
        await request(method, at, body(nested(5000))),
        400,
        'invalidSyntax',
        /nests objects and arrays deeper than 32 levels/,
      )
      // At the limit: the body is read, and refused (or not) for what it says, not for its depth.
      const around = depthOf(body('null'))
      const edge = await request(method, at, body(nested(32 - around)))
      assert.equal(depthOf(body(nested(32 - around))), 32)
      assert.doesNotMatch(String(edge.body?.detail), /deeper than/)
      assert.ok(edge.status < 500, edge.text)
      const beyond = await request(method, at, body(nested(33 - around)))
      assertError(beyond, 400, 'invalidSyntax', /deeper than 32 levels/)
    })
  }
  it('counts brackets inside strings as text', async (t) => {
    const { request } = await build(t)
    const r = await request('POST', 'Users', {
      schemas: [USER],
      userName: 'brackets',
      externalId: '['.repeat(200),
    })
    assert.equal(r.status, 201, r.text)
    assert.equal(r.body.externalId, '['.repeat(200))
  })
})

describe('text that is not Unicode, and control characters (finding 6)', () => {
  it('refuses a body that is not valid UTF-8 instead of storing U+FFFD', async (t) => {
    const { app, token } = await build(t)
    const body = Buffer.concat([
      Buffer.from(`{"schemas":["${USER}"],"userName":"bad`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ])
    const r = await app.inject({
      method: 'POST',
      url: `${BASE}/Users`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      payload: body,
    })
    assert.equal(r.statusCode, 400, r.body)
    assert.match(JSON.parse(r.body).detail, /not valid UTF-8/)
  })
  for (const [name, body, path] of [
    ['externalId', { userName: 'a', externalId: 'a\ud800b' }, 'externalId'],
    ['a name', { userName: 'a', name: { givenName: '\udfffx' } }, 'name.givenName'],
    ['an email display', { userName: 'a', emails: [{ value: 'a@b.c', display: '\ud83d' }] }, ''],
  ] as const) {
    it(`refuses a lone surrogate in ${name}`, async (t) => {
      const { request } = await build(t)
      // JSON.stringify writes lone surrogates as \u escapes, as a client would.
      const r = await request('POST', 'Users', JSON.stringify({ schemas: [USER], ...body }))
      assertError(r, 400, 'invalidSyntax', /unpaired surrogate/)
      if (path) assert.match(r.body.detail, new RegExp(`^${path.replace('.', '\\.')}:`))
    })
  }
  it('accepts a surrogate pair (an emoji) and returns it as sent', async (t) => {
    const { request } = await build(t)
    const r = await request(
      'POST',
      'Users',
      `{"schemas":["${USER}"],"userName":"emoji","externalId":"x\\ud83d\\ude00"}`,
    )
    assert.equal(r.status, 201, r.text)
    assert.equal(r.body.externalId, 'x😀')
  })
  it('refuses NUL and other control characters in any string attribute, PATCH included', async (t) => {
    const { request } = await build(t)
    const user = await request('POST', 'Users', { schemas: [USER], userName: 'ctl' })
    assertError(
      await request('PATCH', `Users/${user.body.id}`, {
        schemas: [PATCH],
        Operations: [{ op: 'replace', path: 'externalId', value: 'a\u0000b' }],
      }),
      400,
      'invalidValue',
      /externalId: contains the control character U\+0000/,
    )
    assertError(
      await request('POST', 'Groups', { displayName: 'g', externalId: 'x\u0085' }),
      400,
      'invalidValue',
      /externalId: contains the control character U\+0085/,
    )
  })
})

describe('numbers beyond a double (1e999), which parse as Infinity', () => {
  // [what, body text, the path the detail names]: the detail said "not null" (Infinity as JSON).
  const CASES: readonly [string, string, string][] = [
    ['active', `{"userName":"a","active":1e999}`, 'active'],
    [
      'a negative one in an array',
      `{"userName":"a","emails":[{"value":"a@b.c","primary":-1E+400}]}`,
      'emails[0].primary',
    ],
    [
      'a PATCH value',
      `{"schemas":["${PATCH}"],"Operations":[{"op":"replace","path":"active","value":1e999}]}`,
      'Operations[0].value',
    ],
    ['310 digits', `{"userName":"a","externalId":${'9'.repeat(310)}}`, 'externalId'],
  ]
  for (const [name, body, path] of CASES) {
    it(`${name}: 400 naming the number's path, not "null"`, async (t) => {
      const { request } = await build(t)
      const user = await request('POST', 'Users', { schemas: [USER], userName: 'target' })
      const r = body.includes(PATCH)
        ? await request('PATCH', `Users/${user.body.id}`, body)
        : await request('POST', 'Users', body)
      assertError(r, 400, 'invalidValue', /is beyond the range of a number \(about ±1\.8e308\)/)
      assert.ok(r.body.detail.startsWith(`${path}: `), r.body.detail)
      assert.doesNotMatch(r.body.detail, /null/)
    })
  }
  it('1e308, 1e-999 and "1e999" in a string are numbers or text like any other', async (t) => {
    const { request } = await build(t)
    const r = await request(
      'POST',
      'Users',
      `{"userName":"big","externalId":"1e999","x":[1e308,1e-999]}`,
    )
    assert.notEqual(r.status, 500, r.text)
    assert.doesNotMatch(r.text, /beyond the range/)
  })
})

describe('userNames that look alike are one name (finding 7, RFC 8265 §3.3)', () => {
  const PAIRS = [
    ['jos\u00e9', 'jose\u0301'],
    ['straße', 'STRASSE'],
    ['ａｄｍｉｎ', 'admin'],
  ] as const
  for (const [first, second] of PAIRS) {
    it(`${JSON.stringify(first)} then ${JSON.stringify(second)}: 409, and filters match both`, async (t) => {
      const { request } = await build(t)
      const created = await request('POST', 'Users', { schemas: [USER], userName: first })
      assert.equal(created.status, 201, created.text)
      assert.equal(created.body.userName, first)
      assertError(
        await request('POST', 'Users', { schemas: [USER], userName: second }),
        409,
        'uniqueness',
        /already taken/,
      )
      const found = await request(
        'GET',
        `Users?filter=${encodeURIComponent(`userName eq "${second}"`)}`,
      )
      assert.equal(found.body.totalResults, 1)
      assert.equal(found.body.Resources[0].userName, first)
      // A rename onto the look-alike of another user is refused too.
      const other = await request('POST', 'Users', { schemas: [USER], userName: 'other' })
      const renamed = await request('PATCH', `Users/${other.body.id}`, {
        schemas: [PATCH],
        Operations: [{ op: 'replace', path: 'userName', value: second }],
      })
      assert.equal(renamed.status, 409, renamed.text)
    })
  }
  it('refuses white space at either end of a userName', async (t) => {
    const { request } = await build(t)
    assertError(
      await request('POST', 'Users', { schemas: [USER], userName: ' rb6 ' }),
      400,
      'invalidValue',
      /userName: must not begin or end with white space/,
    )
  })
})

describe('DELETE with a Content-Type and no body (finding 8)', () => {
  for (const type of ['application/scim+json', 'application/json; charset=utf-8']) {
    it(`is a 204 with ${type}`, async (t) => {
      const { request } = await build(t)
      const user = await request('POST', 'Users', { schemas: [USER], userName: 'gone' })
      const r = await request('DELETE', `Users/${user.body.id}`, undefined, {
        'content-type': type,
      })
      assert.equal(r.status, 204, r.text)
      const group = await request('POST', 'Groups', { displayName: 'gone' })
      const g = await request('DELETE', `Groups/${group.body.id}`, undefined, {
        'content-type': type,
      })
      assert.equal(g.status, 204, g.text)
    })
  }
  it('still refuses an empty body where one is needed', async (t) => {
    const { request } = await build(t)
    const r = await request('POST', 'Users', '')
    assertError(r, 400, 'invalidSyntax', /body is empty/)
  })
})

describe('long arrays cost linear time (finding 2)', () => {
  it(
    'a PATCH add of 80,000 emails is answered (a 400: one email device each) in linear time',
    { timeout: 20_000 },
    async (t) => {
      const { request } = await build(t, { bodyLimit: 4 * 1024 * 1024 })
      const user = await request('POST', 'Users', { schemas: [USER], userName: 'many' })
      const value = Array.from({ length: 80_000 }, (_, i) => ({ value: `u${i}@x.io` }))
      const r = await request('PATCH', `Users/${user.body.id}`, {
        schemas: [PATCH],
        Operations: [{ op: 'add', path: 'emails', value }],
      })
      assert.equal(r.status, 400, r.text.slice(0, 500))
      assert.equal(r.body.scimType, 'invalidValue')
    },
  )
  it(
    'a PATCH remove of 80,000 roles by value, and 80,000 role values, are linear too',
    { timeout: 20_000 },
    async (t) => {
      const { request } = await build(t, { bodyLimit: 4 * 1024 * 1024 })
      const user = await request('POST', 'Users', { schemas: [USER], userName: 'roles' })
      const value = Array.from({ length: 80_000 }, (_, i) => ({ value: `role ${i}` }))
      const removed = await request('PATCH', `Users/${user.body.id}`, {
        schemas: [PATCH],
        Operations: [{ op: 'remove', path: 'roles', value }],
      })
      assert.equal(removed.status, 200, removed.text.slice(0, 500))
      const added = await request('PATCH', `Users/${user.body.id}`, {
        schemas: [PATCH],
        Operations: [{ op: 'add', path: 'roles', value }],
      })
      assert.equal(added.status, 400)
    },
  )
})

describe('the Host header is never reflected unchecked (finding 10)', () => {
  for (const host of [
    'evil.com"><img src=x>',
    'evil.com/phish',
    'user@evil.com',
    'evil.com:99999',
  ]) {
    it(`refuses Host ${JSON.stringify(host)} with a 400 that does not echo it`, async (t) => {
      const { request } = await build(t)
      const r = await request('GET', 'Users?count=1', undefined, { host })
      assertError(r, 400, undefined, /Host header/)
      assert.ok(!r.text.includes(host), r.text)
    })
  }
  it('writes URLs with a valid Host, port included, as the client sent it', async (t) => {
    const { request } = await build(t)
    const created = await request(
      'POST',
      'Users',
      { schemas: [USER], userName: 'hosted' },
      {
        host: 'roster.example:8443',
      },
    )
    assert.equal(created.status, 201, created.text)
    assert.equal(
      created.body.meta.location,
      `http://roster.example:8443${BASE}/Users/${created.body.id}`,
    )
  })
  it('with ROSTER_PUBLIC_URL every URL starts with it, whatever Host says', async (t) => {
    const { request } = await build(t, { publicUrl: 'https://scim.example.com' })
    const created = await request(
      'POST',
      'Users',
      { schemas: [USER], userName: 'public' },
      {
        host: 'internal:8080',
      },
    )
    const expected = `https://scim.example.com${BASE}/Users/${created.body.id}`
    assert.equal(created.headers['location'], expected)
    assert.equal(created.body.meta.location, expected)
    const listed = await request('GET', 'Users?filter=userName eq "public"')
    assert.equal(listed.body.Resources[0].meta.location, expected)
    const config = await request('GET', 'ServiceProviderConfig')
    assert.equal(config.body.meta.location, `https://scim.example.com${BASE}/ServiceProviderConfig`)
  })
})
