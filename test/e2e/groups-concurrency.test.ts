// Concurrent changes of one group over real HTTP, through two `roster serve` processes on one SQLite
// file (product.md: "Concurrent PATCHes to one group never lose a member"; "Requests are atomic").
// Every change of a group runs under its lock, so concurrent changes must behave as if they had run
// one after the other: nothing lost, and the final state is one some serial order produces. Reads keep
// README's promise for streamed members: those present for the whole read appear exactly once.
// Bounded: a fixed number of requests per test, and a timeout per test.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { request } from 'node:http'
import { after, before, describe, it } from 'node:test'
import { defaultTenant } from '../../src/main.js'
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js'
import { call, createToken, sandbox } from '../process.js'
import type { Reply, Sandbox, Server } from '../process.js'

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
const TIMEOUT = 120_000
/** The small-group read test: waves of this many writes racing as many reads. */
const RACERS = 100
const WAVES = 3
/** Stable members of the large group: 4 pages, about 2.7 MB of JSON (more than loopback buffers hold). */
const LARGE = 4000
/** Members of the large group that leave, and users that join, during a read. */
const CHURN = 250

const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations })

describe(
  'one group changed concurrently through two server processes',
  { timeout: TIMEOUT },
  () => {
    const box: Sandbox = sandbox((fn) => after(fn))
    let token: string
    let servers: readonly [Server, Server]
    before(async () => {
      token = (await createToken(box, 'entra')).token
      // This suite is about member concurrency. Its client (fetch) reuses idle connections; while a
      // process writes thousands of member rows on a loaded machine, the default 5 s keep-alive can
      // close a connection the client is just reusing (HTTP/1.1's keep-alive race, which a non-idempotent
      // POST does not survive), so these servers keep idle connections longer.
      box.env['ROSTER_KEEPALIVE_TIMEOUT'] = '60'
      servers = await Promise.all([box.serve(), box.serve()])
    })
    /** The server for the i-th request: alternating between the two processes. */
    const via = (i: number): Server => servers[i % 2] as Server
    const send = (i: number, method: string, path: string, body?: unknown): Promise<Reply> =>
      call(`${via(i).tenantUrl}/${path}`, {
        method,
        token,
        ...(body !== undefined ? { body } : {}),
      })

    const newUsers = async (count: number): Promise<string[]> => {
      const prefix = randomUUID().slice(0, 8)
      const ids: string[] = []
      for (let i = 0; i < count; i++) {
        const r = await send(i, 'POST', 'Users', { userName: `${prefix}-${i}@contoso.com` })
        assert.equal(r.status, 201, r.text)
        ids.push(r.body.id)
      }
      return ids
    }
    const newGroup = async (members: readonly string[] = []): Promise<string> => {
      const r = await send(0, 'POST', 'Groups', {
        displayName: `Group ${randomUUID()}`,
        members: members.map((value) => ({ value })),
      })
      assert.equal(r.status, 201, r.text)
      return r.body.id
    }
    const members = async (group: string): Promise<{ version: string; ids: string[] }> => {
      const r = await send(1, 'GET', `Groups/${group}`)
      assert.equal(r.status, 200, r.text)
      return {
        version: r.body.meta.version,
        ids: (r.body.members ?? []).map((m: { value: string }) => m.value),
      }
    }

    /**
     * Users written straight into the database file (as a third process would): thousands of POSTs
     * would make a test slow, and how users arrive is not what it is about. Long names make each
     * member's JSON about 700 bytes.
     */
    const bulkUsers = async (count: number): Promise<string[]> => {
      const store = await openSqliteStore({ file: box.db })
      try {
        const tenant = store.forTenant((await defaultTenant(store)).id)
        const prefix = randomUUID().slice(0, 8)
        const ids: string[] = []
        for (let i = 0; i < count; i++) {
          const user = await tenant.createUser(
            {
              userName: `${prefix}-${i}@contoso.com`,
              givenName: 'g'.repeat(255),
              familyName: 'f'.repeat(255),
              active: true,
              emails: [],
              phoneNumbers: [],
              roles: [],
            },
            undefined,
          )
          ids.push(user.id)
        }
        return ids
      } finally {
        await store.close()
      }
    }

    it('50 clients each adding a different member: every member lands', async () => {
      const users = await newUsers(50)
      const group = await newGroup()
      // Entra's default-mode add (§3.4), one member per request, half through each process.
      const replies = await Promise.all(
        users.map((value, i) =>
          send(
            i,
            'PATCH',
            `Groups/${group}`,
            patch({ op: 'Add', path: 'members', value: [{ $ref: null, value }] }),
          ),
        ),
      )
      for (const reply of replies) {
        assert.equal(reply.status, 204, reply.text)
        assert.equal(reply.text, '')
      }
      // Each add ran on the state the previous one left: versions 2..51, each answered once.
      const etags = replies.map((r) => r.headers.get('etag'))
      assert.deepEqual(
        [...etags].sort((a, b) => version(a) - version(b)),
        users.map((_, i) => `W/"${i + 2}"`),
      )
      const final = await members(group)
      assert.deepEqual(final.ids, [...users].sort())
      assert.equal(final.version, `W/"${users.length + 1}"`)
    })

    it('concurrent adds and removes of the same 10 members end with all 10 or none', async () => {
      const users = await newUsers(10)
      const group = await newGroup()
      const all = users.map((value) => ({ value }))
      const rfcPath = `members[${users.map((u) => `value eq "${u}"`).join(' or ')}]`
      // 40 requests: adds (default and flag mode) and removes (Entra's value array and the RFC filter).
      const requests = Array.from({ length: 40 }, (_, i) => {
        const kind = (['add', 'remove'] as const)[i % 2] as 'add' | 'remove'
        const body =
          kind === 'add'
            ? patch({ op: i % 4 === 0 ? 'Add' : 'add', path: 'members', value: all })
            : i % 4 === 1
              ? patch({ op: 'Remove', path: 'members', value: all })
              : patch({ op: 'remove', path: rfcPath })
        return { kind, body }
      })
      const replies = await Promise.all(
        requests.map((r, i) => send(i, 'PATCH', `Groups/${group}`, r.body)),
      )
      for (const reply of replies) assert.equal(reply.status, 204, reply.text)
      const final = await members(group)
      const expectedFull = [...users].sort()
      assert.ok(
        final.ids.length === 0 || final.ids.join() === expectedFull.join(),
        `all 10 or none, not ${final.ids.length}`,
      )
      // A serial order: every request answered with version v left the group in v's state, so all the
      // requests answered with one version are of one kind, and the last version is the final state.
      const kindAt = new Map<number, 'add' | 'remove'>()
      replies.forEach((reply, i) => {
        const v = version(reply.headers.get('etag'))
        const kind = (requests[i] as { kind: 'add' | 'remove' }).kind
        assert.equal(kindAt.get(v) ?? kind, kind, `version ${v} answered to an add and a remove`)
        kindAt.set(v, kind)
      })
      const last = Math.max(...kindAt.keys())
      assert.equal(final.version, `W/"${last}"`)
      assert.equal(final.ids.length === 0 ? 'remove' : 'add', kindAt.get(last))
    })

    // README "Large groups stream": a read while the group changes may reflect changes made during the
    // read, but every member present for the whole read appears exactly once.
    it('reads during concurrent member changes show every stable member exactly once', async () => {
      const stable = await newUsers(10)
      const churn = await newUsers(10)
      const group = await newGroup(stable)
      const value = churn.map((v) => ({ value: v }))
      const add = patch({ op: 'add', path: 'members', value })
      const remove = patch({ op: 'Remove', path: 'members', value })
      for (let wave = 0; wave < WAVES; wave++) {
        // The writes first, then the reads, all in flight together, alternating between the processes:
        // the reads arrive while the writes queue for the group's lock.
        const replies = await Promise.all([
          ...Array.from({ length: RACERS }, (_, i) =>
            send(i, 'PATCH', `Groups/${group}`, i % 2 === 0 ? add : remove),
          ),
          ...Array.from({ length: RACERS }, (_, i) => send(i + 1, 'GET', `Groups/${group}`)),
        ])
        for (const reply of replies.slice(0, RACERS)) assert.equal(reply.status, 204, reply.text)
        for (const reply of replies.slice(RACERS)) {
          assert.equal(reply.status, 200, reply.text)
          assert.equal(reply.body.meta.version, reply.headers.get('etag'))
          assertMembers(reply.body, stable, churn)
        }
      }
    })

    it('a large group read while members come and go shows every stable member exactly once', async () => {
      // Members are streamed a page at a time (MEMBER_PAGE = 1,000) as the client reads. The client
      // reads the status and headers and stops reading; through the other process, members spread over
      // every page leave and others join; then the client reads the body. Keyset paging must neither
      // skip nor repeat the members that stayed (an OFFSET would skip some).
      const users = await bulkUsers(LARGE + 2 * CHURN)
      const stable = users.slice(0, LARGE)
      const churn = users.slice(LARGE)
      let inside = churn.slice(0, CHURN)
      let outside = churn.slice(CHURN)
      const group = await newGroup([...stable, ...inside])
      for (let attempt = 0; attempt < 4; attempt++) {
        const [leaving, joining] = [inside, outside]
        const read = await pausedGet(`${via(0).tenantUrl}/Groups/${group}`, token, async () => {
          const swapped = await send(
            1,
            'PATCH',
            `Groups/${group}`,
            patch(
              { op: 'Remove', path: 'members', value: leaving.map((v) => ({ value: v })) },
              { op: 'Add', path: 'members', value: joining.map((v) => ({ value: v })) },
            ),
          )
          assert.equal(swapped.status, 204, swapped.text)
        })
        assert.equal(read.status, 200)
        const body = JSON.parse(read.text)
        assert.equal(body.meta.version, read.etag)
        assertMembers(body, stable, churn)
        ;[inside, outside] = [joining, leaving]
      }
    })

    it('concurrent opposite nestings never make a cycle', async () => {
      // Ten pairs; for each, one request nests A in B and the other B in A, through different processes.
      const pairs = await Promise.all(
        Array.from({ length: 10 }, async () => [await newGroup(), await newGroup()] as const),
      )
      const replies = await Promise.all(
        pairs.flatMap(([a, b], i) => [
          send(
            i,
            'PATCH',
            `Groups/${a}`,
            patch({ op: 'add', path: 'members', value: [{ value: b }] }),
          ),
          send(
            i + 1,
            'PATCH',
            `Groups/${b}`,
            patch({ op: 'add', path: 'members', value: [{ value: a }] }),
          ),
        ]),
      )
      for (const [i, [a, b]] of pairs.entries()) {
        const statuses = [replies[2 * i]?.status, replies[2 * i + 1]?.status].sort()
        assert.deepEqual(statuses, [204, 400], `pair ${i}: exactly one nesting wins`)
        const inA = (await members(a)).ids
        const inB = (await members(b)).ids
        assert.ok(!(inA.includes(b) && inB.includes(a)), `pair ${i} is a cycle`)
        assert.equal(inA.length + inB.length, 1)
      }
    })

    it('a user deleted while being added never remains a member', async () => {
      const users = await newUsers(20)
      const group = await newGroup()
      const replies = await Promise.all(
        users.flatMap((value, i) => [
          send(
            i,
            'PATCH',
            `Groups/${group}`,
            patch({ op: 'add', path: 'members', value: [{ value }] }),
          ),
          send(i + 1, 'DELETE', `Users/${value}`),
        ]),
      )
      for (const [i, reply] of replies.entries()) {
        if (i % 2 === 1) assert.equal(reply.status, 204, reply.text)
        // The add ran first (204, then the delete took the member away) or after (400: unknown id),
        // or collided with the delete (409: retry); never a 5xx.
        else assert.ok([204, 400, 409].includes(reply.status), `${reply.status}: ${reply.text}`)
      }
      assert.deepEqual((await members(group)).ids, [])
    })

    it('concurrent creates of one displayName in different cases: one 201, the rest 409', async () => {
      const name = `Team ${randomUUID()}`
      const spellings = Array.from({ length: 10 }, (_, i) =>
        i % 2 === 0 ? name.toUpperCase() : name.toLowerCase(),
      )
      const replies = await Promise.all(
        spellings.map((displayName, i) => send(i, 'POST', 'Groups', { displayName })),
      )
      const statuses = replies.map((r) => r.status).sort()
      assert.deepEqual(statuses, [201, ...Array.from({ length: 9 }, () => 409)], statuses.join())
      for (const reply of replies.filter((r) => r.status === 409))
        assert.equal(reply.body.scimType, 'uniqueness')
      const found = await send(
        0,
        'GET',
        `Groups?excludedAttributes=members&filter=${encodeURIComponent(`displayName eq "${name}"`)}`,
      )
      assert.equal(found.body.totalResults, 1)
    })
  },
)

/**
 * GET with node:http: once the status and headers are in, the body is left unread while `between` runs,
 * then read to the end.
 */
function pausedGet(
  url: string,
  token: string,
  between: () => Promise<void>,
): Promise<{ status: number; etag: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      agent: false,
      timeout: 30_000,
      headers: { authorization: `Bearer ${token}` },
    })
    req.on('timeout', () => req.destroy(new Error('no response within 30 s')))
    req.on('error', reject)
    req.on('response', (res) => {
      res.pause()
      between().then(
        () => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => (text += chunk))
          res.on('error', reject)
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, etag: String(res.headers.etag), text }),
          )
          res.resume()
        },
        (error: unknown) => {
          req.destroy()
          reject(error as Error)
        },
      )
    })
    req.end()
  })
}

/** The group's members: each stable one exactly once, any of the churning ones, nothing else. */
function assertMembers(
  group: { members?: { value: string }[] },
  stable: readonly string[],
  churn: readonly string[],
): void {
  const values = (group.members ?? []).map((m) => m.value)
  assert.equal(new Set(values).size, values.length, 'no member twice')
  const present = new Set(values)
  const missing = stable.filter((id) => !present.has(id))
  assert.deepEqual(missing, [], `${missing.length} of ${stable.length} stable members missing`)
  const allowed = new Set([...stable, ...churn])
  assert.deepEqual(
    values.filter((v) => !allowed.has(v)),
    [],
    'only members of the group',
  )
}

/** The integer of a weak ETag W/"n". */
function version(etag: string | null | undefined): number {
  const match = /^W\/"(\d+)"$/.exec(etag ?? '')
  assert.ok(match, `not a version ETag: ${etag}`)
  return Number(match[1])
}
