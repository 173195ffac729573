// /Users behaviour through the whole Fastify pipeline: versions and ETags, paging, projection, PUT and
// PATCH semantics, concurrency, and the tenant's unsupportedAttributes setting.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { build, fullUser } from '../helper.js'

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
const patch = (...Operations: unknown[]) => ({ schemas: [PATCH], Operations })

describe('versions and ETags (RFC 7644 §3.14)', () => {
  it('bumps meta.version on change, not on a PATCH that changes nothing', async (t) => {
    const { request } = await build(t)
    const { body: user } = await request('POST', 'Users', fullUser())
    const same = await request(
      'PATCH',
      `Users/${user.id}`,
      patch({ op: 'replace', path: 'name.givenName', value: 'Joy' }),
    )
    assert.equal(same.body.meta.version, 'W/"1"')
    assert.equal(same.body.meta.lastModified, user.meta.lastModified)
    const empty = await request('PATCH', `Users/${user.id}`, patch())
    assert.equal(empty.status, 200)
    assert.equal(empty.body.meta.version, 'W/"1"')
    const changed = await request(
      'PATCH',
      `Users/${user.id}`,
      patch({ op: 'replace', path: 'name.givenName', value: 'Joyce' }),
    )
    assert.equal(changed.body.meta.version, 'W/"2"')
    assert.equal(changed.headers['etag'], 'W/"2"')
  })

  it('answers 412 on a stale If-Match and 304 on a matching If-None-Match', async (t) => {
    const { request } = await build(t)
    const { body: user } = await request('POST', 'Users', fullUser())
    const stale = await request(
      'PATCH',
      `Users/${user.id}`,
      patch({ op: 'replace', path: 'active', value: false }),
      { 'if-match': 'W/"7"' },
    )
    assert.equal(stale.status, 412)
    const fresh = await request(
      'PATCH',
      `Users/${user.id}`,
      patch({ op: 'replace', path: 'active', value: false }),
      { 'if-match': 'W/"1"' },
    )
    assert.equal(fresh.status, 200)
    const put = await request('PUT', `Users/${user.id}`, fullUser(), { 'if-match': 'W/"1"' })
    assert.equal(put.status, 412)
    const notModified = await request('GET', `Users/${user.id}`, undefined, {
      'if-none-match': 'W/"2"',
    })
    assert.equal(notModified.status, 304)
    assert.equal(notModified.text, '')
    const modified = await request('GET', `Users/${user.id}`, undefined, {
      'if-none-match': 'W/"1"',
    })
    assert.equal(modified.status, 200)
    const del = await request('DELETE', `Users/${user.id}`, undefined, { 'if-match': 'W/"1"' })
    assert.equal(del.status, 412)
    assert.equal(
      (await request('DELETE', `Users/${user.id}`, undefined, { 'if-match': '*' })).status,
      204,
    )
  })
})

describe('listing', () => {
  it('pages with 1-based startIndex and count, and count=0 gives only the total', async (t) => {
    const { request } = await build(t)
    for (let i = 0; i < 5; i++) await request('POST', 'Users', { userName: `user${i}` })
    const first = await request('GET', 'Users?startIndex=1&count=2')
    assert.deepEqual(
      [first.body.totalResults, first.body.itemsPerPage, first.body.startIndex],
      [5, 2, 1],
    )
    const third = await request('GET', 'Users?startIndex=5&count=2')
    assert.deepEqual([third.body.itemsPerPage, third.body.Resources[0].userName], [1, 'user4'])
    const zero = await request('GET', 'Users?count=0')
    assert.deepEqual([zero.body.totalResults, zero.body.Resources], [5, []])
    const clamped = await request('GET', 'Users?startIndex=-3&count=-1')
    assert.deepEqual([clamped.body.startIndex, clamped.body.itemsPerPage], [1, 0])
    const all = await request('GET', 'Users')
    assert.deepEqual(
      all.body.Resources.map((u: { userName: string }) => u.userName),
      ['user0', 'user1', 'user2', 'user3', 'user4'],
    )
  })

  it('sorts by any single-valued or multi-valued attribute, ignoring case, with stable ties', async (t) => {
    const { request } = await build(t)
    const users = [
      {
        userName: 'b@x.com',
        name: { familyName: 'émile' },
        emails: [{ type: 'work', value: 'Z@x.com' }],
      },
      {
        userName: 'A@x.com',
        name: { familyName: 'Zola' },
        emails: [
          { type: 'home', value: 'y@x.com' },
          { type: 'work', value: 'a@x.com', primary: true },
        ],
      },
      { userName: 'c@x.com', emails: [{ type: 'work', value: 'm@x.com' }] },
      { userName: 'D@x.com', name: { familyName: 'Émile' } },
    ]
    for (const u of users) assert.equal((await request('POST', 'Users', u)).status, 201)
    const names = async (query: string): Promise<string[]> =>
      (await request('GET', `Users?${query}`)).body.Resources.map(
        (u: { userName: string }) => u.userName,
      )
    assert.deepEqual(await names('sortBy=userName'), ['A@x.com', 'b@x.com', 'c@x.com', 'D@x.com'])
    assert.deepEqual(await names('sortBy=userName&sortOrder=descending'), [
      'D@x.com',
      'c@x.com',
      'b@x.com',
      'A@x.com',
    ])
    // Folded values in code point order ('zola' < 'émile'); missing values last; ties broken by id.
    const byFamily = await names('sortBy=name.familyName')
    assert.deepEqual([byFamily[0], byFamily[3]], ['A@x.com', 'c@x.com'])
    assert.deepEqual(new Set(byFamily.slice(1, 3)), new Set(['b@x.com', 'D@x.com']))
    assert.deepEqual(await names('sortBy=name.familyName'), byFamily)
    // A multi-valued attribute sorts by its primary value, else its first one.
    assert.deepEqual(await names('sortBy=emails.value&count=3'), ['A@x.com', 'c@x.com', 'b@x.com'])
    // Descending, users without a value come first.
    assert.deepEqual(await names('sortBy=emails&sortOrder=DESCENDING&startIndex=2&count=2'), [
      'b@x.com',
      'c@x.com',
    ])
    const bad = await request('GET', 'Users?sortBy=displayName')
    assert.equal(bad.status, 400)
    assert.equal(bad.body.scimType, 'invalidValue')
    assert.equal((await request('GET', 'Users?sortBy=userName&sortOrder=up')).status, 400)
    assert.equal((await request('GET', 'Users?sortBy=password')).status, 400)
  })

  it('answers POST /Users/.search and POST /.search like the GET query', async (t) => {
    const { request } = await build(t)
    for (let i = 0; i < 4; i++)
      await request('POST', 'Users', { userName: `user${i}`, externalId: `e${i % 2}` })
    const body = {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: 'externalId eq "e1"',
      sortBy: 'userName',
      sortOrder: 'descending',
      attributes: ['userName'],
      startIndex: 1,
      count: 10,
    }
    for (const path of ['Users/.search', '.search']) {
      const r = await request('POST', path, body)
      assert.equal(r.status, 200, r.text)
      assert.equal(r.body.totalResults, 2)
      assert.deepEqual(
        r.body.Resources.map((u: { userName: string }) => u.userName),
        ['user3', 'user1'],
      )
      assert.equal(r.body.Resources[0].externalId, undefined)
    }
    const bad = await request('POST', 'Users/.search', { filter: 42 })
    assert.equal(bad.status, 400)
    assert.equal((await request('POST', 'Users/.search', { attributes: 'userName' })).status, 400)
    assert.equal(
      (await request('POST', 'Users/.search', { filter: 'userName eq' })).body.scimType,
      'invalidFilter',
    )
    // A misspelt member is refused rather than ignored (which would list every user).
    for (const path of ['Users/.search', 'Groups/.search', '.search']) {
      const typo = await request('POST', path, { ...body, filterz: 'externalId eq "e1"' })
      assert.equal(typo.status, 400, `${path}: ${typo.text}`)
      assert.equal(typo.body.scimType, 'invalidSyntax')
      assert.match(typo.body.detail, /unknown member 'filterz'/)
    }
    const { filter, ...unfiltered } = body
    const cased = await request('POST', 'Users/.search', { ...unfiltered, Filter: filter })
    assert.equal(cased.body.totalResults, 2)
  })

  it('filters with + for spaces, unquoted values and and-ed conditions', async (t) => {
    const { request } = await build(t)
    await request('POST', 'Users', fullUser('ann@contoso.com'))
    const q = 'Users?filter=userName+eq+%22ANN%40contoso.com%22+and+externalId+eq+jyoung'
    assert.equal((await request('GET', q)).body.totalResults, 1)
    const id = (await request('GET', q)).body.Resources[0].id
    assert.equal((await request('GET', `Users?filter=id+eq+%22${id}%22`)).body.totalResults, 1)
    assert.equal(
      (
        await request(
          'GET',
          `Users?filter=emails%5Btype+eq+%22work%22%5D.value+eq+%22JYOUNG%40contoso.com%22`,
        )
      ).body.totalResults,
      1,
    )
    assert.equal(
      (
        await request(
          'GET',
          `Users?filter=emails%5Btype+eq+%22home%22%5D.value+eq+%22jyoung%40contoso.com%22`,
        )
      ).body.totalResults,
      0,
    )
  })

  it('projects attributes and excludedAttributes, on lists and on GET by id', async (t) => {
    const { request } = await build(t)
    const { body: user } = await request('POST', 'Users', fullUser())
    const only = await request('GET', `Users/${user.id}?attributes=userName,emails.value`)
    assert.deepEqual(only.body, {
      schemas: user.schemas,
      id: user.id,
      userName: user.userName,
      emails: [{ value: 'jyoung@contoso.com' }, { value: 'joy@example.org' }],
      meta: { resourceType: 'User' },
    })
    const without = await request(
      'GET',
      `Users?excludedAttributes=emails,phoneNumbers,name.familyName,id`,
    )
    const listed = without.body.Resources[0]
    assert.equal(listed.id, user.id)
    assert.equal(listed.emails, undefined)
    assert.equal(listed.phoneNumbers, undefined)
    assert.deepEqual(listed.name, { givenName: 'Joy' })
  })
})

describe('PUT and PATCH semantics', () => {
  it('PUT replaces writable attributes, ignores readOnly ones and keeps the password when not sent', async (t) => {
    const { request } = await build(t)
    const { body: user } = await request('POST', 'Users', fullUser())
    const put = await request('PUT', `Users/${user.id}`, {
      userName: 'Joy.Young@contoso.com',
      id: 'forged',
      meta: { created: '2000-01-01T00:00:00Z' },
      groups: [{ value: 'g' }],
    })
    assert.equal(put.status, 200)
    assert.equal(put.body.id, user.id)
    assert.equal(put.body.meta.created, user.meta.created)
    assert.equal(put.body.emails, undefined)
    assert.equal(put.body.name, undefined)
    assert.deepEqual(put.body.roles, [{ value: 'Standard User' }])
    assert.equal(put.body.active, true)
  })

  it("accepts Entra's PATCH shapes", async (t) => {
    const { request } = await build(t)
    const { body: user } = await request('POST', 'Users', fullUser())
    const r = await request(
      'PATCH',
      `Users/${user.id}`,
      patch(
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updated@contoso.com' },
        {
          op: 'replace',
          value: { 'name.givenName': 'Kkom', 'name.familyName': 'Unua', active: 'False' },
        },
        { op: 'Add', path: 'phoneNumbers[type eq "home"].value', value: '+14155550199' },
        { op: 'Add', path: 'preferredLanguage', value: 'fr' },
        { op: 'Remove', path: 'phoneNumbers[type eq "mobile"]' },
      ),
    )
    assert.equal(r.status, 200, r.text)
    assert.deepEqual(r.body.name, { givenName: 'Kkom', familyName: 'Unua' })
    assert.equal(r.body.active, false)
    assert.equal(r.body.preferredLanguage, 'fr')
    assert.deepEqual(r.body.emails[0], {
      value: 'updated@contoso.com',
      type: 'Work Email',
      primary: true,
    })
    assert.deepEqual(r.body.phoneNumbers, [
      { type: 'Work Phone', value: '+14155550123' },
      { type: 'home', value: '+14155550199' },
    ])
  })

  it('addresses the primary role as roles[type eq "Primary"] and roles[primary eq "True"]', async (t) => {
    const { request } = await build(t)
    const { body: user } = await request('POST', 'Users', fullUser())
    const byType = await request(
      'PATCH',
      `Users/${user.id}`,
      patch({ op: 'Replace', path: 'roles[type eq "Primary"].value', value: 'Group Supervisor' }),
    )
    assert.deepEqual(byType.body.roles, [
      { type: 'Primary', value: 'Group Supervisor', primary: true },
    ])
    const byPrimary = await request(
      'PATCH',
      `Users/${user.id}`,
      patch({ op: 'Replace', path: 'roles[primary eq "True"].value', value: 'Developer' }),
    )
    assert.deepEqual(byPrimary.body.roles, [{ type: 'Primary', value: 'Developer', primary: true }])
    for (const filter of [
      'roles[primary eq true].value eq "Developer"',
      'roles[type eq "primary"].value eq "Developer"',
      'roles.value eq "Developer"',
    ]) {
      const found = await request('GET', `Users?filter=${encodeURIComponent(filter)}`)
      assert.equal(found.body.totalResults, 1, filter)
    }
    const fresh = await request('POST', 'Users', { userName: 'nobody' })
    const added = await request(
      'PATCH',
      `Users/${fresh.body.id}`,
      patch({ op: 'Add', path: 'roles[primary eq "True"].value', value: 'Developer' }),
    )
    assert.deepEqual(added.body.roles, [
      { value: 'Standard User' },
      { primary: true, value: 'Developer' },
    ])
  })

  it("accepts Entra's app-role PATCH with a JSON-encoded value (Q15)", async (t) => {
    const { request } = await build(t)
    const { body: user } = await request('POST', 'Users', { userName: 'roles@contoso.com' })
    const r = await request('PATCH', `Users/${user.id}`, {
      schemas: [PATCH],
      Operations: [
        {
          op: 'Add',
          path: 'roles',
          value: [
            {
              value:
                '{"id":"06b07648-ecfe-589f-9d2f-6325724a46ee","value":"Developer","displayName":"Developer"}',
            },
          ],
        },
      ],
    })
    assert.equal(r.status, 200, r.text)
    assert.deepEqual(r.body.roles, [{ value: 'Standard User' }, { value: 'Developer' }])
  })

  it('applies all operations of a PATCH or none', async (t) => {
    const { request } = await build(t)
    const { body: user } = await request('POST', 'Users', fullUser())
    const r = await request(
      'PATCH',
      `Users/${user.id}`,
      patch(
        { op: 'replace', path: 'name.givenName', value: 'Changed' },
        { op: 'replace', path: 'phoneNumbers[type eq "work"].value', value: '555-0123' },
      ),
    )
    assert.equal(r.status, 400)
    assert.match(r.body.detail, /E\.164/)
    assert.equal((await request('GET', `Users/${user.id}`)).body.name.givenName, 'Joy')
  })

  it('never loses a change under 50 concurrent PATCHes to one user', async (t) => {
    const { request, store, tenant } = await build(t)
    const roles = Array.from({ length: 50 }, (_, i) => `Role ${i}`)
    const settings = await store.forTenant(tenant.id).settings()
    await store.forTenant(tenant.id).setSetting('roles', [...settings.roles, ...roles])
    const { body: user } = await request('POST', 'Users', { userName: 'busy' })
    const results = await Promise.all(
      roles.map((value) =>
        request(
          'PATCH',
          `Users/${user.id}`,
          patch({ op: 'add', path: 'roles', value: [{ value }] }),
        ),
      ),
    )
    assert.ok(results.every((r) => r.status === 200))
    const final = await request('GET', `Users/${user.id}`)
    const held = new Set(final.body.roles.map((r: { value: string }) => r.value))
    for (const role of roles) assert.ok(held.has(role), role)
    assert.equal(final.body.meta.version, `W/"${roles.length + 1}"`)
  })
})

describe('unsupportedAttributes', () => {
  it('rejects by default, naming every unsupported attribute; accepts and drops them when set to ignore', async (t) => {
    const { request, store, tenant } = await build(t)
    const body = {
      ...fullUser(),
      displayName: 'Joy Young',
      name: { givenName: 'Joy', familyName: 'Young', formatted: 'Joy Young' },
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Ops' },
    }
    const rejected = await request('POST', 'Users', body)
    assert.equal(rejected.status, 400)
    for (const path of [
      'displayName',
      'name.formatted',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
    ]) {
      assert.ok(rejected.body.detail.includes(path), path)
    }
    await store.forTenant(tenant.id).setSetting('unsupportedAttributes', 'ignore')
    const accepted = await request('POST', 'Users', body)
    assert.equal(accepted.status, 201)
    assert.equal(accepted.body.displayName, undefined)
    assert.deepEqual(accepted.body.name, { givenName: 'Joy', familyName: 'Young' })
    const patched = await request(
      'PATCH',
      `Users/${accepted.body.id}`,
      patch({ op: 'Replace', path: 'displayName', value: 'Pvlo' }),
    )
    assert.equal(patched.status, 200)
    assert.equal(patched.body.meta.version, 'W/"1"')
  })
})
