// onRequest for SCIM routes: resolve the request's tenant (http/tenant.ts), then require a credential of
// that tenant (auth/credentials.ts). Every failure is the same 401 body, whatever was wrong. Failed
// attempts are counted per client address and per tenant; beyond the limits a failure answers 429.
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify'
import { authenticateWithReason } from '../auth/credentials.js'
import type { NoteUse } from '../auth/last-used.js'
import { ScimError } from '../scim/errors.js'
import type { ClientScope, Store, Tenant, TenantStore } from '../store/store.js'
import { provisioningOf } from './provisioning.js'
import type { RateLimits } from './rate-limits.js'
import { resolveTenant } from './tenant.js'

declare module 'fastify' {
  interface FastifyRequest {
    tenant: Tenant | null
    tenantStore: TenantStore | null
  }
}

export function requireCredential(
  store: Store,
  limits: RateLimits,
  now: () => Date,
  scope: ClientScope,
  noteUse?: NoteUse,
) {
  return async function authenticateRequest(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<void> {
    // Configuration changed anywhere (the CLI, another instance) applies from this request on.
    await store.refresh()
    const tenant = await resolveTenant(store, request)
    // The provisioning log records refused requests too, in the tenant they were meant for.
    if (tenant)
      Object.assign(provisioningOf(request), { tenantId: tenant.id, tenantSlug: tenant.slug })
    // An unknown tenant counts under its name, so guessing slugs is limited like guessing secrets.
    const tenantKey = tenant?.id ?? `unknown:${request.hostname}`
    const result = !tenant
      ? { refused: 'unknown tenant' }
      : tenant.disabled
        ? { refused: `tenant ${tenant.slug} is disabled` }
        : await authenticateWithReason(
            store,
            request.headers.authorization,
            tenant.id,
            scope,
            now(),
          )
    if (!tenant || 'refused' in result) {
      // The reason goes to the server's log only: every client gets the same 401.
      provisioningOf(request).reason = 'refused' in result ? result.refused : 'unknown tenant'
      await limits.recordFailure(request.ip, tenantKey)
      throw ScimError.unauthorized()
    }
    const credential = result
    // When the credential was last used (`roster token list`): at most once a minute, never awaited.
    void noteUse?.(
      {
        kind: credential.kind === 'token' ? 'token' : 'client',
        tenantId: tenant.id,
        id: credential.kind === 'token' ? credential.id : credential.clientId,
      },
      now(),
    )
    Object.assign(provisioningOf(request), {
      actor: credential.kind === 'token' ? `token ${credential.name}` : `client ${credential.name}`,
      credentialId: credential.kind === 'token' ? credential.id : credential.clientId,
    })
    const tenantStore = store.forTenant(tenant.id)
    const { requestsPerMinute } = await tenantStore.settings()
    await limits.countRequest(tenant.id, requestsPerMinute)
    request.tenant = tenant
    request.tenantStore = tenantStore
    // Other lines of this request name the tenant and credential too (the request line adds its own).
    // The child logger is made when a line is written, not on every request (most write none).
    const parent = request.log
    let child: FastifyBaseLogger | undefined
    const log = {
      configurable: true,
      get: () =>
        (child ??= parent.child({
          tenant: tenant.slug,
          credential: `${credential.kind === 'token' ? 'token' : 'client'} ${credential.name}`,
        })),
      set: (value: FastifyBaseLogger) => {
        child = value
      },
    }
    Object.defineProperty(request, 'log', log)
    Object.defineProperty(reply, 'log', log)
  }
}

/** The tenant store of an authenticated request (routes run after requireCredential). */
export function tenantOf(request: FastifyRequest): TenantStore {
  if (!request.tenantStore) throw ScimError.unauthorized()
  return request.tenantStore
}
