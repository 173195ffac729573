// RFC 7644 §4: /ServiceProviderConfig, /ResourceTypes and /Schemas, generated from the registry. They are
// read-only: other methods answer 405 (Okta's spec test checks this).
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ScimError } from '../../scim/errors.js'
import { resourceTypeJson, schemaJson } from '../../scim/schema/discovery.js'
import { groupRegistry, userRegistry } from '../../scim/schema/registry.js'
import { listResponse } from '../../scim/search.js'
import { serviceProviderConfig } from '../../scim/schema/service-provider-config.js'
import { scim } from '../scim-reply.js'

const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'] as const

export async function discoveryRoutes(
  app: FastifyInstance,
  options: { basePath: string; bodyLimit: number },
): Promise<void> {
  const registries = [userRegistry(), groupRegistry()]
  const base = (request: FastifyRequest): string => `${request.origin}${options.basePath}`
  const list = (resources: unknown[]) => listResponse(resources.length, 1, resources)

  app.get('/ServiceProviderConfig', async (request, reply) =>
    scim(
      reply,
      200,
      serviceProviderConfig(`${base(request)}/ServiceProviderConfig`, options.bodyLimit),
    ),
  )
  app.get('/ResourceTypes', async (request, reply) =>
    scim(reply, 200, list(registries.map((r) => resourceTypeJson(r, base(request))))),
  )
  app.get<{ Params: { name: string } }>('/ResourceTypes/:name', async (request, reply) => {
    const registry = registries.find(
      (r) => r.resourceType.name.toLowerCase() === request.params.name.toLowerCase(),
    )
    if (!registry) throw ScimError.notFound(`Resource type ${request.params.name} not found.`)
    return scim(reply, 200, resourceTypeJson(registry, base(request)))
  })
  const schemas = () => registries.flatMap((r) => r.schemas)
  app.get('/Schemas', async (request, reply) =>
    scim(reply, 200, list(schemas().map((s) => schemaJson(s, base(request))))),
  )
  app.get<{ Params: { id: string } }>('/Schemas/:id', async (request, reply) => {
    const schema = schemas().find((s) => s.id.toLowerCase() === request.params.id.toLowerCase())
    if (!schema) throw ScimError.notFound(`Schema ${request.params.id} not found.`)
    return scim(reply, 200, schemaJson(schema, base(request)))
  })

  for (const url of [
    '/ServiceProviderConfig',
    '/ResourceTypes',
    '/ResourceTypes/:name',
    '/Schemas',
    '/Schemas/:id',
  ]) {
    app.route({
      method: [...WRITE_METHODS],
      url,
      handler: async () => {
        throw ScimError.methodNotAllowed(`${url.split('/')[1]} is read-only; use GET.`, 'GET')
      },
    })
  }
}
