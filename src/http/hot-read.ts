// Entra's hot reads (GET /Users/{id}, its match GET /Users?filter=userName eq "…") in ONE statement: with
// a warm configuration cache, the request is authenticated from the cache as it stands (auth.ts, route
// config `hotRead`), without first reading the configuration version; the route's read returns the
// version in its own statement (TenantStore.getUserText's `relied`). The answer is exact for "the very
// next request" (issue 13): the version is read in the same snapshot as the data, after the request
// arrived, and when it is the one the cache held, the configuration did not change since the cache was
// loaded (config-cache.ts). When it moved, the read throws ConfigMoved and this wrapper, the one place
// that runs a hot read again, discards it: the request is authenticated again the ordinary way (the
// version read first, the cache emptied; now maybe 401 or 429) and the route runs again.
//
// The route must not touch the reply before its read, must read through the store with `relied`
// before any success, and must keep what it derives from the configuration on the request only where
// the re-run forgets it (schemas.ts). An error it answers with (a 400 for a filter on a property defined since, a 404)
// may rest on configuration read before the read, so it stands only once a statement of its own
// confirms the version. Side effects happen once: the rate counted by the first pass is not counted
// again by the same counter, the credential's last use is noted once the configuration is confirmed,
// and the log entry names the last pass's tenant and credential.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { NoteUse } from '../auth/last-used.js'
import { ConfigMoved } from '../store/store.js'
import type { Store } from '../store/store.js'
import { authenticator } from './auth.js'
import type { Speculation } from './auth.js'
import type { RateLimits } from './rate-limits.js'
import { forgetSchemas } from './schemas.js'

/** Wraps the handler of a route whose config has `hotRead: true`. */
export type HotRead = <Q extends FastifyRequest, P extends FastifyReply>(
  handler: (request: Q, reply: P) => Promise<unknown>,
) => (request: Q, reply: P) => Promise<unknown>

export function hotReads(
  store: Store,
  limits: RateLimits,
  now: () => Date,
  noteUse?: NoteUse,
): HotRead {
  const authenticate = authenticator(store, limits, now, 'scim', noteUse)
  const confirmed = (request: FastifyRequest, speculation: Speculation): void => {
    request.speculation = null
    void noteUse?.(speculation.use, now())
  }
  return (handler) => async (request, reply) => {
    const speculation = request.speculation
    if (!speculation) return handler(request, reply)
    try {
      const answer = await handler(request, reply)
      confirmed(request, speculation)
      return answer
    } catch (error) {
      // An answer on its way stands; so does an error once the version is confirmed.
      if (
        reply.sent ||
        reply.raw.headersSent ||
        (!(error instanceof ConfigMoved) && (await store.refresh()) === speculation.relied)
      ) {
        confirmed(request, speculation)
        throw error
      }
    }
    // The configuration moved: the first pass's answer is discarded; the request starts over, with
    // nothing kept from the configuration it read (its registries).
    request.speculation = null
    forgetSchemas(request)
    await authenticate(request, reply, {
      again: { counted: speculation.counted, log: speculation.log },
    })
    return handler(request, reply)
  }
}
