// RFC 7644 §3.4.3: POST /.search at the service root queries every resource type at once. Roster runs
// the query on each kind of KINDS in order (resource-kind.ts: Users, then Groups), and pages over their
// lists one after the other (each in the requested sort), by startIndex only: an RFC 9865 cursor is a 400. An attribute one
// type lacks makes that type match nothing (a filter) or is left out for it (attributes /
// excludedAttributes); only a query no type understands is a 400.
import type { FastifyInstance } from 'fastify'
import { ScimError } from '../../scim/errors.js'
import { unknownFilterAttributes } from '../../scim/profile/settings.js'
import { isObject } from '../../scim/resource/coerce.js'
import type { Registry } from '../../scim/schema/registry.js'
import { parseAttrPath } from '../../scim/path/attr-path.js'
import { listResponse, searchFromBody } from '../../scim/search.js'
import type { Search } from '../../scim/search.js'
import { tenantOf } from '../auth.js'
import { baseUrl } from '../conditional.js'
import type { Streamable } from '../json-stream.js'
import { KINDS, listResources } from '../resource-kind.js'
import type { ResourceKind } from '../resource-kind.js'
import { scimStream } from '../scim-reply.js'
import { refuseSearchMethods } from './resources.js'

export async function rootSearchRoutes(
  app: FastifyInstance,
  options: { basePath: string },
): Promise<void> {
  app.post('/.search', async (request, reply) => {
    const tenant = tenantOf(request)
    const base = baseUrl(request, options.basePath)
    const errors: ScimError[] = []
    /** Runs `run` for one kind; a 400 (an attribute the kind lacks) makes that kind contribute nothing. */
    const attempt = async <T>(run: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await run()
      } catch (error) {
        if (error instanceof ScimError && error.status === 400) {
          errors.push(error)
          return undefined
        }
        throw error
      }
    }
    const searches: { kind: ResourceKind; registry: Registry; search: Search | undefined }[] = []
    for (const kind of KINDS) {
      const registry = await kind.registry(request)
      const search = await attempt(async () =>
        searchFromBody(forType(request.body, registry), registry),
      )
      searches.push({ kind, registry, search })
    }
    const paging = searches.find((entry) => entry.search)?.search
    if (!paging) throw errors[0] as ScimError
    if (paging.cursor !== undefined) {
      throw ScimError.invalidValue(
        'The root /.search pages by startIndex only: it spans Users and Groups, and a cursor (RFC 9865) belongs to one resource type. Send the cursor to /Users/.search or /Groups/.search.',
      )
    }
    const settings = await tenant.settings()
    const resources: Streamable[] = []
    /** The totals of the kinds listed so far: the page's position in the next kind is past them. */
    let total = 0
    let listed = false
    for (const { kind, registry, search } of searches) {
      if (!search) continue
      // A kind follows the ones before it only once they are exhausted: a page of users may hold fewer
      // than `count` (the group-reference budget, user-store.ts) while more users remain.
      const shown = resources.length
      const done = paging.startIndex - 1 + shown >= total
      const listing = await attempt(() =>
        listResources(
          kind,
          tenant,
          {
            unknownAttributes: unknownFilterAttributes(settings),
            ...(search.filter ? { filter: search.filter } : {}),
            ...(search.sort ? { sort: search.sort } : {}),
            startIndex: Math.max(1, paging.startIndex - total),
            count: done ? paging.count - shown : 0,
            fold: kind.fold(settings),
          },
          base,
          registry,
          search.projection,
        ),
      )
      if (!listing) continue
      listed = true
      total += listing.page.total
      resources.push(...listing.resources)
    }
    if (!listed) throw errors[0] as ScimError
    return scimStream(reply, 200, listResponse(total, paging.startIndex, resources))
  })
  refuseSearchMethods(app, '/.search')
}

/** The SearchRequest with attribute lists reduced to the attributes `registry` has. */
function forType(body: unknown, registry: Registry): unknown {
  if (!isObject(body)) return body
  const out = { ...body }
  for (const [key, value] of Object.entries(body)) {
    const lower = key.toLowerCase()
    if ((lower !== 'attributes' && lower !== 'excludedattributes') || !Array.isArray(value))
      continue
    const kept = value.filter((item) => {
      const path = typeof item === 'string' ? parseAttrPath(item.trim()) : undefined
      return path ? registry.resolve(path) !== undefined : typeof item !== 'string'
    })
    // Asking only for attributes this type lacks returns its resources with id and schemas alone.
    out[key] = lower === 'attributes' && kept.length === 0 && value.length > 0 ? ['id'] : kept
  }
  return out
}
