// Requests whose shape only a real socket shows (app.inject resolves dot segments and has no header
// limit): over node:http on 127.0.0.1, a filter at its documented length in the URL whatever its
// characters, headers past the limit of the request line and headers, and dot segments sent as they are.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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
