// Reading query parameters: names match ignoring case (`startindex`, `Count`); repeated is a 400.
import { ScimError } from '../scim/errors.js'
import type { Projection } from '../scim/resource/project.js'
import type { Registry } from '../scim/schema/registry.js'
import { projectionOf } from '../scim/search.js'

export type Query = Record<string, string | string[] | undefined>

export function param(query: Query, name: string): string | undefined {
  const lower = name.toLowerCase()
  const hits = Object.entries(query).filter(([k]) => k.toLowerCase() === lower)
  if (hits.length === 0) return undefined
  const value = hits.length === 1 ? hits[0]?.[1] : hits.flatMap(([, v]) => v ?? [])
  if (Array.isArray(value)) {
    if (value.length === 1) return value[0]
    throw ScimError.invalidValue(`The query parameter '${name}' is given more than once.`)
  }
  return value
}

/** The `attributes` / `excludedAttributes` query parameters of a read (RFC 7644 §3.4.2.5, §3.9). */
export function projectionParams(query: Query, registry: Registry): Projection {
  return projectionOf(param(query, 'attributes'), param(query, 'excludedAttributes'), registry)
}
