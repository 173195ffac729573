// Access tokens against a real SQLite store: what verifies, what does not, and that a database which
// cannot answer is an error (503 upstream), never a token judged invalid (which would be a 401 counted
// as a failed authentication).
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import type { TestContext } from 'node:test'
import { openSqliteStore } from '../store/sqlite/sqlite-store.js'
import { ACCESS_TOKEN_TTL_SECONDS, issueAccessToken, verifyAccessToken } from './access-token.js'
import { createClient } from './clients.js'

async function setup(t: TestContext) {
  const dir = mkdtempSync(join(tmpdir(), 'roster-at-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const store = await openSqliteStore({ file: join(dir, 'roster.db') })
  const tenant = await store.ensureTenant('acme', 'Acme')
  const { info } = await createClient(store, tenant.id, 'entra', 'scim')
  const now = new Date('2026-11-28T12:00:00Z')
  const token = await issueAccessToken(store, info, ['scim'], now)
  return { store, tenant, info, now, token, dir }
}

describe('access tokens', () => {
  it('verify with their claims until they expire', async (t) => {
    const { store, tenant, info, now, token } = await setup(t)
    t.after(() => store.close())
    assert.deepEqual(await verifyAccessToken(store, token, now), {
      clientId: info.id,
      tenantId: tenant.id,
      scopes: ['scim'],
    })
    const later = new Date(now.getTime() + (ACCESS_TOKEN_TTL_SECONDS + 1) * 1000)
    assert.equal(await verifyAccessToken(store, token, later), undefined)
  })

  const BROKEN: [string, (token: string) => string][] = [
    ['truncated', (t) => t.slice(0, -10)],
    ['not a JWT', () => 'abc.def'],
    [
      'payload swapped',
      (t) =>
        t.replace(
          /\.[^.]+\./,
          `.${Buffer.from('{"tid":"x","sub":"y","scope":"admin"}').toString('base64url')}.`,
        ),
    ],
  ]
  for (const [name, mangle] of BROKEN) {
    it(`refuse a ${name} token`, async (t) => {
      const { store, now, token } = await setup(t)
      t.after(() => store.close())
      assert.equal(await verifyAccessToken(store, mangle(token), now), undefined)
    })
  }

  it('throw, rather than answer invalid, when the database cannot answer', async (t) => {
    const { store, now, token, dir } = await setup(t)
    await store.close()
    // Another process's store, with nothing cached yet, on a database that cannot answer.
    const other = await openSqliteStore({ file: join(dir, 'roster.db') })
    await other.close()
    await assert.rejects(verifyAccessToken(other, token, now))
  })
})
