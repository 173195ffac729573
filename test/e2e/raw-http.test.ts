// Requests whose shape only a real socket shows (app.inject resolves dot segments and has no header
// limit): over node:http on 127.0.0.1, a filter at its documented length in the URL whatever its
// characters, headers past the limit of the request line and headers, and dot segments sent as they are.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import { mintToken } from '../../src/auth/secret-token.js'
import { loadConfig } from '../../src/config.js'
import { createLogger } from '../../src/log.js'
import { start } from '../../src/main.js'
import type { Running } from '../../src/main.js'
import { MAX_FILTER_LENGTH } from '../../src/scim/filter/limits.js'
import { MAX_HEADER_BYTES } from '../../src/http/limits.js'

interface Answer {
  readonly status: number
  readonly headers: Record<string, string | string[] | undefined>
  readonly body: { status?: string; detail?: string; totalResults?: number }
}

/** One request with its path exactly as given (no dot-segment resolution, no re-encoding). */
function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = ''
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) }),
      )
    })
    req.on('error', reject)
    req.end(body)
  })
}

describe('raw HTTP: what only a real socket carries', () => {
  let running: Running
  let dir: string
  let port: number
  let auth: Record<string, string>
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'roster-raw-'))
    running = await start(
      loadConfig({ ROSTER_DB: join(dir, 'roster.db'), PORT: '0' }),
      createLogger('silent'),
    )
    port = Number(new URL(running.url).port)
    const tenant = await running.store.tenantBySlug('default')
    assert.ok(tenant)
    const { token } = await mintToken(running.store, tenant.id, 'raw', null)
    auth = { authorization: `Bearer ${token}` }
  })
  after(async () => {
    await running.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  // A filter of exactly MAX_FILTER_LENGTH characters (UTF-16 units), one character repeated in its value.
  const filterOf = (char: string): string => {
    const head = 'userName eq "'
    const room = MAX_FILTER_LENGTH - head.length - 1
    const value = char.repeat(Math.floor(room / char.length))
    return `${head}${value}${'a'.repeat(room - value.length)}"`
  }
  // [name, character]: percent-encoded in the URL, each takes 3, 6, 9 or 12 bytes.
  const CHARACTERS: readonly [string, string][] = [
    ['ASCII', 'a'],
    ['a space (+ or %20)', ' '],
    ['two-byte UTF-8', 'é'],
    ['three-byte UTF-8', '字'],
    ['four-byte UTF-8 (two UTF-16 units each)', '😀'],
  ]
  for (const [name, char] of CHARACTERS) {
    it(`a filter of ${MAX_FILTER_LENGTH} characters in the URL, ${name}: answered, not 431`, async () => {
      const filter = filterOf(char)
      assert.equal(filter.length, MAX_FILTER_LENGTH)
      const r = await send(
        port,
        'GET',
        `/api/xm/1/scim/v2/Users?filter=${encodeURIComponent(filter)}&count=1`,
        auth,
      )
      assert.equal(r.status, 200, JSON.stringify(r.body))
      assert.equal(r.body.totalResults, 0)
    })
  }

  it('headers past the limit: 431 naming it and the way to send a long filter', async () => {
    const r = await send(port, 'GET', '/api/xm/1/scim/v2/Users', {
      ...auth,
      'x-padding': 'x'.repeat(MAX_HEADER_BYTES),
    })
    assert.equal(r.status, 431)
    assert.equal(r.body.status, '431')
    assert.match(String(r.body.detail), new RegExp(`${MAX_HEADER_BYTES / 1024} KiB`))
    assert.match(String(r.body.detail), /POST …\/\.search/)
  })

  it('an id that is a dot segment, sent as it is, is an id like any other (404)', async () => {
    for (const id of ['.', '..', '%2e', '%2E%2E']) {
      for (const method of ['GET', 'PUT', 'PATCH', 'DELETE']) {
        const body =
          method === 'PUT'
            ? JSON.stringify({ userName: 'dot' })
            : method === 'PATCH'
              ? JSON.stringify({ Operations: [] })
              : undefined
        const r = await send(
          port,
          method,
          `/scim/v2/Users/${id}`,
          body ? { ...auth, 'content-type': 'application/scim+json' } : auth,
          body,
        )
        assert.equal(r.status, 404, `${method} ${id}: ${JSON.stringify(r.body)}`)
        assert.equal(r.body.detail, `User ${decodeURIComponent(id)} not found.`)
      }
    }
  })
})

/**
 * Bytes written to a socket as they are, the answer read until the server closes: `head` (the request
 * line and headers, CRLF-terminated), then `body`, sent only after a `100 Continue` when `waitContinue`.
 */
function exchange(port: number, head: string, body = '', waitContinue = false): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = ''
    let sent = !waitContinue
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head)
      // Written, never half-closed: Node drops the answer to a request whose client ended first.
      if (sent) socket.write(body)
    })
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      answer += chunk
      if (!sent && /^HTTP\/1\.1 100 Continue\r\n\r\n/.test(answer)) {
        sent = true
        socket.write(body)
      }
    })
    socket.on('error', reject)
    socket.on('close', () => resolve(answer))
  })
}

describe('raw HTTP: Expect, and what Node refuses before a request exists', () => {
  let running: Running
  let dir: string
  let port: number
  let token: string
  const lines: Record<string, unknown>[] = []
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'roster-raw-'))
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean))
          lines.push(JSON.parse(line) as Record<string, unknown>)
        done()
      },
    })
    running = await start(
      loadConfig({ ROSTER_DB: join(dir, 'roster.db'), PORT: '0' }),
      createLogger('info', sink, 'json'),
    )
    port = Number(new URL(running.url).port)
    const tenant = await running.store.tenantBySlug('default')
    assert.ok(tenant)
    token = (await mintToken(running.store, tenant.id, 'raw', null)).token
  })
  after(async () => {
    await running.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  const SECRET = 'roster_not-a-real-secret-value'
  // [name, Expect header (none: undefined), with the token, the status, whether the body waits for 100]
  const cases: [string, string | undefined, boolean, number, boolean][] = [
    ['no Expect', undefined, true, 201, false],
    ['Expect: 100-continue: 100, then the answer', '100-continue', true, 201, true],
    ['Expect: 100-Continue, in any case', '100-Continue', true, 201, true],
    ['100-continue among others: Node answers 100', '100-continue, x-other', true, 201, true],
    ['Expect: 100-continue without a credential: 100, then 401', '100-continue', false, 401, true],
    ['another expectation: 417 as a SCIM error', 'x-fast-lane', true, 417, false],
    ['another expectation, before authentication', 'x-fast-lane', false, 417, false],
    ['an empty Expect', '', true, 417, false],
  ]
  for (const [name, expect, withToken, status, waits] of cases) {
    it(name, async () => {
      const body = JSON.stringify({ userName: `expect-${lines.length}-${status}@contoso.com` })
      const head =
        `POST /scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n` +
        `Content-Type: application/scim+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        (withToken ? `Authorization: Bearer ${token}\r\n` : '') +
        (expect === undefined ? '' : `Expect: ${expect}\r\n`) +
        '\r\n'
      const answer = await exchange(port, head, body, waits)
      const parts = answer.split('\r\n\r\n')
      if (waits) assert.equal(parts.shift(), 'HTTP/1.1 100 Continue', answer)
      const [headers = '', json = ''] = parts
      assert.match(headers, new RegExp(`^HTTP/1\\.1 ${status} `), answer)
      assert.match(headers, /content-type: application\/scim\+json/i)
      if (status !== 201)
        assert.equal((JSON.parse(json) as { status: string }).status, String(status))
      else assert.match(json, /"userName":"expect-/)
      if (status === 417) {
        assert.match(json, /The Expect header asks for an expectation Roster cannot meet/)
        assert.match(headers, /connection: close/i)
        // Logged as any request, without the header's value.
        const line = lines.find((l) => l['status'] === 417 && l['method'] === 'POST')
        assert.ok(line, JSON.stringify(lines))
        assert.doesNotMatch(JSON.stringify(lines), /x-fast-lane/)
      }
    })
  }

  // [name, the bytes sent, the status, Node's code in the log line]: no request exists, so no request
  // line is logged; one line of its own says what was refused, and carries no header value.
  const refusals: [string, () => string, number, string][] = [
    [
      'a header that is not HTTP',
      () =>
        `GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${SECRET}\r\nBad Header: 1\r\n\r\n`,
      400,
      'HPE_INVALID_HEADER_TOKEN',
    ],
    ['a request line that is not HTTP', () => 'HELLO\r\n\r\n', 400, 'HPE_INVALID_METHOD'],
    [
      'headers past the limit',
      () =>
        `GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${SECRET}\r\nX-Padding: ${'p'.repeat(MAX_HEADER_BYTES)}\r\n\r\n`,
      431,
      'HPE_HEADER_OVERFLOW',
    ],
  ]
  for (const [name, bytes, status, reason] of refusals) {
    it(`${name}: ${status} as a SCIM error, and one log line`, async () => {
      const before = lines.length
      const answer = await exchange(port, bytes())
      assert.match(answer, new RegExp(`^HTTP/1\\.1 ${status} `), answer)
      assert.match(answer, new RegExp(`"status":"${status}"`))
      // The line is written as the refusal is; the socket's close comes after it.
      const logged = lines
        .slice(before)
        .filter((l) => l['msg'] === `refused before a request: ${status}`)
      assert.equal(logged.length, 1, JSON.stringify(lines.slice(before)))
      assert.equal(logged[0]?.['reason'], reason)
      assert.doesNotMatch(JSON.stringify(lines), new RegExp(`${SECRET}|ppppp`))
    })
  }
})
