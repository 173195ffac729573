// The cost bound (issue 12): a query of any cost runs off the event loop (SQLite's read pool) and ends
// within ROSTER_STATEMENT_TIMEOUT (503 with Retry-After); meanwhile /healthz and another tenant's
// requests are answered. Assertions are about order and outcome, never about elapsed time.
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { mintToken } from '../../src/auth/secret-token.js'
import { BASE, build } from '../helper.js'
import { seed } from '../seed.js'

describe('a costly query cannot stall the server', { timeout: 120_000 }, () => {
  it('is stopped at the deadline with 503 while /healthz and another tenant are answered', async (t) => {
    const { app, store, tenant, token, dir } = await build(t, { statementTimeoutMs: 25 })
    const other = await store.ensureTenant('other', 'Other')
    const otherToken = (await mintToken(store, other.id, 'entra', null)).token
    await store
      .forTenant(other.id)
      .createUser(
        { userName: 'ann@other.com', active: true, emails: [], phoneNumbers: [], roles: [] },
        undefined,
      )
    // 100,000 users: sorting them by family name with a substring filter takes far longer than 25 ms.
    seed(join(dir, 'roster.db'), tenant.id, (s) => {
      s.users(100_000, 'user', (i) => ({ familyName: `Family ${(i * 7919) % 100_000}` }))
    })
    const order: string[] = []
    const costly = app
      .inject({
        method: 'GET',
        url: `${BASE}/Users?filter=${encodeURIComponent('userName co "9" or name.familyName co "7"')}&sortBy=name.familyName&count=1000`,
        headers: { authorization: `Bearer ${token}` },
      })
      .then((r) => (order.push('costly'), r))
    const health = app
      .inject({ method: 'GET', url: '/healthz' })
      .then((r) => (order.push('health'), r))
    const match = app
      .inject({
        method: 'GET',
        url: `/t/other${BASE}/Users?filter=${encodeURIComponent('userName eq "ANN@other.com"')}`,
        headers: { authorization: `Bearer ${otherToken}` },
      })
      .then((r) => (order.push('other tenant'), r))
    const [c, h, m] = await Promise.all([costly, health, match])
    assert.equal(h.statusCode, 200)
    assert.equal(m.statusCode, 200)
    assert.equal(m.json().totalResults, 1)
    assert.equal(c.statusCode, 503, c.body.slice(0, 300))
    assert.ok(Number(c.headers['retry-after']) >= 1)
    assert.match(c.json().detail, /ROSTER_STATEMENT_TIMEOUT/)
    assert.deepEqual(order.slice(-1), ['costly'])
  })

  it('answers substring lists an index bounds to a few rows on the event loop, the others in the pool', async (t) => {
    // A deadline no read in a worker meets (1 ms from its start): a list the pool runs gets 503, one
    // answered on the event loop (like Entra's match) has no deadline and gets its page.
    const { request, tenant, dir } = await build(t, { statementTimeoutMs: 1 })
    seed(join(dir, 'roster.db'), tenant.id, (s) => {
      s.users(20_000, 'user', (i) => ({ familyName: `Family${i}` }))
    })
    const cases: [string, number | 'pool'][] = [
      ['userName co "ER4242@"', 1],
      ['userName ew "4242@contoso.com"', 2], // user4242@, user14242@
      ['userName sw "USER4242"', 1],
      ['name.familyName co "mily1234"', 11],
      ['emails.value co "r4242@"', 0],
      // Every trigram in every row: the scan, in the pool.
      ['userName co "contoso"', 'pool'],
      // No trigram: the scan.
      ['userName co "42"', 'pool'],
      // userName sw whose range holds thousands of the tenant's rows.
      ['userName sw "user1"', 'pool'],
    ]
    for (const [filter, expected] of cases) {
      const r = await request('GET', `Users?filter=${encodeURIComponent(filter)}`)
      if (expected === 'pool') {
        assert.equal(r.status, 503, `${filter}: ${r.text.slice(0, 200)}`)
      } else {
        assert.equal(r.status, 200, `${filter}: ${r.text.slice(0, 200)}`)
        assert.equal(r.body.totalResults, expected, filter)
      }
    }
  })

  it('keeps serving lists after a stopped query (the worker is replaced)', async (t) => {
    const slow = await build(t, { statementTimeoutMs: 25 })
    seed(join(slow.dir, 'roster.db'), slow.tenant.id, (s) => {
      s.users(100_000, 'user', (i) => ({ familyName: `F${(i * 7919) % 100_000}` }))
    })
    const stopped = await slow.request(
      'GET',
      'Users?sortBy=name.familyName&count=1000&startIndex=90000',
    )
    assert.equal(stopped.status, 503)
    // Another store (default deadline) uses the same pool: its lists are answered.
    const fine = await build(t)
    await fine.request('POST', 'Users', { userName: 'a@b.c' })
    for (let i = 0; i < 5; i++) {
      const r = await fine.request('GET', 'Users?filter=userName+sw+%22a%22&sortBy=userName')
      assert.equal(r.status, 200, r.text)
      assert.equal(r.body.totalResults, 1)
    }
  })
})
