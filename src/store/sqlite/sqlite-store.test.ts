// The store contract on a real SQLite file, plus what is SQLite's own: durability settings and a reopen.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import type { TestContext } from 'node:test'
import Sqlite from 'better-sqlite3'
import { runGroupContract } from '../group.contract.js'
import { runKeysetContract } from '../keyset.contract.js'
import { runStoreContract, user } from '../store.contract.js'
import type { ContractOptions } from '../store.contract.js'
import { openSqliteStore } from './sqlite-store.js'

function tempFile(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'roster-sqlite-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  return join(dir, 'roster.db')
}

const sqlite: ContractOptions = {
  name: 'SQLite',
  newStore: async (t) => {
    const store = await openSqliteStore({ file: tempFile(t) })
    t.after(() => store.close())
    return store
  },
}
runStoreContract(sqlite)
runGroupContract(sqlite)
runKeysetContract(sqlite)

describe('SQLite adapter', () => {
  it('uses the WAL journal and keeps data across a reopen', async (t) => {
    const file = tempFile(t)
    const store = await openSqliteStore({ file })
    const tenant = await store.ensureTenant('acme', 'Acme')
    const created = await store.forTenant(tenant.id).createUser(user('ann'), undefined)
    await store.close()
    const raw = new Sqlite(file, { readonly: true })
    assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal')
    raw.close()
    const reopened = await openSqliteStore({ file })
    t.after(() => reopened.close())
    assert.deepEqual(await reopened.forTenant(tenant.id).getUser(created.id), created)
  })

  it('applies migrations once: a second open of the same file succeeds', async (t) => {
    const file = tempFile(t)
    await (await openSqliteStore({ file })).close()
    const again = await openSqliteStore({ file })
    t.after(() => again.close())
    await again.ping()
  })
})
