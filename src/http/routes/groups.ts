// /Groups (RFC 7644 §3.3-3.6 on RFC 7643 §4.2 groups). A group's own attributes are small and read with
// it; its members are read a page at a time and streamed (json-stream.ts), and only when the response
// includes them: Entra's `excludedAttributes=members` never touches a member row. A PATCH changes
// members as rows (scim/patch/group-plan.ts) under the group's lock, and answers 204 unless the client
// asked for attributes back (RFC 7644 §3.5.2).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ScimError } from '../../scim/errors.js'
import { defaultFold } from '../../scim/filter/evaluate.js'
import { groupChanges, memberOperation } from '../../scim/log/changes.js'
import { applyPatch } from '../../scim/patch/apply.js'
import type { MemberStep } from '../../scim/patch/group-plan.js'
import { planGroupPatch } from '../../scim/patch/group-plan.js'
import { readOperations } from '../../scim/patch/operations.js'
import { parseGroup } from '../../scim/profile/group-rules.js'
import { unknownFilterAttributes } from '../../scim/profile/settings.js'
import type { GroupRecord } from '../../scim/resource/group.js'
import { groupDataToJson } from '../../scim/resource/group-json.js'
import { etag, resourceUri } from '../../scim/resource/meta.js'
import type { Projection } from '../../scim/resource/project.js'
import { groupRegistry } from '../../scim/schema/registry.js'
import { filterAndSort, pageResponse, searchFromBody, searchFromQuery } from '../../scim/search.js'
import { readCursor } from '../../scim/cursor.js'
import type { Search } from '../../scim/search.js'
import type { TenantStore } from '../../store/store.js'
import { tenantOf } from '../auth.js'
import { baseUrl, checkIfMatch, logIgnored, matchesEtag } from '../conditional.js'
import { noteWrite } from '../provisioning.js'
import { groupRepresentation } from '../representations.js'
import type { Streamable } from '../json-stream.js'
import { param, projectionParams } from '../query.js'
import type { Query } from '../query.js'
import { scimStream } from '../scim-reply.js'

interface IdParams {
  id: string
}

export async function groupRoutes(
  app: FastifyInstance,
  options: { basePath: string; now: () => Date },
): Promise<void> {
  const registry = groupRegistry()
  const base = (request: FastifyRequest): string => baseUrl(request, options.basePath)
  const projection = (request: FastifyRequest): Projection =>
    projectionParams(request.query as Query, registry)

  const representation = (
    request: FastifyRequest,
    tenant: TenantStore,
    group: GroupRecord,
    selected: Projection,
  ): Streamable => groupRepresentation(group, base(request), registry, selected, tenant)

  const send = async (
    reply: FastifyReply,
    status: number,
    body: Streamable,
    group?: GroupRecord,
  ): Promise<FastifyReply> => {
    if (group) reply.header('etag', etag(group))
    return scimStream(reply, status, body)
  }

  app.post('/Groups', async (request, reply) => {
    const tenant = tenantOf(request)
    const settings = await tenant.settings()
    const input = parseGroup(request.body, registry, settings)
    logIgnored(request, input.ignored)
    const group = await tenant.createGroup(input.data, input.members)
    noteWrite(request, {
      resourceId: group.id,
      target: group.displayName,
      changes: groupChanges(undefined, input.data, [{ kind: 'add', members: input.members }]),
    })
    reply.header('location', resourceUri(base(request), 'Group', group.id))
    return send(reply, 201, representation(request, tenant, group, projection(request)), group)
  })

  app.get<{ Params: IdParams }>('/Groups/:id', async (request, reply) => {
    const tenant = tenantOf(request)
    const group = await found(tenant, request.params.id)
    const selected = projection(request)
    if (matchesEtag(request.headers['if-none-match'], etag(group))) {
      return reply.code(304).header('etag', etag(group)).send()
    }
    return send(reply, 200, representation(request, tenant, group, selected), group)
  })

  const list = async (
    request: FastifyRequest,
    reply: FastifyReply,
    search: Search,
  ): Promise<FastifyReply> => {
    const tenant = tenantOf(request)
    const settings = await tenant.settings()
    const bound = { tenantId: tenant.tenantId, resourceType: 'Group', ...filterAndSort(search) }
    const keyset =
      search.cursor === undefined ? undefined : readCursor(search.cursor, bound, options.now())
    const page = await tenant.listGroups({
      ...filterAndSort(search),
      fold: defaultFold,
      unknownAttributes: unknownFilterAttributes(settings),
      startIndex: search.startIndex,
      count: search.count,
      ...(keyset ? { keyset } : {}),
    })
    const resources = page.groups.map((g) => representation(request, tenant, g, search.projection))
    return send(reply, 200, pageResponse(search, page, resources, bound, options.now()))
  }

  app.get('/Groups', async (request, reply) => {
    const query = request.query as Query
    return list(
      request,
      reply,
      searchFromQuery((name) => param(query, name), registry),
    )
  })
  app.post('/Groups/.search', async (request, reply) =>
    list(request, reply, searchFromBody(request.body, registry)),
  )

  app.put<{ Params: IdParams }>('/Groups/:id', async (request, reply) => {
    const tenant = tenantOf(request)
    const settings = await tenant.settings()
    // RFC 7644 §3.5.1: PUT replaces displayName, externalId and the whole member list.
    const input = parseGroup(request.body, registry, settings)
    logIgnored(request, input.ignored)
    const members: MemberStep[] = [{ kind: 'set', members: input.members }]
    const group = await tenant.updateGroup(request.params.id, (current) => {
      checkIfMatch(request, current, 'group')
      noteWrite(request, { changes: groupChanges(current, input.data, members) })
      return { data: input.data, members }
    })
    if (!group) throw notFound(request.params.id)
    noteWrite(request, { target: group.displayName })
    return send(reply, 200, representation(request, tenant, group, projection(request)), group)
  })

  app.patch<{ Params: IdParams }>('/Groups/:id', async (request, reply) => {
    const tenant = tenantOf(request)
    const settings = await tenant.settings()
    const plan = planGroupPatch(readOperations(request.body), registry)
    const group = await tenant.updateGroup(request.params.id, (current) => {
      checkIfMatch(request, current, 'group')
      const before = groupDataToJson(current)
      const patched =
        plan.attributes.length > 0 ? applyPatch(before, plan.attributes, { registry }) : before
      const input = parseGroup(patched, registry, settings)
      logIgnored(request, input.ignored)
      noteWrite(request, {
        changes: groupChanges(current, input.data, plan.members),
        operation: memberOperation(plan.attributes.length, plan.members) ?? 'update',
      })
      return { data: input.data, members: plan.members }
    })
    if (!group) throw notFound(request.params.id)
    noteWrite(request, { target: group.displayName })
    const query = request.query as Query
    // RFC 7644 §3.5.2: 204 without a body, or 200 with the attributes the client asked for.
    if (
      param(query, 'attributes') === undefined &&
      param(query, 'excludedAttributes') === undefined
    ) {
      return reply.code(204).header('etag', etag(group)).send()
    }
    return send(reply, 200, representation(request, tenant, group, projection(request)), group)
  })

  app.delete<{ Params: IdParams }>('/Groups/:id', async (request, reply) => {
    const tenant = tenantOf(request)
    // If-Match is compared under the row's lock, so a change in between cannot be deleted unseen.
    const check =
      request.headers['if-match'] === undefined
        ? undefined
        : (current: GroupRecord) => checkIfMatch(request, current, 'group')
    if (!(await tenant.deleteGroup(request.params.id, check))) throw notFound(request.params.id)
    return reply.code(204).send()
  })
}

async function found(tenant: TenantStore, id: string): Promise<GroupRecord> {
  const group = await tenant.getGroup(id)
  if (!group) throw notFound(id)
  return group
}

function notFound(id: string): ScimError {
  return ScimError.notFound(`Group ${id} not found.`)
}
