// The store contract on a real PostgreSQL server, when DATABASE_URL is set (.ci/run sets it). Each test
// gets its own schema, dropped afterwards.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import net from 'node:net'
import { describe, it } from 'node:test'
import pg from 'pg'
import { runStoreContract } from '../store.contract.js'
import { openPostgresStore } from './postgres-store.js'

const url = process.env['DATABASE_URL']

if (url === undefined || url === '') {
  describe('Store contract: PostgreSQL', () => {
    it(
      'runs when DATABASE_URL is set (postgres://...); .ci/run sets it',
      { skip: 'DATABASE_URL is not set' },
      () => {},
    )
  })
} else {
  runStoreContract({
    name: 'PostgreSQL',
    newStore: async (t) => {
      const schema = `roster_test_${randomBytes(6).toString('hex')}`
      const admin = new pg.Client({ connectionString: url })
      await admin.connect()
      await admin.query(`create schema ${schema}`)
      await admin.end()
      const store = await openPostgresStore({ connectionString: url, schema, poolSize: 4 })
      t.after(async () => {
        await store.close()
        const cleanup = new pg.Client({ connectionString: url })
        await cleanup.connect()
        await cleanup.query(`drop schema ${schema} cascade`)
        await cleanup.end()
      })
      return store
    },
  })
}

if (url !== undefined && url !== '') {
  describe('PostgreSQL outage', () => {
    it('answers 503 with Retry-After while the database is unreachable, and recovers when it returns', async (t) => {
      const target = new URL(url)
      const sockets = new Set<net.Socket>()
      // A TCP relay in front of PostgreSQL that the test can cut and restore.
      const relay = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 5432), target.hostname)
        for (const s of [client, upstream]) {
          sockets.add(s)
          s.on('error', () => s.destroy())
          s.on('close', () => sockets.delete(s))
        }
        client.pipe(upstream).pipe(client)
      })
      await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve))
      const port = (relay.address() as net.AddressInfo).port
      const cut = async (): Promise<void> => {
        await new Promise<void>((resolve) => {
          relay.close(() => resolve())
          for (const s of sockets) s.destroy()
        })
      }
      const viaRelay = new URL(url)
      viaRelay.hostname = '127.0.0.1'
      viaRelay.port = String(port)
      const schema = `roster_test_${randomBytes(6).toString('hex')}`
      const admin = new pg.Client({ connectionString: url })
      await admin.connect()
      await admin.query(`create schema ${schema}`)
      const store = await openPostgresStore({
        connectionString: viaRelay.toString(),
        schema,
        poolSize: 2,
      })
      t.after(async () => {
        relay.close()
        for (const s of sockets) s.destroy()
        await store.close().catch(() => undefined)
        await admin.query(`drop schema ${schema} cascade`)
        await admin.end()
      })
      const tenant = await store.ensureTenant('acme', 'Acme')
      await store.ping()

      await cut()
      await assert.rejects(store.ping(), { status: 503, headers: { 'retry-after': '5' } })
      await assert.rejects(store.forTenant(tenant.id).settings(), { status: 503 })

      await new Promise<void>((resolve) => relay.listen(port, '127.0.0.1', resolve))
      await store.ping()
      assert.equal((await store.tenantBySlug('acme'))?.id, tenant.id)
    })
  })
}
