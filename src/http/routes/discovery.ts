// RFC 7644 §4: /ServiceProviderConfig, /ResourceTypes and /Schemas, generated from the registry. They are
// read-only: any other method is answered by the not-found handler (http/errors.ts) with 405 and
// `Allow: GET` (Okta's spec test checks this), like every method a known path does not take.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ScimError } from '../../scim/errors.js'
import { resourceTypeJson, schemaJson } from '../../scim/schema/discovery.js'
import type { Registry } from '../../scim/schema/registry.js'
import { listResponse } from '../../scim/search.js'
import { serviceProviderConfig } from '../../scim/schema/service-provider-config.js'
import { schemasOf } from '../schemas.js'
import { scim } from '../scim-reply.js'
import { tenantOf } from '../auth.js'
import { baseUrl } from '../conditional.js'
import { tenantUserSchema } from '../../scim/profile/tenant-schema.js'
import { USER_SCHEMA } from '../../scim/schema/user.js'

export async function discoveryRoutes(
  app: FastifyInstance,
  options: { basePath: string; bodyLimit: number },
): Promise<void> {
  // The tenant's registries: its User schema's extension holds exactly its custom properties.
  const registriesOf = async (request: FastifyRequest): Promise<Registry[]> => {
    const { users, groups } = await schemasOf(request)
    return [users, groups]
  }
  // The URL the client used (a /t/{slug} path tenant, a mapped host, a trusted proxy's host).
  const base = (request: FastifyRequest): string => baseUrl(request, options.basePath)
  const list = (resources: unknown[]) => listResponse(resources.length, 1, resources)

  app.get('/ServiceProviderConfig', async (request, reply) =>
    scim(
      reply,
      200,
      serviceProviderConfig(`${base(request)}/ServiceProviderConfig`, options.bodyLimit),
    ),
  )
  app.get('/ResourceTypes', async (request, reply) =>
    scim(
      reply,
      200,
      list((await registriesOf(request)).map((r) => resourceTypeJson(r, base(request)))),
    ),
  )
  app.get<{ Params: { name: string } }>('/ResourceTypes/:name', async (request, reply) => {
    const registry = (await registriesOf(request)).find(
      (r) => r.resourceType.name.toLowerCase() === request.params.name.toLowerCase(),
    )
    if (!registry) throw ScimError.notFound(`Resource type ${request.params.name} not found.`)
    return scim(reply, 200, resourceTypeJson(registry, base(request)))
  })
  const schemas = async (request: FastifyRequest) => {
    const settings = await tenantOf(request).settings()
    return (await registriesOf(request))
      .flatMap((r) => r.schemas)
      .map((s) => (s.id === USER_SCHEMA ? tenantUserSchema(s, settings) : s))
  }
  app.get('/Schemas', async (request, reply) =>
    scim(reply, 200, list((await schemas(request)).map((s) => schemaJson(s, base(request))))),
  )
  app.get<{ Params: { id: string } }>('/Schemas/:id', async (request, reply) => {
    const schema = (await schemas(request)).find(
      (s) => s.id.toLowerCase() === request.params.id.toLowerCase(),
    )
    if (!schema) throw ScimError.notFound(`Schema ${request.params.id} not found.`)
    return scim(reply, 200, schemaJson(schema, base(request)))
  })
}
