// POST /api/xm/1/scim/tokens (also under /t/{slug}/): mints a SCIM secret token for the tenant of an
// OAuth client holding the `admin` scope, for automation that sets up Entra. The token is in the answer
// once; only its hash is stored.
import type { FastifyInstance } from 'fastify'
import { assertTokenNameFree, mintToken } from '../../auth/secret-token.js'
import { ScimError } from '../../scim/errors.js'
import { isObject } from '../../scim/resource/coerce.js'
import type { Store } from '../../store/store.js'
import { scim } from '../scim-reply.js'

export async function tokenRoutes(app: FastifyInstance, options: { store: Store }): Promise<void> {
  app.post('/tokens', async (request, reply) => {
    const tenant = request.tenant
    if (!tenant) throw ScimError.unauthorized()
    const body = isObject(request.body) ? request.body : {}
    const name = typeof body['name'] === 'string' ? body['name'].trim() : ''
    if (name === '' || name.length > 100)
      throw ScimError.invalidValue(
        'name is required: 1 to 100 characters saying what the token is for.',
      )
    const expires = body['expiresAt']
    let expiresAt: string | null = null
    if (expires !== undefined && expires !== null) {
      const time = typeof expires === 'string' ? Date.parse(expires) : NaN
      if (Number.isNaN(time) || time <= Date.now())
        throw ScimError.invalidValue('expiresAt must be a future RFC 3339 date-time, or null.')
      expiresAt = new Date(time).toISOString()
    }
    await assertTokenNameFree(options.store, tenant.id, name, new Date())
    const { token, info } = await mintToken(options.store, tenant.id, name, expiresAt)
    request.log.info({ tokenId: info.id }, 'secret token minted over HTTP')
    // The answer holds a secret: no cache may keep it (RFC 9111 §5.2.2.5).
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache')
    return scim(reply, 201, {
      id: info.id,
      name: info.name,
      created: info.created,
      expiresAt: info.expiresAt,
      token,
    })
  })
}
