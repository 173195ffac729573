// Rate limits shared by instances (issue 12): two app instances on one store count failures and
// requests together through Redis (127.0.0.1:6379) or PostgreSQL (DATABASE_URL), so N instances do not
// multiply the limits; with Redis unreachable, limits hold per instance, a warning is logged, and no
// request fails because of it.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createConnection } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { describe, it } from 'node:test'
import type { TestContext } from 'node:test'
import pg from 'pg'
import { mintToken } from '../../src/auth/secret-token.js'
import { createApp } from '../../src/http/app.js'
import { FAILURES_PER_ADDRESS } from '../../src/http/rate-limits.js'
import { createLogger } from '../../src/log.js'
import type { Logger } from '../../src/log.js'
import { defaultTenant } from '../../src/main.js'
import { postgresLimiters, redisLimiters } from '../../src/shared-limits.js'
import type { SharedLimiters } from '../../src/shared-limits.js'
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js'

const REDIS = 'redis://127.0.0.1:6379'
const PG = process.env['DATABASE_URL']
const USERS = '/api/xm/1/scim/v2/Users'

const reachable = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createConnection(port, '127.0.0.1')
    socket.once('connect', () => (socket.end(), resolve(true)))
    socket.once('error', () => resolve(false))
  })

/** Two app instances on one SQLite store, each with its own limiters from `make`. */
async function twoInstances(t: TestContext, make: (logger: Logger) => SharedLimiters) {
  const dir = mkdtempSync(join(tmpdir(), 'roster-limits-'))
  const store = await openSqliteStore({ file: join(dir, 'roster.db') })
  const tenant = await defaultTenant(store)
  const { token } = await mintToken(store, tenant.id, 'entra', null)
  const lines: string[] = []
  const logger = createLogger(
    'info',
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString())
        done()
      },
    }),
  )
  const shared = [make(logger), make(logger)]
  await Promise.all(shared.map((s) => s.ready()))
  const apps = await Promise.all(
    shared.map((s) => createApp({ store, logger, bodyLimit: 1 << 20, limiters: s.make })),
  )
  t.after(async () => {
    for (const app of apps) await app.close()
    for (const s of shared) await s.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const call = (i: number, authorization: string, address = '198.51.100.7') =>
    apps[i % 2]!.inject({
      method: 'GET',
      url: USERS,
      headers: { authorization },
      remoteAddress: address,
    })
  return { call, token, store, tenant, lines }
}

async function sharesLimits(
  t: TestContext,
  make: (logger: Logger) => SharedLimiters,
): Promise<void> {
  const { call, token } = await twoInstances(t, make)
  // The failures alternate between the two instances: each sees only half of them.
  for (let i = 0; i < FAILURES_PER_ADDRESS; i++) {
    assert.equal((await call(i, 'Bearer roster_wrong')).statusCode, 401)
  }
  const beyond = await call(FAILURES_PER_ADDRESS, 'Bearer roster_wrong')
  assert.equal(beyond.statusCode, 429, 'the limit counts the failures of both instances')
  assert.ok(Number(beyond.headers['retry-after']) >= 1)
  // A valid credential from that address still works on both.
  assert.equal((await call(0, `Bearer ${token}`)).statusCode, 200)
  assert.equal((await call(1, `Bearer ${token}`)).statusCode, 200)
}

describe('rate limits shared by instances', () => {
  it('through Redis: failures on two instances add up', async (t) => {
    if (!(await reachable(6379))) return t.skip('Redis is not running on 127.0.0.1:6379')
    const namespace = `roster-test-${randomBytes(4).toString('hex')}`
    await sharesLimits(t, (logger) => redisLimiters(REDIS, logger, namespace))
  })

  it('through Redis: requestsPerMinute holds for the tenant across instances', async (t) => {
    if (!(await reachable(6379))) return t.skip('Redis is not running on 127.0.0.1:6379')
    const namespace = `roster-test-${randomBytes(4).toString('hex')}`
    const { call, token, store, tenant } = await twoInstances(t, (logger) =>
      redisLimiters(REDIS, logger, namespace),
    )
    await store.forTenant(tenant.id).setSetting('requestsPerMinute', 4)
    const statuses = []
    for (let i = 0; i < 6; i++) statuses.push((await call(i, `Bearer ${token}`)).statusCode)
    assert.deepEqual(statuses, [200, 200, 200, 200, 429, 429])
  })

  it(
    'through PostgreSQL: failures on two instances add up',
    { skip: PG ? false : 'DATABASE_URL is not set' },
    async (t) => {
      const tableName = `roster_rl_${randomBytes(4).toString('hex')}`
      t.after(async () => {
        const admin = new pg.Client({ connectionString: PG })
        await admin.connect()
        await admin.query(`drop table if exists ${tableName}`)
        await admin.end()
      })
      await sharesLimits(t, (logger) => postgresLimiters(PG as string, logger, { tableName }))
    },
  )

  it('with Redis unreachable: every request is answered, limits hold per instance, a warning is logged', async (t) => {
    const { call, token, lines } = await twoInstances(t, (logger) =>
      redisLimiters('redis://127.0.0.1:1', logger),
    )
    assert.equal((await call(0, `Bearer ${token}`)).statusCode, 200)
    // Per instance: the failures of one instance alone reach the limit.
    for (let i = 0; i < FAILURES_PER_ADDRESS; i++) {
      assert.equal((await call(0, 'Bearer roster_wrong', '203.0.113.9')).statusCode, 401)
    }
    assert.equal((await call(0, 'Bearer roster_wrong', '203.0.113.9')).statusCode, 429)
    assert.equal((await call(1, 'Bearer roster_wrong', '203.0.113.9')).statusCode, 401)
    assert.ok(
      lines.some((l) => /Redis is unreachable: rate limits are counted per instance/.test(l)),
      lines.join(''),
    )
  })
})
