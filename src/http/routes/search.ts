// RFC 7644 §3.4.3: POST /.search at the service root queries every resource type at once. Roster runs
// the query on Users, then on Groups, and pages over the two lists one after the other (users first,
// each list in the requested sort), by startIndex only: an RFC 9865 cursor is a 400. An attribute one
// type lacks makes that type match nothing (a filter) or is left out for it (attributes /
// excludedAttributes); only a query no type understands is a 400.
import type { FastifyInstance } from 'fastify'
import { ScimError } from '../../scim/errors.js'
import { defaultFold } from '../../scim/filter/evaluate.js'
import { unknownFilterAttributes } from '../../scim/profile/settings.js'
import { userFold } from '../../scim/profile/user-fold.js'
import { isObject } from '../../scim/resource/coerce.js'
import type { Registry } from '../../scim/schema/registry.js'
import { parseAttrPath } from '../../scim/path/attr-path.js'
import { listResponse, searchFromBody } from '../../scim/search.js'
import type { Search } from '../../scim/search.js'
import type { GroupPage } from '../../store/store.js'
import { tenantOf } from '../auth.js'
import { baseUrl } from '../conditional.js'
import { groupRepresentation, userPage } from '../representations.js'
import { schemasOf } from '../schemas.js'
import { scimStream } from '../scim-reply.js'

export async function rootSearchRoutes(
  app: FastifyInstance,
  options: { basePath: string },
): Promise<void> {
  app.post('/.search', async (request, reply) => {
    const tenant = tenantOf(request)
    const { users, groups } = await schemasOf(request)
    const base = baseUrl(request, options.basePath)
    const errors: ScimError[] = []
    /** Runs `run` for one type; a 400 (an attribute the type lacks) makes that type contribute nothing. */
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
    const userSearch = await attempt(async () =>
      searchFromBody(forType(request.body, users), users),
    )
    const groupSearch = await attempt(async () =>
      searchFromBody(forType(request.body, groups), groups),
    )
    const paging = userSearch ?? groupSearch
    if (!paging) throw errors[0] as ScimError
    if (paging.cursor !== undefined) {
      throw ScimError.invalidValue(
        'The root /.search pages by startIndex only: it spans Users and Groups, and a cursor (RFC 9865) belongs to one resource type. Send the cursor to /Users/.search or /Groups/.search.',
      )
    }
    const settings = await tenant.settings()
    const query = (search: Search, startIndex: number, count: number) => ({
      unknownAttributes: unknownFilterAttributes(settings),
      ...(search.filter ? { filter: search.filter } : {}),
      ...(search.sort ? { sort: search.sort } : {}),
      startIndex,
      count,
    })
    const userList = userSearch
      ? await attempt(() =>
          userPage(
            tenant,
            { ...query(userSearch, paging.startIndex, paging.count), fold: userFold(settings) },
            { base, projection: userSearch.projection },
          ),
        )
      : undefined
    const usersTotal = userList?.total ?? 0
    const shown = userList?.resources.length ?? 0
    // Groups follow the users only once the users are exhausted: a page of users may hold fewer than
    // `count` (the group-reference budget, user-store.ts) while more users remain.
    const usersDone = paging.startIndex - 1 + shown >= usersTotal
    const groupPage: GroupPage | undefined = groupSearch
      ? await attempt(() =>
          tenant.listGroups({
            ...query(
              groupSearch,
              Math.max(1, paging.startIndex - usersTotal),
              usersDone ? paging.count - shown : 0,
            ),
            fold: defaultFold,
          }),
        )
      : undefined
    if (!userList && !groupPage) throw errors[0] as ScimError
    return scimStream(
      reply,
      200,
      listResponse(usersTotal + (groupPage?.total ?? 0), paging.startIndex, [
        ...(userList?.resources ?? []),
        ...(groupPage?.groups ?? []).map((g) =>
          groupRepresentation(g, base, groups, (groupSearch as Search).projection, tenant),
        ),
      ]),
    )
  })
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
