// Which tenant a request is for: the slug in the path (`/t/{slug}/api/xm/1/scim/v2`), else the host
// name mapped with `roster tenant create --host`, else the default tenant. An unknown slug resolves to
// nothing, and the caller answers the same 401 as for a bad credential.
import type { FastifyRequest } from 'fastify'
import type { Store, Tenant } from '../store/store.js'
import { DEFAULT_TENANT_SLUG } from '../store/store.js'

/** The path parameter of the tenant prefix. */
export const TENANT_PARAM = 'tenant'

export async function resolveTenant(
  store: Store,
  request: FastifyRequest,
): Promise<Tenant | undefined> {
  const named = await namedTenant(store, request)
  return named === null ? store.tenantBySlug(DEFAULT_TENANT_SLUG) : named
}

/**
 * The tenant the request names by its path slug or a mapped host; `undefined` for a slug that names no
 * tenant, `null` when the request names none (the default tenant).
 */
async function namedTenant(
  store: Store,
  request: FastifyRequest,
): Promise<Tenant | undefined | null> {
  const slug = (request.params as Record<string, string | undefined>)[TENANT_PARAM]
  if (slug !== undefined) return store.tenantBySlug(slug.toLowerCase())
  return (await store.tenantByHost(request.hostname.toLowerCase())) ?? null
}
