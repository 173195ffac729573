// A user as a response carries it: the SCIM representation (user-json.ts) for the request's base URL,
// projected by its `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5). Pure, so that a page of
// users can be rendered wherever it is read (on SQLite, in the read pool's worker: read-worker.ts).
import type { JsonObject } from './coerce.js'
import { project } from './project.js'
import type { Projection } from './project.js'
import type { UserRecord } from './user.js'
import { userToJson } from './user-json.js'
import type { Registry } from '../schema/registry.js'

/** What a response needs to render users: the SCIM base URL of the request and its projection. */
export interface UserView {
  readonly base: string
  readonly projection: Projection
}

export function userView(user: UserRecord, view: UserView, registry: Registry): JsonObject {
  return project(userToJson(user, view.base), registry, view.projection)
}

/** The same as JSON text (RFC 8259), as it is written into a response. */
export function userViewText(user: UserRecord, view: UserView, registry: Registry): string {
  return JSON.stringify(userView(user, view, registry))
}
