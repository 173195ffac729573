// RFC 7643 §3.1 meta and RFC 7644 §3.14 versions: meta.version is a weak ETag of the resource's
// integer version, bumped on every change that alters the resource.
import { createHash } from 'node:crypto'
import type { UserGroup } from './group.js'

/**
 * The resource's weak ETag (RFC 7644 §3.14, RFC 7232): its version, and for a user in groups a digest of
 * User.groups too, because memberships change in the groups' rows without the user's version moving.
 * Any change to the representation therefore changes the tag.
 */
export function etag(r: {
  readonly version: number
  readonly groups?: readonly UserGroup[]
}): string {
  if (!r.groups || r.groups.length === 0) return `W/"${r.version}"`
  const digest = createHash('sha256')
    .update(JSON.stringify(r.groups))
    .digest('base64url')
    .slice(0, 12)
  return `W/"${r.version}-${digest}"`
}

export interface Meta {
  readonly resourceType: string
  readonly created: string
  readonly lastModified: string
  readonly location: string
  readonly version: string
}

export function meta(
  resourceType: string,
  location: string,
  r: {
    readonly created: string
    readonly lastModified: string
    readonly version: number
    readonly groups?: readonly UserGroup[]
  },
): Meta {
  return {
    resourceType,
    created: r.created,
    lastModified: r.lastModified,
    location,
    version: etag(r),
  }
}

/** RFC 7643 §3.1 meta.location and `$ref`: the resource's URI under the SCIM base URL. */
export function resourceUri(base: string, type: 'User' | 'Group', id: string): string {
  return `${base}/${type === 'User' ? 'Users' : 'Groups'}/${encodeURIComponent(id)}`
}
