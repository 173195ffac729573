// RFC 6749 §4.4 client credentials at POST /api/xm/1/oauth2/token (also under /t/{slug}/): what Entra's
// "OAuth2 client credentials grant" calls, with the client's credentials in the Authorization header
// (Basic, §2.3.1), in the form body, or in both when they agree. Answers and errors are exactly §5.1 and
// §5.2: JSON, `Cache-Control: no-store`, and 401 `invalid_client` with WWW-Authenticate.
import formbody from '@fastify/formbody'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ACCESS_TOKEN_TTL_SECONDS, issueAccessToken } from '../../auth/access-token.js'
import { authenticateClient } from '../../auth/clients.js'
import type { NoteUse } from '../../auth/last-used.js'
import { basicCredentials } from '../../auth/credentials.js'
import type { ClientScope, Store } from '../../store/store.js'
import type { RateLimits } from '../rate-limits.js'
import { ScimError } from '../../scim/errors.js'
import { resolveTenant } from '../tenant.js'

type OAuthError =
  | 'invalid_request'
  | 'invalid_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'unauthorized_client'

const SCOPES: readonly ClientScope[] = ['scim', 'admin']

export async function oauthRoutes(
  app: FastifyInstance,
  options: { store: Store; limits: RateLimits; now: () => Date; noteUse?: NoteUse },
): Promise<void> {
  const { store, limits, now, noteUse } = options
  await app.register(formbody)
  const error = (reply: FastifyReply, code: OAuthError, description: string): FastifyReply => {
    const status = code === 'invalid_client' ? 401 : 400
    if (status === 401) reply.header('www-authenticate', 'Basic realm="roster"')
    return reply
      .code(status)
      .header('cache-control', 'no-store')
      .header('pragma', 'no-cache')
      .type('application/json; charset=utf-8')
      .send({ error: code, error_description: description })
  }
  // Body parse errors (bad form encoding, too large) are OAuth errors here, not SCIM ones.
  app.setErrorHandler((err, _request, reply) => {
    if (err instanceof ScimError && err.status === 429) {
      reply.headers(err.headers)
      return reply
        .code(429)
        .header('cache-control', 'no-store')
        .type('application/json; charset=utf-8')
        .send({ error: 'slow_down', error_description: err.detail })
    }
    const status = (err as { statusCode?: number }).statusCode
    if (typeof status === 'number' && status >= 400 && status < 500)
      return error(reply, 'invalid_request', 'The request body could not be read.')
    // RFC 6749 §5.2 has no code for an outage: 503 with Retry-After, as on SCIM (RFC 6749 §4.1.2.1's
    // temporarily_unavailable is the closest name).
    if (
      (err instanceof ScimError && err.status === 503) ||
      (err as { code?: string }).code === 'FST_ERR_HANDLER_TIMEOUT'
    ) {
      const retry = err instanceof ScimError ? (err.headers['retry-after'] ?? '5') : '5'
      return reply
        .code(503)
        .header('retry-after', retry)
        .header('cache-control', 'no-store')
        .type('application/json; charset=utf-8')
        .send({ error: 'temporarily_unavailable', error_description: 'Retry later.' })
    }
    throw err
  })

  app.post('/oauth2/token', async (request: FastifyRequest, reply) => {
    const raw = (request.body ?? {}) as Record<string, unknown>
    const fields = new Map<string, string>()
    for (const [key, value] of Object.entries(raw)) {
      // RFC 6749 §3.2: parameters sent without a value are omitted; none may repeat.
      if (Array.isArray(value))
        return error(reply, 'invalid_request', 'A parameter is given more than once.')
      if (typeof value === 'string' && value !== '') fields.set(key, value)
    }
    const grant = fields.get('grant_type')
    if (grant === undefined) return error(reply, 'invalid_request', 'grant_type is missing.')
    if (grant !== 'client_credentials')
      return error(
        reply,
        'unsupported_grant_type',
        'Only grant_type=client_credentials is supported.',
      )

    const header = request.headers.authorization
    const fromHeader = header !== undefined ? basicCredentials(header) : undefined
    if (header !== undefined && !fromHeader)
      return error(reply, 'invalid_client', 'Client authentication failed.')
    const fromBody =
      fields.has('client_id') || fields.has('client_secret')
        ? { id: fields.get('client_id') ?? '', secret: fields.get('client_secret') ?? '' }
        : undefined
    // §2.3.1: the header's id and secret are form-encoded before base64.
    const decoded = fromHeader && {
      id: formDecode(fromHeader.id),
      secret: formDecode(fromHeader.secret),
    }
    if (decoded && fromBody && (decoded.id !== fromBody.id || decoded.secret !== fromBody.secret))
      return error(
        reply,
        'invalid_request',
        'The header and the body carry different client credentials.',
      )
    const credentials = decoded ?? fromBody
    if (!credentials) return error(reply, 'invalid_client', 'Client authentication failed.')

    // The endpoint belongs to a tenant exactly as the SCIM routes do (path, mapped host, else the default
    // tenant): a client of another tenant is refused here, as its credentials would be on SCIM.
    await store.refresh()
    const here = await resolveTenant(store, request)
    const client = await authenticateClient(store, credentials.id, credentials.secret)
    const tenant = client ? await store.tenantById(client.tenantId) : undefined
    if (!client || !tenant || tenant.disabled || here?.id !== tenant.id) {
      await limits.recordFailure(request.ip, here?.id ?? `unknown:${request.hostname}`)
      return error(reply, 'invalid_client', 'Client authentication failed.')
    }

    // RFC 6749 §3.3: scope is a list of space-delimited tokens; a scope of spaces names none.
    const requested = fields.get('scope')?.split(' ').filter(Boolean)
    if (requested?.length === 0)
      return error(reply, 'invalid_scope', 'The scope is empty; ask for scim or admin, or omit it.')
    const scopes = requested ?? [client.scope]
    for (const scope of scopes) {
      if (!SCOPES.includes(scope as ClientScope))
        return error(reply, 'invalid_scope', 'Unknown scope; use scim or admin.')
      if (scope === 'admin' && client.scope !== 'admin')
        return error(reply, 'invalid_scope', 'This client may not request the admin scope.')
    }
    const granted = [...new Set(scopes)] as ClientScope[]
    const token = await issueAccessToken(store, client, granted, now())
    void noteUse?.({ kind: 'client', tenantId: tenant.id, id: client.id }, now())
    request.log.info({ tenant: tenant.slug, clientId: client.id }, 'access token issued')
    return reply
      .header('cache-control', 'no-store')
      .header('pragma', 'no-cache')
      .type('application/json; charset=utf-8')
      .send({
        access_token: token,
        token_type: 'Bearer',
        expires_in: ACCESS_TOKEN_TTL_SECONDS,
        scope: granted.join(' '),
      })
  })
}

/** application/x-www-form-urlencoded decoding (`+` is a space); undecodable text is kept as is. */
function formDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return text
  }
}
