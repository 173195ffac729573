// The admin console at /admin (the default or host-mapped tenant) and /t/{slug}/admin: server-rendered
// pages (src/admin/), a session cookie per tenant console, CSRF on every change, each change written
// to the tenant's log as an audit event with who made it. Nothing here reads another tenant.
import { readFile } from 'node:fs/promises'
import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { createClient } from '../../auth/clients.js'
import { hashPassword, verifyPassword } from '../../auth/password-hash.js'
import { mintToken } from '../../auth/secret-token.js'
import { html, page } from '../../admin/html.js'
import type { Node } from '../../admin/html.js'
import { layout } from '../../admin/layout.js'
import { signInPage } from '../../admin/pages/sign-in.js'
import { applySetting, SettingError } from '../../admin/settings-actions.js'
import type { Recorder } from '../../provisioning/recorder.js'
import { ScimError } from '../../scim/errors.js'
import { auditEntry } from '../../scim/log/audit.js'
import type { AuditEvent } from '../../scim/log/audit.js'
import type { LogStore } from '../../store/log.js'
import type { AdminSession, Store, Tenant } from '../../store/store.js'
import { DEFAULT_TENANT_SLUG } from '../../store/store.js'
import {
  checkChange,
  cookieOptions,
  currentSession,
  randomId,
  SESSION_COOKIE,
  SIGNIN_COOKIE,
  signInLimits,
  startSession,
} from '../admin-session.js'
import { consolePages } from '../admin-pages.js'
import type { LimiterFactory } from '../rate-limits.js'
import { resolveTenant, TENANT_PARAM } from '../tenant.js'

export interface AdminOptions {
  readonly store: Store
  readonly log?: LogStore
  readonly recorder?: Recorder
  /** Where failed sign-ins are counted (shared by instances when configured). */
  readonly limiters?: LimiterFactory
  /** Where the built stylesheet and script are (dist/admin/assets). */
  readonly assets: URL
}

/** What every console handler knows about its request. */
export interface ConsoleContext {
  readonly tenant: Tenant
  readonly base: string
  readonly session: AdminSession
  /** The Tenant URL of this console's tenant as this request reaches it. */
  readonly tenantUrl: string
  render(title: string, current: string, body: Node): string
  audit(event: AuditEvent): void
}

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  // No script, style or image from anywhere but this console; no framing; no referrer to elsewhere.
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; connect-src 'self'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
}

/** A hash to verify against when no user matches, so the answer takes as long either way. */
let dummyHash: Promise<string> | undefined
const dummy = (): Promise<string> => (dummyHash ??= hashPassword('not a password of anyone'))

export async function adminRoutes(app: FastifyInstance, options: AdminOptions): Promise<void> {
  await app.register(cookie)
  await app.register(formbody)
  const limits = signInLimits(options.limiters)

  const tenantOf = async (request: FastifyRequest): Promise<Tenant | undefined> => {
    // Configuration changed elsewhere (the CLI, another instance) applies from this request on.
    await options.store.refresh()
    return resolveTenant(options.store, request)
  }
  const baseOf = (request: FastifyRequest): string => {
    const slug = (request.params as Record<string, string | undefined>)[TENANT_PARAM]
    return slug === undefined ? '/admin' : `/t/${encodeURIComponent(slug.toLowerCase())}/admin`
  }
  const send = (reply: FastifyReply, status: number, body: string): FastifyReply =>
    reply.code(status).headers(HEADERS).send(body)
  const plain = (reply: FastifyReply, status: number, title: string, text: string): FastifyReply =>
    send(
      reply,
      status,
      page(layout({ base: '/admin', tenantName: 'Roster', title }, html`<p>${text}</p>`)),
    )

  app.setNotFoundHandler((_request, reply) =>
    plain(reply, 404, 'Not found', 'There is no such console page.'),
  )
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ScimError) {
      reply.headers(error.headers)
      return plain(reply, error.status, error.status < 500 ? 'Refused' : 'Try again', error.detail)
    }
    if ((error as { statusCode?: number }).statusCode === 413)
      return plain(reply, 413, 'Too large', 'The form is too large.')
    request.log.error({ err: error }, 'console error')
    return plain(reply, 500, 'Something went wrong', 'The console could not answer; try again.')
  })

  for (const name of ['console.css', 'console.js'] as const) {
    app.get(`/assets/${name}`, async (_request, reply) => {
      const body = await readFile(new URL(name, options.assets))
      return reply
        .header(
          'content-type',
          name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
        )
        .header('cache-control', 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .send(body)
    })
  }

  const signInForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    tenant: Tenant,
    status: number,
    error?: string,
    userName?: string,
  ): Promise<FastifyReply> => {
    const base = baseOf(request)
    const token = randomId()
    reply.setCookie(SIGNIN_COOKIE, token, cookieOptions(base, 3600))
    return send(
      reply,
      status,
      page(
        layout(
          { base, tenantName: tenant.name, title: 'Sign in' },
          signInPage(base, token, error, userName),
        ),
      ),
    )
  }

  app.get('/sign-in', async (request, reply) => {
    const tenant = await tenantOf(request)
    if (!tenant) return plain(reply, 404, 'Not found', 'There is no such tenant.')
    return signInForm(request, reply, tenant, 200)
  })

  app.post('/sign-in', async (request, reply) => {
    const tenant = await tenantOf(request)
    if (!tenant) return plain(reply, 404, 'Not found', 'There is no such tenant.')
    const form = (request.body ?? {}) as Record<string, string | undefined>
    const userName = String(form['userName'] ?? '').slice(0, 200)
    const password = String(form['password'] ?? '').slice(0, 200)
    if (!checkChange(request, request.cookies[SIGNIN_COOKIE] ?? '', form['_csrf']))
      return signInForm(request, reply, tenant, 403, 'The form expired; sign in again.', userName)
    const account = `${tenant.id}:${userName.toLowerCase()}`
    const wait = await limits.blocked(request.ip, account)
    if (wait !== undefined) {
      reply.header('retry-after', String(wait))
      return signInForm(
        request,
        reply,
        tenant,
        429,
        `Too many failed sign-ins; try again in ${Math.ceil(wait / 60)} minutes.`,
        userName,
      )
    }
    const data = options.store.forTenant(tenant.id)
    const [user, settings] = await Promise.all([data.signInUser(userName), data.settings()])
    // The same work and answer whatever is wrong: no hint whether the user exists.
    const passwordOk = await verifyPassword(
      password,
      user?.passwordHash ?? (await dummy()),
      tenant.id,
    )
    const allowed =
      !tenant.disabled &&
      user !== undefined &&
      user.active &&
      user.passwordHash !== null &&
      passwordOk &&
      user.roles.some((r) => settings.consoleRoles.includes(r))
    if (!allowed || !user) {
      await limits.failed(request.ip, account)
      return signInForm(
        request,
        reply,
        tenant,
        401,
        'Wrong user name or password, or this user may not use the console (a console role such as Company Admin is needed).',
        userName,
      )
    }
    await startSession(options.store, reply, baseOf(request), tenant, user)
    record(tenant, `console:${user.userName}`, {
      operation: 'console.sign-in',
      detail: `${user.userName} signed in to the console`,
    })
    return reply.redirect(baseOf(request), 303)
  })

  const record = (tenant: Tenant, actor: string, event: AuditEvent): void => {
    options.recorder?.record(auditEntry(tenant.id, actor, event, new Date()))
  }

  // Every other page needs a session of this tenant's console; every POST its CSRF token.
  const withSession = async (
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<ConsoleContext | undefined> => {
    const tenant = await tenantOf(request)
    if (!tenant) {
      plain(reply, 404, 'Not found', 'There is no such tenant.')
      return undefined
    }
    const base = baseOf(request)
    const session = tenant.disabled
      ? undefined
      : await currentSession(options.store, request, tenant)
    if (!session) {
      if (request.method === 'GET') await reply.redirect(`${base}/sign-in`, 303)
      else plain(reply, 401, 'Signed out', 'Your session has ended; sign in again.')
      return undefined
    }
    if (request.method === 'POST') {
      const sent = ((request.body ?? {}) as Record<string, string | undefined>)['_csrf']
      if (!checkChange(request, session.csrf, sent)) {
        plain(
          reply,
          403,
          'Refused',
          'This change did not come from your console page (CSRF check); reload the page and try again.',
        )
        return undefined
      }
    }
    const slug = tenant.slug === DEFAULT_TENANT_SLUG || base === '/admin' ? '' : `/t/${tenant.slug}`
    return {
      tenant,
      base,
      session,
      tenantUrl: `${request.origin}${slug}/api/xm/1/scim/v2`,
      render: (title, current, body) =>
        page(
          layout(
            {
              base,
              tenantName: tenant.name,
              userName: session.userName,
              csrf: session.csrf,
              title,
              current,
            },
            body,
          ),
        ),
      audit: (event) => record(tenant, `console:${session.userName}`, event),
    }
  }

  app.post('/sign-out', async (request, reply) => {
    const ctx = await withSession(request, reply)
    if (!ctx) return reply
    await options.store.deleteSession(ctx.session.hash)
    reply.clearCookie(SESSION_COOKIE, cookieOptions(ctx.base))
    return reply.redirect(`${ctx.base}/sign-in`, 303)
  })

  await consolePages(app, {
    store: options.store,
    withSession,
    send,
    ...(options.log ? { log: options.log } : {}),
    mint: async (ctx, kind, name, scope) => {
      if (kind === 'token') {
        const { token, info } = await mintToken(options.store, ctx.tenant.id, name, null)
        ctx.audit({
          operation: 'token.create',
          resource: 'token',
          resourceId: info.id,
          detail: `token '${name}' created`,
        })
        return { label: `Token '${name}' created`, lines: [['Secret Token', token]] }
      }
      const created = await createClient(options.store, ctx.tenant.id, name, scope)
      ctx.audit({
        operation: 'client.create',
        resource: 'client',
        resourceId: created.clientId,
        detail: `client '${name}' created (scope ${scope})`,
      })
      return {
        label: `Client '${name}' created`,
        lines: [
          ['client_id', created.clientId],
          ['client_secret', created.clientSecret],
        ],
      }
    },
    applySetting: async (ctx, form) => {
      try {
        const event = await applySetting(options.store.forTenant(ctx.tenant.id), form)
        ctx.audit(event)
        return { kind: 'ok', text: `Saved: ${event.detail}.` }
      } catch (error) {
        if (error instanceof SettingError) return { kind: 'error', text: error.message }
        throw error
      }
    },
  })
}
