// `roster check` (issue 8) against a real Roster process in every mode, and against a test double in
// front of it that breaks in the ways SCIM servers break for Entra: the run must report exactly those
// failures and exit 1. The double is a node:http proxy on 127.0.0.1 that rewrites requests or answers.
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { createToken, sandbox } from '../process.js'
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
