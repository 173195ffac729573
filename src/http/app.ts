// createApp: the Fastify application, built from its dependencies and never listening by itself (tests
// call app.inject(); main.ts calls listen).
import Fastify, { LogController } from 'fastify'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import type { Logger } from '../log.js'
import type { Metrics } from '../metrics.js'
import type { Recorder } from '../provisioning/recorder.js'
import type { LogStore } from '../store/log.js'
import type { Store } from '../store/store.js'
import { requireCredential } from './auth.js'
import { hotReads } from './hot-read.js'
import { lastUseRecorder } from '../auth/last-used.js'
import { registerContentTypes } from './content-type.js'
import { registerOrigin } from './origin.js'
import {
  clientErrorHandler,
  frameworkErrors,
  refuseExpectations,
  registerErrorHandlers,
} from './errors.js'
import { adminRoutes } from './routes/admin.js'
import { bulkRoutes } from './routes/bulk.js'
import { discoveryRoutes } from './routes/discovery.js'
import { groupRoutes } from './routes/groups.js'
import { recordRequests } from './provisioning.js'
import { logRequests, requestId } from './request-log.js'
import { meRoutes } from './routes/me.js'
import { oauthRoutes } from './routes/oauth.js'
import { opsRoutes } from './routes/ops.js'
import { rootSearchRoutes } from './routes/search.js'
import { resourceRoutes } from './routes/resources.js'
import { KINDS } from './resource-kind.js'
import { MAX_HEADER_BYTES } from './limits.js'
import { tokenRoutes } from './routes/tokens.js'
import { rateLimits } from './rate-limits.js'
import type { LimiterFactory } from './rate-limits.js'
import { TENANT_PARAM } from './tenant.js'
import { DEFAULT_TIMEOUTS } from './timeouts.js'
import type { Timeouts } from './timeouts.js'
import { userRoutes } from './routes/users.js'

/**
 * The SCIM base paths: xMatters' Tenant URL path, /scim/v2 (Entra's legacy jobs want /scim at the root),
 * and the same under /t/{tenant slug} for deployments that name the tenant in the path.
 */
export const SCIM_PREFIXES = [
  '/api/xm/1/scim/v2',
  '/scim/v2',
  `/t/:${TENANT_PARAM}/api/xm/1/scim/v2`,
  `/t/:${TENANT_PARAM}/scim/v2`,
] as const
/** The console's stylesheet and script, built by scripts/build-admin.mjs (npm run build). */
const ADMIN_ASSETS = new URL('../../dist/admin/assets/', import.meta.url)
/** Where the OAuth token endpoint and the token-minting endpoint live (…/oauth2/token, …/scim/tokens). */
const API_PREFIXES = ['/api/xm/1', `/t/:${TENANT_PARAM}/api/xm/1`] as const

export interface AppOptions {
  readonly store: Store
  readonly logger: Logger
  readonly bodyLimit: number
  readonly trustProxy?: false | number | string
  /** ROSTER_PUBLIC_URL: the base of every meta.location and Location (else the request's own URL). */
  readonly publicUrl?: string
  readonly now?: () => Date
  readonly timeouts?: Timeouts
  /** Where rate-limit counters live (shared-limits.ts); in memory by default. */
  readonly limiters?: LimiterFactory
  /** Where SCIM requests are recorded (provisioning log); none with ROSTER_LOG=off. */
  readonly recorder?: Recorder
  /** The provisioning log, read by the admin console. */
  readonly log?: LogStore
  /** The prom-client registry and metrics (served on ROSTER_METRICS_PORT by main.ts, never here). */
  readonly metrics?: Metrics
}

/** A hop count as Fastify's trust function: believe the nearest `hops` proxies, no further. */
function trusted(
  setting: false | number | string,
): boolean | string | ((a: string, hop: number) => boolean) {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : setting
}

export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const now = options.now ?? (() => new Date())
  const logger: FastifyBaseLogger = options.logger
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: options.bodyLimit,
    // A client that stops sending is disconnected (README "Limits"): Node answers 408 and closes when
    // the headers or the whole request take too long (checked every connectionsCheckingInterval), an
    // idle keep-alive connection closes, and a socket with no traffic either way (a client that stops
    // reading a response) is destroyed. A request not answered within twice the request timeout gets
    // 503 (a backstop: the database work of a request has its own, shorter deadline).
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    connectionTimeout: 2 * timeouts.requestMs,
    handlerTimeout: 2 * timeouts.requestMs,
    http: {
      // The request line and headers (a filter at its length limit fits in the URL); beyond it a 431.
      maxHeaderSize: MAX_HEADER_BYTES,
      headersTimeout: timeouts.headersMs,
      connectionsCheckingInterval: Math.min(1000, Math.max(50, timeouts.headersMs / 4)),
    },
    trustProxy: trusted(options.trustProxy ?? false),
    routerOptions: {
      ignoreTrailingSlash: true,
      ignoreDuplicateSlashes: true,
      // Paths match ignoring case (/users, /SCHEMAS: Microsoft's reference tests use /users); ids keep theirs.
      caseSensitive: false,
      maxParamLength: 500,
    },
    // X-Request-Id is echoed only when it looks like one (request-log.ts requestId), else generated.
    requestIdHeader: false,
    // One line per request instead of Fastify's two (request-log.ts).
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: (request) => requestId(request.headers['x-request-id']),
    return503OnClosing: true,
    frameworkErrors: frameworkErrors(options.bodyLimit),
    clientErrorHandler,
  })
  // A request whose Expect is not 100-continue comes to the app (refuseExpectations: a SCIM 417) rather
  // than getting Node's bare 417, which no log line records.
  app.server.on('checkExpectation', (request, response) =>
    app.server.emit('request', request, response),
  )
  app.decorateRequest('tenant', null)
  app.decorateRequest('tenantStore', null)
  app.decorateRequest('speculation', null)
  app.decorateRequest('provisioning', null)
  // While closing, every reply asks the client to close its connection: a keep-alive socket that was busy
  // when shutdown began would otherwise hold the process open until the client hangs up.
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id)
    if (closing) reply.header('connection', 'close')
    done(null, payload)
  })
  logRequests(app)
  refuseExpectations(app)
  registerOrigin(app, options.publicUrl)
  registerContentTypes(app)
  registerErrorHandlers(app, options.bodyLimit)
  await app.register(opsRoutes, { store: options.store })
  const limits = rateLimits(options.limiters)
  // Credentials' last use (roster token list, roster client list), written off the requests' path.
  const noteUse = lastUseRecorder(options.store, (error) =>
    logger.warn({ err: error }, 'the last use of a credential could not be written'),
  )
  for (const prefix of API_PREFIXES) {
    await app.register(oauthRoutes, { prefix, store: options.store, limits, now, noteUse })
    await app.register(
      async (admin) => {
        admin.addHook('onRequest', requireCredential(options.store, limits, now, 'admin', noteUse))
        await admin.register(tokenRoutes, { store: options.store })
      },
      { prefix: `${prefix}/scim` },
    )
  }
  // The console: the default or host-mapped tenant's at /admin, any tenant's at /t/{slug}/admin.
  for (const prefix of ['/admin', `/t/:${TENANT_PARAM}/admin`]) {
    await app.register(adminRoutes, {
      prefix,
      store: options.store,
      assets: ADMIN_ASSETS,
      ...(options.limiters ? { limiters: options.limiters } : {}),
      ...(options.log ? { log: options.log } : {}),
      ...(options.recorder ? { recorder: options.recorder } : {}),
    })
  }
  // GET /Users/{id} and GET /Users authenticate from the configuration cache and read its version in
  // their own statement (hot-read.ts).
  const hotRead = hotReads(options.store, limits, now, noteUse)
  for (const prefix of SCIM_PREFIXES) {
    await app.register(
      async (scimApp) => {
        scimApp.addHook('onRequest', requireCredential(options.store, limits, now, 'scim', noteUse))
        recordRequests(scimApp, options)
        await scimApp.register(discoveryRoutes, { basePath: prefix, bodyLimit: options.bodyLimit })
        for (const kind of KINDS)
          await scimApp.register(resourceRoutes, { basePath: prefix, now, kind, hotRead })
        await scimApp.register(userRoutes, { basePath: prefix })
        await scimApp.register(groupRoutes, { basePath: prefix })
        await scimApp.register(rootSearchRoutes, { basePath: prefix })
        await scimApp.register(meRoutes)
        await scimApp.register(bulkRoutes, {
          basePath: prefix,
          bodyLimit: options.bodyLimit,
          dispatch: (request) => app.inject(request),
          deadlineMs: timeouts.requestMs,
          now,
        })
      },
      { prefix },
    )
  }
  return app
}
