// The last-use recorder on real stores (SQLite, and PostgreSQL when DATABASE_URL is set): what a
// sequence of uses writes (at most once a minute per credential in a process, never backwards), and a
// failing write that is reported, never thrown.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import type { TestContext } from 'node:test'
import { defaultTenant } from '../open.js'
import { testSchemaStore } from '../store/postgres/test-schema.js'
import { openSqliteStore } from '../store/sqlite/sqlite-store.js'
import type { Store } from '../store/store.js'
import { LAST_USE_INTERVAL_MS, lastUseRecorder } from './last-used.js'
import type { NoteUse } from './last-used.js'
import { mintToken } from './secret-token.js'

const T0 = Date.parse('2026-12-06T10:00:00.000Z')
const at = (ms: number): string => new Date(T0 + ms).toISOString()

/** Uses of one token at these offsets from T0 (ms), in order → the last-used time stored. */
const CASES: readonly { name: string; uses: readonly number[]; stored: string | null }[] = [
  { name: 'never used', uses: [], stored: null },
  { name: 'one use', uses: [0], stored: at(0) },
  { name: 'uses within a minute: the first is written', uses: [0, 1_000, 59_999], stored: at(0) },
  {
    name: 'a use a minute after the last write is written',
    uses: [0, 30_000, LAST_USE_INTERVAL_MS],
    stored: at(LAST_USE_INTERVAL_MS),
  },
  {
    name: 'every minute, for an hour',
    uses: Array.from({ length: 61 }, (_, i) => i * LAST_USE_INTERVAL_MS),
    stored: at(60 * LAST_USE_INTERVAL_MS),
  },
]

const url = process.env['DATABASE_URL']
const STORES: readonly { name: string; open: (t: TestContext) => Promise<Store> }[] = [
  {
    name: 'SQLite',
    open: async (t) => {
      const dir = mkdtempSync(join(tmpdir(), 'roster-last-used-'))
      const store = await openSqliteStore({ file: join(dir, 'roster.db') })
      t.after(async () => {
        await store.close().catch(() => undefined)
        rmSync(dir, { recursive: true, force: true })
      })
      return store
    },
  },
  ...(url
    ? [
        {
          name: 'PostgreSQL',
          open: async (t: TestContext) => (await testSchemaStore(url, t)).store,
        },
      ]
    : []),
]

for (const { name: storeName, open } of STORES) {
  describe(`last use of a credential (${storeName})`, () => {
    for (const c of CASES) {
      it(c.name, async (t) => {
        const store = await open(t)
        const tenant = await defaultTenant(store)
        const { info } = await mintToken(store, tenant.id, 'entra', null)
        const errors: unknown[] = []
        const note = lastUseRecorder(store, (error) => errors.push(error))
        for (const offset of c.uses)
          await note({ kind: 'token', tenantId: tenant.id, id: info.id }, new Date(T0 + offset))
        const [token] = await store.forTenant(tenant.id).listTokens()
        assert.equal(token?.lastUsedAt, c.stored)
        assert.deepEqual(errors, [])
      })
    }

    it('another process writing an earlier time does not move it back; clients are kept apart from tokens', async (t) => {
      const store = await open(t)
      const tenant = await defaultTenant(store)
      const { info } = await mintToken(store, tenant.id, 'entra', null)
      const errors: unknown[] = []
      const [one, two] = [0, 1].map(() => lastUseRecorder(store, (e) => errors.push(e))) as [
        NoteUse,
        NoteUse,
      ]
      await one({ kind: 'token', tenantId: tenant.id, id: info.id }, new Date(T0 + 5_000))
      await two({ kind: 'token', tenantId: tenant.id, id: info.id }, new Date(T0))
      // A client with the token's id (there is none) is another credential: nothing is written.
      await one({ kind: 'client', tenantId: tenant.id, id: info.id }, new Date(T0 + 9_000))
      const [token] = await store.forTenant(tenant.id).listTokens()
      assert.equal(token?.lastUsedAt, at(5_000))
      assert.deepEqual(errors, [])
    })

    it('a failed write is reported, never thrown, and not retried within the minute', async (t) => {
      const store = await open(t)
      const tenant = await defaultTenant(store)
      const { info } = await mintToken(store, tenant.id, 'entra', null)
      const errors: unknown[] = []
      const note = lastUseRecorder(store, (error) => errors.push(error))
      await store.close()
      const use = { kind: 'token', tenantId: tenant.id, id: info.id } as const
      await note(use, new Date(T0))
      assert.equal(errors.length, 1)
      assert.equal(note(use, new Date(T0 + 1_000)), undefined)
      assert.equal(errors.length, 1)
    })
  })
}
