// Resources as the HTTP layer sends them: the core's JSON projected for the request (RFC 7644 §3.4.2.5),
// with a group's members as a Paged list read from the store page by page (json-stream.ts), and a page
// of users as the JSON text the store rendered (userPage). Shared by /Users, /Groups and the root /.search.
import { isObject } from '../scim/resource/coerce.js'
import type { Json, JsonObject } from '../scim/resource/coerce.js'
import type { GroupRecord } from '../scim/resource/group.js'
import { groupToJson, memberToJson } from '../scim/resource/group-json.js'
import type { Neighbours } from '../scim/cursor.js'
import { project } from '../scim/resource/project.js'
import type { Projection } from '../scim/resource/project.js'
import type { UserRecord } from '../scim/resource/user.js'
import { userView } from '../scim/resource/user-view.js'
import type { UserView } from '../scim/resource/user-view.js'
import type { Registry } from '../scim/schema/registry.js'
import type { MemberCursor, TenantStore, UserQuery } from '../store/store.js'
import { Paged, RawJson } from './json-stream.js'
import type { Streamable } from './json-stream.js'

/** Members read per database query while streaming a group (documented in README "Limits"). */
export const MEMBER_PAGE = 1000

export function userRepresentation(
  user: UserRecord,
  base: string,
  registry: Registry,
  selected: Projection,
): JsonObject {
  return userView(user, { base, projection: selected }, registry)
}

/**
 * The one way a list reads a page of users: the store renders each user for `view` (on SQLite in the
 * read pool's worker, store/sqlite/read-worker.ts) and this thread only copies the text into the
 * response, in chunks as the client reads it (scim-reply.ts). A page of users in thousands of groups
 * is tens of MB of JSON (README "Limits").
 */
export async function userPage(
  tenant: TenantStore,
  query: UserQuery,
  view: UserView,
  relied?: number,
): Promise<Neighbours & { readonly total: number; readonly resources: RawJson[] }> {
  const { users, ...page } = await tenant.listUserTexts(query, view, relied)
  return { ...page, resources: users.map((text) => new RawJson(text)) }
}

/** GET /Users/{id}: the user as the store rendered it (userPage's text, for one user) and its ETag. */
export async function userById(
  tenant: TenantStore,
  id: string,
  view: UserView,
  relied?: number,
): Promise<{ readonly etag: string; readonly body: RawJson } | undefined> {
  const found = await tenant.getUserText(id, view, relied)
  return found && { etag: found.etag, body: new RawJson(found.text) }
}

/** The group as SCIM, its members (when selected) as a Paged list placed before meta (RFC 7643 §8.4). */
export function groupRepresentation(
  group: GroupRecord,
  base: string,
  registry: Registry,
  selected: Projection,
  tenant: TenantStore,
): Streamable {
  const head = project(groupToJson(group, base), registry, selected)
  const fields = memberFields(selected, registry)
  if (!fields) return head
  const members = new Paged(async function* () {
    let after: MemberCursor | undefined
    for (;;) {
      const page = await tenant.groupMembers(group.id, after, MEMBER_PAGE)
      yield page.map((m) => pick(memberToJson(m, base), fields))
      const last = page[page.length - 1]
      if (page.length < MEMBER_PAGE || !last) return
      after = { type: last.type, value: last.value }
    }
  })
  const { meta, ...rest } = head
  return { ...rest, members, ...(meta !== undefined ? { meta } : {}) }
}

/**
 * The member sub-attributes a projection returns, or undefined when it returns no members: the one
 * projection logic (project.ts) applied to a sample member, so members follow the same rules as the rest.
 */
function memberFields(selected: Projection, registry: Registry): string[] | undefined {
  const sample: JsonObject = { value: 'v', $ref: 'r', type: 't', display: 'd' }
  const probe = project({ schemas: [], members: [sample] }, registry, selected)['members']
  const first: Json | undefined = Array.isArray(probe) ? probe[0] : undefined
  return isObject(first) ? Object.keys(first) : undefined
}

function pick(member: JsonObject, fields: readonly string[]): JsonObject {
  return fields.length === 4
    ? member
    : Object.fromEntries(fields.map((f) => [f, member[f] ?? null]))
}
