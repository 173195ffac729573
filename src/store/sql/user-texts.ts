// Rendering a page of users as JSON text on the thread that serves every tenant (PostgreSQL, and SQLite's
// pages that stay on the event loop): a page of users each in thousands of groups is tens of MB, so it is
// rendered in slices, the event loop turning between them, and no request waits for a whole page.
import { userViewText } from '../../scim/resource/user-view.js'
import type { UserView } from '../../scim/resource/user-view.js'
import type { UserRecord } from '../../scim/resource/user.js'
import type { Registry } from '../../scim/schema/registry.js'

/**
 * Group references (plus one per user) rendered between two turns of the event loop: about 10 to 35 ms
 * of rendering on the 2-core test machine (docs/performance.md), so a 100-user page of users in 2,001
 * groups yields some 20 times, and a page of users in few groups not at all.
 */
export const RENDER_SLICE = 4_000

/** Each user's text in page order, yielding to the event loop after every RENDER_SLICE references. */
export async function userTexts(
  users: readonly UserRecord[],
  view: UserView,
  registry: Registry,
): Promise<string[]> {
  const texts: string[] = []
  let weight = 0
  for (const user of users) {
    texts.push(userViewText(user, view, registry))
    weight += 1 + user.groups.length
    if (weight >= RENDER_SLICE && texts.length < users.length) {
      weight = 0
      await new Promise<void>((done) => setImmediate(done))
    }
  }
  return texts
}
