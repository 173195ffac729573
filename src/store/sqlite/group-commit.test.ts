// Group commit on a real SQLite file: concurrent writes each wait for an fsync that began after their
// commit, and share fsyncs; reads wait for none.
import assert from 'node:assert/strict'
import { fsync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import Sqlite from 'better-sqlite3'
import { Kysely, SqliteDialect, sql } from 'kysely'
import { groupCommit } from './group-commit.js'
import { cachingStatements } from './statement-cache.js'

function open(t: { after(fn: () => void): void }) {
  const dir = mkdtempSync(join(tmpdir(), 'roster-gc-'))
  const file = join(dir, 'db.sqlite')
  const database = new Sqlite(file)
  database.pragma('journal_mode = WAL')
  database.pragma('synchronous = NORMAL')
  database.exec('create table t (id integer primary key, v text)')
  const connection = cachingStatements(database)
  const db = new Kysely<{ t: { id: number; v: string } }>({
    dialect: new SqliteDialect({ database: connection }),
  })
  const events: string[] = []
  const commit = groupCommit(`${file}-wal`, connection.commits, (fd, done) => {
    events.push(`sync start ${connection.commits()}`)
    fsync(fd, (error) => {
      events.push('sync end')
      done(error)
    })
  })
  t.after(() => {
    commit.close()
    database.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return { db, connection, commit, events }
}

describe('group commit', () => {
  it('acknowledges each of 50 concurrent transactions after an fsync begun after its commit, in fewer fsyncs', async (t) => {
    const { db, connection, commit, events } = open(t)
    const acknowledged: { commit: number; syncsStartedAfter: number }[] = []
    await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('t')
            .values({ id: i, v: `v${i}` })
            .execute()
        })
        const mine = connection.commits()
        await commit.durable()
        // A sync that started once this commit counted, and ended before this acknowledgement.
        const syncs = events
          .map((e, at) => ({ e, at }))
          .filter(({ e }) => e.startsWith('sync start') && Number(e.split(' ')[2]) >= mine)
        acknowledged.push({ commit: mine, syncsStartedAfter: syncs.length })
      }),
    )
    assert.equal(acknowledged.length, 50)
    for (const a of acknowledged) assert.ok(a.syncsStartedAfter >= 1, JSON.stringify(a))
    const syncs = events.filter((e) => e.startsWith('sync start')).length
    assert.ok(syncs >= 1 && syncs < 50, `${syncs} fsyncs for 50 commits`)
    assert.equal(connection.commits(), 50)
  })

  it('counts an autocommit write as a commit, and a read as none', async (t) => {
    const { db, connection, commit, events } = open(t)
    await sql`select count(*) from t`.execute(db)
    assert.equal(commit.pending(), false)
    await commit.durable()
    assert.equal(connection.commits(), 0)
    assert.deepEqual(events, [])
    await db.insertInto('t').values({ id: 1, v: 'a' }).execute()
    assert.equal(connection.commits(), 1)
    assert.equal(commit.pending(), true)
    await commit.durable()
    assert.equal(commit.pending(), false)
    assert.deepEqual(events, ['sync start 1', 'sync end'])
  })
})
