// `roster serve` as a real process over real HTTP on 127.0.0.1: Entra's Test Connection, the CLI changing
// tokens and settings under a running server, a restart on the same database, and graceful shutdown.
import assert from 'node:assert/strict'
import { createHash, randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { Agent, request } from 'node:http'
import type { IncomingHttpHeaders } from 'node:http'
import { connect } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { fullUser } from '../helper.js'
import { call, createToken, sandbox } from '../process.js'
import type { Sandbox, Server } from '../process.js'

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User'
const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'

/** Entra's Test Connection: a filter on a userName that exists nowhere. */
function testConnection(base: string, extra = ''): string {
  return `${base}/Users?filter=userName+eq+%22${randomUUID()}%22${extra}`
}

/** Whether a TCP connection to host:port succeeds within 2 s. */
function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 })
    const done = (ok: boolean): void => {
      socket.destroy()
      resolve(ok)
    }
    socket.once('connect', () => done(true))
    socket.once('timeout', () => done(false))
    socket.once('error', () => done(false))
  })
}

/** Resolves once new connections to the server are refused (it has begun to shut down). */
async function refusesConnections(server: Server): Promise<void> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    try {
      const reply = await call(`${server.origin}/healthz`)
      if (reply.status === 503) return
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code
      if (code === 'ECONNREFUSED' || code === 'ECONNRESET') return
      throw error
    }
    await sleep(50)
  }
  throw new Error('the server still accepts new requests 10 s after SIGTERM')
}

interface Sent {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- asserted field by field
  readonly body: any
}

/**
 * POST /Users whose body is sent only after `between` has run: the request carries Expect: 100-continue,
 * so when the server's 100 Continue arrives the request is certainly in the server's hands; then half of
 * the body is sent, `between` runs, and the rest follows.
 */
function slowPost(
  server: Server,
  token: string,
  user: unknown,
  agent: Agent | false,
  between: () => Promise<void>,
): Promise<Sent> {
  const body = Buffer.from(JSON.stringify(user))
  return new Promise<Sent>((resolve, reject) => {
    const req = request(`${server.tenantUrl}/Users`, {
      method: 'POST',
      agent,
      timeout: 20_000,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/scim+json',
        'content-length': body.length,
        expect: '100-continue',
      },
    })
    req.on('timeout', () => req.destroy(new Error('no response within 20 s')))
    req.on('error', reject)
    req.on('continue', () => {
      req.write(body.subarray(0, 40))
      between().then(
        () => req.end(body.subarray(40)),
        (error: unknown) => req.destroy(error as Error),
      )
    })
    req.on('response', (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('error', reject)
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) })
        } catch (error) {
          reject(error as Error)
        }
      })
    })
  })
}

describe('roster serve', { concurrency: 3 }, () => {
  describe('a running server', () => {
    const box: Sandbox = sandbox((fn) => after(fn))
    let server: Server
    let token: string
    before(async () => {
      token = (await createToken(box, 'entra')).token
      server = await box.serve()
    })

    it('prints its Tenant URL and listens on 127.0.0.1 only', async () => {
      assert.match(server.output().stderr, /^Roster is serving SCIM 2\.0/)
      assert.equal(server.tenantUrl, `http://127.0.0.1:${server.port}/api/xm/1/scim/v2`)
      assert.notEqual(server.port, 0)
      // All of 127.0.0.0/8 is loopback on Linux: a server listening on every address answers 127.0.0.2.
      assert.equal(await connects('127.0.0.2', server.port), false, 'not listening on 127.0.0.2')
      assert.equal(await connects('127.0.0.1', server.port), true)
    })

    it("answers Entra's Test Connection under both prefixes", async () => {
      const urls = [
        testConnection(server.tenantUrl),
        testConnection(`${server.origin}/scim/v2`),
        testConnection(server.tenantUrl).replace('/Users?', '/Users/?'),
        testConnection(server.tenantUrl, '&aadOptscim062020'),
        testConnection(`${server.origin}/scim/v2`, '&aadOptscim062020'),
      ]
      for (const url of urls) {
        const reply = await call(url, { token })
        assert.equal(reply.status, 200, `${url}: ${reply.text}`)
        assert.match(reply.headers.get('content-type') ?? '', /^application\/scim\+json/)
        assert.deepEqual(reply.body, {
          schemas: [LIST_RESPONSE],
          totalResults: 0,
          itemsPerPage: 0,
          startIndex: 1,
          Resources: [],
        })
      }
      const anonymous = await call(testConnection(server.tenantUrl))
      assert.equal(anonymous.status, 401)
      assert.match(anonymous.headers.get('www-authenticate') ?? '', /^Bearer/)
      const wrong = await call(testConnection(server.tenantUrl), { token: `${token}x` })
      assert.equal(wrong.status, 401)
    })

    it('answers /healthz and /readyz without a token', async () => {
      const health = await call(`${server.origin}/healthz`)
      assert.equal(health.status, 200)
      assert.deepEqual(health.body, { status: 'ok' })
      const ready = await call(`${server.origin}/readyz`)
      assert.equal(ready.status, 200)
      assert.deepEqual(ready.body, { status: 'ready' })
    })
  })

  describe('the CLI under a running server', () => {
    const box: Sandbox = sandbox((fn) => after(fn))
    let server: Server
    before(async () => {
      server = await box.serve()
    })

    it('a token created while serving works at once, and is refused at once once revoked', async () => {
      const url = testConnection(server.tenantUrl)
      const { token, id } = await createToken(box, 'okta')
      assert.equal((await call(url, { token })).status, 200)
      // The server keeps the database open, so the new row is (at least) in the -wal file.
      assert.ok(existsSync(`${box.db}-wal`))
      const bytes = box.dbBytes()
      assert.ok(bytes.includes(createHash('sha256').update(token).digest('hex')))
      assert.ok(!bytes.includes(token), 'the token is not stored, not even in the WAL')
      const revoked = await box.cli('token', 'revoke', id)
      assert.equal(revoked.code, 0, revoked.stderr)
      const refused = await call(url, { token })
      assert.equal(refused.status, 401, refused.text)
      assert.equal((await call(`${server.tenantUrl}/Users`, { token })).status, 401)
    })

    it('a settings change takes effect at once', async () => {
      const { token } = await createToken(box, 'entra')
      const post = (fields: Record<string, unknown>) =>
        call(`${server.tenantUrl}/Users`, {
          token,
          body: { schemas: [CORE], userName: `${randomUUID()}@example.org`, ...fields },
        })
      const night = { roles: [{ value: 'Night Operator', primary: true }] }
      const unknownRole = await post(night)
      assert.equal(unknownRole.status, 400, unknownRole.text)
      assert.match(unknownRole.body.detail, /'Night Operator' is not a role of this tenant/)
      const added = await box.cli('roles', 'add', 'Night Operator')
      assert.equal(added.code, 0, added.stderr)
      const created = await post(night)
      assert.equal(created.status, 201, created.text)
      assert.deepEqual(created.body.roles, night.roles)

      const display = { displayName: 'Joy Young', nickName: 'Joy' }
      const rejected = await post(display)
      assert.equal(rejected.status, 400, rejected.text)
      assert.match(rejected.body.detail, /displayName, nickName/)
      const ignore = await box.cli('policy', 'set', 'unsupportedAttributes', 'ignore')
      assert.equal(ignore.code, 0, ignore.stderr)
      const accepted = await post(display)
      assert.equal(accepted.status, 201, accepted.text)
      assert.equal(accepted.body.displayName, undefined)
      assert.equal(accepted.body.nickName, undefined)
    })
  })

  it('50 concurrent PATCHes through two server processes on one database all land', async (t) => {
    const box = sandbox((fn) => t.after(fn))
    const { token } = await createToken(box, 'entra')
    const roles = Array.from({ length: 50 }, (_, i) => `Rotation ${i}`)
    const added = await box.cli('roles', 'add', ...roles)
    assert.equal(added.code, 0, added.stderr)
    const [a, b] = await Promise.all([box.serve(), box.serve()])
    const created = await call(`${a.tenantUrl}/Users`, {
      token,
      body: { userName: 'busy@contoso.com' },
    })
    assert.equal(created.status, 201, created.text)
    const replies = await Promise.all(
      roles.map((value, i) =>
        call(`${(i % 2 ? a : b).tenantUrl}/Users/${created.body.id}`, {
          method: 'PATCH',
          token,
          body: {
            schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
            Operations: [{ op: 'Add', path: 'roles', value: [{ value }] }],
          },
        }),
      ),
    )
    for (const reply of replies) assert.equal(reply.status, 200, reply.text)
    const final = await call(`${b.tenantUrl}/Users/${created.body.id}`, { token })
    const held = new Set(final.body.roles.map((r: { value: string }) => r.value))
    for (const role of roles) assert.ok(held.has(role), role)
    assert.equal(final.body.meta.version, `W/"${roles.length + 1}"`)
  })

  it('a restart on the same database keeps users and tokens', async (t) => {
    const box = sandbox((fn) => t.after(fn))
    const { token } = await createToken(box, 'entra')
    const first = await box.serve()
    const created = await call(`${first.tenantUrl}/Users`, { token, body: fullUser() })
    assert.equal(created.status, 201, created.text)
    const url = `${first.tenantUrl}/Users/${created.body.id}`
    const read = await call(url, { token })
    assert.equal(read.status, 200)
    assert.deepEqual(read.body, created.body)

    assert.deepEqual(await first.stop('SIGTERM'), { code: 0, signal: null })
    assert.match(first.output().stderr, /^Roster is serving SCIM 2\.0[^]*\n {2}Console: [^\n]+\n$/)

    // The same port, so that meta.location is the same too.
    const second = await box.serve({ port: first.port })
    const again = await call(url, { token })
    assert.equal(again.status, 200, again.text)
    assert.deepEqual(again.body, read.body)
    assert.equal(again.headers.get('etag'), read.headers.get('etag'))
    const found = await call(
      `${second.tenantUrl}/Users?filter=${encodeURIComponent('userName eq "JOY.YOUNG@contoso.com"')}`,
      { token },
    )
    assert.equal(found.body.totalResults, 1)
    assert.deepEqual(found.body.Resources[0], read.body)
  })

  it('SIGTERM lets an in-flight request finish with 201, then exits 0', async (t) => {
    const box = sandbox((fn) => t.after(fn))
    const { token } = await createToken(box, 'entra')
    const server = await box.serve()
    const sent = await slowPost(server, token, fullUser(), false, async () => {
      server.child.kill('SIGTERM')
      await refusesConnections(server)
      assert.equal(server.child.exitCode, null, 'still running while a request is in flight')
    })
    assert.equal(sent.status, 201)
    assert.equal(sent.body.userName, 'Joy.Young@contoso.com')
    const exit = await Promise.race([server.exited, sleep(5000, 'still running 5 s later')])
    assert.deepEqual(exit, { code: 0, signal: null })
  })

  it('SIGTERM with an in-flight request on a keep-alive connection still exits promptly', async (t) => {
    // Entra and Okta keep connections alive; the server must not wait for the client to hang up.
    const box = sandbox((fn) => t.after(fn))
    const { token } = await createToken(box, 'entra')
    const server = await box.serve()
    const agent = new Agent({ keepAlive: true })
    t.after(() => agent.destroy())
    const sent = await slowPost(server, token, fullUser(), agent, async () => {
      server.child.kill('SIGTERM')
      await refusesConnections(server)
    })
    assert.equal(sent.status, 201)
    const exit = await Promise.race([server.exited, sleep(5000, 'still running 5 s later')])
    assert.deepEqual(exit, { code: 0, signal: null })
  })
})
