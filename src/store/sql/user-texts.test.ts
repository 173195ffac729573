// A page of users in many groups is rendered in slices (user-texts.ts): between two slices the event loop
// turns, so another request is served while the page is rendered. Observed through the view the page is
// rendered for (its base URL is read once per user) and a chain of setImmediate turns; no timing. Runs on
// SQLite (a store rendering on its own thread) and on PostgreSQL when DATABASE_URL is set.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import type { TestContext } from 'node:test'
import { defaultFold } from '../../scim/filter/evaluate.js'
import type { UserView } from '../../scim/resource/user-view.js'
import { testSchemaStore } from '../postgres/test-schema.js'
import { openSqliteStore } from '../sqlite/sqlite-store.js'
import type { Store } from '../store.js'
import { RENDER_SLICE } from './user-texts.js'

const DATABASE_URL = process.env['DATABASE_URL']
const USERS = 10
/** Each user is in this many groups plus its direct one: a slice holds few users. */
const PARENTS = Math.ceil(RENDER_SLICE / 4)

const databases: [string, ((t: TestContext) => Promise<Store>) | undefined][] = [
  [
    'SQLite',
    async (t) => {
      const dir = mkdtempSync(join(tmpdir(), 'roster-texts-'))
      // inline: the page is rendered on this thread, as PostgreSQL's are.
      const store = await openSqliteStore({ file: join(dir, 'roster.db'), inline: true })
      t.after(async () => {
        await store.close()
        rmSync(dir, { recursive: true, force: true })
      })
      return store
    },
  ],
  [
    'PostgreSQL',
    DATABASE_URL ? async (t) => (await testSchemaStore(DATABASE_URL, t)).store : undefined,
  ],
]

for (const [name, open] of databases) {
  describe(
    `a page of users rendered on ${name}`,
    { skip: open ? false : 'DATABASE_URL is not set', timeout: 300_000 },
    () => {
      it(`lets the event loop turn between slices of ${RENDER_SLICE} group references`, async (t) => {
        const store = await open!(t)
        const tenant = store.forTenant((await store.ensureTenant('texts', 'Texts')).id)
        const users = await tenant.createUsers(
          Array.from({ length: USERS }, (_, i) => ({
            data: {
              userName: `u${i}@contoso.com`,
              active: true,
              emails: [],
              phoneNumbers: [],
              roles: [],
            },
          })),
        )
        const team = await tenant.createGroup(
          { displayName: 'Team' },
          users.map((u) => ({ value: (u as { id: string }).id, type: 'User' as const })),
        )
        for (let i = 0; i < PARENTS; i++) {
          await tenant.createGroup({ displayName: `Parent ${i}` }, [
            { value: team.id, type: 'Group' },
          ])
        }
        const events: string[] = []
        const view: UserView = {
          get base() {
            events.push('user')
            return 'https://roster.example/scim/v2'
          },
          projection: {},
        }
        let done = false
        const tick = (): void => {
          if (done) return
          events.push('tick')
          setImmediate(tick)
        }
        setImmediate(tick)
        const page = await tenant.listUserTexts(
          { fold: defaultFold, startIndex: 1, count: USERS },
          view,
        )
        done = true
        assert.equal(page.users.length, USERS)
        for (const text of page.users) {
          assert.equal((JSON.parse(text) as { groups: unknown[] }).groups.length, PARENTS + 1)
        }
        const rendering = events.slice(events.indexOf('user'), events.lastIndexOf('user') + 1)
        assert.equal(rendering.filter((e) => e === 'user').length, USERS)
        // Each slice holds at most this many users of PARENTS + 1 groups; the loop turns after each.
        const perSlice = Math.ceil(RENDER_SLICE / (PARENTS + 2))
        const runs = rendering
          .join(' ')
          .split('tick')
          .map((run) => run.trim().split(/\s+/).filter(Boolean).length)
        assert.ok(
          Math.max(...runs) <= perSlice,
          `users rendered without a turn: ${rendering.join(' ')}`,
        )
      })
    },
  )
}
