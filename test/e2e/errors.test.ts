// Every error is an RFC 7644 §3.12 body with application/scim+json, the right status and an actionable
// detail; nothing leaks a stack, a secret or which part of a credential was wrong.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { deflateSync, gzipSync } from 'node:zlib'
import { hashToken } from '../../src/auth/secret-token.js'
import { BASE, build, fullUser } from '../helper.js'
import type { Reply } from '../helper.js'

const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error'

function assertError(r: Reply, status: number, scimType?: string, detail?: RegExp): void {
  assert.equal(r.status, status, r.text)
  assert.match(String(r.headers['content-type']), /^application\/scim\+json/)
  assert.deepEqual(r.body.schemas, [ERROR])
  assert.equal(r.body.status, String(status))
  assert.equal(r.body.scimType, scimType)
  assert.equal(typeof r.body.detail, 'string')
  assert.doesNotMatch(r.text, /at .*\.(ts|js):\d+|node_modules|Error: /)
  if (detail) assert.match(r.body.detail, detail)
}

describe('401: one answer for every bad credential', () => {
  it('refuses missing, malformed, unknown, revoked and expired tokens with the same body', async (t) => {
    const { app, request, store, tenant, token } = await build(t)
    const revoked = await store
      .forTenant(tenant.id)
      .createToken({ name: 'old', hash: hashToken('roster_revoked'), expiresAt: null })
    await store.forTenant(tenant.id).revokeToken(revoked.id)
    await store.forTenant(tenant.id).createToken({
      name: 'exp',
      hash: hashToken('roster_expired'),
      expiresAt: '2020-01-01T00:00:00.000Z',
    })
    const none = await app.inject({ method: 'GET', url: `${BASE}/Users` })
    assert.equal(none.statusCode, 401)
    const headers = [
      { authorization: '' },
      { authorization: 'Bearer' },
      { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
      { authorization: `Token ${token}` },
      { authorization: `Bearer ${token}x` },
      { authorization: `Bearer ${token.slice(0, -1)}` },
      { authorization: 'Bearer roster_revoked' },
      { authorization: 'Bearer roster_expired' },
      { authorization: `Bearer ${'a'.repeat(5000)}` },
    ]
    const bodies = new Set<string>()
    for (const h of headers) {
      const r = await request('GET', 'Users', undefined, h)
      assertError(r, 401)
      assert.equal(r.headers['www-authenticate'], 'Bearer realm="roster", Basic realm="roster"')
      bodies.add(r.text)
    }
    bodies.add(none.body)
    assert.equal(bodies.size, 1)
    const ok = await request('GET', 'Users')
    assert.equal(ok.status, 200)
  })

  it('protects every SCIM route, discovery included', async (t) => {
    const { request } = await build(t)
    for (const [method, path] of [
      ['GET', 'Users'],
      ['POST', 'Users'],
      ['GET', 'Users/x'],
      ['PUT', 'Users/x'],
      ['PATCH', 'Users/x'],
      ['DELETE', 'Users/x'],
      ['GET', 'Schemas'],
      ['GET', 'ResourceTypes'],
      ['GET', 'ServiceProviderConfig'],
    ] as const) {
      assertError(await request(method, path, undefined, { authorization: 'Bearer nope' }), 401)
    }
  })
})

describe('4xx for bad requests', () => {
  it('404 for unknown ids and routes', async (t) => {
    const { request } = await build(t)
    for (const method of ['GET', 'PUT', 'PATCH', 'DELETE']) {
      const body =
        method === 'PUT' ? fullUser() : method === 'PATCH' ? { Operations: [] } : undefined
      assertError(
        await request(method, 'Users/does-not-exist', body),
        404,
        undefined,
        /User does-not-exist not found/,
      )
    }
    assertError(await request('GET', 'Nope'), 404, undefined, /no endpoint/)
    assertError(await request('GET', '/api/xm/1/nope'), 404)
  })

  it('400 invalidSyntax for malformed JSON, prototype poisoning and a non-object body', async (t) => {
    const { request } = await build(t)
    assertError(
      await request('POST', 'Users', '{"userName":'),
      400,
      'invalidSyntax',
      /not valid JSON/,
    )
    assertError(
      await request('POST', 'Users', '{"__proto__":{"admin":true},"userName":"a"}'),
      400,
      'invalidSyntax',
    )
    assertError(await request('POST', 'Users', '[1,2]'), 400, 'invalidSyntax')
    assertError(await request('PATCH', 'Users/x', '"hello"'), 400, 'invalidSyntax')
  })

  // RFC 8259 §4 leaves a repeated name's meaning open; JSON.parse would keep the last one silently.
  it('400 invalidSyntax naming the path of a name repeated in one object, in any JSON body', async (t) => {
    const { request } = await build(t)
    const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
    const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest'
    const cases: [method: string, path: string, body: string, at: string | undefined][] = [
      ['POST', 'Users', '{"userName":"a","userName":"b"}', 'userName'],
      ['POST', 'Users', '{"userName":"a","user\\u004eame":"b"}', 'userName'],
      [
        'POST',
        'Users',
        '{"userName":"a","name":{"givenName":"x","givenName":"y"}}',
        'name.givenName',
      ],
      [
        'POST',
        'Users',
        '{"userName":"a","emails":[{"value":"a@b.c","type":"work"},{"value":"c@d.e","type":"home","type":"other"}]}',
        'emails[1].type',
      ],
      [
        'PATCH',
        'Users/x',
        `{"schemas":["${PATCH_OP}"],"Operations":[{"op":"replace","path":"active","value":false,"value":true}]}`,
        'Operations[0].value',
      ],
      [
        'POST',
        'Bulk',
        `{"schemas":["${BULK}"],"Operations":[{"method":"POST","path":"/Users","bulkId":"1","data":{"userName":"a","userName":"b"}}]}`,
        'Operations[0].data.userName',
      ],
      ['POST', 'Users/.search', '{"filter":"userName eq \\"a\\"","filter":""}', 'filter'],
      // Accepted: the same names in different objects, and case variants are the resource rules' (below).
      [
        'POST',
        'Users',
        '{"userName":"b","emails":[{"value":"a@contoso.com","type":"work"},{"value":"b@contoso.com","type":"home"}]}',
        undefined,
      ],
    ]
    for (const [method, path, body, at] of cases) {
      const r = await request(method, path, body)
      if (at === undefined) {
        assert.ok(r.status < 300, r.text)
        continue
      }
      assertError(
        r,
        400,
        'invalidSyntax',
        new RegExp(
          `^${at.replace(/[.[\]]/g, '\\$&')}: the name '\\w+' appears twice in one object; send each name once`,
        ),
      )
    }
    // Case variants stay the resource rules' 400 ("duplicate spellings").
    const cased = await request('POST', 'Users', '{"userName":"a","UserName":"b"}')
    assertError(cased, 400, 'invalidSyntax')
    assert.doesNotMatch(cased.body.detail, /appears twice in one object/)
  })

  it('a repeated name in a body at the size limit is a 400; a byte more is a 413', async (t) => {
    const limit = 4096
    const { request } = await build(t, { bodyLimit: limit })
    const sized = (bytes: number): string => {
      const head = '{"userName":"a","externalId":"'
      const tail = '","userName":"b"}'
      return head + 'x'.repeat(bytes - head.length - tail.length) + tail
    }
    assert.equal(Buffer.byteLength(sized(limit)), limit)
    assertError(
      await request('POST', 'Users', sized(limit)),
      400,
      'invalidSyntax',
      /^userName: the name 'userName' appears twice/,
    )
    assertError(await request('POST', 'Users', sized(limit + 1)), 413)
  })

  it('413 beyond the body limit, 415 for other media types', async (t) => {
    const { request } = await build(t, { bodyLimit: 2048 })
    assertError(
      await request('POST', 'Users', { ...fullUser(), externalId: 'x'.repeat(4000) }),
      413,
      undefined,
      /2048 bytes/,
    )
    assertError(await request('POST', 'Users', 'userName=a', { 'content-type': 'text/plain' }), 415)
    assertError(
      await request('POST', 'Users', 'userName=a', {
        'content-type': 'application/x-www-form-urlencoded',
      }),
      415,
    )
  })

  it('accepts application/json and application/scim+json with a charset', async (t) => {
    const { request } = await build(t)
    const a = await request(
      'POST',
      'Users',
      { userName: 'a' },
      { 'content-type': 'application/json' },
    )
    const b = await request(
      'POST',
      'Users',
      { userName: 'b' },
      { 'content-type': 'application/scim+json; charset=utf-8' },
    )
    assert.equal(a.status, 201)
    assert.equal(b.status, 201)
  })

  // RFC 8259 §8.1: JSON between systems is UTF-8; a body labelled otherwise would be read as UTF-8 anyway.
  const charsets: [string, number][] = [
    ['application/scim+json; charset=utf-8', 201],
    ['application/scim+json; charset=UTF-8', 201],
    ['application/scim+json;charset="utf-8"', 201],
    ['application/json; charset=utf8', 201],
    ['application/json; charset=us-ascii', 201],
    ['application/scim+json; charset=iso-8859-1', 415],
    ['application/scim+json; charset="windows-1252"', 415],
    ['application/json; charset=utf-16', 415],
    ['application/json; charset=', 415],
  ]
  for (const [type, status] of charsets) {
    it(`${type} → ${status}`, async (t) => {
      const { request } = await build(t)
      const reply = await request('POST', 'Users', { userName: 'zoë' }, { 'content-type': type })
      if (status === 201) assert.equal(reply.status, 201, reply.text)
      else assertError(reply, 415, undefined, /charset '.*' is not accepted.*UTF-8/)
    })
  }

  it('415 naming the coding for a compressed body; identity is no coding (RFC 9110 §8.4.1)', async (t) => {
    const { app, token } = await build(t)
    const json = JSON.stringify({ userName: 'zipped' })
    // [Content-Encoding, the body sent]: a coding Roster does not decode is never read as JSON, whether
    // the bytes are compressed (gzip, deflate) or not (a client that labels plain JSON `br`).
    const cases: [string, Buffer][] = [
      ['gzip', gzipSync(json)],
      ['deflate', deflateSync(json)],
      ['br', Buffer.from(json)],
      ['GZIP', gzipSync(json)],
      ['gzip, identity', gzipSync(json)],
    ]
    for (const [coding, payload] of cases) {
      const r = await app.inject({
        method: 'POST',
        url: `${BASE}/Users`,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/scim+json',
          'content-encoding': coding,
        },
        payload,
      })
      const reply = { status: r.statusCode, headers: r.headers, body: r.json(), text: r.body }
      assertError(
        reply,
        415,
        undefined,
        new RegExp(`^Content-Encoding '${coding}' is not accepted: send the body uncompressed`),
      )
      assert.equal(r.headers['accept-encoding'], 'identity', coding)
    }
    const plain = await app.inject({
      method: 'POST',
      url: `${BASE}/Users`,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/scim+json',
        'content-encoding': 'identity',
      },
      payload: json,
    })
    assert.equal(plain.statusCode, 201, plain.body)
  })

  it('400 invalidFilter with a position, 400 invalidValue for bad paging and attributes', async (t) => {
    const { request } = await build(t)
    assertError(
      await request('GET', `Users?filter=${encodeURIComponent('userName eq "x" or 1=1 --')}`),
      400,
      'invalidFilter',
      /position 20/,
    )
    assertError(
      await request('GET', `Users?filter=${encodeURIComponent('displayName eq "x"')}`),
      400,
      'invalidFilter',
      /displayName/,
    )
    assertError(
      await request('GET', `Users?filter=${encodeURIComponent('userName eq')}`),
      400,
      'invalidFilter',
      /value/,
    )
    assertError(
      await request('GET', `Users?filter=${'a'.repeat(5000)}`),
      400,
      'invalidFilter',
      /4096/,
    )
    assertError(await request('GET', 'Users?startIndex=abc'), 400, 'invalidValue', /startIndex/)
    assertError(await request('GET', 'Users?attributes=nickName'), 400, 'invalidValue', /nickName/)
  })

  it('409 uniqueness on a duplicate userName, ignoring case', async (t) => {
    const { request } = await build(t)
    assert.equal((await request('POST', 'Users', fullUser('ann@contoso.com'))).status, 201)
    assertError(
      await request('POST', 'Users', fullUser('ANN@contoso.com')),
      409,
      'uniqueness',
      /ANN@contoso.com/,
    )
  })

  it('405 for writes to discovery endpoints', async (t) => {
    const { request } = await build(t)
    for (const path of ['ServiceProviderConfig', 'Schemas', 'ResourceTypes']) {
      const r = await request('POST', path, {})
      assertError(r, 405)
      assert.equal(r.headers['allow'], 'GET')
    }
  })

  it('405 with Allow for a method a known path does not take; 404 for unknown paths', async (t) => {
    const { app } = await build(t)
    const cases: [string, string, number, string | undefined][] = [
      ['GET', '/api/xm/1/oauth2/token', 405, 'POST'],
      ['PUT', '/t/acme/api/xm/1/oauth2/token', 405, 'POST'],
      ['GET', '/api/xm/1/scim/tokens', 405, 'POST'],
      ['PUT', `${BASE}/Users`, 405, 'GET, POST'],
      ['POST', `${BASE}/Users/some-id`, 405, 'GET, PUT, PATCH, DELETE'],
      ['DELETE', `${BASE}/Groups`, 405, 'GET, POST'],
      // Discovery is read-only: Allow lists GET alone, whatever the method refused.
      ['OPTIONS', `${BASE}/Schemas`, 405, 'GET'],
      ['PROPFIND', `${BASE}/ResourceTypes/User`, 405, 'GET'],
      ['TRACE', '/t/acme/scim/v2/ServiceProviderConfig', 405, 'GET'],
      ['POST', `${BASE}/Schemas/urn:ietf:params:scim:schemas:core:2.0:User`, 405, 'GET'],
      ['GET', `${BASE}/Nothing`, 404, undefined],
      ['GET', '/api/xm/1/oauth2/nothing', 404, undefined],
    ]
    for (const [method, url, status, allow] of cases) {
      const r = await app.inject({ method, url })
      assert.equal(r.statusCode, status, `${method} ${url}: ${r.body}`)
      assert.equal(r.headers['allow'], allow, `${method} ${url}`)
      const body = r.json<{ status: string; detail: string }>()
      assert.equal(body.status, String(status))
      if (allow)
        assert.match(
          body.detail,
          new RegExp(`^${method} is not allowed here; this path takes ${allow}\\.$`),
        )
    }
  })

  // RFC 7644 §3.4.3 defines .search for POST only; an id that merely ends in ".search" is an id.
  it('405 Allow: POST for any other method on a .search path', async (t) => {
    const { request } = await build(t)
    const cases: [string, string, number][] = [
      ['GET', 'Users/.search', 405],
      ['PUT', 'Users/.search', 405],
      ['PATCH', 'Users/.search', 405],
      ['DELETE', 'Users/.search', 405],
      ['OPTIONS', 'Users/.search', 405],
      ['GET', 'Groups/.search', 405],
      ['PUT', 'Groups/.search', 405],
      ['PATCH', 'Groups/.search', 405],
      ['DELETE', 'Groups/.search', 405],
      ['GET', '.search', 405],
      ['PUT', '.search', 405],
      ['PATCH', '.search', 405],
      ['DELETE', '.search', 405],
      ['GET', 'users/.SEARCH', 405],
      ['GET', '/t/default/scim/v2/Users/.search', 405],
      // An id that contains ".search" is read, written and deleted as any id (here: none such).
      ['GET', 'Users/x.search', 404],
      ['GET', 'Users/.searchx', 404],
      ['DELETE', 'Groups/x.search', 404],
      ['PATCH', 'Users/x.search', 404],
    ]
    for (const [method, path, status] of cases) {
      const body =
        method === 'PUT'
          ? fullUser()
          : method === 'PATCH'
            ? { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [] }
            : undefined
      const r = await request(method, path, body)
      if (status === 404) {
        const id = (path.split('/')[1] ?? '').replace('.', '\\.')
        assertError(r, 404, undefined, new RegExp(`^(User|Group) ${id} not found`))
        assert.equal(r.headers['allow'], undefined)
        continue
      }
      assertError(
        r,
        405,
        undefined,
        new RegExp(
          `^${method} is not allowed on .*\\.search: \\.search takes POST only \\(RFC 7644 §3\\.4\\.3\\)\\. POST a SearchRequest`,
          'i',
        ),
      )
      assert.equal(r.headers['allow'], 'POST', `${method} ${path}`)
      // Behind the same 401 as every SCIM route.
      assertError(await request(method, path, body, { authorization: 'Bearer nope' }), 401)
    }
    const head = await request('HEAD', 'Users/.search')
    assert.equal(head.status, 405)
    assert.equal(head.headers['allow'], 'POST')
    for (const path of ['Users/.search', 'Groups/.search', '.search']) {
      const r = await request('POST', path, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      })
      assert.equal(r.status, 200, `${path}: ${r.text}`)
    }
  })

  it('501 for /Me, which Roster does not serve (RFC 7644 §3.11), behind the same 401', async (t) => {
    const { request } = await build(t)
    for (const [method, path] of [
      ['GET', 'Me'],
      ['POST', 'Me'],
      ['PUT', 'Me'],
      ['PATCH', 'Me'],
      ['DELETE', 'Me'],
      ['GET', 'me?attributes=userName'],
      ['GET', '/t/acme/scim/v2/Me'],
      ['GET', 'Me/x'],
    ] as const) {
      const body = method === 'GET' || method === 'DELETE' ? undefined : {}
      const r = await request(method, path, body)
      // /t/acme is not a tenant: the same 401 as any bad credential, before anything else.
      if (path.startsWith('/t/acme')) assertError(r, 401)
      else assertError(r, 501, undefined, /^Roster does not serve \/Me \(RFC 7644 §3\.11\)/)
      assertError(await request(method, path, body, { authorization: 'Bearer nope' }), 401)
    }
  })

  it('never echoes a password in an error', async (t) => {
    const { request } = await build(t)
    const r = await request('POST', 'Users', { userName: 'ann', password: 'short' })
    assertError(r, 400, 'invalidValue', /password/)
    assert.doesNotMatch(r.text, /short"/)
  })
})

describe('500', () => {
  it('answers an unexpected failure with a bare 500 that leaks nothing; /readyz says 503', async (t) => {
    const { app, request, store } = await build(t)
    await store.close()
    const r = await request('GET', 'Users')
    assertError(r, 500)
    assert.equal(r.body.detail, 'Internal server error.')
    const ready = await app.inject({ method: 'GET', url: '/readyz' })
    assert.equal(ready.statusCode, 503)
    assert.equal(ready.headers['retry-after'], '5')
    const healthy = await app.inject({ method: 'GET', url: '/healthz' })
    assert.equal(healthy.statusCode, 200)
  })
})

describe('routing', () => {
  it('serves /scim/v2 too, tolerates a trailing slash, unknown query parameters and any path case', async (t) => {
    const { request } = await build(t)
    for (const path of [
      `${BASE}/Users/`,
      '/scim/v2/Users',
      `${BASE}/Users?aadOptscim062020`,
      `${BASE}//Users`,
      `${BASE}/users`,
      '/API/XM/1/SCIM/V2/USERS',
      `${BASE}/schemas`,
    ]) {
      const r = await request('GET', path)
      assert.equal(r.status, 200, path)
    }
  })
})
