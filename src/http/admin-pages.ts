// The console's pages once signed in: each reads what it shows from the store or the log (paged and
// filtered on the server, always within the session's tenant) and renders a view of src/admin/pages.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { activityPage } from '../admin/pages/activity.js'
import { confirmRevokePage, connectionPage } from '../admin/pages/connection.js'
import type { Minted } from '../admin/pages/connection.js'
import { groupPage, groupsPage } from '../admin/pages/groups.js'
import { entryPage, logPage, SINCE_CHOICES } from '../admin/pages/log.js'
import type { LogFilter } from '../admin/pages/log.js'
import { overviewPage } from '../admin/pages/overview.js'
import { personPage, peoplePage } from '../admin/pages/people.js'
import { confirmRemovePropertyPage, propertiesInFilter } from '../admin/pages/properties.js'
import { settingsPage } from '../admin/pages/settings.js'
import { slots } from '../admin/chart.js'
import { mintToken } from '../auth/secret-token.js'
import { scimClient } from '../check/client.js'
import { runCheck } from '../check/run.js'
import { ScimError } from '../scim/errors.js'
import { defaultFold } from '../scim/filter/evaluate.js'
import { parseFilter } from '../scim/filter/parser.js'
import type { Filter } from '../scim/filter/ast.js'
import type { GroupRecord } from '../scim/resource/group.js'
import type { UserRecord } from '../scim/resource/user.js'
import type { PropertyDef } from '../scim/schema/extension.js'
import { userFold } from '../scim/profile/user-fold.js'
import { unknownFilterAttributes } from '../scim/profile/settings.js'
import type { MemberCursor, ClientScope, Store } from '../store/store.js'
import type { LogStore } from '../store/log.js'
import type { ConsoleContext } from './routes/admin.js'

export interface PagesOptions {
  readonly store: Store
  readonly log?: LogStore
  withSession(request: FastifyRequest, reply: FastifyReply): Promise<ConsoleContext | undefined>
  send(reply: FastifyReply, status: number, body: string): FastifyReply
  mint(
    ctx: ConsoleContext,
    kind: 'token' | 'client',
    name: string,
    scope: ClientScope,
  ): Promise<Minted>
  applySetting(
    ctx: ConsoleContext,
    form: Record<string, string | undefined>,
  ): Promise<{ kind: 'ok' | 'error'; text: string }>
}

const PAGE = 50
const MEMBERS_PAGE = 100
const HOUR = 3_600_000
const DAY = 24 * HOUR

type Query = Record<string, string | undefined>

function sinceOf(choice: string | undefined, now: number): { key: string; time: string } {
  const key = SINCE_CHOICES.some(([k]) => k === choice) ? (choice as string) : '24h'
  const n = Number(key.slice(0, -1))
  return { key, time: new Date(now - n * (key.endsWith('h') ? HOUR : DAY)).toISOString() }
}

/** A search box's text as a SCIM filter: a filter as typed, else a name match on the given attributes. */
function searchFilter(q: string, attributes: readonly string[]): Filter | undefined {
  if (q.trim() === '') return undefined
  try {
    return parseFilter(q)
  } catch {
    const value = JSON.stringify(q.trim())
    return parseFilter(attributes.map((a) => `${a} sw ${value}`).join(' or '))
  }
}

export async function consolePages(app: FastifyInstance, o: PagesOptions): Promise<void> {
  const { store } = o
  const noLog = { entries: async () => [], causes: async () => [], activity: async () => [] }
  const log = o.log ?? (noLog as unknown as LogStore)
  const page = (
    path: string,
    handler: (
      ctx: ConsoleContext,
      request: FastifyRequest,
      reply: FastifyReply,
    ) => Promise<unknown>,
  ): void => {
    app.get(path, async (request, reply) => {
      const ctx = await o.withSession(request, reply)
      return ctx ? handler(ctx, request, reply) : reply
    })
  }
  const change = (
    path: string,
    handler: (
      ctx: ConsoleContext,
      request: FastifyRequest,
      reply: FastifyReply,
    ) => Promise<unknown>,
  ): void => {
    app.post(path, async (request, reply) => {
      const ctx = await o.withSession(request, reply)
      return ctx ? handler(ctx, request, reply) : reply
    })
  }

  page('/', async (ctx, _request, reply) => {
    const now = Date.now()
    const dayAgo = new Date(now - DAY).toISOString()
    const [minutes, causes, recent, last] = await Promise.all([
      log.activity(ctx.tenant.id, dayAgo),
      log.causes(ctx.tenant.id, dayAgo, 5),
      log.entries(ctx.tenant.id, { limit: 200, successes: true }),
      log.entries(ctx.tenant.id, { limit: 1, kind: 'request' }),
    ])
    const audits = await log.entries(ctx.tenant.id, { limit: 10, kind: 'audit' })
    const changes = [...recent.filter((e) => !['read', 'match'].includes(e.operation)), ...audits]
      .sort((a, b) => b.seq - a.seq)
      .slice(0, 10)
    const hourAgo = new Date(now - HOUR).toISOString().slice(0, 16)
    const sum = (list: typeof minutes) =>
      list.reduce((t, m) => ({ requests: t.requests + m.requests, errors: t.errors + m.errors }), {
        requests: 0,
        errors: 0,
      })
    const body = overviewPage(
      ctx.base,
      {
        ...(last[0] ? { last: last[0] } : {}),
        hour: sum(minutes.filter((m) => m.minute >= hourAgo)),
        day: sum(minutes),
        minutes: slots(minutes, new Date(now - DAY + 60_000), 1440),
      },
      causes,
      changes,
    )
    return o.send(reply, 200, ctx.render('Overview', '', body))
  })

  const connection = async (
    ctx: ConsoleContext,
    reply: FastifyReply,
    minted?: Minted,
    status = 200,
    check?: readonly string[],
  ) => {
    const data = store.forTenant(ctx.tenant.id)
    const [tokens, clients] = await Promise.all([data.listTokens(), data.listClients()])
    const body = connectionPage(
      ctx.base,
      ctx.session.csrf,
      ctx.tenantUrl,
      tokens,
      clients,
      minted,
      Date.now(),
      check,
    )
    return o.send(reply, status, ctx.render('Connection', '/connection', body))
  }
  page('/connection', (ctx, _request, reply) => connection(ctx, reply))
  // roster check from the console: Entra's Test Connection and the user and group lifecycles, run
  // against this tenant's URL as this request reached it, with a token minted for the run and revoked
  // after it (the test users and groups it creates are deleted at the end).
  change('/check', async (ctx, _request, reply) => {
    const { token, info } = await mintToken(store, ctx.tenant.id, 'console-check', null)
    const lines: string[] = []
    try {
      await runCheck(
        scimClient(ctx.tenantUrl, token),
        { groups: true, mode: 'default', okta: false },
        (line) => lines.push(line),
      )
    } finally {
      await store.forTenant(ctx.tenant.id).revokeToken(info.id)
    }
    ctx.audit({
      operation: 'check.run',
      resource: 'check',
      detail: lines[lines.length - 1] ?? 'check run',
    })
    return connection(ctx, reply, undefined, 200, lines)
  })
  for (const kind of ['tokens', 'clients'] as const) {
    change(`/${kind}`, async (ctx, request, reply) => {
      const form = request.body as Query
      const name = (form['name'] ?? '').trim()
      if (name === '' || name.length > 100)
        throw ScimError.badRequest('A name has 1 to 100 characters.')
      const scope: ClientScope = form['scope'] === 'admin' ? 'admin' : 'scim'
      return connection(
        ctx,
        reply,
        await o.mint(ctx, kind === 'tokens' ? 'token' : 'client', name, scope),
        201,
      )
    })
    const find = async (ctx: ConsoleContext, id: string) => {
      const data = store.forTenant(ctx.tenant.id)
      const list = kind === 'tokens' ? await data.listTokens() : await data.listClients()
      const found = list.find((c) => c.id === id && c.revokedAt === null)
      if (!found)
        throw ScimError.notFound(
          `No active ${kind === 'tokens' ? 'token' : 'client'} ${id} in this tenant.`,
        )
      return found
    }
    page(`/${kind}/:id/revoke`, async (ctx, request, reply) => {
      const { id } = request.params as { id: string }
      const found = await find(ctx, id)
      const body = confirmRevokePage(ctx.base, ctx.session.csrf, kind, id, found.name)
      return o.send(reply, 200, ctx.render('Revoke', '/connection', body))
    })
    change(`/${kind}/:id/revoke`, async (ctx, request, reply) => {
      const { id } = request.params as { id: string }
      const found = await find(ctx, id)
      const data = store.forTenant(ctx.tenant.id)
      await (kind === 'tokens' ? data.revokeToken(id) : data.revokeClient(id))
      const what = kind === 'tokens' ? 'token' : 'client'
      ctx.audit({
        operation: `${what}.revoke`,
        resource: what,
        resourceId: id,
        detail: `${what} '${found.name}' revoked`,
      })
      return reply.redirect(`${ctx.base}/connection`, 303)
    })
  }

  const startOf = (query: Query): number =>
    Math.max(1, Math.floor(Number(query['start'] ?? 1)) || 1)
  const pageLinks = (base: string, q: string, start: number, total: number) => ({
    prev:
      start > 1
        ? `${base}?q=${encodeURIComponent(q)}&start=${Math.max(1, start - PAGE)}`
        : undefined,
    next:
      start + PAGE <= total
        ? `${base}?q=${encodeURIComponent(q)}&start=${start + PAGE}`
        : undefined,
  })

  page('/people', async (ctx, request, reply) => {
    const query = request.query as Query
    const q = (query['q'] ?? '').slice(0, 500)
    const start = startOf(query)
    const data = store.forTenant(ctx.tenant.id)
    const [settings, properties] = await Promise.all([data.settings(), data.properties()])
    let error: string | undefined
    let columns: readonly PropertyDef[] = []
    let result: { total: number; users: readonly UserRecord[] } = { total: 0, users: [] }
    try {
      const filter = searchFilter(q, [
        'userName',
        'name.givenName',
        'name.familyName',
        'emails.value',
      ])
      columns = propertiesInFilter(filter, properties)
      result = await data.listUsers({
        ...(filter ? { filter } : {}),
        fold: userFold(settings),
        unknownAttributes: unknownFilterAttributes(settings),
        startIndex: start,
        count: PAGE,
      })
    } catch (e) {
      if (!(e instanceof ScimError) || e.status >= 500) throw e
      error = e.detail
    }
    const links = pageLinks(`${ctx.base}/people`, q, start, result.total)
    const body = peoplePage(
      ctx.base,
      q,
      error,
      result.users,
      result.total,
      links.prev,
      links.next,
      columns,
    )
    return o.send(reply, error ? 400 : 200, ctx.render('People', '/people', body))
  })

  page('/people/:id', async (ctx, request, reply) => {
    const { id } = request.params as { id: string }
    const data = store.forTenant(ctx.tenant.id)
    const user = await data.getUser(id)
    if (!user) throw ScimError.notFound('There is no such person in this tenant.')
    const [history, properties] = await Promise.all([
      log.entries(ctx.tenant.id, { user: id, limit: 50 }),
      data.properties(),
    ])
    return o.send(
      reply,
      200,
      ctx.render(user.userName, '/people', personPage(ctx.base, user, history, properties)),
    )
  })

  page('/groups', async (ctx, request, reply) => {
    const query = request.query as Query
    const q = (query['q'] ?? '').slice(0, 500)
    const start = startOf(query)
    const data = store.forTenant(ctx.tenant.id)
    const settings = await data.settings()
    let error: string | undefined
    let result: {
      total: number
      groups: readonly GroupRecord[]
    } = { total: 0, groups: [] }
    try {
      const filter = searchFilter(q, ['displayName'])
      result = await data.listGroups({
        ...(filter ? { filter } : {}),
        fold: defaultFold,
        unknownAttributes: unknownFilterAttributes(settings),
        startIndex: start,
        count: PAGE,
      })
    } catch (e) {
      if (!(e instanceof ScimError) || e.status >= 500) throw e
      error = e.detail
    }
    const links = pageLinks(`${ctx.base}/groups`, q, start, result.total)
    const body = groupsPage(ctx.base, q, error, result.groups, result.total, links.prev, links.next)
    return o.send(reply, error ? 400 : 200, ctx.render('Groups', '/groups', body))
  })

  page('/groups/:id', async (ctx, request, reply) => {
    const { id } = request.params as { id: string }
    const after = (request.query as Query)['after']
    const data = store.forTenant(ctx.tenant.id)
    const group = await data.getGroup(id)
    if (!group) throw ScimError.notFound('There is no such group in this tenant.')
    const cursor: MemberCursor | undefined =
      after && /^(User|Group):/.test(after)
        ? {
            type: after.startsWith('User') ? 'User' : 'Group',
            value: after.slice(after.indexOf(':') + 1),
          }
        : undefined
    const members = await data.groupMembers(id, cursor, MEMBERS_PAGE + 1)
    const shown = members.slice(0, MEMBERS_PAGE)
    const lastShown = shown[shown.length - 1]
    const next =
      members.length > MEMBERS_PAGE && lastShown
        ? `${ctx.base}/groups/${encodeURIComponent(id)}?after=${encodeURIComponent(`${lastShown.type}:${lastShown.value}`)}`
        : undefined
    return o.send(
      reply,
      200,
      ctx.render(group.displayName, '/groups', groupPage(ctx.base, group, shown, next)),
    )
  })

  page('/log', async (ctx, request, reply) => {
    const query = request.query as Query
    const since = sinceOf(query['since'], Date.now())
    const filter: LogFilter = {
      since: since.key,
      outcome: ['errors', 'success', 'changes'].includes(query['outcome'] ?? '')
        ? (query['outcome'] as string)
        : 'all',
      user: (query['user'] ?? '').trim().slice(0, 256),
      client: (query['client'] ?? '').trim().slice(0, 200),
    }
    const before = Number(query['before'])
    const [causes, entries] = await Promise.all([
      log.causes(ctx.tenant.id, since.time, 20),
      log.entries(ctx.tenant.id, {
        since: since.time,
        limit: PAGE,
        ...(filter.outcome === 'errors' ? { errors: true } : {}),
        ...(filter.outcome === 'success' ? { successes: true } : {}),
        ...(filter.outcome === 'changes' ? { kind: 'audit' as const } : {}),
        ...(filter.user ? { user: filter.user } : {}),
        ...(filter.client ? { actor: filter.client } : {}),
        ...(Number.isInteger(before) && before > 0 ? { before } : {}),
      }),
    ])
    const oldest = entries[entries.length - 1]
    const params = new URLSearchParams({
      since: filter.since,
      outcome: filter.outcome,
      user: filter.user,
      client: filter.client,
    })
    const next =
      entries.length === PAGE && oldest
        ? `${ctx.base}/log?${params.toString()}&before=${oldest.seq}`
        : undefined
    return o.send(
      reply,
      200,
      ctx.render('Provisioning log', '/log', logPage(ctx.base, filter, causes, entries, next)),
    )
  })

  page('/log/:seq', async (ctx, request, reply) => {
    const seq = Number((request.params as { seq: string }).seq)
    const entry =
      Number.isSafeInteger(seq) && o.log ? await o.log.entry(ctx.tenant.id, seq) : undefined
    if (!entry) throw ScimError.notFound('There is no such log entry in this tenant.')
    return o.send(reply, 200, ctx.render(`Log entry #${seq}`, '/log', entryPage(entry)))
  })

  page('/activity', async (ctx, _request, reply) => {
    const now = Date.now()
    const minutes = await log.activity(ctx.tenant.id, new Date(now - DAY).toISOString())
    const body = activityPage(slots(minutes, new Date(now - DAY + 60_000), 1440))
    return o.send(reply, 200, ctx.render('Activity', '/activity', body))
  })

  const settings = async (
    ctx: ConsoleContext,
    reply: FastifyReply,
    message?: { kind: 'ok' | 'error'; text: string },
  ) => {
    const data = store.forTenant(ctx.tenant.id)
    const [s, properties, holders] = await Promise.all([
      data.settings(),
      data.properties(),
      data.propertyHolderCounts(),
    ])
    const status = message?.kind === 'error' ? 400 : 200
    const body = settingsPage(ctx.base, ctx.session.csrf, s, message, properties, holders)
    return o.send(reply, status, ctx.render('Settings', '/settings', body))
  }
  page('/settings', (ctx, _request, reply) => settings(ctx, reply))
  page('/settings/properties/remove', async (ctx, request, reply) => {
    const name = String((request.query as Query)['name'] ?? '')
    const data = store.forTenant(ctx.tenant.id)
    const def = (await data.properties()).find((p) => p.name.toLowerCase() === name.toLowerCase())
    if (!def) throw ScimError.notFound(`There is no property '${name}' in this tenant.`)
    const body = confirmRemovePropertyPage(
      ctx.base,
      ctx.session.csrf,
      def,
      await data.propertyHolders(def.name),
    )
    return o.send(reply, 200, ctx.render('Remove a property', '/settings', body))
  })
  change('/settings', async (ctx, request, reply) =>
    settings(ctx, reply, await o.applySetting(ctx, request.body as Query)),
  )
}
