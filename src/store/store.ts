// The storage ports. Tenant data is reachable only through a TenantStore bound to one tenant: isolation is
// structural, not a WHERE clause a caller must remember. Adapters translate driver errors into ScimErrors.
import type { AttrPath, Filter } from '../scim/filter/ast.js'
import type { Keyset, Neighbours } from '../scim/cursor.js'
import type { Fold } from '../scim/filter/evaluate.js'
import type { SettingKey, TenantSettings } from '../scim/profile/settings.js'
import type { GroupData, GroupRecord, Member, MemberRef } from '../scim/resource/group.js'
import type { UserData, UserRecord } from '../scim/resource/user.js'
import type { UserView } from '../scim/resource/user-view.js'
import type { MemberStep } from '../scim/patch/group-plan.js'
import type { PropertyDef } from '../scim/schema/extension.js'

export interface Tenant {
  readonly id: string
  readonly slug: string
  readonly name: string
  readonly created: string
  readonly disabled: boolean
}

export interface TokenInfo {
  readonly id: string
  readonly tenantId: string
  readonly name: string
  readonly created: string
  readonly expiresAt: string | null
  readonly revokedAt: string | null
  /** When it last authenticated a request (written at most once a minute per server), or null. */
  readonly lastUsedAt: string | null
}

export type ClientScope = 'scim' | 'admin'

/** A credential that authenticated a request, and when. */
export interface CredentialUse {
  readonly kind: 'token' | 'client'
  readonly tenantId: string
  readonly id: string
  readonly at: string
}

/** An OAuth 2.0 client of one tenant (RFC 6749 §2): its id is public, its secret stored as a hash. */
export interface ClientInfo {
  readonly id: string
  readonly tenantId: string
  readonly name: string
  readonly scope: ClientScope
  readonly created: string
  readonly revokedAt: string | null
  /** When it last authenticated (a token request, Basic, or its access token), or null. */
  readonly lastUsedAt: string | null
}

/** A key access tokens are signed with (JWK JSON); retired keys still verify. */
export interface SigningKey {
  readonly id: string
  readonly algorithm: string
  readonly privateJwk: string
  readonly publicJwk: string
  readonly created: string
  readonly retiredAt: string | null
}

export interface UserQuery {
  readonly filter?: Filter
  /** RFC 7644 §3.4.2.3; by creation order when absent. */
  readonly sort?: { readonly path: AttrPath; readonly descending: boolean }
  /** How the profile compares strings (see scim/profile/user-fold.ts). */
  readonly fold: Fold
  /** A filter on an attribute the schema lacks: 400 (`reject`, the default) or never matching (`absent`). */
  readonly unknownAttributes?: 'reject' | 'absent'
  /** 1-based (RFC 7644 §3.4.2.4). */
  readonly startIndex: number
  /** 0 returns only the total. */
  readonly count: number
  /**
   * RFC 9865 cursor paging: the page after (or before) a position, found by keyset, never by offset;
   * startIndex is then ignored. The page answers with its neighbours' positions.
   */
  readonly keyset?: Keyset
}

export interface UserPage extends Neighbours {
  readonly total: number
  readonly users: readonly UserRecord[]
}

/**
 * The same page as listUsers returns, each user already rendered for a response (scim/resource/
 * user-view.ts): its JSON text, in page order.
 */
export interface UserTextPage extends Neighbours {
  readonly total: number
  readonly users: readonly string[]
}

/** A user rendered for a response (getUserText): its ETag (meta.ts) and its JSON text. */
export interface UserText {
  readonly etag: string
  readonly text: string
}

export type GroupQuery = UserQuery

export interface GroupPage extends Neighbours {
  readonly total: number
  readonly groups: readonly GroupRecord[]
}

/** Where a page of members starts: after this member (members are ordered users first, then groups, by id). */
export interface MemberCursor {
  readonly type: Member['type']
  readonly value: string
}

/**
 * What a group update does, computed from the group as it is once locked: its new data, and member steps
 * applied in order. Throwing (a ScimError) aborts the whole update.
 */
export interface GroupChange {
  readonly data: GroupData
  readonly members: readonly MemberStep[]
}

/** Password change on write: a new hash, `null` to clear, or `undefined` to keep the stored one. */
export type PasswordChange = string | null | undefined

/** What an update writes: the user's new data and its password change. */
export interface UserChange {
  readonly data: UserData
  readonly password: PasswordChange
}

/** One user of a batch (TenantStore.createUsers): its data and its password's hash, if any. */
export interface NewUser {
  readonly data: UserData
  readonly passwordHash?: string
}

/** A custom user property as stored: its definition, and the id its values refer to (a rename keeps it). */
export interface PropertyDefinition extends PropertyDef {
  readonly id: string
  readonly created: string
}

/** A console session: who signed in to which tenant's console, until when. */
export interface AdminSession {
  /** SHA-256 of the session id the browser holds. */
  readonly hash: string
  readonly tenantId: string
  readonly userId: string
  readonly userName: string
  /** The synchronizer token every change of this session must carry (CSRF). */
  readonly csrf: string
  readonly created: string
  readonly expiresAt: string
}

/** What signing in to the console checks about a user. */
export interface SignInUser {
  readonly id: string
  readonly userName: string
  readonly active: boolean
  readonly roles: readonly string[]
  readonly passwordHash: string | null
}

export interface TenantStore {
  readonly tenantId: string
  /** The user with this userName (ignoring case), as sign-in needs it. */
  signInUser(userName: string): Promise<SignInUser | undefined>
  settings(): Promise<TenantSettings>
  setSetting<K extends SettingKey>(key: K, value: TenantSettings[K]): Promise<TenantSettings>
  /**
   * Read-modify-write of one setting, atomic across processes (compare-and-set on the stored value,
   * retried): two CLI commands changing the same setting at once never lose a change.
   */
  updateSetting<K extends SettingKey>(
    key: K,
    change: (current: TenantSettings[K], all: TenantSettings) => TenantSettings[K],
  ): Promise<TenantSettings>

  /** The tenant's custom user properties by name, cached with its configuration. */
  properties(): Promise<readonly PropertyDefinition[]>
  /** 409 uniqueness when the name is taken (ignoring case); 400 for a bad name or past the limit. */
  addProperty(def: PropertyDef): Promise<PropertyDefinition>
  /**
   * Undefined when there is no such property; 409 when the new name is taken. Moves the version of every
   * user holding a value (their representation changes), in the same transaction.
   */
  renameProperty(name: string, newName: string): Promise<PropertyDefinition | undefined>
  /**
   * Removes a property and every value of it. Refused (removed false, holders > 0) while users hold
   * values, unless `force`, which moves the holders' versions in the same transaction.
   */
  removeProperty(name: string, force: boolean): Promise<{ removed: boolean; holders: number }>
  /** How many users hold a value of the property. */
  propertyHolders(name: string): Promise<number>
  /** How many users hold a value of each property held by anyone, by property id (two queries). */
  propertyHolderCounts(): Promise<ReadonlyMap<string, number>>

  /** 409 uniqueness when the userName is taken (ignoring case). */
  createUser(data: UserData, passwordHash: string | undefined): Promise<UserRecord>
  /**
   * Creates a batch of users (`roster users import`) in one transaction: fewer commits, the same rows as
   * createUser. Each user is written whole or not at all; one whose userName is taken (ignoring case, by
   * a stored user or an earlier one of the batch) is left out, its place in the answer undefined, and
   * the others are created.
   */
  createUsers(users: readonly NewUser[]): Promise<readonly (UserRecord | undefined)[]>
  getUser(id: string): Promise<UserRecord | undefined>
  /**
   * The user rendered for `view` with the tenant's registry, and its ETag: GET /Users/{id}. On SQLite a
   * user whose User.groups needs a large walk of nested groups is read AND rendered in the read pool
   * (like listUserTexts); any other user is read on the calling thread, in one statement.
   *
   * `relied` (here and in listUserTexts): the configuration version the caller's configuration was read
   * at without reading the version first (Store.heldConfigVersion, a hot read). The read then confirms
   * it, in its own statement where it can (the user's, or Entra's match's), else by a statement of its
   * own before anything else, and throws ConfigMoved when the version is another: its answer would rest
   * on configuration that changed (a token revoked, a setting, a property definition).
   */
  getUserText(id: string, view: UserView, relied?: number): Promise<UserText | undefined>
  listUsers(query: UserQuery): Promise<UserPage>
  /**
   * listUsers' page rendered as JSON text for `view` with the tenant's registry. On SQLite a list that
   * reaches the read pool is read AND rendered there (read-worker.ts): a page of users in thousands of
   * groups (tens of MB of JSON) never becomes objects on the thread that serves every tenant.
   */
  listUserTexts(query: UserQuery, view: UserView, relied?: number): Promise<UserTextPage>
  /**
   * Changes one user atomically: locks its row, calls `change` with the user as it is then, and writes
   * what it returns (nothing when it returns undefined: the version and lastModified stay). Concurrent
   * updates of one user apply one after the other, each on what the previous one left, across processes
   * and instances. 409 uniqueness for a taken userName; undefined when no such user.
   */
  updateUser(
    id: string,
    change: (current: UserRecord) => Promise<UserChange | undefined> | UserChange | undefined,
  ): Promise<UserRecord | undefined>
  /** `check` sees the user once locked (an If-Match test) and may throw to keep it. */
  deleteUser(id: string, check?: (current: UserRecord) => void): Promise<boolean>

  /**
   * 409 uniqueness when the displayName is taken (ignoring case); 400 naming the members that do not
   * exist in this tenant (and nothing is created).
   */
  createGroup(data: GroupData, members: readonly MemberRef[]): Promise<GroupRecord>
  /** The group without its members (they are read with groupMembers). */
  getGroup(id: string): Promise<GroupRecord | undefined>
  listGroups(query: GroupQuery): Promise<GroupPage>
  /** Up to `limit` members after `after`, users first then groups, each by id: a stable order for paging. */
  groupMembers(id: string, after: MemberCursor | undefined, limit: number): Promise<Member[]>
  /**
   * Changes one group atomically: locks it, calls `change` with its current state, applies the result
   * (unknown members are a 400, a member that would make a cycle of groups is a 400, nothing is applied
   * then). The version and lastModified change only when something did. Undefined when no such group.
   */
  updateGroup(
    id: string,
    change: (current: GroupRecord) => GroupChange,
  ): Promise<GroupRecord | undefined>
  /** `check` sees the group once locked (an If-Match test) and may throw to keep it. */
  deleteGroup(id: string, check?: (current: GroupRecord) => void): Promise<boolean>

  createClient(client: {
    id: string
    name: string
    secretHash: string
    scope: ClientScope
  }): Promise<ClientInfo>
  listClients(): Promise<ClientInfo[]>
  /** True when the client existed and was not already revoked. */
  revokeClient(id: string): Promise<boolean>

  createToken(token: { name: string; hash: string; expiresAt: string | null }): Promise<TokenInfo>
  listTokens(): Promise<TokenInfo[]>
  /** True when the token existed and was not already revoked. */
  revokeToken(id: string): Promise<boolean>
}

export interface Store {
  forTenant(tenantId: string): TenantStore
  /**
   * Checks whether the configuration (tenants, hosts, settings, tokens, clients, keys) changed since the
   * last call, anywhere (another process, another instance), and forgets what was cached if so. A
   * server calls it once per request before reading configuration, so every change takes effect on the
   * next request; without calls, configuration read earlier in this process may be served. Returns the
   * version read.
   */
  refresh(): Promise<number>
  /**
   * The configuration version the cache holds (what refresh last read), or undefined before the first
   * refresh. A hot read (http/hot-read.ts) authenticates from the cache as it stands and passes this
   * version to its read (TenantStore.getUserText's `relied`), which confirms it in the same statement.
   */
  heldConfigVersion(): number | undefined
  tenantById(id: string): Promise<Tenant | undefined>
  /** The tenant whose slug is given, if any. */
  tenantBySlug(slug: string): Promise<Tenant | undefined>
  /** Creates the tenant with default settings, or returns it when it exists. */
  ensureTenant(slug: string, name: string): Promise<Tenant>
  listTenants(): Promise<Tenant[]>
  /** A disabled tenant's credentials all fail; its data is kept. */
  setTenantDisabled(id: string, disabled: boolean): Promise<void>
  /** Changes a tenant's display name. */
  renameTenant(id: string, name: string): Promise<void>
  /** Maps a host name (lower case, without port) to a tenant; 409 when another tenant has it. */
  addTenantHost(tenantId: string, host: string): Promise<void>
  /** Unmaps a host name of the tenant; false when the tenant did not have it. */
  removeTenantHost(tenantId: string, host: string): Promise<boolean>
  tenantByHost(host: string): Promise<Tenant | undefined>
  hostsOf(tenantId: string): Promise<string[]>
  /** The client whose id is given, whatever its tenant, with its secret's hash. */
  clientById(id: string): Promise<(ClientInfo & { readonly secretHash: string }) | undefined>
  signingKeys(): Promise<SigningKey[]>
  /** Adds a key and retires every other active key, in one transaction. */
  rotateSigningKey(key: Omit<SigningKey, 'retiredAt'>): Promise<void>
  /** The token whose hash is given, whatever its tenant (the caller checks the tenant it resolved). */
  tokenByHash(hash: string): Promise<TokenInfo | undefined>
  /**
   * Notes that a token or client authenticated at `at` (ISO 8601). A time earlier than the one stored
   * changes nothing; it is not a configuration change (the configuration version stays).
   */
  recordUse(use: CredentialUse): Promise<void>
  createSession(session: AdminSession): Promise<void>
  /** The unexpired session with this hash. */
  sessionByHash(hash: string, now: string): Promise<AdminSession | undefined>
  deleteSession(hash: string): Promise<void>
  /** Throws when the database cannot answer. */
  ping(): Promise<void>
  /** The connection pool's state, where there is one (PostgreSQL). */
  poolStats?(): { total: number; idle: number; waiting: number }
  /** What an operator should know about this database, found when the store opened (logged at start). */
  readonly notices?: readonly string[]
  close(): Promise<void>
}

export const DEFAULT_TENANT_SLUG = 'default'

/**
 * Thrown by a read given the configuration version its caller relied on (`relied`) when the database's
 * version is another: the answer is discarded, and the request is authenticated and read again the
 * ordinary way (http/hot-read.ts). An internal signal, never an answer: not a ScimError.
 */
export class ConfigMoved extends Error {
  constructor(
    readonly relied: number,
    readonly found: number,
  ) {
    super(`The configuration version is ${found}, not ${relied}.`)
    this.name = 'ConfigMoved'
  }
}

/** Throws ConfigMoved unless the version read (`found`) is the one relied on. */
export function confirmConfig(relied: number, found: number): void {
  if (found !== relied) throw new ConfigMoved(relied, found)
}
