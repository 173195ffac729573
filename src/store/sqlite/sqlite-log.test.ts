// The log contract on a SQLite file, through the worker thread (the server's way) and in process (the CLI's).
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import type { TestContext } from 'node:test'
import { request, runLogContract } from '../log.contract.js'
import { logFileFor, openSqliteLog, openSqliteLogHere } from './sqlite-log.js'

function tempFile(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'roster-log-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  return join(dir, 'roster-log.db')
}

runLogContract({
  name: 'SQLite, worker thread',
  newLog: async (t) => {
    const log = await openSqliteLog(tempFile(t))
    t.after(() => log.close())
    return log
  },
})
runLogContract({
  name: 'SQLite, in process',
  newLog: async (t) => {
    const log = await openSqliteLogHere(tempFile(t))
    t.after(() => log.close())
    return log
  },
})

describe('SQLite log file', () => {
  it('lives beside the main database', () => {
    assert.equal(logFileFor('/srv/data/roster.db'), '/srv/data/roster-log.db')
    assert.equal(logFileFor('/srv/x'), '/srv/x-log.db')
  })
  it('is shared by the worker and an in-process writer (the server and the CLI)', async (t) => {
    const file = tempFile(t)
    const server = await openSqliteLog(file)
    const cli = await openSqliteLogHere(file)
    t.after(async () => {
      await server.close()
      await cli.close()
    })
    await cli.append([request({ kind: 'audit', operation: 'token.create' })])
    await server.append([request()])
    assert.equal((await server.entries('t1', { limit: 9 })).length, 2)
  })
  it('a closed worker refuses further calls instead of hanging', async (t) => {
    const log = await openSqliteLog(tempFile(t))
    await log.close()
    await assert.rejects(log.append([request()]))
  })
})
