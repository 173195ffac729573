// Clients that stop sending (issue 12 finding 3): over real sockets on 127.0.0.1, with short timeouts, a
// connection that sends nothing, half its headers, or headers announcing a body it never sends, and an
// idle keep-alive connection are all closed by the server; beyond ROSTER_MAX_CONNECTIONS new connections
// are closed at once, and the server keeps answering /healthz throughout.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import type { Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import type { TestContext } from 'node:test'
import { loadConfig } from '../../src/config.js'
import { createLogger } from '../../src/log.js'
import { start } from '../../src/main.js'

async function serve(t: TestContext, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'roster-slow-'))
  const config = loadConfig({
    ROSTER_DB: join(dir, 'roster.db'),
    PORT: '0',
    ROSTER_HEADERS_TIMEOUT: '0.5',
    ROSTER_REQUEST_TIMEOUT: '1',
    ROSTER_KEEPALIVE_TIMEOUT: '0.3',
    ...env,
  })
  const running = await start(config, createLogger('silent'))
  t.after(async () => {
    await running.stop()
    rmSync(dir, { recursive: true, force: true })
  })
  const port = new URL(running.url).port
  return { port: Number(port), url: running.url }
}

interface Opened {
  readonly socket: Socket
  /** Everything the server sent, once it closed the connection. */
  readonly closed: Promise<string>
}

function open(port: number, send = ''): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let received = ''
    socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk))
    const closed = new Promise<string>((done) => socket.once('close', () => done(received)))
    socket.once('error', () => undefined)
    socket.once('connect', () => {
      if (send) socket.write(send)
      resolve({ socket, closed })
    })
    socket.once('error', reject)
  })
}

const healthy = async (url: string): Promise<number> =>
  (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) })).status

describe('clients that stop sending are disconnected', { timeout: 30_000 }, () => {
  it('a connection that sends nothing is closed after the headers timeout', async (t) => {
    const { port, url } = await serve(t)
    const { closed } = await open(port)
    assert.equal(await healthy(url), 200)
    await closed
  })

  it('half a request line and headers: closed (408) after the headers timeout', async (t) => {
    const { port } = await serve(t)
    const { closed } = await open(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ')
    assert.match(await closed, /^(HTTP\/1\.1 408|)/)
  })

  it('headers announcing a body that never comes (the token endpoint): 408, then closed', async (t) => {
    const { port, url } = await serve(t)
    const { closed } = await open(
      port,
      'POST /api/xm/1/oauth2/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ngrant_type=',
    )
    assert.equal(await healthy(url), 200)
    const answer = await closed
    assert.match(answer, /^HTTP\/1\.1 408/)
    assert.match(answer, /application\/scim\+json/)
    assert.match(answer, /"status":"408"/)
  })

  it('an idle keep-alive connection is closed after the keep-alive timeout', async (t) => {
    const { port } = await serve(t)
    const { closed } = await open(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n')
    const text = await closed
    assert.match(text, /^HTTP\/1\.1 200/)
    assert.match(text, /Keep-Alive: timeout=0/i)
  })

  it('beyond ROSTER_MAX_CONNECTIONS new connections are closed at once; /healthz answers when idle ones go', async (t) => {
    const { port, url } = await serve(t, { ROSTER_MAX_CONNECTIONS: '20' })
    const idle = await Promise.all(Array.from({ length: 20 }, () => open(port)))
    const extra = await open(port)
    assert.equal(await extra.closed, '')
    // The idle ones are closed by the headers timeout; then the server has room again.
    await Promise.all(idle.map((c) => c.closed))
    assert.equal(await healthy(url), 200)
  })

  it('500 idle connections do not stop the server from answering once they are closed', async (t) => {
    const { port, url } = await serve(t, { ROSTER_MAX_CONNECTIONS: '100' })
    const many = await Promise.allSettled(Array.from({ length: 500 }, () => open(port)))
    await Promise.all(many.flatMap((m) => (m.status === 'fulfilled' ? [m.value.closed] : [])))
    assert.equal(await healthy(url), 200)
  })
})
