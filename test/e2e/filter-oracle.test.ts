// GET /Users?filter= through HTTP against an independent oracle: the in-memory evaluator (evaluate.ts) over
// the users exactly as the server returns them, with the profile's fold. One app, one data set
// (filter-oracle.cases.ts), one subtest per filter: the ids and totalResults must be equal, and a filter
// the oracle refuses (400 invalidFilter) must be refused by the server, and the other way round.
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, it } from 'node:test'
import { ScimError } from '../../src/scim/errors.js'
import { checkFilter, evaluate, resourceScope } from '../../src/scim/filter/evaluate.js'
import { parseFilter } from '../../src/scim/filter/parser.js'
import { DEFAULT_SETTINGS } from '../../src/scim/profile/settings.js'
import { userFold } from '../../src/scim/profile/user-fold.js'
import type { JsonObject } from '../../src/scim/resource/coerce.js'
import { userRegistry } from '../../src/scim/schema/registry.js'
import type { Built } from '../helper.js'
import { build } from '../helper.js'
import { PATCHES, USERS, filterCases } from './filter-oracle.cases.js'

const scope = resourceScope(userRegistry())
const fold = userFold(DEFAULT_SETTINGS)

type Outcome = { ids: string[] } | { error: ScimError }

function oracle(filter: string, users: readonly JsonObject[]): Outcome {
  try {
    const parsed = parseFilter(filter)
    // Refusals do not depend on the data: check once, before any user is looked at.
    checkFilter(parsed, scope)
    const ids = users.filter((u) => evaluate(parsed, u, scope, fold)).map((u) => u['id'] as string)
    return { ids: ids.sort() }
  } catch (error) {
    if (error instanceof ScimError) return { error }
    throw error
  }
}

/** Every user as GET /Users returns it, page by page (count=1000). */
async function listAll(request: Built['request']): Promise<JsonObject[]> {
  const users: JsonObject[] = []
  for (let startIndex = 1; ;) {
    const page = await request('GET', `Users?count=1000&startIndex=${startIndex}`)
    assert.equal(page.status, 200, page.text)
    users.push(...(page.body.Resources as JsonObject[]))
    startIndex += page.body.Resources.length
    if (page.body.Resources.length === 0 || users.length >= page.body.totalResults) return users
  }
}

describe('filters through HTTP agree with the in-memory evaluator', () => {
  it('over the filter table', async (t) => {
    const { request } = await build(t)
    for (const [index, body] of USERS.entries()) {
      const created = await request('POST', 'Users', body)
      assert.equal(created.status, 201, `POST ${JSON.stringify(body)}: ${created.text}`)
      // Spread meta.created over distinct milliseconds.
      if (index % 4 === 3) await sleep(2)
    }
    await sleep(5)
    const before = await listAll(request)
    for (const { userName, body } of PATCHES) {
      const target = before.find((u) => u['userName'] === userName)
      assert.ok(target, userName)
      const patched = await request('PATCH', `Users/${target['id'] as string}`, body)
      assert.equal(patched.status, 200, patched.text)
    }

    const users = await listAll(request)
    assert.equal(users.length, USERS.length)
    const names = new Map(users.map((u) => [u['id'] as string, u['userName'] as string]))
    const named = (ids: readonly string[]): string[] => ids.map((id) => names.get(id) ?? id)

    const filters = filterCases(users)
    assert.ok(filters.length >= 300, `only ${filters.length} filters`)

    for (const filter of filters) {
      await t.test(filter, async () => {
        const expected = oracle(filter, users)
        const reply = await request('GET', `Users?filter=${encodeURIComponent(filter)}&count=1000`)
        if ('error' in expected) {
          assert.equal(
            reply.status,
            400,
            `the oracle refuses it (${expected.error.detail}); the server answered ${reply.status} with ${reply.body?.totalResults} results`,
          )
          assert.equal(reply.body.scimType, 'invalidFilter', reply.text)
          return
        }
        assert.equal(
          reply.status,
          200,
          `the oracle finds ${expected.ids.length} users; the server answered ${reply.text}`,
        )
        const actual = (reply.body.Resources as JsonObject[]).map((u) => u['id'] as string).sort()
        const missing = expected.ids.filter((id) => !actual.includes(id))
        const extra = actual.filter((id) => !expected.ids.includes(id))
        if (missing.length > 0 || extra.length > 0) {
          assert.fail(
            `the oracle finds ${expected.ids.length} users, the server ${actual.length}; missing ${JSON.stringify(named(missing))}, unexpected ${JSON.stringify(named(extra))}`,
          )
        }
        assert.deepEqual(actual, expected.ids)
        assert.equal(reply.body.totalResults, expected.ids.length)
      })
    }
  })
})
