// Reads an untrusted resource body against the registry: canonical attribute names (RFC 7643 §2.1, names
// are case insensitive), JSON types per attribute type, Entra's string booleans ("True"/"False") coerced,
// readOnly attributes ignored (RFC 7644 §3.3), nulls read as "no value" (RFC 7644 §3.5.1), and every
// attribute the directory does not have collected by its path. One attribute sent under two spellings
// (`userName` and `USERNAME`, or with its URN) is a 400: JSON keeps both, and keeping either one would be a
// guess. Pure: returns a new object.
import type { AttributeDef } from '../schema/attribute.js'
import { subAttribute } from '../schema/attribute.js'
import type { Registry } from '../schema/registry.js'
import { controlCharacter } from '../json.js'
import type { Issue } from './issues.js'

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
export type JsonObject = { [key: string]: Json }

export interface Coerced {
  /** The body with canonical names and types; unsupported and readOnly attributes dropped. */
  readonly value: JsonObject
  /** Paths of attributes the directory does not support (`displayName`, `name.formatted`), each once. */
  readonly unsupported: readonly string[]
  readonly issues: readonly Issue[]
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** RFC 7643 §2.3.2 booleans; Entra sends "True"/"False" strings (entra-client-behaviour.md Q2). */
export function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase()
    if (lower === 'true') return true
    if (lower === 'false') return false
  }
  return undefined
}

export function coerceResource(body: unknown, registry: Registry): Coerced {
  const issues: Issue[] = []
  const unsupported: string[] = []
  const value: JsonObject = {}
  const sentAs = new Map<string, string>()
  if (!isObject(body)) {
    return {
      value,
      unsupported,
      issues: [{ path: '', message: 'the body must be a JSON object', scimType: 'invalidSyntax' }],
    }
  }
  for (const [key, raw] of Object.entries(body)) {
    if (key.toLowerCase() === 'schemas') {
      // RFC 7643 §3: schemas lists URIs; unknown URIs are tolerated (Entra sends odd ones, Q11).
      if (!Array.isArray(raw) || raw.some((s) => typeof s !== 'string')) {
        issues.push({
          path: 'schemas',
          message: 'must be an array of schema URIs',
          scimType: 'invalidSyntax',
        })
      }
      continue
    }
    const { uri, rest } = registry.splitUrn(key)
    if (uri !== undefined && rest === '') {
      // An extension object (RFC 7643 §3.3), accepted whether or not `schemas` lists its URN (Entra
      // omits custom extensions there); the core schema's URN is not a valid key.
      if (registry.isExtension(uri) && (isObject(raw) || raw === null)) {
        for (const [name, v] of Object.entries(raw ?? {}))
          coerceExtension(registry, uri, name, v, { value, unsupported, issues, sentAs })
      } else if (hasValue(raw)) unsupported.push(key)
      continue
    }
    if (uri !== undefined && registry.isExtension(uri)) {
      // `urn:…:User:costCenter` at the top level: the same attribute as inside the extension object.
      coerceExtension(registry, uri, rest, raw, { value, unsupported, issues, sentAs }, key)
      continue
    }
    const found = registry.attribute(rest, uri)
    if (!found) {
      if (hasValue(raw)) unsupported.push(key)
      continue
    }
    const def = found.attribute
    if (def.mutability === 'readOnly' || raw === null) continue
    if (sentTwice(sentAs, def.name, key, def.name, issues)) continue
    const coerced = coerceAttribute(def, raw, def.name, issues, unsupported)
    if (coerced !== undefined) value[def.name] = coerced
  }
  return { value, unsupported: [...new Set(unsupported)], issues }
}

/**
 * One attribute of an extension, kept under the extension's URN with its canonical name. Values stay as
 * sent (a multi-valued one as an array): their types are the profile's rules (profile/properties.ts),
 * which report them with the property's path.
 */
function coerceExtension(
  registry: Registry,
  uri: string,
  name: string,
  raw: Json,
  into: {
    value: JsonObject
    unsupported: string[]
    issues: Issue[]
    sentAs: Map<string, string>
  },
  key: string = name,
): void {
  const { value, unsupported } = into
  const found = registry.attribute(name, uri)
  if (!found) {
    if (hasValue(raw)) unsupported.push(`${uri}:${name}`)
    return
  }
  if (raw === null) return
  const def = found.attribute
  const path = `${uri}:${def.name}`
  if (sentTwice(into.sentAs, path, key, path, into.issues)) return
  const inner = isObject(value[uri]) ? value[uri] : {}
  inner[def.name] = def.multiValued && !Array.isArray(raw) ? [raw] : raw
  value[uri] = inner
}

function coerceAttribute(
  def: AttributeDef,
  raw: Json,
  path: string,
  issues: Issue[],
  unsupported: string[],
): Json | undefined {
  if (def.multiValued) {
    // A single object where an array is expected is accepted as a one-element array (liberal input).
    const items = Array.isArray(raw) ? raw : [raw]
    const out: Json[] = []
    items.forEach((item, index) => {
      if (item === null) return
      const v = coerceSingle(def, item, `${path}[${index}]`, issues, unsupported)
      if (v !== undefined) out.push(v)
    })
    return out
  }
  if (Array.isArray(raw)) {
    issues.push({ path, message: 'takes a single value, not an array' })
    return undefined
  }
  return coerceSingle(def, raw, path, issues, unsupported)
}

function coerceSingle(
  def: AttributeDef,
  raw: Json,
  path: string,
  issues: Issue[],
  unsupported: string[],
): Json | undefined {
  switch (def.type) {
    case 'complex': {
      if (!isObject(raw)) {
        issues.push({ path, message: 'must be an object' })
        return undefined
      }
      const out: JsonObject = {}
      const sentAs = new Map<string, string>()
      for (const [key, v] of Object.entries(raw)) {
        const sub = subAttribute(def, key)
        if (!sub) {
          if (hasValue(v) && key !== '$ref')
            unsupported.push(`${path.replace(/\[\d+\]$/, '')}.${key}`)
          continue
        }
        if (v === null || sub.mutability === 'readOnly') continue
        if (sentTwice(sentAs, sub.name, key, `${path}.${sub.name}`, issues)) continue
        const coerced = coerceSingle(sub, v, `${path}.${sub.name}`, issues, unsupported)
        if (coerced !== undefined) out[sub.name] = coerced
      }
      return out
    }
    case 'boolean': {
      const b = toBoolean(raw)
      if (b === undefined)
        issues.push({
          path,
          message: `must be a boolean (true or false), not ${JSON.stringify(raw)}`,
        })
      return b
    }
    case 'integer':
    case 'decimal': {
      if (typeof raw !== 'number' || (def.type === 'integer' && !Number.isInteger(raw))) {
        issues.push({
          path,
          message: `must be ${def.type === 'integer' ? 'an integer' : 'a number'}`,
        })
        return undefined
      }
      return raw
    }
    default: {
      if (typeof raw !== 'string') {
        // A writeOnly value (the password) is a secret: never echoed back in an error.
        const shown = def.mutability === 'writeOnly' ? '' : `, not ${JSON.stringify(raw)}`
        issues.push({ path, message: `must be a string${shown}` })
        return undefined
      }
      // Control characters (NUL, line breaks, C1) are never part of a name, an id or an address; a
      // client that sends one has a mapping bug worth seeing, not a value to store.
      const control = controlCharacter(raw)
      // The value is kept (so it is not also reported as missing); the issue makes the request a 400.
      if (control !== undefined)
        issues.push({ path, message: `contains the control character ${control}; remove it` })
      return raw
    }
  }
}

/**
 * Whether the attribute `name` was already given a value under another key of the same object: then
 * an issue names both spellings (RFC 7643 §2.1: names are case-insensitive, so they are one attribute),
 * and the first value is kept only so that the attribute is not also reported missing.
 */
function sentTwice(
  sentAs: Map<string, string>,
  name: string,
  key: string,
  path: string,
  issues: Issue[],
): boolean {
  const first = sentAs.get(name)
  if (first === undefined) {
    sentAs.set(name, key)
    return false
  }
  issues.push({
    path,
    message: `is sent twice, as '${first}' and '${key}' (names ignore case); send it once`,
    scimType: 'invalidSyntax',
  })
  return true
}

/**
 * RFC 7643 §2.5: null, "" and [] (and objects or arrays holding only those) are "unassigned". Entra sends
 * them for attributes it does not set (legacy bodies, clears).
 */
export function hasValue(value: Json): boolean {
  if (value === null || value === '') return false
  if (Array.isArray(value)) return value.some(hasValue)
  if (isObject(value)) return Object.values(value).some(hasValue)
  return true
}
