// Writes of /Users (RFC 7644 §3.3, §3.5): parse the request, call the core and the store, respond (reads
// and DELETE are every kind's, resources.ts). Writes that read first (PUT, PATCH) compute the new user
// under the user's row lock, so two concurrent PATCHes never lose each other's change.
import { isDeepStrictEqual } from 'node:util'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { hashPassword } from '../../auth/password-hash.js'
import { userChanges, userUpdateOperation } from '../../scim/log/changes.js'
import type { Change } from '../../scim/log/entry.js'
import { applyPatch } from '../../scim/patch/apply.js'
import { readOperations } from '../../scim/patch/operations.js'
import type { PatchOperation } from '../../scim/patch/operations.js'
import { userFold } from '../../scim/profile/user-fold.js'
import { parseUser } from '../../scim/profile/user-rules.js'
import { isObject } from '../../scim/resource/coerce.js'
import type { UserData, UserRecord } from '../../scim/resource/user.js'
import { userDataToJson } from '../../scim/resource/user-json.js'
import type { PasswordChange, TenantStore, UserChange } from '../../store/store.js'
import { tenantOf } from '../auth.js'
import { checkIfMatch, logIgnored } from '../conditional.js'
import { noteWrite } from '../provisioning.js'
import { USERS, found, notFound } from '../resource-kind.js'
import { userRegistryOf } from '../schemas.js'
import { respond } from './resources.js'
import type { IdParams } from './resources.js'

export async function userRoutes(
  app: FastifyInstance,
  options: { basePath: string },
): Promise<void> {
  const { basePath } = options
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
    return respond(USERS, request, reply, basePath, 201, user)
  })

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
    return respond(USERS, request, reply, basePath, 200, user)
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
        const preview = await found(USERS, tenant, request.params.id)
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
    return respond(USERS, request, reply, basePath, 200, user)
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
  if (!user) throw notFound(USERS, id)
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

function sameData(current: UserRecord, next: UserData): boolean {
  const { id: _id, groups: _g, created: _c, lastModified: _l, version: _v, ...data } = current
  return isDeepStrictEqual(data, next)
}
