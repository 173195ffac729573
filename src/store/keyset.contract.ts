// runKeysetContract: cursor paging (RFC 9865) as every Store adapter serves it, run on SQLite (through
// the read pool's workers, so the keyset travels to them) and PostgreSQL. Walking forward by `next` and
// back by `previous` must give exactly the order index paging gives, for every sort, NULLs included.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Keyset, Position } from '../scim/cursor.js'
import { defaultFold } from '../scim/filter/evaluate.js'
import type { AttrPath, Filter } from '../scim/filter/ast.js'
import { parseFilter } from '../scim/filter/parser.js'
import { DEFAULT_SETTINGS } from '../scim/profile/settings.js'
import { userFold } from '../scim/profile/user-fold.js'
import { user } from './store.contract.js'
import type { ContractOptions } from './store.contract.js'
import type { GroupPage, TenantStore, UserPage } from './store.js'

const fold = userFold(DEFAULT_SETTINGS)
type Sort = { readonly path: AttrPath; readonly descending: boolean }
type Page = { readonly ids: string[]; readonly next?: Position; readonly previous?: Position }
type List = (query: {
  sort?: Sort
  filter?: Filter
  keyset?: Keyset
  count: number
}) => Promise<Page>

const sortBy = (attr: string, descending = false, sub?: string): Sort => ({
  path: sub === undefined ? { attr } : { attr, sub },
  descending,
})

const users =
  (tenant: TenantStore): List =>
  async ({ count, ...rest }) => {
    const page: UserPage = await tenant.listUsers({ ...rest, fold, startIndex: 1, count })
    return { ...page, ids: page.users.map((u) => u.id) }
  }
const groups =
  (tenant: TenantStore): List =>
  async ({ count, ...rest }) => {
    const page: GroupPage = await tenant.listGroups({
      ...rest,
      fold: defaultFold,
      startIndex: 1,
      count,
    })
    return { ...page, ids: page.groups.map((g) => g.id) }
  }

/** Every page forward by `next`, then every page back by `previous`; both must tile `expected`. */
async function walk(
  list: List,
  query: { sort?: Sort; filter?: Filter },
  count: number,
  expected: readonly string[],
): Promise<void> {
  const pages: Page[] = []
  let keyset: Keyset = { backward: false }
  for (let guard = 0; guard < 100; guard++) {
    const page = await list({ ...query, keyset, count })
    pages.push(page)
    if (!page.next) break
    keyset = { after: page.next, backward: false }
  }
  assert.deepEqual(
    pages.flatMap((p) => p.ids),
    expected,
  )
  for (const [i, page] of pages.entries()) {
    if (i < pages.length - 1) assert.equal(page.ids.length, count, `page ${i} is full`)
    assert.equal(page.previous !== undefined, i > 0, `page ${i} has a previous page`)
  }
  // Back from the last page: the same pages in reverse.
  const back: string[][] = []
  let previous = pages[pages.length - 1]?.previous
  let forward: Position | undefined
  while (previous) {
    const page = await list({ ...query, keyset: { after: previous, backward: true }, count })
    back.unshift(page.ids)
    assert.ok(page.next, 'a page reached backwards has a next page')
    forward = page.next
    previous = page.previous
  }
  assert.deepEqual(
    back,
    pages.slice(0, -1).map((p) => p.ids),
  )
  if (forward) {
    // From the first page reached backwards, `next` leads to the second page again.
    const again = await list({ ...query, keyset: { after: forward, backward: false }, count })
    assert.deepEqual(again.ids, pages[1]?.ids)
  }
}

const FAMILY = ['Young', 'adams', undefined, 'Adams', 'Zhu', undefined, 'young', 'Émile', 'Brown']

export function runKeysetContract({ name, newStore }: ContractOptions): void {
  describe(`Keyset paging (RFC 9865): ${name}`, () => {
    it('walks users forward and back in every sort, NULLs where index paging puts them', async (t) => {
      const store = await newStore(t)
      const tenant = store.forTenant((await store.ensureTenant('acme', 'Acme')).id)
      for (let i = 0; i < 23; i++) {
        const familyName = FAMILY[i % FAMILY.length]
        await tenant.createUser(
          user(`user${String((i * 7) % 23).padStart(2, '0')}`, {
            ...(familyName ? { familyName } : {}),
            active: i % 3 !== 0,
          }),
          undefined,
        )
      }
      const list = users(tenant)
      const sorts: (Sort | undefined)[] = [
        undefined,
        sortBy('userName'),
        sortBy('userName', true),
        sortBy('name', false, 'familyName'),
        sortBy('name', true, 'familyName'),
        sortBy('meta', false, 'lastModified'),
        sortBy('meta', true, 'created'),
        sortBy('active'),
        sortBy('emails'),
        sortBy('meta', false, 'resourceType'),
      ]
      for (const sort of sorts) {
        const expected = (await list({ ...(sort ? { sort } : {}), count: 1000 })).ids
        assert.equal(expected.length, 23)
        for (const count of [1, 4, 23, 30]) {
          await walk(list, sort ? { sort } : {}, count, expected)
        }
        // Index paging reads pages of the second half from the end (keyset.ts, indexWindow): the
        // same order.
        for (const count of [4, 5]) {
          const pages: string[] = []
          for (let startIndex = 1; startIndex <= 23; startIndex += count) {
            const page = await tenant.listUsers({
              ...(sort ? { sort } : {}),
              fold,
              startIndex,
              count,
            })
            pages.push(...page.users.map((u) => u.id))
          }
          assert.deepEqual(pages, expected)
        }
      }
      const filter = parseFilter('name.familyName pr and active eq true')
      const sort = sortBy('name', true, 'familyName')
      const expected = (await list({ filter, sort, count: 1000 })).ids
      assert.ok(expected.length > 2)
      await walk(list, { filter, sort }, 2, expected)
    })

    it('walks groups forward and back', async (t) => {
      const store = await newStore(t)
      const tenant = store.forTenant((await store.ensureTenant('acme', 'Acme')).id)
      for (let i = 0; i < 11; i++) {
        await tenant.createGroup({ displayName: `Team ${(i * 5) % 11}` }, [])
      }
      const list = groups(tenant)
      for (const sort of [undefined, sortBy('displayName'), sortBy('displayName', true)]) {
        const expected = (await list({ ...(sort ? { sort } : {}), count: 1000 })).ids
        assert.equal(expected.length, 11)
        await walk(list, sort ? { sort } : {}, 3, expected)
      }
    })

    it('neither repeats nor skips the users present throughout while others come and go', async (t) => {
      const store = await newStore(t)
      const tenant = store.forTenant((await store.ensureTenant('acme', 'Acme')).id)
      const ids: string[] = []
      for (let i = 0; i < 20; i++)
        ids.push(
          (await tenant.createUser(user(`m${String(i * 5).padStart(3, '0')}`), undefined)).id,
        )
      const list = users(tenant)
      const sort = sortBy('userName')
      const deleted = new Set<string>()
      const seen: string[] = []
      let keyset: Keyset = { backward: false }
      for (let round = 0; round < 50; round++) {
        const page = await list({ sort, keyset, count: 3 })
        seen.push(...page.ids)
        // Between pages: a user sorting before the position and one after it arrive; one not yet
        // listed and one already listed go.
        await tenant.createUser(user(`m${String(round * 5 + 1).padStart(3, '0')}x`), undefined)
        await tenant.createUser(user(`a-early-${round}`), undefined)
        const ahead = ids.find((id) => !seen.includes(id) && !deleted.has(id))
        const behind = seen.find((id) => ids.includes(id) && !deleted.has(id))
        for (const id of [ahead, behind]) {
          if (id === undefined) continue
          await tenant.deleteUser(id)
          deleted.add(id)
        }
        if (!page.next) break
        keyset = { after: page.next, backward: false }
      }
      assert.equal(new Set(seen).size, seen.length, 'no user is listed twice')
      for (const id of ids) {
        if (!deleted.has(id)) assert.ok(seen.includes(id), `${id}, present throughout, is listed`)
      }
    })

    it('refuses a position whose sort value has the wrong type (400 invalidCursor, never a 500)', async (t) => {
      const store = await newStore(t)
      const tenant = store.forTenant((await store.ensureTenant('acme', 'Acme')).id)
      await tenant.createUser(user('one'), undefined)
      const id = '00000000-0000-4000-8000-000000000000'
      const cases: [Sort | undefined, Position][] = [
        [sortBy('userName'), { key: 5, id }],
        [sortBy('active'), { key: 'yes', id }],
        [undefined, { key: 1, id }],
      ]
      for (const [sort, after] of cases) {
        await assert.rejects(
          tenant.listUsers({
            ...(sort ? { sort } : {}),
            fold,
            startIndex: 1,
            count: 10,
            keyset: { after, backward: false },
          }),
          { status: 400, scimType: 'invalidCursor' },
        )
      }
      // A well-typed position anywhere is only a place to resume from.
      const page = await tenant.listUsers({
        sort: sortBy('userName'),
        fold,
        startIndex: 1,
        count: 10,
        keyset: { after: { key: 'a', id }, backward: false },
      })
      assert.deepEqual(
        page.users.map((u) => u.userName),
        ['one'],
      )
    })
  })
}
