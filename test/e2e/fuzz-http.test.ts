// Bad input never gets a 500: random JSON bodies for POST, PUT and PATCH, random filters, paths and
// query parameters, through the whole Fastify pipeline. Every answer is a known status with a SCIM body.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { build, fullUser } from '../helper.js'
import type { Reply } from '../helper.js'

// 405: an id of '.' or '..' is resolved away by the client, leaving a path that takes other methods.
const KNOWN = new Set([200, 201, 204, 400, 404, 405, 409, 412, 413])
const RUNS = 250

function assertHandled(r: Reply, what: string): void {
  assert.ok(KNOWN.has(r.status), `${what} → ${r.status} ${r.text}`)
  if (r.status >= 400) {
    assert.deepEqual(
      r.body?.schemas,
      ['urn:ietf:params:scim:api:messages:2.0:Error'],
      `${what} → ${r.text}`,
    )
    assert.equal(typeof r.body.detail, 'string')
  }
}

/** JSON that often looks like a user or a PatchOp, and sometimes is nothing like one. */
const scimish = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      userName: fc.oneof(fc.string(), fc.jsonValue()),
      active: fc.oneof(fc.boolean(), fc.constantFrom('True', 'no'), fc.jsonValue()),
      emails: fc.oneof(
        fc.array(
          fc.record({
            type: fc.oneof(fc.string(), fc.constantFrom('work', 'home')),
            value: fc.string(),
            primary: fc.jsonValue(),
          }),
          { maxLength: 3 },
        ),
        fc.jsonValue(),
      ),
      phoneNumbers: fc.jsonValue(),
      roles: fc.oneof(
        fc.array(
          fc.record({
            value: fc.oneof(fc.constantFrom('Standard User', 'Developer'), fc.string()),
          }),
          { maxLength: 2 },
        ),
        fc.jsonValue(),
      ),
      name: fc.oneof(
        fc.record({ givenName: fc.jsonValue(), familyName: fc.string() }),
        fc.jsonValue(),
      ),
      preferredLanguage: fc.jsonValue(),
      timezone: fc.oneof(fc.constantFrom('US/Pacific', 'Mars/Olympus'), fc.jsonValue()),
      password: fc.jsonValue(),
    },
    { requiredKeys: [] },
  ),
)

const operation = fc.record(
  {
    op: fc.oneof(fc.constantFrom('add', 'Replace', 'REMOVE', 'move'), fc.jsonValue()),
    path: fc.oneof(
      fc.constantFrom(
        'emails[type eq "work"].value',
        'name.givenName',
        'roles',
        'members[value eq "x"]',
        'emails[',
        'id',
        'urn:x:y',
      ),
      fc.string(),
      fc.jsonValue(),
    ),
    value: fc.jsonValue(),
  },
  { requiredKeys: ['op'] },
)
const patchBody = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      schemas: fc.jsonValue(),
      Operations: fc.oneof(fc.array(operation, { maxLength: 4 }), fc.jsonValue()),
    },
    { requiredKeys: ['Operations'] },
  ),
)

describe('HTTP fuzz: bad input is a 4xx SCIM error, never a 500', () => {
  it('POST /Users with random bodies', async (t) => {
    const { request } = await build(t)
    await fc.assert(
      fc.asyncProperty(scimish, async (body) =>
        assertHandled(await request('POST', 'Users', JSON.stringify(body)), JSON.stringify(body)),
      ),
      { numRuns: RUNS },
    )
  })

  it('PUT and PATCH /Users/{id} with random bodies', async (t) => {
    const { request } = await build(t)
    const { body: user } = await request('POST', 'Users', fullUser())
    await fc.assert(
      fc.asyncProperty(scimish, patchBody, async (put, patch) => {
        assertHandled(
          await request('PUT', `Users/${user.id}`, JSON.stringify(put)),
          `PUT ${JSON.stringify(put)}`,
        )
        assertHandled(
          await request('PATCH', `Users/${user.id}`, JSON.stringify(patch)),
          `PATCH ${JSON.stringify(patch)}`,
        )
      }),
      { numRuns: RUNS },
    )
  })

  it('GET /Users with random filters, sorts, paging and attribute lists', async (t) => {
    const { request } = await build(t)
    await request('POST', 'Users', fullUser())
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.constantFrom('userName eq "a"', 'emails[type eq "work"]', 'name.givenName', '%', '"'),
    )
    await fc.assert(
      fc.asyncProperty(
        text,
        text,
        text,
        fc.string(),
        fc.string(),
        async (filter, sortBy, attributes, startIndex, count) => {
          const query = new URLSearchParams({
            filter,
            sortBy,
            attributes,
            startIndex,
            count,
          }).toString()
          assertHandled(await request('GET', `Users?${query}`), query)
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('ids that are dot segments: a client resolves them (RFC 3986 §5.2.4) before it sends', async (t) => {
    // `PUT …/Users/.` leaves a WHATWG URL client (fetch, app.inject) as `PUT …/Users/`, and `..` as
    // `PUT …/scim/v2/`: a 405 or 404 of those paths, still a SCIM error (CI once drew '.' below).
    const { request } = await build(t)
    for (const id of ['.', '..', '%2e', '%2E%2E', '.%2e'])
      for (const method of ['GET', 'DELETE', 'PATCH', 'PUT']) {
        const body =
          method === 'PATCH' ? { Operations: [] } : method === 'PUT' ? fullUser() : undefined
        assertHandled(await request(method, `Users/${id}`, body), `${method} ${id}`)
      }
  })

  it('random ids and paths', async (t) => {
    const { request } = await build(t)
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1 }),
        fc.constantFrom('GET', 'DELETE', 'PATCH', 'PUT'),
        async (id, method) => {
          const body =
            method === 'PATCH' ? { Operations: [] } : method === 'PUT' ? fullUser() : undefined
          assertHandled(
            await request(method, `Users/${encodeURIComponent(id)}`, body),
            `${method} ${id}`,
          )
        },
      ),
      { numRuns: RUNS },
    )
  })
})
