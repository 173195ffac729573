// onRequest for SCIM routes: resolve the request's tenant, then require a bearer token of that tenant.
// Every failure is the same 401 body, whatever was wrong (RFC 6750 §3: WWW-Authenticate: Bearer).
import type { FastifyReply, FastifyRequest } from 'fastify'
import { verifyToken } from '../auth/secret-token.js'
import { ScimError } from '../scim/errors.js'
import type { Store, Tenant, TenantStore } from '../store/store.js'
import { DEFAULT_TENANT_SLUG } from '../store/store.js'

declare module 'fastify' {
  interface FastifyRequest {
    tenant: Tenant | null
    tenantStore: TenantStore | null
  }
}

const BEARER = /^Bearer +([^\s]+) *$/i

export function bearerAuth(store: Store, now: () => Date) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    // One tenant for now: the default one. Host and /t/{slug} resolution come with multi-tenancy.
    const tenant = await store.tenantBySlug(DEFAULT_TENANT_SLUG)
    const match = BEARER.exec(request.headers.authorization ?? '')
    if (!tenant || tenant.disabled || !match) throw ScimError.unauthorized()
    const token = await verifyToken(store, match[1] as string, tenant.id, now())
    if (!token) throw ScimError.unauthorized()
    request.tenant = tenant
    request.tenantStore = store.forTenant(tenant.id)
    // Every later line of this request, the completion line included, names the tenant and the token.
    request.log = request.log.child({ tenant: tenant.slug, tokenId: token.id })
    reply.log = request.log
  }
}

/** The tenant store of an authenticated request (routes run after bearerAuth). */
export function tenantOf(request: FastifyRequest): TenantStore {
  if (!request.tenantStore) throw ScimError.unauthorized()
  return request.tenantStore
}
