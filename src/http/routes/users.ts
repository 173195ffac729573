// /Users (RFC 7644 §3.3-3.6): parse the request, call the core and the store, render. Writes that read
// first (PUT, PATCH) compute the new user under the user's row lock, so two concurrent PATCHes never
// lose each other's change.
import { isDeepStrictEqual } from 'node:util'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { hashPassword } from '../../auth/password-hash.js'
import { ScimError } from '../../scim/errors.js'
import { userChanges, userUpdateOperation } from '../../scim/log/changes.js'
import type { Change } from '../../scim/log/entry.js'
import { applyPatch } from '../../scim/patch/apply.js'
import { readOperations } from '../../scim/patch/operations.js'
import type { PatchOperation } from '../../scim/patch/operations.js'
import { userFold } from '../../scim/profile/user-fold.js'
import { unknownFilterAttributes } from '../../scim/profile/settings.js'
import { parseUser } from '../../scim/profile/user-rules.js'
import { isObject } from '../../scim/resource/coerce.js'
import type { JsonObject } from '../../scim/resource/coerce.js'
import { etag, resourceUri } from '../../scim/resource/meta.js'
import type { Projection } from '../../scim/resource/project.js'
import type { UserData, UserRecord } from '../../scim/resource/user.js'
import { userDataToJson } from '../../scim/resource/user-json.js'
import type { Registry } from '../../scim/schema/registry.js'
import { filterAndSort, pageResponse, searchFromBody, searchFromQuery } from '../../scim/search.js'
import { readCursor } from '../../scim/cursor.js'
import type { Search } from '../../scim/search.js'
import type { PasswordChange, TenantStore, UserChange } from '../../store/store.js'
import { tenantOf } from '../auth.js'
import { baseUrl, checkIfMatch, logIgnored, matchesEtag } from '../conditional.js'
import { noteWrite } from '../provisioning.js'
import { param, projectionParams } from '../query.js'
import type { Query } from '../query.js'
import { userPage, userRepresentation } from '../representations.js'
import { userRegistryOf } from '../schemas.js'
import { scim, scimStream } from '../scim-reply.js'

interface IdParams {
  id: string
}

export async function userRoutes(
  app: FastifyInstance,
  options: { basePath: string; now: () => Date },
): Promise<void> {
  // The tenant's registry (with its custom properties) comes with each request (schemas.ts).
  const base = (request: FastifyRequest): string => baseUrl(request, options.basePath)
  const projection = (request: FastifyRequest, registry: Registry): Projection =>
    projectionParams(request.query as Query, registry)
  const render = (
    request: FastifyRequest,
    registry: Registry,
    user: UserRecord,
    selected: Projection,
  ): JsonObject => userRepresentation(user, base(request), registry, selected)
  const send = async (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    user: UserRecord,
  ): Promise<FastifyReply> => {
    const registry = await userRegistryOf(request)
    reply.header('etag', etag(user))
    if (status === 201) reply.header('location', resourceUri(base(request), 'User', user.id))
    return scim(reply, status, render(request, registry, user, projection(request, registry)))
  }

  app.post('/Users', async (request, reply) => {
    const tenant = tenantOf(request)
    const settings = await tenant.settings()
    const registry = await userRegistryOf(request)
    const input = parseUser(request.body, registry, settings)
    logIgnored(request, input.ignored)
    const hash =
      input.password === undefined ? undefined : await hashPassword(input.password, tenant.tenantId)
    const user = await tenant.createUser(input.data, hash)
    noteWrite(request, {
      resourceId: user.id,
      target: user.userName,
      changes: userChanges(undefined, input.data),
    })
    return send(request, reply, 201, user)
  })

  app.get<{ Params: IdParams }>('/Users/:id', async (request, reply) => {
    const user = await found(tenantOf(request), request.params.id)
    const registry = await userRegistryOf(request)
    const selected = projection(request, registry)
    // RFC 7644 §3.14 / RFC 7232 §3.2: a matching If-None-Match answers 304 without a body.
    if (matchesEtag(request.headers['if-none-match'], etag(user))) {
      return reply.code(304).header('etag', etag(user)).send()
    }
    reply.header('etag', etag(user))
    return scim(reply, 200, render(request, registry, user, selected))
  })

  const list = async (
    request: FastifyRequest,
    reply: FastifyReply,
    search: Search,
  ): Promise<FastifyReply> => {
    const tenant = tenantOf(request)
    const settings = await tenant.settings()
    const bound = { tenantId: tenant.tenantId, resourceType: 'User', ...filterAndSort(search) }
    const keyset =
      search.cursor === undefined ? undefined : readCursor(search.cursor, bound, options.now())
    const page = await userPage(
      tenant,
      {
        ...filterAndSort(search),
        fold: userFold(settings),
        unknownAttributes: unknownFilterAttributes(settings),
        startIndex: search.startIndex,
        count: search.count,
        ...(keyset ? { keyset } : {}),
      },
      { base: base(request), projection: search.projection },
    )
    return scimStream(reply, 200, pageResponse(search, page, page.resources, bound, options.now()))
  }

  app.get('/Users', async (request, reply) => {
    const query = request.query as Query
    const registry = await userRegistryOf(request)
    return list(
      request,
      reply,
      searchFromQuery((name) => param(query, name), registry),
    )
  })
  // RFC 7644 §3.4.3: the same query as a POST body, keeping filters out of URLs and logs.
  app.post('/Users/.search', async (request, reply) =>
    list(request, reply, searchFromBody(request.body, await userRegistryOf(request))),
  )

  app.put<{ Params: IdParams }>('/Users/:id', async (request, reply) => {
    const tenant = tenantOf(request)
    const settings = await tenant.settings()
    // RFC 7644 §3.5.1: PUT replaces every writable attribute; readOnly ones are ignored; a password not
    // sent is kept.
    const registry = await userRegistryOf(request)
    const input = parseUser(request.body, registry, settings)
    logIgnored(request, input.ignored)
    const hash: PasswordChange =
      input.password === undefined ? undefined : await hashPassword(input.password, tenant.tenantId)
    const user = await update(request, tenant, () => ({ data: input.data, password: hash }))
    return send(request, reply, 200, user)
  })

  app.patch<{ Params: IdParams }>('/Users/:id', async (request, reply) => {
    const tenant = tenantOf(request)
    const settings = await tenant.settings()
    const operations = readOperations(request.body)
    const fold = userFold(settings)
    const registry = await userRegistryOf(request)
    let hashed: { password: string; hash: string } | undefined
    // scrypt takes tens of milliseconds: a new password is hashed before the row is locked. The password
    // is write-only (never in the stored user's JSON), so it comes from the operations alone and the
    // preview on the user as read now gives the one the locked update will compute.
    if (operations.some(mentionsPassword)) {
      try {
        const preview = await found(tenant, request.params.id)
        const input = parseUser(
          applyPatch(userDataToJson(preview), operations, { registry, fold }),
          registry,
          settings,
          'patch',
        )
        if (input.password !== undefined)
          hashed = {
            password: input.password,
            hash: await hashPassword(input.password, tenant.tenantId),
          }
      } catch {
        // Whatever fails here fails again, and is reported, under the lock.
      }
    }
    const user = await update(request, tenant, async (current) => {
      const patched = applyPatch(userDataToJson(current), operations, { registry, fold })
      const input = parseUser(patched, registry, settings, 'patch')
      logIgnored(request, input.ignored)
      if (input.password !== undefined && hashed?.password !== input.password) {
        hashed = {
          password: input.password,
          hash: await hashPassword(input.password, tenant.tenantId),
        }
      }
      return { data: input.data, password: input.password === undefined ? undefined : hashed?.hash }
    })
    return send(request, reply, 200, user)
  })

  app.delete<{ Params: IdParams }>('/Users/:id', async (request, reply) => {
    const tenant = tenantOf(request)
    // If-Match is compared under the row's lock, so a change in between cannot be deleted unseen.
    const check =
      request.headers['if-match'] === undefined
        ? undefined
        : (current: UserRecord) => checkIfMatch(request, current, 'user')
    if (!(await tenant.deleteUser(request.params.id, check))) throw notFound(request.params.id)
    return reply.code(204).send()
  })
}

/**
 * Read-modify-write under the user's row lock (TenantStore.updateUser): `compute` sees the user as it is
 * once locked. A change that alters nothing keeps the version and lastModified.
 */
async function update(
  request: FastifyRequest<{ Params: IdParams }>,
  tenant: TenantStore,
  compute: (current: UserRecord) => Promise<UserChange> | UserChange,
): Promise<UserRecord> {
  const id = request.params.id
  let changes: Change[] = []
  const user = await tenant.updateUser(id, async (current) => {
    checkIfMatch(request, current, 'user')
    const next = await compute(current)
    // The log names a new password, never its value.
    changes = userChanges(current, next.data)
    if (next.password !== undefined) changes.push({ path: 'password', new: '(changed)' })
    return next.password === undefined && sameData(current, next.data) ? undefined : next
  })
  if (!user) throw notFound(id)
  noteWrite(request, { target: user.userName, changes, operation: userUpdateOperation(changes) })
  return user
}

/** Whether an operation may set the password (its path, or a key of its path-less value). */
function mentionsPassword(operation: PatchOperation): boolean {
  const keys =
    operation.path !== undefined
      ? [operation.path]
      : isObject(operation.value)
        ? Object.keys(operation.value)
        : []
  return keys.some((key) => key.toLowerCase().includes('password'))
}

async function found(tenant: TenantStore, id: string): Promise<UserRecord> {
  const user = await tenant.getUser(id)
  if (!user) throw notFound(id)
  return user
}

function notFound(id: string): ScimError {
  return ScimError.notFound(`User ${id} not found.`)
}

function sameData(current: UserRecord, next: UserData): boolean {
  const { id: _id, groups: _g, created: _c, lastModified: _l, version: _v, ...data } = current
  return isDeepStrictEqual(data, next)
}
