// Checkpoints off the event loop on a real file: the server's connection never checkpoints inside a
// COMMIT (wal_autocheckpoint = 0), and the worker's checkpoints keep the WAL from growing without end.
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import type { TestContext } from 'node:test'
import Sqlite from 'better-sqlite3'
import { walCheckpointer } from './checkpointer.js'
import type { CheckpointOptions } from './checkpointer.js'
import { openSqliteStore } from './sqlite-store.js'

// The worker's checkpoint runs while the test waits (it never blocks the writer, so it needs a pause).
const settle = () => new Promise((resolve) => setTimeout(resolve, 50))

describe('WAL checkpoints in a worker thread', () => {
  it('a store keeps its WAL bounded while it writes (its own connection never checkpoints)', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-ckpt-'))
    t.after(() => rmSync(dir, { recursive: true, force: true }))
    const file = join(dir, 'roster.db')
    const store = await openSqliteStore({ file, inline: true })
    t.after(() => store.close())
    const tenant = store.forTenant((await store.ensureTenant('c', 'C')).id)
    // 1,200 users of about 6 pages each: about 30 MiB of WAL if nothing checkpointed it.
    for (let i = 0; i < 1200; i++) {
      await tenant.createUser(
        {
          userName: `user${i}@contoso.com`,
          active: true,
          familyName: 'x'.repeat(200),
          emails: [{ value: `user${i}@contoso.com`, type: 'work', device: 'Work Email' }],
          phoneNumbers: [],
          roles: [],
        },
        undefined,
      )
      if (i % 100 === 99) await settle()
    }
    await settle()
    const size = statSync(`${file}-wal`).size
    assert.ok(size < 10 << 20, `the WAL is ${size} bytes`)
  })

  it('hands checkpoints back to the connection (onDeath) when the worker dies', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-ckpt-death-'))
    t.after(() => rmSync(dir, { recursive: true, force: true }))
    // A "database" the worker cannot open (a folder), beside a WAL file the server can.
    const file = join(dir, 'roster.db')
    mkdirSync(file)
    writeFileSync(`${file}-wal`, '')
    let deaths = 0
    const checkpoints = walCheckpointer(file, () => 0, { onDeath: () => deaths++ })
    t.after(() => checkpoints.close())
    for (let i = 0; i < 100 && deaths === 0; i++) await settle()
    assert.equal(deaths, 1)
  })

  it('checkpoints every 20 commits, and the WAL starts over', async (t) => {
    const { db, file, commit } = open(t, { commits: 20 })
    // 2,000 commits of a 2 KiB row: without checkpoints the WAL holds about 16 MiB.
    for (let i = 0; i < 2000; i++) {
      commit(1)
      if (i % 50 === 49) await settle()
    }
    await settle()
    const size = statSync(`${file}-wal`).size
    assert.ok(size < 4 << 20, `the WAL is ${size} bytes`)
    assert.equal((db.prepare('select count(*) as n from t').get() as { n: number }).n, 2000)
  })

  it('checkpoints after one commit that grew the WAL past the size, whatever the commit count', async (t) => {
    const { db, commit } = open(t, { commits: 1_000_000, bytes: 256 << 10 })
    commit(400)
    // The worker's first checkpoint waits for the thread to start.
    await new Promise((resolve) => setTimeout(resolve, 1000))
    commit(1)
    const [state] = db.pragma('wal_checkpoint(NOOP)') as { log: number }[]
    assert.ok(state!.log < 10, `${state!.log} frames in the WAL`)
  })
})

function open(t: TestContext, options: CheckpointOptions) {
  const dir = mkdtempSync(join(tmpdir(), 'roster-ckpt-'))
  const file = join(dir, 'db.sqlite')
  const db = new Sqlite(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('wal_autocheckpoint = 0')
  db.exec('create table t (id integer primary key, v text)')
  let made = 0
  const checkpoints = walCheckpointer(file, () => made, {
    ...options,
    catchUp: () => {
      db.pragma('wal_checkpoint(PASSIVE)')
      return true
    },
  })
  t.after(async () => {
    await checkpoints.close()
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const insert = db.prepare('insert into t (v) values (?)')
  /** One transaction of `rows` 2 KiB rows, then what the store does once it is on disk. */
  const commit = (rows: number) => {
    db.transaction(() => {
      for (let i = 0; i < rows; i++) insert.run('x'.repeat(2048))
    })()
    made++
    checkpoints.poke()
  }
  return { db, file, checkpoints, commit }
}
