// onRequest for SCIM routes: resolve the request's tenant (http/tenant.ts), then require a credential of
// that tenant (auth/credentials.ts). Every failure is the same 401 body, whatever was wrong. Failed
// attempts are counted per client address and per tenant; beyond the limits a failure answers 429.
//
// The configuration (tenant, credential, settings) comes from the store's cache, which the version read
// first keeps exact (Store.refresh). A hot read (http/hot-read.ts) with a warm cache skips that read and
// authenticates from the cache as it stands: its own read then returns the version in the same
// statement, and a refusal (401 or 429) is never answered from the cache alone.
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify'
import { authenticateWithReason } from '../auth/credentials.js'
import type { NoteUse } from '../auth/last-used.js'
import { ScimError } from '../scim/errors.js'
import type { ClientScope, CredentialUse, Store, Tenant, TenantStore } from '../store/store.js'
import { provisioningOf } from './provisioning.js'
import type { RateLimits } from './rate-limits.js'
import { resolveTenant } from './tenant.js'

declare module 'fastify' {
  interface FastifyRequest {
    tenant: Tenant | null
    tenantStore: TenantStore | null
    /** A hot read authenticated without reading the configuration version, until its read confirms it. */
    speculation: Speculation | null
  }
  interface FastifyContextConfig {
    /**
     * The route is a hot read (http/hot-read.ts): with a warm configuration cache its request is
     * authenticated without reading the configuration version, which its read returns instead.
     */
    hotRead?: boolean
  }
}

/** A credential's use, as auth/last-used.ts notes it. */
type Use = Omit<CredentialUse, 'at'>

/** Where a request's rate was counted (rate-limits.ts: one counter per tenant and limit). */
interface Counted {
  readonly tenantId: string
  readonly perMinute: number
  /** The 429 the count answered, if it did. */
  readonly refusal?: unknown
}

/** What a hot read's authentication relied on, and what waits until its read confirms it. */
export interface Speculation {
  /** The configuration version the cache held. */
  readonly relied: number
  readonly counted: Counted
  /** Noted once confirmed: a last use must not name a credential the configuration had refused. */
  readonly use: Use
  /** The request's logger before authentication named its tenant and credential. */
  readonly log: FastifyBaseLogger
}

/** One authentication of a request. */
export interface Pass {
  /** The configuration version to rely on without reading it (a hot read); else it is read first. */
  readonly relied?: number
  /** An earlier pass of the same request: what it counted, and the logger it started from. */
  readonly again?: { readonly counted?: Counted; readonly log?: FastifyBaseLogger }
}

/** The outcome of a pass that did not throw; `relied` is set when it rested on the cache as it stood. */
type Authenticated = Omit<Speculation, 'relied'> & { readonly relied: number | undefined }

export type Authenticate = (
  request: FastifyRequest,
  reply: FastifyReply,
  pass: Pass,
) => Promise<Authenticated>

const ORDINARY: Pass = {}

/**
 * Authenticates a request (sets request.tenant, tenantStore, its log entry's tenant and credential, its
 * logger) or throws 401/429. An ordinary pass notes the credential's use; a pass that relied on the
 * cache leaves that to its hot read, and turns each refusal into an ordinary pass first, since the
 * cache may hold a stale negative (a token created since, a limit raised).
 */
export function authenticator(
  store: Store,
  limits: RateLimits,
  now: () => Date,
  scope: ClientScope,
  noteUse?: NoteUse,
): Authenticate {
  const authenticate: Authenticate = async (request, reply, pass) => {
    const { relied, again } = pass
    // Configuration changed anywhere (the CLI, another instance) applies from this request on.
    if (relied === undefined) await store.refresh()
    if (again) forget(request)
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
      if (relied !== undefined) {
        forget(request)
        return authenticate(request, reply, again ? { again } : ORDINARY)
      }
      // The reason goes to the server's log only: every client gets the same 401.
      provisioningOf(request).reason = 'refused' in result ? result.refused : 'unknown tenant'
      await limits.recordFailure(request.ip, tenantKey)
      throw ScimError.unauthorized()
    }
    const credential = result
    const use: Use = {
      kind: credential.kind === 'token' ? 'token' : 'client',
      tenantId: tenant.id,
      id: credential.kind === 'token' ? credential.id : credential.clientId,
    }
    // When the credential was last used (`roster token list`): at most once a minute, never awaited.
    if (relied === undefined) void noteUse?.(use, now())
    Object.assign(provisioningOf(request), {
      actor: credential.kind === 'token' ? `token ${credential.name}` : `client ${credential.name}`,
      credentialId: use.id,
    })
    const tenantStore = store.forTenant(tenant.id)
    const { requestsPerMinute } = await tenantStore.settings()
    const counted: Counted = { tenantId: tenant.id, perMinute: requestsPerMinute }
    const before = again?.counted
    if (before && before.tenantId === tenant.id && before.perMinute === requestsPerMinute) {
      // Counted once already, by the same counter: its answer stands.
      if (before.refusal !== undefined) throw before.refusal
    } else {
      try {
        await limits.countRequest(tenant.id, requestsPerMinute)
      } catch (error) {
        if (relied === undefined) throw error
        forget(request)
        return authenticate(request, reply, { again: { counted: { ...counted, refusal: error } } })
      }
    }
    request.tenant = tenant
    request.tenantStore = tenantStore
    // Other lines of this request name the tenant and credential too (the request line adds its own).
    // The child logger is made when a line is written, not on every request (most write none).
    const parent = again?.log ?? request.log
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
    return { relied, counted, use, log: parent }
  }
  return authenticate
}

/** Clears what an earlier pass set, so the request's log entry and line name the last pass's outcome. */
function forget(request: FastifyRequest): void {
  const record = provisioningOf(request)
  record.tenantId = undefined
  record.tenantSlug = undefined
  record.actor = undefined
  record.credentialId = undefined
  record.reason = undefined
  request.tenant = null
  request.tenantStore = null
}

export function requireCredential(
  store: Store,
  limits: RateLimits,
  now: () => Date,
  scope: ClientScope,
  noteUse?: NoteUse,
) {
  const authenticate = authenticator(store, limits, now, scope, noteUse)
  return async function authenticateRequest(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<void> {
    // A hot read with a warm cache relies on it as it stands (undefined: cold, read the version).
    const relied =
      request.routeOptions.config?.hotRead === true ? store.heldConfigVersion() : undefined
    const done = await authenticate(request, reply, relied === undefined ? ORDINARY : { relied })
    if (done.relied !== undefined) request.speculation = { ...done, relied: done.relied }
  }
}

/** The tenant store of an authenticated request (routes run after requireCredential). */
export function tenantOf(request: FastifyRequest): TenantStore {
  if (!request.tenantStore) throw ScimError.unauthorized()
  return request.tenantStore
}
