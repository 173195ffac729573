// Writes of /Groups (RFC 7644 §3.3, §3.5 on RFC 7643 §4.2 groups; reads and DELETE are every kind's,
// resources.ts). A group's own attributes are small and read with it; its members are read a page at a
// time and streamed (representations.ts), and only when the response includes them: Entra's
// `excludedAttributes=members` never touches a member row. A PATCH changes
// members as rows (scim/patch/group-plan.ts) under the group's lock, and answers 204 unless the client
// asked for attributes back (RFC 7644 §3.5.2).
import type { FastifyInstance } from 'fastify'
import { groupChanges, memberOperation } from '../../scim/log/changes.js'
import { applyPatch } from '../../scim/patch/apply.js'
import type { MemberStep } from '../../scim/patch/group-plan.js'
import { planGroupPatch } from '../../scim/patch/group-plan.js'
import { readOperations } from '../../scim/patch/operations.js'
import { parseGroup } from '../../scim/profile/group-rules.js'
import { groupDataToJson } from '../../scim/resource/group-json.js'
import { etag } from '../../scim/resource/meta.js'
import { tenantOf } from '../auth.js'
import { checkIfMatch, logIgnored } from '../conditional.js'
import { noteWrite } from '../provisioning.js'
import { param } from '../query.js'
import type { Query } from '../query.js'
import { GROUPS, notFound } from '../resource-kind.js'
import { GROUP_REGISTRY as registry } from '../schemas.js'
import { respond } from './resources.js'
import type { IdParams } from './resources.js'

export async function groupRoutes(
  app: FastifyInstance,
  options: { basePath: string },
): Promise<void> {
  const { basePath } = options
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
    return respond(GROUPS, request, reply, basePath, 201, group)
  })

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
    if (!group) throw notFound(GROUPS, request.params.id)
    noteWrite(request, { target: group.displayName })
    return respond(GROUPS, request, reply, basePath, 200, group)
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
    if (!group) throw notFound(GROUPS, request.params.id)
    noteWrite(request, { target: group.displayName })
    const query = request.query as Query
    // RFC 7644 §3.5.2: 204 without a body, or 200 with the attributes the client asked for.
    if (
      param(query, 'attributes') === undefined &&
      param(query, 'excludedAttributes') === undefined
    ) {
      return reply.code(204).header('etag', etag(group)).send()
    }
    return respond(GROUPS, request, reply, basePath, 200, group)
  })
}
