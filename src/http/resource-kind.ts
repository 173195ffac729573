// A SCIM resource type as the HTTP layer serves it: one description per kind (its resource type as
// /ResourceTypes publishes it, its tenant's schema registry, its store's get/list/delete, how it is
// rendered and sent) drives the generic reads and DELETE (routes/resources.ts: GET /{kind}/{id},
// GET /{kind}, POST /{kind}/.search, DELETE /{kind}/{id}) and the root /.search (routes/search.ts),
// which iterates KINDS. Writes differ per kind and stay in their route files (users.ts, groups.ts).
// docs/architecture.md "Resource kinds" says how to add one.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Neighbours } from '../scim/cursor.js'
import { ScimError } from '../scim/errors.js'
import { defaultFold } from '../scim/filter/evaluate.js'
import type { Fold } from '../scim/filter/evaluate.js'
import { userFold } from '../scim/profile/user-fold.js'
import type { TenantSettings } from '../scim/profile/settings.js'
import type { GroupRecord, UserGroup } from '../scim/resource/group.js'
import type { Projection } from '../scim/resource/project.js'
import type { UserRecord } from '../scim/resource/user.js'
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../scim/schema/registry.js'
import type { Registry, ResourceTypeDef } from '../scim/schema/registry.js'
import type { GroupPage, TenantStore, UserPage, UserQuery } from '../store/store.js'
import type { Streamable } from './json-stream.js'
import { groupRepresentation, userById, userPage, userRepresentation } from './representations.js'
import { GROUP_REGISTRY, userRegistryOf } from './schemas.js'
import { scim, scimStream } from './scim-reply.js'

/** What every stored resource has: an id, and what its ETag is computed from (meta.ts). */
export interface StoredResource {
  readonly id: string
  readonly version: number
  readonly groups?: readonly UserGroup[]
}

/** A store's page of a list: its total and, when paged by cursor, the positions of the pages beside. */
export type StorePage = Neighbours & { readonly total: number }

/**
 * One kind of resource. The methods take the request's tenant (and request, for its registry) as
 * arguments, so a description is one constant per kind: serving a request allocates no closures.
 */
export interface ResourceKind<R extends StoredResource = StoredResource, P = StorePage> {
  /** Its name (`User`, in errors, cursors and meta) and endpoint (`/Users`), RFC 7643 §6. */
  readonly resourceType: ResourceTypeDef & { readonly name: 'User' | 'Group' }
  /** The schema registry of the request's tenant (a tenant's User schema has its custom properties). */
  registry(request: FastifyRequest): Registry | Promise<Registry>
  /** How the tenant's filters compare this kind's strings (scim/profile/user-fold.ts for users). */
  fold(settings: TenantSettings): Fold
  get(tenant: TenantStore, id: string): Promise<R | undefined>
  /** The store's list; on SQLite a costly one runs in the read pool (sqlite-store.ts). */
  list(tenant: TenantStore, query: UserQuery): Promise<P>
  items(page: P): readonly R[]
  /** `check` sees the resource once locked (If-Match) and may throw to keep it. */
  delete(tenant: TenantStore, id: string, check?: (current: R) => void): Promise<boolean>
  /** The resource as a response holds it, projected (RFC 7644 §3.4.2.5). */
  render(
    record: R,
    base: string,
    registry: Registry,
    selected: Projection,
    tenant: TenantStore,
  ): Streamable
  /**
   * A list whose resources the store renders itself (users: in the SQLite read pool's worker, as text;
   * representations.ts userPage); without it a list renders each record with `render`.
   */
  readonly renderedList?: (
    tenant: TenantStore,
    query: UserQuery,
    view: { readonly base: string; readonly projection: Projection },
    /** A hot read's configuration version, confirmed by the read (TenantStore.getUserText). */
    relied?: number,
  ) => Promise<StorePage & { readonly resources: Streamable[] }>
  /**
   * GET by id of a kind the store renders itself (users: on SQLite, one whose group nesting is large is
   * read and rendered in the read pool's worker); without it GET reads with `get` and renders here.
   */
  readonly renderedGet?: (
    tenant: TenantStore,
    id: string,
    view: { readonly base: string; readonly projection: Projection },
    /** As renderedList's. A kind with renderedGet and renderedList serves both as hot reads. */
    relied?: number,
  ) => Promise<{ readonly etag: string; readonly body: Streamable } | undefined>
  /** Sends a body of this kind: whole, or streamed when it may hold Paged lists (a group's members). */
  send(reply: FastifyReply, status: number, body: Streamable): FastifyReply | Promise<FastifyReply>
}

export const USERS: ResourceKind<UserRecord, UserPage> = {
  resourceType: USER_RESOURCE_TYPE as ResourceTypeDef & { readonly name: 'User' },
  registry: userRegistryOf,
  fold: userFold,
  get: (tenant, id) => tenant.getUser(id),
  list: (tenant, query) => tenant.listUsers(query),
  items: (page) => page.users,
  delete: (tenant, id, check) => tenant.deleteUser(id, check),
  render: userRepresentation,
  renderedList: userPage,
  renderedGet: userById,
  send: scim,
}

export const GROUPS: ResourceKind<GroupRecord, GroupPage> = {
  resourceType: GROUP_RESOURCE_TYPE as ResourceTypeDef & { readonly name: 'Group' },
  registry: () => GROUP_REGISTRY,
  fold: () => defaultFold,
  get: (tenant, id) => tenant.getGroup(id),
  list: (tenant, query) => tenant.listGroups(query),
  items: (page) => page.groups,
  delete: (tenant, id, check) => tenant.deleteGroup(id, check),
  render: groupRepresentation,
  send: scimStream,
}

/** Every kind, in the order the root /.search lists them (users first, then groups). */
export const KINDS: readonly ResourceKind[] = [USERS, GROUPS]

/** The resource, or a 404 naming it. */
export async function found<R extends StoredResource, P>(
  kind: ResourceKind<R, P>,
  tenant: TenantStore,
  id: string,
): Promise<R> {
  const record = await kind.get(tenant, id)
  if (!record) throw notFound(kind, id)
  return record
}

export function notFound(kind: Pick<ResourceKind, 'resourceType'>, id: string): ScimError {
  return ScimError.notFound(`${kind.resourceType.name} ${id} not found.`)
}

/** A page of a list: the store's page (its total, its neighbours) and its resources as rendered. */
export interface ListedPage {
  readonly page: StorePage
  readonly resources: Streamable[]
}

/**
 * The one call of every list (GET /{kind}, POST /{kind}/.search, the root /.search) into the store, and
 * so, on SQLite, into the read pool: the page `query` asks for, each resource rendered for the response.
 */
export async function listResources<R extends StoredResource, P extends StorePage>(
  kind: ResourceKind<R, P>,
  tenant: TenantStore,
  query: UserQuery,
  base: string,
  registry: Registry,
  selected: Projection,
  /** A hot read's configuration version (hot-read.ts): only a kind with renderedList is given one. */
  relied?: number,
): Promise<ListedPage> {
  if (kind.renderedList) {
    const { resources, ...page } = await kind.renderedList(
      tenant,
      query,
      { base, projection: selected },
      relied,
    )
    return { page, resources }
  }
  const page = await kind.list(tenant, query)
  const resources: Streamable[] = []
  for (const record of kind.items(page)) {
    resources.push(kind.render(record, base, registry, selected, tenant))
  }
  return { page, resources }
}
