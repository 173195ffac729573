// What `roster check` does to a SCIM endpoint: the requests Microsoft Entra ID sends (entra-client-
// behaviour.md §1-§4), in its default mode or with aadOptscim062020 (flag mode), and Okta's SCIM 2.0
// spec-test order (scim-peers.md §5.2). Each step sends real requests and checks the answers Entra or
// Okta need; a step that needs what an earlier step failed to create is skipped.
import { randomUUID } from 'node:crypto'
import type { Exchange, ScimClient } from './client.js'

export type Mode = 'default' | 'flag'

export interface CheckContext {
  readonly client: ScimClient
  readonly mode: Mode
  /** Ids and names created by earlier steps. */
  readonly state: Map<string, string>
  /** What to delete at the end, in order: `/Users/{id}`, `/Groups/{id}`. */
  readonly created: string[]
}

export interface Step {
  readonly name: string
  /** State keys this step needs; missing ones skip it. */
  readonly needs?: readonly string[]
  run(ctx: CheckContext): Promise<void>
}

/** A check that did not hold; the runner adds the exchange that showed it. */
export class CheckFailure extends Error {}

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error'
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User'
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group'
/** The odd schema URI Entra puts on group creation (Q11). */
const ADSCIM_GROUP = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'

type Json = Record<string, unknown>

export function fail(message: string): never {
  throw new CheckFailure(message)
}

export function object(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {}
}

export function expectStatus(exchange: Exchange, ...wanted: number[]): Json {
  if (!wanted.includes(exchange.status)) {
    fail(
      exchange.status === 0
        ? `no answer (${exchange.text})`
        : `answered ${exchange.status}; expected ${wanted.join(' or ')}`,
    )
  }
  return object(exchange.body)
}

/** A ListResponse (RFC 7644 §3.4.2) with `total` results; 404 or 400 for zero results fails Entra. */
export function expectList(exchange: Exchange, total: number): Json[] {
  const body = expectStatus(exchange, 200)
  if (!Array.isArray(body['schemas']) || !body['schemas'].includes(LIST))
    fail(`the body is not a ListResponse (schemas lacks ${LIST})`)
  if (body['totalResults'] !== total)
    fail(`totalResults is ${JSON.stringify(body['totalResults'])}; expected ${total}`)
  const resources = body['Resources'] ?? []
  if (!Array.isArray(resources)) fail('Resources is not an array')
  if (resources.length !== total && total <= 1)
    fail(`Resources holds ${resources.length} resources; expected ${total}`)
  return resources.map(object)
}

export function need(ctx: CheckContext, key: string): string {
  return ctx.state.get(key) ?? fail(`needs ${key}`)
}

export const q = (filter: string): string => encodeURIComponent(filter)

export function patch(ops: readonly Json[]): Json {
  return { schemas: [PATCH_OP], Operations: ops }
}

/** Entra's ops: capitalised in default mode (Q1). */
export function op(ctx: CheckContext, name: 'add' | 'replace' | 'remove'): string {
  return ctx.mode === 'default' ? name[0]?.toUpperCase() + name.slice(1) : name
}

/** A user body as Entra builds it from the default mapping, within the core User schema. */
export function userBody(userName: string, externalId: string): Json {
  return {
    schemas: [USER],
    externalId,
    userName,
    active: true,
    name: { givenName: 'Roster', familyName: 'Check' },
    emails: [{ primary: true, type: 'work', value: userName }],
  }
}

export function newName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.com`
}

/** Reads a user and checks `active` is the JSON boolean `wanted` (Entra Q2: never the string). */
async function expectActive(ctx: CheckContext, id: string, wanted: boolean): Promise<void> {
  const user = expectStatus(await ctx.client.send('GET', `/Users/${id}`), 200)
  if (user['active'] !== wanted)
    fail(`active is ${JSON.stringify(user['active'])}; expected the JSON boolean ${wanted}`)
}

export const CONNECTION_STEPS: readonly Step[] = [
  {
    name: 'Test Connection: a filter on a random userName answers 200 with an empty list',
    async run(ctx) {
      expectList(
        await ctx.client.send('GET', `/Users?filter=${q(`userName eq "${randomUUID()}"`)}`),
        0,
      )
    },
  },
]

export const GROUP_CONNECTION_STEPS: readonly Step[] = [
  {
    name: 'Test Connection (groups): a displayName filter with excludedAttributes=members answers 200 with an empty list',
    async run(ctx) {
      expectList(
        await ctx.client.send(
          'GET',
          `/Groups?excludedAttributes=members&filter=${q(`displayName eq "${randomUUID()}"`)}`,
        ),
        0,
      )
    },
  },
]

/** Disable (false) or re-enable (true) the user, then read it back with that JSON boolean. */
function setActive(active: boolean): Step {
  return {
    name: active
      ? 're-enable user: PATCH active true, then the user reads back with active true'
      : 'disable user: PATCH active false, then the user reads back with active false',
    needs: ['userId'],
    async run(ctx) {
      const id = need(ctx, 'userId')
      // Entra's default mode sends the strings "True"/"False" (Q2, Q13); flag mode booleans.
      const value = ctx.mode === 'default' ? (active ? 'True' : 'False') : active
      expectStatus(
        await ctx.client.send(
          'PATCH',
          `/Users/${id}`,
          patch([{ op: op(ctx, 'replace'), path: 'active', value }]),
        ),
        200,
        204,
      )
      await expectActive(ctx, id, active)
    },
  }
}

export const USER_STEPS: readonly Step[] = [
  {
    name: 'match user: no user has the new userName yet (200, empty list)',
    async run(ctx) {
      const userName = newName('roster-check')
      ctx.state.set('userName', userName)
      expectList(await ctx.client.send('GET', `/Users?filter=${q(`userName eq "${userName}"`)}`), 0)
    },
  },
  {
    name: 'create user: POST /Users answers 201 with the user',
    needs: ['userName'],
    async run(ctx) {
      const userName = need(ctx, 'userName')
      const exchange = await ctx.client.send('POST', '/Users', userBody(userName, randomUUID()))
      const user = expectStatus(exchange, 201)
      if (typeof user['id'] !== 'string' || user['id'] === '') fail('the response has no id')
      ctx.state.set('userId', user['id'])
      ctx.created.push(`/Users/${user['id']}`)
      if (user['active'] !== true)
        fail(`active is ${JSON.stringify(user['active'])}; expected the JSON boolean true`)
    },
  },
  {
    name: 'read user: GET /Users/{id} answers 200 with the user',
    needs: ['userId'],
    async run(ctx) {
      const id = need(ctx, 'userId')
      const user = expectStatus(await ctx.client.send('GET', `/Users/${id}`), 200)
      if (user['id'] !== id) fail(`id is ${JSON.stringify(user['id'])}; expected ${id}`)
    },
  },
  {
    name: 'match user: the userName filter finds exactly the new user',
    needs: ['userId'],
    async run(ctx) {
      const found = expectList(
        await ctx.client.send(
          'GET',
          `/Users?filter=${q(`userName eq "${need(ctx, 'userName')}"`)}`,
        ),
        1,
      )
      if (found[0]?.['id'] !== need(ctx, 'userId')) fail('the filter found another user')
    },
  },
  {
    name: 'update user: Entra\'s PATCH of name.familyName and emails[type eq "work"].value',
    needs: ['userId'],
    async run(ctx) {
      const id = need(ctx, 'userId')
      const email = newName('roster-check-updated')
      // Default mode: one op per attribute (Q4); flag mode: a path-less replace with dotted keys (Q4).
      const ops =
        ctx.mode === 'default'
          ? [
              { op: 'Replace', path: 'name.familyName', value: 'Checked' },
              { op: 'Add', path: 'emails[type eq "work"].value', value: email },
            ]
          : [
              { op: 'replace', path: 'emails[type eq "work"].value', value: email },
              { op: 'replace', value: { 'name.familyName': 'Checked' } },
            ]
      expectStatus(await ctx.client.send('PATCH', `/Users/${id}`, patch(ops)), 200, 204)
      const user = expectStatus(await ctx.client.send('GET', `/Users/${id}`), 200)
      const name = object(user['name'])
      if (name['familyName'] !== 'Checked')
        fail(`name.familyName is ${JSON.stringify(name['familyName'])}; expected "Checked"`)
      if ('name.familyName' in user) fail('the dotted key was stored as a literal attribute name')
      const emails = Array.isArray(user['emails']) ? user['emails'].map(object) : []
      const work = emails.filter((e) => String(e['type']).toLowerCase() === 'work')
      if (work.length !== 1 || work[0]?.['value'] !== email)
        fail(
          `the work email is ${JSON.stringify(work.map((e) => e['value']))}; expected [${email}]`,
        )
    },
  },
  setActive(false),
  {
    name: 'disabled user: still found by its userName (Entra matches soft-deleted users)',
    needs: ['userId'],
    async run(ctx) {
      expectList(
        await ctx.client.send(
          'GET',
          `/Users?filter=${q(`userName eq "${need(ctx, 'userName')}"`)}`,
        ),
        1,
      )
    },
  },
  setActive(true),
  {
    name: 'delete user: DELETE answers 204 and the user is gone (404)',
    needs: ['userId'],
    async run(ctx) {
      const id = need(ctx, 'userId')
      expectStatus(await ctx.client.send('DELETE', `/Users/${id}`), 204)
      ctx.created.splice(ctx.created.indexOf(`/Users/${id}`), 1)
      expectStatus(await ctx.client.send('GET', `/Users/${id}`), 404)
    },
  },
]

/** The members of a group, read in full. */
async function memberIds(ctx: CheckContext, groupId: string): Promise<string[]> {
  const group = expectStatus(await ctx.client.send('GET', `/Groups/${groupId}`), 200)
  const members = group['members'] ?? []
  if (!Array.isArray(members)) fail('members is not an array')
  return members.map((m) => String(object(m)['value'])).sort()
}

export const GROUP_STEPS: readonly Step[] = [
  {
    name: 'group members: two users to add (POST /Users)',
    async run(ctx) {
      for (const key of ['member1', 'member2']) {
        const userName = newName(`roster-check-${key}`)
        const user = expectStatus(
          await ctx.client.send('POST', '/Users', userBody(userName, randomUUID())),
          201,
        )
        if (typeof user['id'] !== 'string') fail('the response has no id')
        ctx.state.set(key, user['id'])
        ctx.created.push(`/Users/${user['id']}`)
      }
    },
  },
  {
    name: 'match group: no group has the new displayName yet (excludedAttributes=members)',
    async run(ctx) {
      const displayName = `Roster check ${randomUUID().slice(0, 8)}`
      ctx.state.set('displayName', displayName)
      expectList(
        await ctx.client.send(
          'GET',
          `/Groups?excludedAttributes=members&filter=${q(`displayName eq "${displayName}"`)}`,
        ),
        0,
      )
    },
  },
  {
    name: "create group: POST /Groups with no members and Entra's odd schema URI answers 201",
    needs: ['displayName'],
    async run(ctx) {
      const group = expectStatus(
        await ctx.client.send('POST', '/Groups', {
          schemas: [GROUP, ADSCIM_GROUP],
          externalId: randomUUID(),
          displayName: need(ctx, 'displayName'),
          members: [],
        }),
        201,
      )
      if (typeof group['id'] !== 'string' || group['id'] === '') fail('the response has no id')
      ctx.state.set('groupId', group['id'])
      ctx.created.unshift(`/Groups/${group['id']}`)
    },
  },
  {
    name: 'match group: the displayName filter finds it, without members',
    needs: ['groupId'],
    async run(ctx) {
      const found = expectList(
        await ctx.client.send(
          'GET',
          `/Groups?excludedAttributes=members&filter=${q(`displayName eq "${need(ctx, 'displayName')}"`)}`,
        ),
        1,
      )
      if (found[0]?.['id'] !== need(ctx, 'groupId')) fail('the filter found another group')
      if (
        found[0] &&
        'members' in found[0] &&
        Array.isArray(found[0]['members']) &&
        found[0]['members'].length > 0
      )
        fail('members were returned despite excludedAttributes=members')
    },
  },
  {
    name: "add members: Entra's PATCH adds both users",
    needs: ['groupId', 'member1', 'member2'],
    async run(ctx) {
      const id = need(ctx, 'groupId')
      const users = [need(ctx, 'member1'), need(ctx, 'member2')]
      // Default mode sends `$ref: null` (Q7).
      const value = users.map((u) =>
        ctx.mode === 'default' ? { $ref: null, value: u } : { value: u },
      )
      expectStatus(
        await ctx.client.send(
          'PATCH',
          `/Groups/${id}`,
          patch([{ op: op(ctx, 'add'), path: 'members', value }]),
        ),
        200,
        204,
      )
      const members = await memberIds(ctx, id)
      if (JSON.stringify(members) !== JSON.stringify([...users].sort()))
        fail(`the group holds ${JSON.stringify(members)}; expected both users`)
    },
  },
  {
    name: "remove a member: Entra's remove takes out only that member",
    needs: ['groupId', 'member1', 'member2'],
    async run(ctx) {
      const id = need(ctx, 'groupId')
      const gone = need(ctx, 'member1')
      // Default mode: remove with a value array (Q6), which must not wipe the group; flag mode: a filter.
      const operation =
        ctx.mode === 'default'
          ? { op: 'Remove', path: 'members', value: [{ $ref: null, value: gone }] }
          : { op: 'remove', path: `members[value eq "${gone}"]` }
      expectStatus(await ctx.client.send('PATCH', `/Groups/${id}`, patch([operation])), 200, 204)
      const members = await memberIds(ctx, id)
      if (JSON.stringify(members) !== JSON.stringify([need(ctx, 'member2')]))
        fail(`the group holds ${JSON.stringify(members)}; expected only the other member`)
    },
  },
  {
    name: 'rename group: PATCH replace displayName',
    needs: ['groupId'],
    async run(ctx) {
      const id = need(ctx, 'groupId')
      const renamed = `${need(ctx, 'displayName')} renamed`
      expectStatus(
        await ctx.client.send(
          'PATCH',
          `/Groups/${id}`,
          patch([{ op: op(ctx, 'replace'), path: 'displayName', value: renamed }]),
        ),
        200,
        204,
      )
      const group = expectStatus(
        await ctx.client.send('GET', `/Groups/${id}?excludedAttributes=members`),
        200,
      )
      if (group['displayName'] !== renamed)
        fail(`displayName is ${JSON.stringify(group['displayName'])}; expected ${renamed}`)
    },
  },
  {
    name: 'delete group: DELETE answers 204 and the group is gone (404)',
    needs: ['groupId'],
    async run(ctx) {
      const id = need(ctx, 'groupId')
      expectStatus(await ctx.client.send('DELETE', `/Groups/${id}`), 204)
      ctx.created.splice(ctx.created.indexOf(`/Groups/${id}`), 1)
      expectStatus(await ctx.client.send('GET', `/Groups/${id}`), 404)
    },
  },
]

/** Okta's SCIM 2.0 spec test, in its order (scim-peers.md §5.2). */
export const OKTA_STEPS: readonly Step[] = [
  {
    name: 'Okta 1: GET /ServiceProviderConfig describes patch, filter, sort, etag and authentication',
    async run(ctx) {
      const config = expectStatus(await ctx.client.send('GET', '/ServiceProviderConfig'), 200)
      for (const key of ['patch', 'bulk', 'filter', 'changePassword', 'sort', 'etag']) {
        if (typeof object(config[key])['supported'] !== 'boolean')
          fail(`${key}.supported is not a boolean`)
      }
      if (!Array.isArray(config['authenticationSchemes'])) fail('authenticationSchemes is missing')
    },
  },
  {
    name: 'Okta 2: POST to /ServiceProviderConfig, /ResourceTypes and /Schemas answers 405',
    async run(ctx) {
      for (const path of ['/ServiceProviderConfig', '/ResourceTypes', '/Schemas'])
        expectStatus(await ctx.client.send('POST', path, {}), 405)
    },
  },
  {
    name: 'Okta 3: GET /Users?count=1&startIndex=1 lists a user with name, emails and active',
    async run(ctx) {
      const userName = newName('roster-check-okta')
      const created = expectStatus(
        await ctx.client.send('POST', '/Users', userBody(userName, randomUUID())),
        201,
      )
      if (typeof created['id'] === 'string') ctx.created.push(`/Users/${created['id']}`)
      const body = expectStatus(await ctx.client.send('GET', '/Users?count=1&startIndex=1'), 200)
      const resources = Array.isArray(body['Resources']) ? body['Resources'].map(object) : []
      if (resources.length !== 1) fail(`Resources holds ${resources.length} users; expected 1`)
      const user = resources[0] as Json
      const name = object(user['name'])
      if (typeof name['givenName'] !== 'string' || typeof name['familyName'] !== 'string')
        fail('the user has no name.givenName and name.familyName')
      if (!Array.isArray(user['emails'])) fail('the user has no emails')
      if (typeof user['active'] !== 'boolean') fail('active is not a boolean')
      ctx.state.set('oktaListed', String(user['id']))
    },
  },
  {
    name: 'Okta 4: GET /Users/{id} of that user',
    needs: ['oktaListed'],
    async run(ctx) {
      const id = need(ctx, 'oktaListed')
      const user = expectStatus(await ctx.client.send('GET', `/Users/${id}`), 200)
      if (user['id'] !== id) fail('another user came back')
    },
  },
  {
    name: 'Okta 5: a filter on an unknown userName answers 200 with totalResults 0',
    async run(ctx) {
      expectList(
        await ctx.client.send('GET', `/Users?filter=${q(`userName eq "${newName('nobody')}"`)}`),
        0,
      )
    },
  },
  {
    name: 'Okta 6: GET /Users/{unknown id} answers 404 with an Error body and a detail',
    async run(ctx) {
      const body = expectStatus(await ctx.client.send('GET', `/Users/${randomUUID()}`), 404)
      if (!Array.isArray(body['schemas']) || !body['schemas'].includes(ERROR))
        fail('the body does not carry the Error schema')
      if (typeof body['detail'] !== 'string') fail('the error has no detail')
    },
  },
  {
    name: 'Okta 7: POST /Users answers 201 echoing what was sent',
    async run(ctx) {
      const userName = newName('roster-check-okta-new')
      const user = expectStatus(
        await ctx.client.send('POST', '/Users', userBody(userName, randomUUID())),
        201,
      )
      if (typeof user['id'] === 'string') {
        ctx.created.push(`/Users/${user['id']}`)
        ctx.state.set('oktaUser', user['id'])
        ctx.state.set('oktaUserName', userName)
      }
      if (String(user['userName']).toLowerCase() !== userName) fail('userName is not echoed')
      if (object(user['name'])['givenName'] !== 'Roster') fail('name.givenName is not echoed')
    },
  },
  {
    name: 'Okta 8: GET /Users/{id} of the new user',
    needs: ['oktaUser'],
    async run(ctx) {
      expectStatus(await ctx.client.send('GET', `/Users/${need(ctx, 'oktaUser')}`), 200)
    },
  },
  {
    name: 'Okta 9: POST /Users with the same userName answers 409',
    needs: ['oktaUserName'],
    async run(ctx) {
      const body = expectStatus(
        await ctx.client.send('POST', '/Users', userBody(need(ctx, 'oktaUserName'), randomUUID())),
        409,
      )
      if (body['scimType'] !== undefined && body['scimType'] !== 'uniqueness')
        fail(`scimType is ${JSON.stringify(body['scimType'])}; expected uniqueness`)
    },
  },
  {
    name: 'Okta 10: a malformed filter answers 400',
    async run(ctx) {
      expectStatus(await ctx.client.send('GET', `/Users?filter=${q('RANDOMCAPS')}`), 400)
    },
  },
  {
    name: 'Okta 11: GET /Groups lists at least one group',
    async run(ctx) {
      const group = expectStatus(
        await ctx.client.send('POST', '/Groups', {
          schemas: [GROUP],
          displayName: `Roster check ${randomUUID().slice(0, 8)}`,
        }),
        201,
      )
      if (typeof group['id'] === 'string') ctx.created.unshift(`/Groups/${group['id']}`)
      const body = expectStatus(
        await ctx.client.send('GET', '/Groups?excludedAttributes=members'),
        200,
      )
      if (typeof body['totalResults'] !== 'number' || body['totalResults'] < 1)
        fail('no group is listed')
    },
  },
]
