// Query parameters of SCIM list requests (RFC 7644 §3.4.2), read once into typed values.
import { ScimError } from '../scim/errors.js'
import { DEFAULT_COUNT, MAX_COUNT } from '../scim/schema/limits.js'

export type Query = Record<string, string | string[] | undefined>

/** One value of a query parameter, matched ignoring case (`startindex`, `Count`); repeated is a 400. */
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

export function paging(query: Query): { startIndex: number; count: number } {
  // RFC 7644 §3.4.2.4: startIndex < 1 is read as 1; a negative count as 0.
  const startIndex = Math.max(1, integerParam(query, 'startIndex') ?? 1)
  const count = Math.min(MAX_COUNT, Math.max(0, integerParam(query, 'count') ?? DEFAULT_COUNT))
  return { startIndex, count }
}

function integerParam(query: Query, name: string): number | undefined {
  const text = param(query, name)
  if (text === undefined || text === '') return undefined
  if (!/^-?\d{1,15}$/.test(text.trim()))
    throw ScimError.invalidValue(`${name} must be an integer, not '${text}'.`)
  return Number(text)
}
