// RFC 7644 §3.5.2: a PatchOp body read into typed operations. `op` is matched ignoring case (Entra sends
// "Add"/"Replace"/"Remove", entra-client-behaviour.md Q1); an empty Operations array is a no-op.
import { ScimError } from '../errors.js'
import { isObject } from '../resource/coerce.js'
import type { Json } from '../resource/coerce.js'

export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
/** Bound on the operations of one request; documented in README "Limits". */
export const MAX_OPERATIONS = 1000

export interface PatchOperation {
  readonly index: number
  readonly op: 'add' | 'replace' | 'remove'
  readonly path?: string
  readonly value?: Json
}

export function readOperations(body: unknown): PatchOperation[] {
  if (!isObject(body))
    throw ScimError.invalidSyntax('The PATCH body must be a JSON object with an Operations array.')
  const list = Object.entries(body).find(([k]) => k.toLowerCase() === 'operations')?.[1]
  if (!Array.isArray(list)) {
    throw ScimError.invalidSyntax(
      `The PATCH body must have an Operations array (schemas: ["${PATCH_SCHEMA}"]).`,
    )
  }
  if (list.length > MAX_OPERATIONS) {
    throw ScimError.tooMany(
      `Operations holds ${list.length} operations; a PATCH may carry at most ${MAX_OPERATIONS}.`,
    )
  }
  return list.map((raw, index) => {
    if (!isObject(raw))
      throw ScimError.invalidSyntax(
        `Operations[${index}] must be an object with op, path and value.`,
      )
    const get = (name: string): Json | undefined =>
      Object.entries(raw).find(([k]) => k.toLowerCase() === name)?.[1]
    const op = get('op')
    const kind = typeof op === 'string' ? op.toLowerCase() : undefined
    if (kind !== 'add' && kind !== 'replace' && kind !== 'remove') {
      throw ScimError.invalidSyntax(
        `Operations[${index}]: op must be add, replace or remove, not ${JSON.stringify(op ?? null)}.`,
      )
    }
    const path = get('path')
    if (path !== undefined && path !== null && typeof path !== 'string') {
      throw ScimError.invalidPath(`Operations[${index}]: path must be a string.`)
    }
    const value = get('value')
    return {
      index,
      op: kind,
      ...(typeof path === 'string' && path.trim() !== '' ? { path: path.trim() } : {}),
      ...(value !== undefined ? { value } : {}),
    }
  })
}
