// Reading query parameters: names match ignoring case (`startindex`, `Count`); repeated is a 400.
import { ScimError } from '../scim/errors.js'

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
