// Created and last-used times of tokens and OAuth clients, end to end: a served process and the real
// CLI on one SQLite file. A token used over HTTP shows when (the server writes it off the request's
// path, so the test reads until it appears, within a bound); an unused one shows never; a client used
// with Basic credentials likewise.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { assertOk, call, createToken, sandbox } from '../process.js'
import type { Sandbox, Server } from '../process.js'

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/

/** `list --json` of tokens or clients, read until `done` holds for it (at most 40 reads). */
async function listUntil(
  box: Sandbox,
  what: 'token' | 'client',
  done: (rows: Record<string, unknown>[]) => boolean,
): Promise<Record<string, unknown>[]> {
  let rows: Record<string, unknown>[] = []
  for (let i = 0; i < 40; i++) {
    const result = await box.cli(what, 'list', '--json')
    assertOk(result)
    rows = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    if (done(rows)) return rows
    await sleep(250)
  }
  return rows
}

describe('created and last-used times of credentials', () => {
  let box: Sandbox
  let server: Server
  const cleanups: (() => Promise<void>)[] = []
  after(async () => {
    for (const cleanup of cleanups) await cleanup()
  })
  before(async () => {
    box = sandbox((fn) => cleanups.push(fn))
    await box.cli('init')
    server = await box.serve()
  })

  it('a token used over HTTP shows a last-used time; an unused one shows never', async () => {
    const started = new Date().toISOString()
    const used = await createToken(box, 'entra')
    const unused = await createToken(box, 'okta')
    assert.equal((await call(`${server.tenantUrl}/Users`, { token: used.token })).status, 200)
    const rows = await listUntil(box, 'token', (r) =>
      r.some((t) => t['id'] === used.id && t['lastUsedAt'] !== null),
    )
    const usedRow = rows.find((t) => t['id'] === used.id)
    const unusedRow = rows.find((t) => t['id'] === unused.id)
    assert.match(String(usedRow?.['lastUsedAt']), ISO)
    assert.ok(String(usedRow?.['lastUsedAt']) >= started, 'used after the test started')
    assert.ok(String(usedRow?.['lastUsedAt']) >= String(usedRow?.['created']))
    assert.equal(unusedRow?.['lastUsedAt'], null)
    assert.match(String(unusedRow?.['created']), ISO)

    const table = await box.cli('token', 'list')
    assertOk(table)
    assert.match(table.stdout, /^ID\s+NAME\s+CREATED\s+LAST USED\s+EXPIRES\s+STATUS\n/)
    const line = (id: string): string =>
      table.stdout.split('\n').find((l) => l.startsWith(id)) ?? `no row for ${id}`
    assert.match(line(used.id), /^\S+ {2}entra {2}\S+Z {2}\d{4}-\S+Z {2}never +active$/)
    assert.match(line(unused.id), /^\S+ {2}okta {3}\S+Z {2}never {2,}never +active$/)
  })

  it('a client used with Basic credentials shows a last-used time', async () => {
    const created = await box.cli('client', 'create', '--name', 'basic')
    assertOk(created)
    const id = /^client_id: (\S+)$/m.exec(created.stdout)?.[1] as string
    const secret = /^client_secret: (\S+)$/m.exec(created.stdout)?.[1] as string
    let rows = await listUntil(box, 'client', () => true)
    assert.equal(rows.find((c) => c['clientId'] === id)?.['lastUsedAt'], null)
    const basic = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`
    const reply = await call(`${server.tenantUrl}/Users`, { headers: { authorization: basic } })
    assert.equal(reply.status, 200)
    rows = await listUntil(box, 'client', (r) =>
      r.some((c) => c['clientId'] === id && c['lastUsedAt'] !== null),
    )
    assert.match(String(rows.find((c) => c['clientId'] === id)?.['lastUsedAt']), ISO)
  })
})
