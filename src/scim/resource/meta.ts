// RFC 7643 §3.1 meta and RFC 7644 §3.14 versions: meta.version is a weak ETag of the resource's
// integer version, bumped on every change that alters the resource.

export function etag(version: number): string {
  return `W/"${version}"`
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
  r: { created: string; lastModified: string; version: number },
): Meta {
  return {
    resourceType,
    created: r.created,
    lastModified: r.lastModified,
    location,
    version: etag(r.version),
  }
}

/** RFC 7643 §3.1 meta.location and `$ref`: the resource's URI under the SCIM base URL. */
export function resourceUri(base: string, type: 'User' | 'Group', id: string): string {
  return `${base}/${type === 'User' ? 'Users' : 'Groups'}/${encodeURIComponent(id)}`
}
