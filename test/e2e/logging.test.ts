// The server's request log: ONE JSON line per request (method, path without the query string, status,
// duration, tenant, credential; for errors the scimType and detail; for a 401 why, in the log only), ISO
// times, and no secret (token, password, authorization header) in any line, even at debug level.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { describe, it } from 'node:test'
import { mintToken } from '../../src/auth/secret-token.js'
import { createApp } from '../../src/http/app.js'
import { createLogger, prettyLine } from '../../src/log.js'
import { defaultTenant } from '../../src/main.js'
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js'
import { BASE, fullUser } from '../helper.js'

type Line = Record<string, unknown>

describe('the request log', () => {
  it('writes one line per request saying what happened and why, and never a secret', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-log-'))
    const store = await openSqliteStore({ file: join(dir, 'roster.db') })
    const lines: string[] = []
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean))
        done()
      },
    })
    const app = await createApp({
      store,
      logger: createLogger('debug', sink, 'json'),
      bodyLimit: 1024 * 1024,
    })
    t.after(async () => {
      await app.close()
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    })
    const tenant = await defaultTenant(store)
    const { token, info } = await mintToken(store, tenant.id, 'entra', null)
    const revoked = await mintToken(store, tenant.id, 'old', null)
    await store.forTenant(tenant.id).revokeToken(revoked.info.id)
    const password = 'Sup3r-Secret-Passw0rd'
    const json = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' }

    const cases: {
      name: string
      method: 'GET' | 'POST' | 'PATCH'
      url: string
      headers?: Record<string, string>
      body?: unknown
      status: number
      want: Line
      absent?: string[]
    }[] = [
      {
        name: 'a create',
        method: 'POST',
        url: `${BASE}/Users`,
        headers: { ...json, 'x-request-id': 'req-42' },
        body: { ...fullUser(), password },
        status: 201,
        want: {
          reqId: 'req-42',
          method: 'POST',
          path: `${BASE}/Users`,
          tenant: 'default',
          credential: 'token entra',
          credentialId: info.id,
        },
        absent: ['scimType', 'detail', 'reason'],
      },
      {
        name: 'an X-Request-Id past 128 characters is not echoed (a generated id instead)',
        method: 'GET',
        url: `${BASE}/Users?count=0`,
        headers: { ...json, 'x-request-id': 'a'.repeat(129) },
        status: 200,
        want: { reqId: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/ },
      },
      {
        name: 'an X-Request-Id with markup or spaces is not echoed',
        method: 'GET',
        url: `${BASE}/Users?count=0`,
        headers: { ...json, 'x-request-id': '<script>alert(1)</script>' },
        status: 200,
        want: { reqId: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/ },
      },
      {
        name: "a proxy's X-Request-Id of 128 characters is echoed",
        method: 'GET',
        url: `${BASE}/Users?count=0`,
        headers: { ...json, 'x-request-id': `Root=1-${'0a'.repeat(59)}.:=` },
        status: 200,
        want: { reqId: `Root=1-${'0a'.repeat(59)}.:=` },
      },
      {
        name: 'an invalid value',
        method: 'POST',
        url: `${BASE}/Users`,
        headers: json,
        body: { ...fullUser('b@contoso.com'), phoneNumbers: [{ type: 'work', value: '555' }] },
        status: 400,
        want: { scimType: 'invalidValue', detail: /phoneNumbers\[0\]\.value/ },
      },
      {
        name: 'a query string (never logged: a credential may be there)',
        method: 'GET',
        url: `${BASE}/Users?filter=userName+eq+%22x%22&access_token=${token}`,
        headers: json,
        status: 200,
        want: { path: `${BASE}/Users` },
      },
      {
        name: 'a wrong token',
        method: 'GET',
        url: `${BASE}/Users`,
        headers: { authorization: `Bearer ${token}x` },
        status: 401,
        want: { reason: 'unknown secret token', detail: /./ },
        absent: ['credential'],
      },
      {
        name: 'a revoked token',
        method: 'GET',
        url: `${BASE}/Users`,
        headers: { authorization: `Bearer ${revoked.token}` },
        status: 401,
        want: { reason: `secret token ${revoked.info.id} revoked` },
      },
      {
        name: 'no credential',
        method: 'GET',
        url: `${BASE}/Users`,
        status: 401,
        want: { reason: 'no Authorization header' },
      },
      {
        name: 'an unknown tenant',
        method: 'GET',
        url: `/t/nosuch${BASE}/Users`,
        headers: { authorization: `Bearer ${token}` },
        status: 401,
        want: { reason: 'unknown tenant', path: `/t/nosuch${BASE}/Users` },
      },
      {
        name: 'a password change',
        method: 'PATCH',
        url: `${BASE}/Users/{id}`,
        headers: json,
        body: { Operations: [{ op: 'replace', path: 'password', value: `${password}!` }] },
        status: 200,
        want: { method: 'PATCH' },
      },
      {
        name: 'no endpoint',
        method: 'GET',
        url: '/nothing/here',
        status: 404,
        want: { detail: /no endpoint/ },
      },
    ]
    let id = ''
    for (const c of cases) {
      const before = lines.length
      const reply = await app.inject({
        method: c.method,
        url: c.url.replace('{id}', id),
        ...(c.headers ? { headers: c.headers } : {}),
        ...(c.body ? { payload: JSON.stringify(c.body) } : {}),
      })
      assert.equal(reply.statusCode, c.status, `${c.name}: ${reply.body}`)
      if (c.status === 201) id = reply.json<{ id: string }>().id
      const written = lines.slice(before).map((l) => JSON.parse(l) as Line)
      const requestLines = written.filter((l) => l['status'] !== undefined)
      assert.equal(requestLines.length, 1, `${c.name}: one line per request:\n${lines.join('\n')}`)
      const line = requestLines[0] as Line
      assert.equal(line['status'], c.status, c.name)
      assert.equal(line['msg'], `${c.method} ${line['path']} ${c.status}`, c.name)
      assert.match(String(line['time']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, 'ISO time')
      assert.equal(typeof line['durationMs'], 'number')
      for (const [key, value] of Object.entries(c.want)) {
        if (value instanceof RegExp) assert.match(String(line[key]), value, `${c.name}: ${key}`)
        else assert.equal(line[key], value, `${c.name}: ${key}`)
      }
      for (const key of c.absent ?? []) assert.equal(line[key], undefined, `${c.name}: ${key}`)
    }
    // Other lines of an authenticated request name its tenant and credential too.
    await store.forTenant(tenant.id).setSetting('unsupportedAttributes', 'ignore')
    const before = lines.length
    const ignored = await app.inject({
      method: 'POST',
      url: `${BASE}/Users`,
      headers: json,
      payload: JSON.stringify({ ...fullUser('c@contoso.com'), nickName: 'Cee' }),
    })
    assert.equal(ignored.statusCode, 201, ignored.body)
    const notice = lines
      .slice(before)
      .map((l) => JSON.parse(l) as Line)
      .find((l) => l['msg'] === 'unsupported attributes ignored (unsupportedAttributes=ignore)')
    assert.ok(notice, `no line for the ignored attribute:\n${lines.slice(before).join('\n')}`)
    assert.equal(notice['tenant'], 'default')
    assert.equal(notice['credential'], 'token entra')
    const text = lines.join('\n')
    for (const secret of [token, token.slice('roster_'.length), revoked.token, password])
      assert.ok(!text.includes(secret), `a secret in the log:\n${text}`)
  })

  it('is pretty for people: time, level, message and fields on one line', () => {
    const cases: [string, string][] = [
      [
        '{"level":30,"time":"2026-12-06T13:34:45.619Z","method":"GET","status":401,"reason":"unknown secret token","msg":"GET /Users 401"}',
        '13:34:45.619 INFO  GET /Users 401 method=GET status=401 reason="unknown secret token"',
      ],
      [
        '{"level":50,"time":"2026-12-06T13:34:45.619Z","msg":"shutdown failed"}',
        '13:34:45.619 ERROR shutdown failed',
      ],
      ['not json', 'not json'],
    ]
    for (const [json, pretty] of cases) assert.equal(prettyLine(json), pretty)
  })
})
