// `roster properties` as a real process on a temporary SQLite file, with a served process over real
// HTTP: each definition change applies to the running server's next request; removal is refused while
// users hold values unless --force; every change is an audit event in `roster log`.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { assertOk, assertRefused, call, createToken, sandbox } from '../process.js'
import type { Sandbox, Server } from '../process.js'

const EXT = 'urn:ietf:params:scim:schemas:extension:roster:2.0:User'

describe('roster properties', () => {
  let box: Sandbox
  let server: Server
  let token: string
  const cleanups: (() => Promise<void>)[] = []
  before(async () => {
    box = sandbox((fn) => cleanups.push(fn))
    token = (await createToken(box, 'props')).token
    server = await box.serve()
  })
  after(async () => {
    for (const fn of cleanups) await fn()
  })

  it('add, list, show; a running server sees the property on its next request', async () => {
    assertOk(await box.cli('properties', 'add', 'costCenter', '--description', 'Finance code'))
    const list = await box.cli(
      'properties',
      'add',
      'shift',
      '--values',
      'Day,Night',
      '--multi',
      '--max-length',
      '10',
    )
    assertOk(list)
    assert.match(list.stdout, new RegExp(`SCIM path ${EXT}:shift`))
    const listed = await box.cli('properties', 'list')
    assertOk(listed)
    assert.match(listed.stdout, /^NAME\s+TYPE\s+MULTI\s+REQUIRED\s+VALUES\n/)
    assert.match(listed.stdout, /\ncostCenter\s+string\n/)
    assert.match(listed.stdout, /\nshift\s+string\s+yes\s+Day, Night\n/)
    const created = await call(`${server.tenantUrl}/Users`, {
      token,
      body: { userName: 'ann@contoso.com', [EXT]: { costCenter: '42', shift: ['night'] } },
    })
    assert.equal(created.status, 201, created.text)
    assert.deepEqual(created.body[EXT], { costCenter: '42', shift: ['night'] })
    const shown = await box.cli('properties', 'show', 'COSTCENTER')
    assertOk(shown)
    assert.match(shown.stdout, new RegExp(`scim path: ${EXT}:costCenter\n`))
    assert.match(shown.stdout, /description: Finance code\n/)
    assert.match(shown.stdout, /users holding a value: 1\n/)
  })

  it('refuses bad definitions with a reason', async () => {
    assertRefused(await box.cli('properties', 'add', 'CostCenter'), /already exists/)
    assertRefused(await box.cli('properties', 'add', 'cost center'), /not an attribute name/)
    assertRefused(
      await box.cli('properties', 'add', 'n', '--type', 'integer', '--values', 'A'),
      /list property, whose type is string/,
    )
    const money = await box.cli('properties', 'add', 'n', '--type', 'money')
    assert.equal(money.code, 1)
    assert.match(money.stderr, /Allowed choices are string, integer, decimal, boolean, dateTime/)
    assertRefused(await box.cli('properties', 'show', 'nope'), /no property 'nope'/)
  })

  it('rename keeps values and moves ETags; remove is refused while users hold values, unless --force', async () => {
    const ann = await call(
      `${server.tenantUrl}/Users?filter=${encodeURIComponent('userName eq "ann@contoso.com"')}`,
      { token },
    )
    const before = await call(`${server.tenantUrl}/Users/${ann.body.Resources[0].id}`, { token })
    assert.ok(before.headers.get('etag'))
    assertOk(await box.cli('properties', 'rename', 'costCenter', 'financeCode'))
    // Ann's representation names the property: her ETag (meta.version) changes with the rename.
    const renamed = await call(`${server.tenantUrl}/Users/${ann.body.Resources[0].id}`, { token })
    assert.notEqual(renamed.headers.get('etag'), before.headers.get('etag'))
    assert.equal(renamed.body.meta.version, renamed.headers.get('etag'))
    const stale = await call(`${server.tenantUrl}/Users/${ann.body.Resources[0].id}`, {
      token,
      headers: { 'if-none-match': before.headers.get('etag') ?? '' },
    })
    assert.equal(stale.status, 200, 'the old ETag no longer matches')
    const filtered = await call(
      `${server.tenantUrl}/Users?filter=${encodeURIComponent(`${EXT}:financeCode eq "42"`)}`,
      { token },
    )
    assert.equal(filtered.status, 200, filtered.text)
    assert.equal(filtered.body.totalResults, 1)
    assert.deepEqual(filtered.body.Resources[0][EXT], { financeCode: '42', shift: ['night'] })
    assertRefused(
      await box.cli('properties', 'remove', 'financeCode'),
      /1 user holds a value of 'financeCode'; remove it with --force/,
    )
    const forced = await box.cli('properties', 'remove', 'financeCode', '--force')
    assertOk(forced)
    assert.match(forced.stdout, /Removed financeCode and the values of 1 user\./)
    const read = await call(`${server.tenantUrl}/Users/${filtered.body.Resources[0].id}`, { token })
    assert.deepEqual(read.body[EXT], { shift: ['night'] })
    const refused = await call(`${server.tenantUrl}/Users`, {
      token,
      body: { userName: 'bob@contoso.com', [EXT]: { financeCode: '1' } },
    })
    assert.equal(refused.status, 400)
    assert.match(refused.body.detail, new RegExp(`${EXT}:financeCode`))
  })

  it('every change is an audit event', async () => {
    const log = await box.cli('log', '--json')
    assertOk(log)
    const operations = log.stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { operation: string }).operation)
    for (const op of ['properties.add', 'properties.rename', 'properties.remove'])
      assert.ok(operations.includes(op), `${op} in ${operations.join(', ')}`)
  })
})
