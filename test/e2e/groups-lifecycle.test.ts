// Entra's group lifecycle (entra-client-behaviour.md §3) with the request bodies the document records,
// in default mode and with aadOptscim062020 (§4, Q1, Q6, Q7): match by displayName with members
// excluded, create, match again, add members, remove them in Entra's non-compliant shape and in the RFC
// shape, rename, read back the exact members, delete. Users are synchronised first (§3, [S3]).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { build } from '../helper.js'
import type { Built, Reply } from '../helper.js'

const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group'
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
const ORIGIN = 'http://localhost:80/api/xm/1/scim/v2'

/** §2.4's create body for user `i`. `name.formatted` is left out: product.md's default policy
 * (unsupportedAttributes: reject) refuses it, and the admin removes it from the mapping. */
function entraUser(i: number): Record<string, unknown> {
  return {
    schemas: [
      'urn:ietf:params:scim:schemas:core:2.0:User',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
    ],
    externalId: `0a21f0f2-8d2a-4f8e-bf98-7363c4aed4e${i}`,
    userName: `Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44e${i}`,
    active: true,
    emails: [
      {
        primary: true,
        type: 'work',
        value: `Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55f${i}@testuser.com`,
      },
    ],
    meta: { resourceType: 'User' },
    name: { familyName: 'familyName', givenName: 'givenName' },
    roles: [],
  }
}

/** Entra's wire encoding of a filter (2.3): spaces as `+`, quotes as `%22`. */
function entraFilter(filter: string): string {
  return encodeURIComponent(filter).replace(/%20/g, '+')
}

interface Mode {
  readonly name: string
  /** Appended to every request's query string (the flag rides on the Tenant URL, §4.1). */
  readonly query: string
  readonly create: Record<string, unknown>
  readonly add: (id: string) => unknown
  /** Each removes the one member it is given. */
  readonly removes: readonly ((id: string) => unknown)[]
  readonly rename: (displayName: string) => unknown
}

const MODES: readonly Mode[] = [
  {
    name: 'default mode',
    query: '',
    // §3.2, documented body: the ADSCIM schema URI and a client meta are tolerated (Q11, Q12).
    create: {
      schemas: [GROUP, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      displayName: 'displayName',
      meta: { resourceType: 'Group' },
    },
    // §3.4, documented body (Q7: `$ref: null`).
    add: (id) => ({
      schemas: [PATCH_OP],
      Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: id }] }],
    }),
    removes: [
      // §3.5, documented body: remove with a value array removes only those (Q6).
      (id) => ({
        schemas: [PATCH_OP],
        Operations: [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: id }] }],
      }),
      // §3.5, compat-page variant without `$ref`.
      (id) => ({
        schemas: [PATCH_OP],
        Operations: [{ op: 'Remove', path: 'members', value: [{ value: id }] }],
      }),
    ],
    // §3.6.
    rename: (displayName) => ({
      schemas: [PATCH_OP],
      Operations: [{ op: 'Replace', path: 'displayName', value: displayName }],
    }),
  },
  {
    name: 'aadOptscim062020 (flag mode)',
    query: 'aadOptscim062020',
    // §3.2, the real capture: explicit empty members, no ADSCIM URI.
    create: {
      schemas: [GROUP],
      externalId: '0899060-370e-46a-bc5f-3aas207ed41d',
      displayName: 'Org Admin',
      members: [],
      meta: { resourceType: 'Group' },
    },
    // §3.4, flag-mode form (lower-case op, no `$ref`).
    add: (id) => ({
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: 'members', value: [{ value: id }] }],
    }),
    removes: [
      // §3.5, flag mode, RFC-compliant.
      (id) => ({
        schemas: [PATCH_OP],
        Operations: [{ op: 'remove', path: `members[value eq "${id}"]` }],
      }),
      // The same mode may still send the non-compliant shape (Q6: handle both).
      (id) => ({
        schemas: [PATCH_OP],
        Operations: [{ op: 'Remove', path: 'members', value: [{ value: id }] }],
      }),
    ],
    // §3.6: the flag may turn the rename into a path-less replace (4.2, Q4).
    rename: (displayName) => ({
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { displayName } }],
    }),
  },
]

/** The request path with the mode's query parameters added. */
function at(mode: Mode, path: string): string {
  if (mode.query === '') return path
  return `${path}${path.includes('?') ? '&' : '?'}${mode.query}`
}

/** §3.4-3.6: 204, an ETag header, and no body. */
function assertNoContent(r: Reply, label: string): void {
  assert.equal(r.status, 204, `${label}: ${r.text}`)
  assert.equal(r.text, '', label)
  assert.match(String(r.headers['etag']), /^W\/"\d+"$/, label)
}

async function match(built: Built, mode: Mode, displayName: string): Promise<Reply> {
  const filter = entraFilter(`displayName eq "${displayName}"`)
  const r = await built.request(
    'GET',
    at(mode, `Groups?excludedAttributes=members&filter=${filter}`),
  )
  assert.equal(r.status, 200, r.text)
  assert.match(String(r.headers['content-type']), /^application\/scim\+json/)
  assert.deepEqual(r.body.schemas, [LIST_RESPONSE])
  return r
}

describe('Groups lifecycle (Entra, entra-client-behaviour.md §3)', () => {
  for (const mode of MODES) {
    it(`${mode.name}: match, create, add, remove, rename, read, delete`, async (t) => {
      const built = await build(t)
      const { request } = built
      const displayName = mode.create['displayName'] as string
      const externalId = mode.create['externalId'] as string

      const users: string[] = []
      for (const i of [1, 2, 3]) {
        const created = await request('POST', at(mode, 'Users'), entraUser(i))
        assert.equal(created.status, 201, created.text)
        users.push(created.body.id)
      }

      // §3.1: no match is a 200 with an empty ListResponse, never a 404.
      const none = await match(built, mode, displayName)
      assert.deepEqual(none.body, {
        schemas: [LIST_RESPONSE],
        totalResults: 0,
        itemsPerPage: 0,
        startIndex: 1,
        Resources: [],
      })

      // §3.2: 201 with the resource, a Location and an ETag; no members yet.
      const created = await request('POST', at(mode, 'Groups'), mode.create)
      assert.equal(created.status, 201, created.text)
      const id: string = created.body.id
      assert.equal(typeof id, 'string')
      assert.equal(created.headers['location'], `${ORIGIN}/Groups/${id}`)
      assert.equal(created.headers['etag'], 'W/"1"')
      assert.deepEqual(created.body.schemas, [GROUP])
      assert.equal(created.body.displayName, displayName)
      assert.equal(created.body.externalId, externalId)
      assert.ok(
        created.body.members === undefined || created.body.members.length === 0,
        'members absent or empty',
      )
      assert.deepEqual(created.body.meta, {
        resourceType: 'Group',
        created: created.body.meta.created,
        lastModified: created.body.meta.created,
        location: `${ORIGIN}/Groups/${id}`,
        version: 'W/"1"',
      })

      // §3.1: one match, and no members key (else Entra logs MultipleEntriesInResponse).
      const one = await match(built, mode, displayName)
      assert.equal(one.body.totalResults, 1)
      assert.equal(one.body.Resources.length, 1)
      assert.equal(one.body.Resources[0].id, id)
      assert.equal('members' in one.body.Resources[0], false)
      const upper = await match(built, mode, displayName.toUpperCase())
      assert.equal(upper.body.totalResults, 1, 'displayName matches ignoring case')

      // §3.3: the group by id without members.
      const got = await request('GET', at(mode, `Groups/${id}?excludedAttributes=members`))
      assert.equal(got.status, 200, got.text)
      assert.equal('members' in got.body, false)
      assert.equal(got.body.displayName, displayName)

      // §3.4: one member per PATCH, each answered 204 with the new ETag.
      let version = 1
      for (const user of users) {
        const added = await request('PATCH', at(mode, `Groups/${id}`), mode.add(user))
        assertNoContent(added, `add ${user}`)
        version += 1
        assert.equal(added.headers['etag'], `W/"${version}"`)
      }
      // Q7: adding a member again changes nothing.
      const again = await request('PATCH', at(mode, `Groups/${id}`), mode.add(users[0] as string))
      assertNoContent(again, 'add again')
      assert.equal(again.headers['etag'], `W/"${version}"`)

      // Membership as the RFC filter reads it (the document lists no membership query by Entra).
      for (const user of users) {
        const filter = entraFilter(`members[value eq "${user}"]`)
        const holding = await request(
          'GET',
          at(mode, `Groups?excludedAttributes=members&filter=${filter}`),
        )
        assert.equal(holding.status, 200, holding.text)
        assert.deepEqual(
          holding.body.Resources.map((g: { id: string }) => g.id),
          [id],
        )
        assert.equal('members' in holding.body.Resources[0], false)
      }

      // §3.5 / Q6: each shape removes exactly the member it names and never wipes the group.
      const removed = users.slice(0, mode.removes.length)
      for (const [i, remove] of mode.removes.entries()) {
        const user = users[i] as string
        const r = await request('PATCH', at(mode, `Groups/${id}`), remove(user))
        assertNoContent(r, `remove ${user}`)
        const filter = entraFilter(`members[value eq "${user}"]`)
        const holding = await request('GET', at(mode, `Groups?filter=${filter}`))
        assert.equal(holding.body.totalResults, 0, `${user} is no longer a member`)
      }
      const remaining = users.filter((u) => !removed.includes(u))
      assert.ok(remaining.length > 0)

      // §3.6: rename; the old name matches nothing, the new one matches the group.
      const renamed = `${displayName}updatedDisplayName`
      const r = await request('PATCH', at(mode, `Groups/${id}`), mode.rename(renamed))
      assertNoContent(r, 'rename')
      assert.equal((await match(built, mode, displayName)).body.totalResults, 0)
      const byNewName = await match(built, mode, renamed)
      assert.deepEqual(
        byNewName.body.Resources.map((g: { id: string }) => g.id),
        [id],
      )

      // The group as a whole: exactly the remaining members, users ordered by id.
      const full = await request('GET', at(mode, `Groups/${id}`))
      assert.equal(full.status, 200, full.text)
      assert.equal(full.headers['etag'], full.body.meta.version)
      assert.deepEqual(full.body, {
        schemas: [GROUP],
        id,
        externalId,
        displayName: renamed,
        members: [...remaining].sort().map((user) => ({
          value: user,
          $ref: `${ORIGIN}/Users/${user}`,
          type: 'User',
          display: 'givenName familyName',
        })),
        meta: {
          resourceType: 'Group',
          created: created.body.meta.created,
          lastModified: full.body.meta.lastModified,
          location: `${ORIGIN}/Groups/${id}`,
          version: `W/"${version + mode.removes.length + 1}"`,
        },
      })

      // §3.7: 204, then 404 for the group, and the users are untouched.
      const deleted = await request('DELETE', at(mode, `Groups/${id}`))
      assert.equal(deleted.status, 204, deleted.text)
      assert.equal(deleted.text, '')
      const gone = await request('GET', at(mode, `Groups/${id}`))
      assert.equal(gone.status, 404, gone.text)
      assert.equal(gone.body.status, '404')
      assert.equal((await match(built, mode, renamed)).body.totalResults, 0)
      for (const user of users) {
        const u = await request('GET', at(mode, `Users/${user}`))
        assert.equal(u.status, 200, u.text)
        assert.equal(u.body.groups, undefined)
      }
    })
  }
})
