// The provisioning log end to end: SCIM requests through the app are recorded (credential, operation,
// changes, the SCIM error grouped by cause), `roster log` prints them with CLI changes as audit events,
// ROSTER_LOG=off records nothing, and /metrics is served on ROSTER_METRICS_PORT only.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import type { TestContext } from 'node:test'
import { mintToken } from '../../src/auth/secret-token.js'
import { createApp } from '../../src/http/app.js'
import { createLogger } from '../../src/log.js'
import { defaultTenant } from '../../src/main.js'
import { createMetrics } from '../../src/metrics.js'
import { pruneLog } from '../../src/provisioning/pruner.js'
import { createRecorder } from '../../src/provisioning/recorder.js'
import { openSqliteLog } from '../../src/store/sqlite/sqlite-log.js'
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js'
import { BASE, fullUser } from '../helper.js'
import { call, createToken, lastLine, sandbox } from '../process.js'

async function recorded(t: TestContext) {
  const dir = mkdtempSync(join(tmpdir(), 'roster-plog-'))
  const store = await openSqliteStore({ file: join(dir, 'roster.db') })
  const log = await openSqliteLog(join(dir, 'roster-log.db'))
  const recorder = createRecorder({ log })
  const metrics = createMetrics()
  const app = await createApp({
    store,
    log,
    recorder,
    metrics,
    logger: createLogger('silent'),
    bodyLimit: 1 << 20,
  })
  t.after(async () => {
    await app.close()
    await recorder.close()
    await log.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const tenant = await defaultTenant(store)
  const { token } = await mintToken(store, tenant.id, 'entra', null)
  const send = async (method: string, path: string, body?: unknown, auth = `Bearer ${token}`) =>
    app.inject({
      method: method as 'GET',
      url: `${BASE}${path}`,
      headers: { authorization: auth, 'content-type': 'application/scim+json' },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    })
  const entries = async () => {
    await recorder.flush()
    return log.entries(tenant.id, { limit: 100 })
  }
  return { app, store, log, recorder, metrics, tenant, send, entries }
}

describe('provisioning log: what a request records', () => {
  it('records a create with its changes and never the password', async (t) => {
    const { send, entries } = await recorded(t)
    const created = await send('POST', '/Users', fullUser())
    assert.equal(created.statusCode, 201)
    const [entry] = await entries()
    assert.equal(entry?.operation, 'create')
    assert.equal(entry?.actor, 'token entra')
    assert.equal(entry?.status, 201)
    assert.equal(entry?.resource, 'User')
    assert.equal(entry?.resourceId, created.json().id)
    assert.equal(entry?.target, 'Joy.Young@contoso.com')
    assert.ok(entry?.changes.some((c) => c.path === 'timezone' && c.new === 'America/Los_Angeles'))
    assert.ok(!JSON.stringify(entry).includes('Correct-Horse-9'))
    assert.ok((entry?.durationMs ?? -1) >= 0)
  })

  it('classifies match, update, disable, member add and delete', async (t) => {
    const { send, entries } = await recorded(t)
    const id = (await send('POST', '/Users', fullUser())).json().id as string
    await send('GET', `/Users?filter=userName+eq+%22Joy.Young%40contoso.com%22`)
    await send('PATCH', `/Users/${id}`, {
      Operations: [{ op: 'Replace', path: 'name.familyName', value: 'Yu' }],
    })
    await send('PATCH', `/Users/${id}`, {
      Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
    })
    const group = (await send('POST', '/Groups', { displayName: 'Ops' })).json().id as string
    await send('PATCH', `/Groups/${group}`, {
      Operations: [{ op: 'Add', path: 'members', value: [{ value: id }] }],
    })
    await send('DELETE', `/Users/${id}`)
    const list = (await entries()).reverse()
    assert.deepEqual(
      list.map((e) => e.operation),
      ['create', 'match', 'update', 'disable', 'create', 'member add', 'delete'],
    )
    assert.equal(list[1]?.target, 'Joy.Young@contoso.com')
    assert.deepEqual(list[2]?.changes, [{ path: 'name.familyName', old: 'Young', new: 'Yu' }])
    assert.deepEqual(list[3]?.changes, [{ path: 'active', old: 'true', new: 'false' }])
    assert.deepEqual(list[5]?.changes, [{ path: 'members', new: `added ${id}` }])
  })

  it('records errors with scimType, detail, the attributes at fault, grouped by cause', async (t) => {
    const { send, entries, log, tenant } = await recorded(t)
    for (const [i, phone] of ['555-0100', '555-0101'].entries()) {
      const reply = await send('POST', '/Users', {
        userName: `u${i}@contoso.com`,
        phoneNumbers: [{ type: 'Work Phone', value: phone }],
        roles: [{ value: 'Manager' }],
        displayName: 'x',
      })
      assert.equal(reply.statusCode, 400)
    }
    const [entry] = await entries()
    assert.equal(entry?.status, 400)
    assert.equal(entry?.scimType, 'invalidValue')
    assert.match(entry?.detail ?? '', /E\.164/)
    assert.deepEqual(entry?.attributes, [
      'displayName',
      'phoneNumbers[type eq "Work Phone"].value',
      'roles[].value',
    ])
    const groups = await log.causes(tenant.id, '2000-01-01T00:00:00.000Z', 10)
    assert.equal(groups.length, 3)
    assert.ok(groups.every((g) => g.count === 2 && g.users === 2))
    const fixes = groups.map((g) => g.fix).join('\n')
    assert.match(fixes, /displayName/)
    assert.match(fixes, /roster roles add/)
    // The fix's words are the SCIM error's detail.
    for (const g of groups)
      assert.ok(entry?.detail?.includes(g.fix.split(': ').pop()!.slice(0, 30)))
  })

  it('records a refused credential in the tenant it was meant for, with no secret', async (t) => {
    const { send, entries } = await recorded(t)
    const reply = await send('GET', '/Users', undefined, 'Bearer roster_nope')
    assert.equal(reply.statusCode, 401)
    const [entry] = await entries()
    assert.equal(entry?.status, 401)
    assert.equal(entry?.actor, 'unauthenticated')
    assert.ok(!JSON.stringify(entry).includes('roster_nope'))
  })

  it('counts requests in the metrics with bounded labels', async (t) => {
    const { send, metrics } = await recorded(t)
    await send('POST', '/Users', fullUser())
    await send('GET', '/Users/nosuch')
    const text = await metrics.registry.metrics()
    assert.match(
      text,
      /roster_http_requests_total\{tenant="default",resource="User",operation="create",status="2xx"\} 1/,
    )
    assert.match(text, /operation="read",status="4xx"\} 1/)
    assert.ok(!text.includes('nosuch'))
  })

  it('is not served on the SCIM port', async (t) => {
    const { app } = await recorded(t)
    assert.equal((await app.inject({ url: '/metrics' })).statusCode, 404)
  })
})

describe('provisioning log: retention', () => {
  it('prunes each tenant by its own logRetentionDays and logMaxRows', async (t) => {
    const { send, entries, store, log, tenant, recorder } = await recorded(t)
    for (let i = 0; i < 5; i++) await send('GET', '/Users')
    const acme = await store.ensureTenant('acme', 'Acme')
    recorder.record({ ...(await entries())[0]!, tenantId: acme.id })
    await recorder.flush()
    await store.forTenant(tenant.id).setSetting('logMaxRows', 2)
    const removed = await pruneLog(store, log, new Date())
    assert.equal(removed, 3)
    assert.equal((await entries()).length, 2)
    assert.equal((await log.entries(acme.id, { limit: 9 })).length, 1)
    await store.forTenant(tenant.id).setSetting('logRetentionDays', 1)
    assert.equal(await pruneLog(store, log, new Date(Date.now() + 2 * 86_400_000)), 2)
    assert.equal((await entries()).length, 0)
  })
})

describe('provisioning log: the recorder', () => {
  it('drops beyond its capacity, counts the drops and reports them in the log', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-plog-'))
    const log = await openSqliteLog(join(dir, 'roster-log.db'))
    t.after(async () => {
      await log.close()
      rmSync(dir, { recursive: true, force: true })
    })
    const recorder = createRecorder({ log, capacity: 5 })
    const entry = {
      time: new Date().toISOString(),
      tenantId: 't1',
      kind: 'request' as const,
      actor: 'token x',
      operation: 'read',
      status: 200,
      attributes: [],
      changes: [],
      causes: [],
    }
    for (let i = 0; i < 8; i++) recorder.record(entry)
    assert.equal(recorder.depth(), 5)
    assert.equal(recorder.dropped(), 3)
    await recorder.close()
    const entries = await log.entries('t1', { limit: 20 })
    assert.equal(entries.length, 6)
    assert.equal(entries[0]?.operation, 'log.dropped')
    assert.match(entries[0]?.detail ?? '', /^3 log entries were dropped/)
  })

  it('a failing log never fails the request path: the entries are counted as dropped', async () => {
    let errors = 0
    const recorder = createRecorder({
      log: {
        append: async () => {
          throw new Error('disk full')
        },
      } as never,
      onError: () => errors++,
    })
    recorder.record({
      time: '',
      tenantId: 't',
      kind: 'request',
      actor: 'a',
      operation: 'read',
      attributes: [],
      changes: [],
      causes: [],
    })
    await recorder.flush()
    assert.equal(recorder.dropped(), 1)
    assert.equal(errors, 1)
  })
})

describe('roster log (real processes)', () => {
  it('prints requests and CLI changes, newest first, as a table or JSON lines', async (t) => {
    const box = sandbox((fn) => t.after(fn))
    const server = await box.serve({ env: { ROSTER_METRICS_PORT: '0' } })
    const { token } = await createToken(box, 'entra')
    const ok = await call(`${server.tenantUrl}/Users`, { token, body: fullUser() })
    assert.equal(ok.status, 201)
    const bad = await call(`${server.tenantUrl}/Users`, {
      token,
      body: {
        userName: 'bad@contoso.com',
        roles: [{ value: 'Manager' }],
      },
    })
    assert.equal(bad.status, 400)
    assert.equal((await box.cli('roles', 'add', 'Manager')).code, 0)

    const json = await box.cli('log', '--json')
    assert.equal(json.code, 0, json.stderr)
    const lines = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    assert.deepEqual(
      lines.map((l) => l['operation']),
      ['roles.add', 'create', 'create', 'token.create'],
    )
    for (const key of [
      'time',
      'tenant',
      'credential',
      'method',
      'path',
      'resource',
      'id',
      'operation',
      'status',
      'scimType',
      'detail',
      'attributes',
      'changes',
      'durationMs',
    ])
      assert.ok(key in (lines[1] as object), key)
    assert.equal(lines[0]?.['status'], null)
    assert.match(String(lines[0]?.['credential']), /^cli:/)
    assert.equal(lines[1]?.['status'], 400)
    assert.equal(lines[1]?.['scimType'], 'invalidValue')
    assert.deepEqual(lines[1]?.['attributes'], ['roles[].value'])

    const errors = await box.cli('log', '--errors', '--json')
    assert.equal(errors.stdout.trim().split('\n').length, 1)
    const user = await box.cli('log', '--user', 'joy.young@CONTOSO.com', '--json')
    assert.equal(user.stdout.trim().split('\n').length, 1)
    const table = await box.cli('log', '--limit', '2')
    assert.match(table.stdout, /^TIME\s+CREDENTIAL\s+OPERATION/)
    assert.match(table.stdout, /roles\.add/)
    assert.equal(table.stdout.trim().split('\n').length, 3)
    const since = await box.cli('log', '--since', '2999-01-01', '--json')
    assert.equal(since.stdout, '')
    for (const [key, value, message] of [
      ['logRetentionDays', '0', /from 1 to 3650/],
      ['logMaxRows', 'many', /from 1 to/],
      ['consoleRoles', 'Company Admin,Nope', /Not roles of this tenant: Nope/],
    ] as const) {
      const refused = await box.cli('policy', 'set', key, value)
      assert.equal(refused.code, 1)
      assert.match(refused.stderr, message)
    }
    assert.equal((await box.cli('policy', 'set', 'logRetentionDays', '90')).code, 0)
    assert.match((await box.cli('policy', 'show')).stdout, /logRetentionDays\s+90/)
    const wrong = await box.cli('log', '--since', 'yesterday')
    assert.equal(wrong.code, 1)
    assert.match(wrong.stderr, /neither a duration/)

    const metricsUrl = /Metrics:\s+(\S+)/.exec(server.output().stderr)?.[1]
    assert.ok(metricsUrl)
    const scraped = await fetch(metricsUrl)
    assert.equal(scraped.status, 200)
    const text = await scraped.text()
    for (const name of [
      'roster_http_requests_total',
      'roster_http_request_duration_seconds_bucket',
      'roster_log_queue_depth',
      'roster_log_dropped_total',
      'roster_sqlite_wal_bytes',
      'roster_process_cpu_seconds_total',
    ])
      assert.ok(text.includes(name), name)
    assert.equal((await fetch(`${server.origin}/metrics`)).status, 404)
    await server.stop()
  })

  it('ROSTER_LOG=off records no request', async (t) => {
    const box = sandbox((fn) => t.after(fn))
    const server = await box.serve({ env: { ROSTER_LOG: 'off' } })
    const { token } = await createToken(box, 'entra')
    assert.equal((await call(`${server.tenantUrl}/Users`, { token, body: fullUser() })).status, 201)
    await server.stop()
    const json = await box.cli('log', '--json')
    assert.deepEqual(
      json.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { operation: string }).operation),
      ['token.create'],
    )
    assert.ok(lastLine(json.stdout))
  })
})
