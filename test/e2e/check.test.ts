// `roster check` (issue 8) against a real Roster process in every mode, and against a test double in
// front of it that breaks in the ways SCIM servers break for Entra: the run must report exactly those
// failures and exit 1. The double is a node:http proxy on 127.0.0.1 that rewrites requests or answers.
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { TestContext } from 'node:test'
import { ROOT, createToken, sandbox } from '../process.js'
import type { Sandbox, Server } from '../process.js'

type Fault = (request: { method: string; path: string; body: string }) => {
  body?: string
  /** Rewrites the upstream answer (status and text); undefined keeps it. */
  answer?: (status: number, text: string) => { status: number; text: string }
}

/** Every way the double breaks, and the steps `roster check` must then report as failed. */
const FAULTS: {
  name: string
  args: string[]
  fault: Fault
  failed: string[]
}[] = [
  {
    name: 'answers 404 to filters that match nothing',
    args: ['--groups'],
    fault: ({ method, path }) => ({
      answer: (status, text) =>
        method === 'GET' && path.includes('filter=') && /"totalResults":0/.test(text)
          ? { status: 404, text: '{"detail":"not found"}' }
          : { status, text },
    }),
    failed: [
      'Test Connection: a filter on a random userName answers 200 with an empty list',
      'Test Connection (groups): a displayName filter with excludedAttributes=members answers 200 with an empty list',
      'match user: no user has the new userName yet (200, empty list)',
      'match group: no group has the new displayName yet (excludedAttributes=members)',
    ],
  },
  {
    name: "wipes the group on Entra's remove with a value array",
    args: ['--groups'],
    fault: ({ method, path, body }) =>
      method === 'PATCH' && path.includes('/Groups/') && /"op":"Remove"/.test(body)
        ? {
            body: JSON.stringify({
              schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
              Operations: [{ op: 'remove', path: 'members' }],
            }),
          }
        : {},
    failed: ["remove a member: Entra's remove takes out only that member"],
  },
  {
    name: 'returns "active":"false" as a string',
    args: [],
    fault: ({ method, path }) => ({
      answer: (status, text) =>
        method === 'GET' && path.includes('/Users/')
          ? { status, text: text.replace('"active":false', '"active":"false"') }
          : { status, text },
    }),
    failed: ['disable user: PATCH active false, then the user reads back with active false'],
  },
]

const RESULT = /^(\d+) passed, (\d+) failed, (\d+) skipped$/m

/** A port nothing listens on (bound, then closed). */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** An HTTPS server with a self-signed certificate made by openssl (undefined without openssl). */
function selfSignedServer(t: TestContext): Promise<number> | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'roster-tls-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const made = spawnSync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-days',
    '1',
    '-keyout',
    join(dir, 'key.pem'),
    '-out',
    join(dir, 'cert.pem'),
  ])
  if (made.status !== 0) return undefined
  const server = createHttpsServer(
    { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
    (_req, res) => res.end('{}'),
  )
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  )
}

/** A proxy in front of Roster that may rewrite answers and delay each by `delayMs`. */
async function proxy(
  t: TestContext,
  roster: Server,
  fault: (method: string, path: string) => ReturnType<Fault>,
  delayMs = 0,
): Promise<number> {
  const upstream = new URL(roster.tenantUrl)
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString()
      const { answer } = fault(req.method ?? 'GET', req.url ?? '/')
      const response = await fetch(`${upstream.origin}${req.url}`, {
        method: req.method ?? 'GET',
        headers: {
          authorization: req.headers.authorization ?? '',
          ...(body ? { 'content-type': 'application/scim+json' } : {}),
        },
        ...(body ? { body } : {}),
      })
      const text = await response.text()
      const out = answer?.(response.status, text) ?? { status: response.status, text }
      await new Promise((resolve) => setTimeout(resolve, delayMs))
      res.writeHead(out.status, { 'content-type': 'application/scim+json' })
      res.end(out.text)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return (server.address() as AddressInfo).port
}

describe('roster check', { concurrency: 2 }, () => {
  let box: Sandbox
  let roster: Server
  let token: string
  const cleanups: (() => Promise<void>)[] = []
  before(async () => {
    box = sandbox((fn) => cleanups.push(fn))
    roster = await box.serve()
    token = (await createToken(box, 'check')).token
    const added = await box.cli('properties', 'add', 'costCenter')
    assert.equal(added.code, 0, added.stderr)
  })
  after(async () => {
    for (const cleanup of cleanups) await cleanup()
  })

  const MODES: [string, string[], number][] = [
    ['default mode', [], 10],
    ['default mode with groups', ['--groups'], 19],
    ['aadOptscim062020 mode with groups', ['--groups', '--flag-mode'], 19],
    ['the flag in the Tenant URL', ['--groups', 'FLAG_IN_URL'], 19],
    ["Okta's spec test", ['--okta'], 11],
    ['default mode with a custom property', ['--property', 'costCenter=CC-42'], 14],
    [
      'aadOptscim062020 mode with a custom property',
      [
        '--flag-mode',
        '--property',
        'urn:ietf:params:scim:schemas:extension:roster:2.0:User:costCenter=CC-42',
      ],
      14,
    ],
    ['with the profile (phones, roles, language, time zone)', ['--profile'], 15],
    ['with the profile in aadOptscim062020 mode', ['--profile', '--flag-mode'], 15],
  ]
  for (const [name, args, steps] of MODES) {
    it(`passes every step against Roster: ${name}`, async () => {
      const url = args.includes('FLAG_IN_URL')
        ? `${roster.tenantUrl}?aadOptscim062020`
        : roster.tenantUrl
      const run = await box.cli(
        'check',
        url,
        '--token',
        token,
        ...args.filter((a) => a !== 'FLAG_IN_URL'),
      )
      assert.equal(run.code, 0, run.stdout + run.stderr)
      assert.match(run.stdout, new RegExp(`^${steps} passed, 0 failed, 0 skipped$`, 'm'))
      if (args.includes('FLAG_IN_URL')) assert.match(run.stdout, /aadOptscim062020 mode/)
    })
  }

  it('leaves nothing behind: every user and group it created is deleted', async () => {
    const list = await fetch(`${roster.tenantUrl}/Users?filter=userName+sw+%22roster-check%22`, {
      headers: { authorization: `Bearer ${token}` },
    })
    assert.equal(((await list.json()) as { totalResults: number }).totalResults, 0)
    const groups = await fetch(
      `${roster.tenantUrl}/Groups?filter=displayName+sw+%22Roster+check%22`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    )
    assert.equal(((await groups.json()) as { totalResults: number }).totalResults, 0)
  })

  it('fails the property steps for a property the endpoint lacks, and refuses a malformed one', async () => {
    const run = await box.cli('check', roster.tenantUrl, '--token', token, '--property', 'nope=1')
    assert.equal(run.code, 1)
    assert.match(run.stdout, /FAIL\s+property: create a user with nope/)
    const malformed = await box.cli(
      'check',
      roster.tenantUrl,
      '--token',
      token,
      '--property',
      'nope',
    )
    assert.equal(malformed.code, 1)
    assert.match(malformed.stderr, /--property takes NAME=VALUE/)
  })

  it('stops after Test Connection when the token is refused, and exits 1', async () => {
    const run = await box.cli('check', roster.tenantUrl, '--token', 'roster_wrong')
    assert.equal(run.code, 1)
    assert.match(run.stdout, /^FAIL {2}Test Connection.*\n {6}answered 401; expected 200$/m)
    assert.match(run.stdout, /^ {6}< 401 /m)
    assert.match(run.stdout, /^0 passed, 1 failed, 9 skipped$/m)
  })

  // A 401 later in the run (a token revoked meanwhile, a proxy that strips the header) stops it too.
  const REFUSED: [string, string[], (method: string, path: string) => boolean, string][] = [
    [
      'create user (default mode)',
      [],
      (method, path) => method === 'POST' && path.endsWith('/Users'),
      'create user: POST /Users answers 201 with the user',
    ],
    [
      "Okta 3, Okta's spec test",
      ['--okta'],
      (method, path) => method === 'GET' && path.includes('count=1'),
      'Okta 3: GET /Users?count=1&startIndex=1 lists a user with name, emails and active',
    ],
    [
      'the profile',
      ['--profile'],
      (method, path) => method === 'POST' && path.endsWith('/Users') && count++ === 1,
      'profile: create a user with work and mobile phones (E.164), a role, language en-US and a time zone',
    ],
  ]
  let count = 0
  for (const [name, args, refuse, step] of REFUSED) {
    it(`stops at the first 401 in every mode: ${name}`, async (t) => {
      count = 0
      const port = await proxy(t, roster, (method, path) => ({
        answer: (status, text) =>
          refuse(method, path)
            ? { status: 401, text: '{"detail":"Authentication failed."}' }
            : { status, text },
      }))
      const run = await box.cli(
        'check',
        `http://127.0.0.1:${port}${new URL(roster.tenantUrl).pathname}`,
        '--token',
        token,
        ...args,
      )
      assert.equal(run.code, 1, run.stdout)
      assert.deepEqual(
        [...run.stdout.matchAll(/^FAIL {2}(.*)$/gm)].map((m) => m[1]),
        [step],
        run.stdout,
      )
      const after = run.stdout.slice(run.stdout.indexOf('The endpoint refused the token'))
      assert.doesNotMatch(after, /^PASS/m, 'no step runs after the 401')
      assert.match(after, /^SKIP .*\(the credentials were refused\)$/m)
    })
  }

  it('one line for each way a connection fails, then exit 1', async (t) => {
    const closed = await freePort()
    const silent = createServer(() => {
      // accepts and never answers
    })
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    t.after(() => new Promise<void>((resolve) => silent.close(() => resolve())))
    silent.closeAllConnections()
    const silentPort = (silent.address() as AddressInfo).port
    const http = new URL(roster.tenantUrl)
    const cases: [string, string, RegExp][] = [
      [
        'a closed port',
        `http://127.0.0.1:${closed}/scim/v2`,
        new RegExp(`connection refused by 127\\.0\\.0\\.1:${closed}: nothing listens on that port`),
      ],
      [
        'https to an http server',
        `https://127.0.0.1:${http.port}${http.pathname}`,
        /TLS handshake failed with 127\.0\.0\.1:\d+: it does not speak HTTPS on that port/,
      ],
      [
        'a host name DNS does not know',
        'https://roster.invalid/scim/v2',
        /DNS does not know the host name roster\.invalid/,
      ],
      [
        'no answer in time',
        `http://127.0.0.1:${silentPort}/scim/v2`,
        /no answer from 127\.0\.0\.1:\d+ within 0\.5 s/,
      ],
    ]
    const certificate = selfSignedServer(t)
    if (certificate)
      cases.push([
        'a self-signed certificate',
        `https://127.0.0.1:${await certificate}/scim/v2`,
        /TLS: the certificate is self-signed \(DEPTH_ZERO_SELF_SIGNED_CERT\); Entra accepts only a valid certificate from a public CA/,
      ])
    for (const [name, url, reason] of cases) {
      const run = await box.cli('check', url, '--token', token, '--timeout', '0.5', '--groups')
      assert.equal(run.code, 1, `${name}: ${run.stdout}`)
      const lines = run.stdout.trimEnd().split('\n')
      assert.equal(lines.length, 2, `${name}: the header and one line:\n${run.stdout}`)
      assert.match(lines[1] ?? '', /^FAIL {2}cannot reach \S+: /, name)
      assert.match(lines[1] ?? '', reason, name)
    }
  })

  it('Ctrl-C stops the run and deletes the test user it created', async (t) => {
    // In a tenant of its own: the other checks running meanwhile create users in the default tenant.
    assert.equal((await box.cli('tenant', 'create', 'sigint')).code, 0)
    const own = await createToken(box, 'check', '--tenant', 'sigint')
    const tenantUrl = `${roster.origin}/t/sigint/api/xm/1/scim/v2`
    const port = await proxy(t, roster, () => ({}), 400)
    const child = spawn(
      process.execPath,
      [
        'dist/cli/main.js',
        'check',
        `http://127.0.0.1:${port}${new URL(tenantUrl).pathname}`,
        '--groups',
      ],
      {
        cwd: ROOT,
        env: { ...box.env, ROSTER_CHECK_TOKEN: own.token },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    t.after(() => {
      child.kill('SIGKILL')
    })
    let stdout = ''
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve))
    await new Promise<void>((resolve) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk
        if (/^PASS {2}create user/m.test(stdout)) resolve()
      })
    })
    child.kill('SIGINT')
    assert.equal(await exited, 130, stdout)
    assert.match(stdout, /^Interrupted: deleting what the check created\.$/m)
    assert.match(stdout, /, interrupted$/m)
    const list = await fetch(`${tenantUrl}/Users`, {
      headers: { authorization: `Bearer ${own.token}` },
    })
    assert.equal(((await list.json()) as { totalResults: number }).totalResults, 0, stdout)
  })

  it('refuses a Tenant URL that is not a URL', async () => {
    const run = await box.cli('check', 'not a url', '--token', token)
    assert.equal(run.code, 1)
    assert.match(run.stderr, /is not a URL/)
  })

  for (const c of FAULTS) {
    it(`reports exactly the failures of a server that ${c.name}`, async (t) => {
      const upstream = new URL(roster.tenantUrl)
      const proxy = createServer((req: IncomingMessage, res: ServerResponse) => {
        const chunks: Buffer[] = []
        req.on('data', (chunk: Buffer) => chunks.push(chunk))
        req.on('end', async () => {
          const body = Buffer.concat(chunks).toString()
          const fault = c.fault({ method: req.method ?? 'GET', path: req.url ?? '/', body })
          const sent = fault.body ?? body
          const response = await fetch(`${upstream.origin}${req.url}`, {
            method: req.method ?? 'GET',
            headers: {
              authorization: req.headers.authorization ?? '',
              ...(sent ? { 'content-type': 'application/scim+json' } : {}),
            },
            ...(sent ? { body: sent } : {}),
          })
          const text = await response.text()
          const answer = fault.answer?.(response.status, text) ?? { status: response.status, text }
          res.writeHead(answer.status, { 'content-type': 'application/scim+json' })
          res.end(answer.text)
        })
      })
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
      t.after(() => new Promise<void>((resolve) => proxy.close(() => resolve())))
      const port = (proxy.address() as AddressInfo).port
      const run = await box.cli(
        'check',
        `http://127.0.0.1:${port}${upstream.pathname}`,
        '--token',
        token,
        ...c.args,
      )
      assert.equal(run.code, 1, run.stdout)
      const failed = [...run.stdout.matchAll(/^FAIL {2}(.*)$/gm)].map((m) => m[1])
      assert.deepEqual(failed, c.failed, run.stdout)
      const [, , failures, skipped] = RESULT.exec(run.stdout) ?? []
      assert.equal(Number(failures), c.failed.length)
      assert.equal(Number(skipped), 0)
    })
  }
})
