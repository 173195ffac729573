// Structured logs: one line per request event with its request id, tenant and token id; no secret
// (token, password, authorization header) ever reaches a line, even at debug level.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { describe, it } from 'node:test'
import { mintToken } from '../../src/auth/secret-token.js'
import { createApp } from '../../src/http/app.js'
import { createLogger } from '../../src/log.js'
import { defaultTenant } from '../../src/main.js'
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js'
import { BASE, fullUser } from '../helper.js'

describe('logs', () => {
  it('carry the request id, tenant and token id, and never a secret', async (t) => {
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
      logger: createLogger('debug', sink),
      bodyLimit: 1024 * 1024,
    })
    t.after(async () => {
      await app.close()
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    })
    const tenant = await defaultTenant(store)
    const { token, info } = await mintToken(store, tenant.id, 'entra', null)
    const password = 'Sup3r-Secret-Passw0rd'
    const created = await app.inject({
      method: 'POST',
      url: `${BASE}/Users`,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/scim+json',
        'x-request-id': 'req-42',
      },
      payload: JSON.stringify({ ...fullUser(), password }),
    })
    assert.equal(created.statusCode, 201)
    const refused = await app.inject({
      method: 'GET',
      url: `${BASE}/Users`,
      headers: { authorization: `Bearer ${token}x` },
    })
    assert.equal(refused.statusCode, 401)
    const patched = await app.inject({
      method: 'PATCH',
      url: `${BASE}/Users/${created.json().id}`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      payload: JSON.stringify({
        Operations: [{ op: 'replace', path: 'password', value: `${password}!` }],
      }),
    })
    assert.equal(patched.statusCode, 200)

    const text = lines.join('\n')
    assert.ok(lines.length >= 6, text)
    for (const secret of [token, token.slice('roster_'.length), password])
      assert.ok(!text.includes(secret), secret)
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>)
    const completed = entries.find(
      (e) => e['reqId'] === 'req-42' && e['msg'] === 'request completed',
    )
    assert.ok(completed, text)
    assert.equal(completed['tenant'], 'default')
    assert.equal(completed['tokenId'], info.id)
  })
})
