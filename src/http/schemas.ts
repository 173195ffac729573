// The request's schema registries: the tenant's User registry carries its custom properties (the roster
// extension, scim/schema/extension.ts), read with the tenant's configuration; built once per request and
// handed to everything that reads or writes a user (coercion, projection, PATCH, search parameters).
import type { FastifyRequest } from 'fastify'
import { userRegistryFor } from '../scim/schema/extension.js'
import { groupRegistry } from '../scim/schema/registry.js'
import type { Registry } from '../scim/schema/registry.js'
import { tenantOf } from './auth.js'

export interface Schemas {
  readonly users: Registry
  readonly groups: Registry
}

/** The Group registry: every tenant's is the same. */
export const GROUP_REGISTRY = groupRegistry()
const memo = new WeakMap<FastifyRequest, Promise<Schemas>>()

export function schemasOf(request: FastifyRequest): Promise<Schemas> {
  let found = memo.get(request)
  if (!found) {
    found = tenantOf(request)
      .properties()
      .then((properties) => ({ users: userRegistryFor(properties), groups: GROUP_REGISTRY }))
    memo.set(request, found)
  }
  return found
}

/** Forgets the request's registries: a hot read run again (hot-read.ts) reads its configuration anew. */
export function forgetSchemas(request: FastifyRequest): void {
  memo.delete(request)
}

export async function userRegistryOf(request: FastifyRequest): Promise<Registry> {
  return (await schemasOf(request)).users
}
