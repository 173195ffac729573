// The reads and DELETE every resource kind shares (RFC 7644 §3.4.1 GET by id, §3.4.2 list, §3.4.3
// .search, §3.6 DELETE), driven by its description (resource-kind.ts); registered once per kind. Also
// the response of a write (respond), which users.ts and groups.ts share.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { readCursor } from '../../scim/cursor.js'
import { unknownFilterAttributes } from '../../scim/profile/settings.js'
import { etag, resourceUri } from '../../scim/resource/meta.js'
import {
  filterAndSort,
  pageResponse,
  searchFromBody,
  searchFromQuery,
  searchNeedsPost,
} from '../../scim/search.js'
import type { Search } from '../../scim/search.js'
import { tenantOf } from '../auth.js'
import { baseUrl, checkIfMatch, matchesEtag } from '../conditional.js'
import { param, projectionParams } from '../query.js'
import type { Query } from '../query.js'
import { found, listResources, notFound } from '../resource-kind.js'
import type { ResourceKind, StoredResource } from '../resource-kind.js'
import type { HotRead } from '../hot-read.js'
import { scimStream } from '../scim-reply.js'

export interface IdParams {
  id: string
}

export interface KindRouteOptions {
  readonly basePath: string
  readonly now: () => Date
  readonly kind: ResourceKind
  /**
   * Runs GET by id and GET of the list as hot reads (hot-read.ts) for a kind the store renders
   * (renderedGet, renderedList: they take the configuration version relied on). Without it, none is.
   */
  readonly hotRead?: HotRead
}

export async function resourceRoutes(
  app: FastifyInstance,
  options: KindRouteOptions,
): Promise<void> {
  const { kind, basePath, now, hotRead } = options
  const { name, endpoint } = kind.resourceType
  const what = name.toLowerCase()

  const getById = async (
    request: FastifyRequest<{ Params: IdParams }>,
    reply: FastifyReply,
  ): Promise<FastifyReply> => {
    const tenant = tenantOf(request)
    if (kind.renderedGet) {
      // The store renders (users: a large one in SQLite's read pool), so the projection comes first.
      const registry = await kind.registry(request)
      const projection = projectionParams(request.query as Query, registry)
      const base = baseUrl(request, basePath)
      const rendered = await kind.renderedGet(
        tenant,
        request.params.id,
        { base, projection },
        request.speculation?.relied,
      )
      if (!rendered) throw notFound(kind, request.params.id)
      if (matchesEtag(request.headers['if-none-match'], rendered.etag)) {
        return reply.code(304).header('etag', rendered.etag).send()
      }
      reply.header('etag', rendered.etag)
      return scimStream(reply, 200, rendered.body)
    }
    const record = await found(kind, tenant, request.params.id)
    const registry = await kind.registry(request)
    const selected = projectionParams(request.query as Query, registry)
    const tag = etag(record)
    // RFC 7644 §3.14 / RFC 7232 §3.2: a matching If-None-Match answers 304 without a body.
    if (matchesEtag(request.headers['if-none-match'], tag)) {
      return reply.code(304).header('etag', tag).send()
    }
    reply.header('etag', tag)
    const base = baseUrl(request, basePath)
    return kind.send(reply, 200, kind.render(record, base, registry, selected, tenant))
  }
  if (hotRead && kind.renderedGet)
    app.get(`${endpoint}/:id`, { config: { hotRead: true } }, hotRead(getById))
  else app.get(`${endpoint}/:id`, getById)

  const list = async (
    request: FastifyRequest,
    reply: FastifyReply,
    search: Search,
  ): Promise<FastifyReply> => {
    const tenant = tenantOf(request)
    const settings = await tenant.settings()
    const bound = { tenantId: tenant.tenantId, resourceType: name, ...filterAndSort(search) }
    const keyset = search.cursor === undefined ? undefined : readCursor(search.cursor, bound, now())
    const registry = await kind.registry(request)
    const { page, resources } = await listResources(
      kind,
      tenant,
      {
        ...filterAndSort(search),
        fold: kind.fold(settings),
        unknownAttributes: unknownFilterAttributes(settings),
        startIndex: search.startIndex,
        count: search.count,
        ...(keyset ? { keyset } : {}),
      },
      baseUrl(request, basePath),
      registry,
      search.projection,
      request.speculation?.relied,
    )
    // A page may hold raw JSON (users rendered by the store) or Paged members: scimStream sends both.
    return scimStream(reply, 200, pageResponse(search, page, resources, bound, now()))
  }

  const getList = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const query = request.query as Query
    const registry = await kind.registry(request)
    return list(
      request,
      reply,
      searchFromQuery((parameter) => param(query, parameter), registry),
    )
  }
  if (hotRead && kind.renderedList)
    app.get(endpoint, { config: { hotRead: true } }, hotRead(getList))
  else app.get(endpoint, getList)
  // RFC 7644 §3.4.3: the same query as a POST body, keeping filters out of URLs and logs.
  app.post(`${endpoint}/.search`, async (request, reply) =>
    list(request, reply, searchFromBody(request.body, await kind.registry(request))),
  )
  refuseSearchMethods(app, `${endpoint}/.search`)

  app.delete<{ Params: IdParams }>(`${endpoint}/:id`, async (request, reply) => {
    const tenant = tenantOf(request)
    // If-Match is compared under the row's lock, so a change in between cannot be deleted unseen.
    const check =
      request.headers['if-match'] === undefined
        ? undefined
        : (current: StoredResource) => checkIfMatch(request, current, what)
    if (!(await kind.delete(tenant, request.params.id, check)))
      throw notFound(kind, request.params.id)
    return reply.code(204).send()
  })
}

/**
 * Every method but POST on a `.search` path is a 405 with `Allow: POST` (RFC 7644 §3.4.3), not a read or
 * write of a resource whose id is ".search" (the static route wins over `:id`; `/Users/x.search` is an id).
 * HEAD follows GET.
 */
export function refuseSearchMethods(app: FastifyInstance, url: string): void {
  app.route({
    method: app.supportedMethods.filter((method) => method !== 'POST' && method !== 'HEAD'),
    url,
    handler: async (request) => {
      throw searchNeedsPost(request.method, url)
    },
  })
}

/**
 * The response of a write (POST 201, PUT and PATCH 200): the resource with its ETag, and its Location
 * when created, projected by the request's attributes / excludedAttributes.
 */
export async function respond<R extends StoredResource, P>(
  kind: ResourceKind<R, P>,
  request: FastifyRequest,
  reply: FastifyReply,
  basePath: string,
  status: 200 | 201,
  record: R,
): Promise<FastifyReply> {
  const registry = await kind.registry(request)
  const selected = projectionParams(request.query as Query, registry)
  const base = baseUrl(request, basePath)
  reply.header('etag', etag(record))
  if (status === 201) reply.header('location', resourceUri(base, kind.resourceType.name, record.id))
  return kind.send(reply, status, kind.render(record, base, registry, selected, tenantOf(request)))
}
