// RFC 7644 §3.11: /Me is an alias for the User the credential authenticates. Roster's credentials belong
// to provisioning clients (Entra, Okta), never to a user, so /Me names no one: every method answers
// 501, as §3.11 asks of a service provider that does not support it, behind the same 401 as every route.
import type { FastifyInstance } from 'fastify'
import { ScimError } from '../../scim/errors.js'

export async function meRoutes(app: FastifyInstance): Promise<void> {
  for (const url of ['/Me', '/Me/*']) {
    app.route({
      method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      url,
      handler: async () => {
        throw new ScimError(
          501,
          undefined,
          'Roster does not serve /Me (RFC 7644 §3.11): its credentials belong to provisioning clients, not to users. Read a user at /Users/{id}.',
        )
      },
    })
  }
}
