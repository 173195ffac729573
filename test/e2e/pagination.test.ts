// Cursor paging over HTTP (RFC 9865) beside index paging (RFC 7644 §3.4.2.4): the answers' shape,
// walking /Users and /Groups by nextCursor and previousCursor, and every refusal with its scimType.
// The store's keyset paging on both databases is src/store/keyset.contract.ts.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TestContext } from 'node:test'
import { mintToken } from '../../src/auth/secret-token.js'
import { user } from '../../src/store/store.contract.js'
import { build } from '../helper.js'
import type { Built, Reply } from '../helper.js'

const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest'
const FAMILY = ['Young', undefined, 'adams', 'Brown', undefined, 'Zhu', 'young']

/** A Roster on SQLite with 12 users and 7 groups, and a clock the test moves. */
async function world(t: TestContext): Promise<Built & { clock: { now: Date } }> {
  const clock = { now: new Date('2026-12-06T12:00:00Z') }
  const built = await build(t, { now: () => clock.now })
  const tenant = built.store.forTenant(built.tenant.id)
  for (let i = 0; i < 12; i++) {
    const familyName = FAMILY[i % FAMILY.length]
    await tenant.createUser(
      user(`person${(i * 5) % 12}`, familyName ? { familyName } : {}),
      undefined,
    )
  }
  for (let i = 0; i < 7; i++) await tenant.createGroup({ displayName: `Team ${(i * 3) % 7}` }, [])
  return { ...built, clock }
}

const ids = (reply: Reply): string[] => (reply.body.Resources as { id: string }[]).map((r) => r.id)
const withCursor = (path: string, cursor: string): string =>
  `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`

/** Every page of `path` from an empty cursor by nextCursor, then back by previousCursor. */
async function walk(built: Built, path: string, count: number): Promise<string[][]> {
  const pages: Reply[] = []
  let reply = await built.request('GET', `${path}&count=${count}&cursor`)
  for (;;) {
    assert.equal(reply.status, 200, reply.text)
    assert.equal(reply.body.startIndex, undefined, 'no startIndex in a cursor answer')
    assert.equal(reply.body.itemsPerPage, reply.body.Resources.length)
    pages.push(reply)
    if (reply.body.nextCursor === undefined) break
    reply = await built.request('GET', withCursor(`${path}&count=${count}`, reply.body.nextCursor))
  }
  assert.equal(pages[0]?.body.previousCursor, undefined, 'the first page has no previous page')
  const back: string[][] = []
  let previous: string | undefined = pages[pages.length - 1]?.body.previousCursor
  while (previous !== undefined) {
    const page = await built.request('GET', withCursor(`${path}&count=${count}`, previous))
    assert.equal(page.status, 200, page.text)
    assert.ok(page.body.nextCursor, 'a page reached backwards has a next page')
    back.unshift(ids(page))
    previous = page.body.previousCursor
  }
  const forward = pages.map(ids)
  assert.deepEqual(back, forward.slice(0, -1))
  return forward
}

describe('cursor paging (RFC 9865)', () => {
  it('walks /Users forward and back in the order index paging gives, for every sort', async (t) => {
    const built = await world(t)
    for (const query of [
      '',
      'sortBy=userName',
      'sortBy=name.familyName',
      'sortBy=name.familyName&sortOrder=descending',
      'sortBy=meta.lastModified&sortOrder=descending',
      'filter=name.familyName+pr&sortBy=userName&sortOrder=descending',
    ]) {
      const all = await built.request('GET', `Users?${query}&count=1000`)
      const pages = await walk(built, `Users?${query}`, 5)
      assert.deepEqual(pages.flat(), ids(all), query)
      assert.equal(pages[0]?.length, Math.min(5, all.body.totalResults))
    }
  })

  it('answers totalResults, itemsPerPage and the cursors, without startIndex', async (t) => {
    const built = await world(t)
    for (const first of ['Users?cursor&count=5', 'Users?cursor=&count=5']) {
      const reply = await built.request('GET', first)
      assert.equal(reply.status, 200)
      assert.deepEqual(Object.keys(reply.body), [
        'schemas',
        'totalResults',
        'itemsPerPage',
        'nextCursor',
        'Resources',
      ])
      assert.equal(reply.body.totalResults, 12)
      assert.equal(reply.body.itemsPerPage, 5)
    }
    const index = await built.request('GET', 'Users?count=5')
    assert.equal(index.body.startIndex, 1)
    assert.equal(index.body.nextCursor, undefined)
    const last = await built.request('GET', 'Users?cursor&count=12')
    assert.equal(last.body.nextCursor, undefined)
    assert.equal(last.body.previousCursor, undefined)
    const none = await built.request('GET', 'Users?cursor&count=0')
    assert.deepEqual(
      [none.body.totalResults, none.body.itemsPerPage, none.body.nextCursor],
      [12, 0, undefined],
    )
    // Entra's match (one equality) by cursor takes the keyset path, not the match shortcut, which
    // answers the first page: the second page holds only what follows the cursor.
    const tenant = built.store.forTenant(built.tenant.id)
    for (const name of ['twin1', 'twin2', 'twin3'])
      await tenant.createUser(user(name, { externalId: 'twin' }), undefined)
    const twins = 'Users?filter=externalId+eq+%22twin%22'
    const page1 = await built.request('GET', `${twins}&cursor&count=2`)
    assert.deepEqual(
      [page1.body.totalResults, page1.body.startIndex, page1.body.itemsPerPage],
      [3, undefined, 2],
    )
    const page2 = await built.request('GET', withCursor(`${twins}&count=3`, page1.body.nextCursor))
    assert.deepEqual(
      (page2.body.Resources as { userName: string }[]).map((u) => u.userName),
      ['twin3'],
    )
  })

  it('pages a POST .search by the cursor field of its body', async (t) => {
    const built = await world(t)
    const search = (body: Record<string, unknown>) =>
      built.request('POST', 'Users/.search', { schemas: [SEARCH], sortBy: 'userName', ...body })
    const first = await search({ cursor: '', count: 7 })
    assert.equal(first.status, 200, first.text)
    const second = await search({ cursor: first.body.nextCursor, count: 7 })
    assert.equal(second.body.nextCursor, undefined)
    const all = await built.request('GET', 'Users?sortBy=userName')
    assert.deepEqual([...ids(first), ...ids(second)], ids(all))
    // A GET cursor and a POST cursor of the same query are interchangeable.
    const viaGet = await built.request(
      'GET',
      withCursor('Users?sortBy=userName&count=7', first.body.nextCursor),
    )
    assert.deepEqual(ids(viaGet), ids(second))
  })

  it('walks /Groups', async (t) => {
    const built = await world(t)
    for (const query of ['', 'sortBy=displayName&sortOrder=descending']) {
      const all = await built.request('GET', `Groups?${query}`)
      assert.deepEqual((await walk(built, `Groups?${query}`, 3)).flat(), ids(all))
    }
  })

  it('refuses what cannot be a cursor of this query (400 with the RFC 9865 scimType)', async (t) => {
    const built = await world(t)
    const next = (await built.request('GET', 'Users?sortBy=userName&cursor&count=2')).body
      .nextCursor as string
    const groupCursor = (await built.request('GET', 'Groups?cursor&count=2')).body
      .nextCursor as string
    const [payload, sum] = next.split('.') as [string, string]
    const tampered = `${payload.slice(0, 10)}${payload[10] === 'A' ? 'B' : 'A'}${payload.slice(11)}.${sum}`
    const cases: [string, string, string, RegExp][] = [
      ['garbage', withCursor('Users?sortBy=userName', 'abc'), 'invalidCursor', /not one/],
      [
        'a tampered byte',
        withCursor('Users?sortBy=userName', tampered),
        'invalidCursor',
        /not one/,
      ],
      [
        'another sortBy',
        withCursor('Users?sortBy=externalId', next),
        'invalidCursor',
        /another query/,
      ],
      ['no sortBy', withCursor('Users', next), 'invalidCursor', /another query/],
      [
        'another sortOrder',
        withCursor('Users?sortBy=userName&sortOrder=descending', next),
        'invalidCursor',
        /another query/,
      ],
      [
        'another filter',
        withCursor('Users?sortBy=userName&filter=active+eq+true', next),
        'invalidCursor',
        /another query/,
      ],
      ['a Groups cursor on /Users', withCursor('Users', groupCursor), 'invalidCursor', /another/],
      [
        'cursor with startIndex',
        'Users?cursor&startIndex=1',
        'invalidValue',
        /startIndex and cursor/,
      ],
      ['a repeated cursor', 'Users?cursor=a&cursor=b', 'invalidValue', /more than once/],
    ]
    for (const [name, path, scimType, detail] of cases) {
      const reply = await built.request('GET', path)
      assert.equal(reply.status, 400, `${name}: ${reply.text}`)
      assert.equal(reply.body.scimType, scimType, name)
      assert.match(reply.body.detail, detail, name)
    }
    const body = await built.request('POST', 'Users/.search', {
      schemas: [SEARCH],
      cursor: '',
      startIndex: 2,
    })
    assert.equal(body.body.scimType, 'invalidValue')
    // The untouched cursor still works.
    assert.equal(
      (await built.request('GET', withCursor('Users?sortBy=userName', next))).status,
      200,
    )
  })

  it('expires a cursor after cursorTimeout (expiredCursor)', async (t) => {
    const built = await world(t)
    const spc = await built.request('GET', 'ServiceProviderConfig')
    assert.deepEqual(spc.body.pagination, {
      cursor: true,
      index: true,
      defaultPaginationMethod: 'index',
      defaultPageSize: 100,
      maxPageSize: 1000,
      cursorTimeout: 3600,
    })
    const next = (await built.request('GET', 'Users?cursor&count=2')).body.nextCursor as string
    built.clock.now = new Date(built.clock.now.getTime() + 3600 * 1000)
    assert.equal((await built.request('GET', withCursor('Users?count=2', next))).status, 200)
    built.clock.now = new Date(built.clock.now.getTime() + 1000)
    const expired = await built.request('GET', withCursor('Users?count=2', next))
    assert.equal(expired.status, 400)
    assert.equal(expired.body.scimType, 'expiredCursor')
    assert.match(expired.body.detail, /empty cursor/)
  })

  it("refuses a tenant's cursor on another tenant (invalidCursor)", async (t) => {
    const built = await world(t)
    const acme = await built.store.ensureTenant('acme', 'Acme')
    await built.store.forTenant(acme.id).createUser(user('person1'), undefined)
    await built.store.forTenant(acme.id).createUser(user('person2'), undefined)
    const { token } = await mintToken(built.store, acme.id, 'acme', null)
    const next = (await built.request('GET', 'Users?cursor&count=1')).body.nextCursor as string
    const reply = await built.request(
      'GET',
      `/t/acme/api/xm/1/scim/v2/${withCursor('Users?count=1', next)}`,
      undefined,
      { authorization: `Bearer ${token}` },
    )
    assert.equal(reply.status, 400, reply.text)
    assert.equal(reply.body.scimType, 'invalidCursor')
    const own = await built.request(
      'GET',
      '/t/acme/api/xm/1/scim/v2/Users?cursor&count=1',
      undefined,
      {
        authorization: `Bearer ${token}`,
      },
    )
    assert.equal(own.body.totalResults, 2)
    assert.ok(own.body.nextCursor)
  })

  it('refuses a cursor on the root /.search, which pages by index only', async (t) => {
    const built = await world(t)
    const reply = await built.request('POST', '/api/xm/1/scim/v2/.search', {
      schemas: [SEARCH],
      cursor: '',
    })
    assert.equal(reply.status, 400)
    assert.equal(reply.body.scimType, 'invalidValue')
    assert.match(reply.body.detail, /\/Users\/\.search/)
  })
})
