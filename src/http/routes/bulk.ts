// POST /Bulk (RFC 7644 §3.7). Each operation runs as the request it stands for, sent alone: it is
// dispatched through the application itself (Fastify's inject) to the same /Users or /Groups route, with
// the Bulk's own credential, host and forwarding headers, `version` as If-Match. So every operation is
// authenticated and counted toward the tenant's request rate like a request of its own, validated by
// the same code, answered with the same status and error body, bounded by the same statement deadline,
// committed in its own transaction and recorded in the provisioning log as its own entry (the Bulk
// itself is logged only when refused as a whole). Operations run one at a time, yielding to the event
// loop between them, so a Bulk of 1,000 operations shares the server with other clients; a Bulk that
// outlives the request timeout answers its remaining operations 503 without running them.
import { setImmediate as nextTurn } from 'node:timers/promises'
import type {
  FastifyInstance,
  FastifyRequest,
  InjectOptions,
  LightMyRequestResponse,
} from 'fastify'
import { BulkPlan } from '../../scim/bulk/plan.js'
import type { BulkRun } from '../../scim/bulk/plan.js'
import { MAX_BULK_OPERATIONS, parseBulkRequest } from '../../scim/bulk/request.js'
import { bulkResponse, isError, refused } from '../../scim/bulk/response.js'
import type { BulkOutcome } from '../../scim/bulk/response.js'
import { ScimError } from '../../scim/errors.js'
import type { Json } from '../../scim/resource/coerce.js'
import { resourceUri } from '../../scim/resource/meta.js'
import { baseUrl } from '../conditional.js'
import { provisioningOf } from '../provisioning.js'
import { scim } from '../scim-reply.js'

/** Sends a request through the whole application (Fastify's inject on the root instance). */
export type Dispatch = (options: InjectOptions) => Promise<LightMyRequestResponse>

export interface BulkRouteOptions {
  readonly basePath: string
  readonly bodyLimit: number
  readonly dispatch: Dispatch
  /** Operations not started within this time of the Bulk's start are answered 503, unrun. */
  readonly deadlineMs: number
}

/** Headers an operation inherits from its Bulk: who sends it, to which tenant, through which proxies. */
const INHERITED = [
  'authorization',
  'host',
  'user-agent',
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
] as const

export async function bulkRoutes(app: FastifyInstance, options: BulkRouteOptions): Promise<void> {
  app.post('/Bulk', { bodyLimit: options.bodyLimit }, async (request, reply) => {
    const started = Date.now()
    const bulk = parseBulkRequest(request.body, MAX_BULK_OPERATIONS)
    // From here on each operation is logged as the request it runs as.
    provisioningOf(request).unlogged = true
    const base = baseUrl(request, options.basePath)
    const plan = new BulkPlan(bulk.operations)
    const outcomes: BulkOutcome[] = []
    let errors = 0
    for (let step = plan.next(); step !== undefined; step = plan.next()) {
      const outcome =
        'error' in step
          ? refused(step.op, step.error)
          : Date.now() - started > options.deadlineMs
            ? refused(
                step.op,
                ScimError.unavailable(
                  `Not run: the Bulk request took longer than ${options.deadlineMs} ms (ROSTER_REQUEST_TIMEOUT); send the operations not run again.`,
                  5,
                ),
              )
            : await run(request, options, base, step)
      plan.settle(step.op, outcome.created)
      outcomes.push(outcome)
      if (isError(outcome)) errors++
      // RFC 7644 §3.7.3: after failOnErrors errors the rest is left undone (and not listed).
      if (bulk.failOnErrors !== undefined && errors >= bulk.failOnErrors) break
      await nextTurn()
    }
    return scim(reply, 200, bulkResponse(outcomes))
  })
}

async function run(
  request: FastifyRequest,
  options: BulkRouteOptions,
  base: string,
  step: BulkRun,
): Promise<BulkOutcome> {
  const { op } = step
  const method = (op.method ?? '').toUpperCase()
  const type = op.resource === 'Groups' ? 'Group' : 'User'
  const prefix = new URL(base).pathname.replace(/\/$/, '')
  const target = step.id === undefined ? '' : `/${encodeURIComponent(step.id)}`
  // A group's members are not rendered for a response the Bulk does not return (a PATCH keeps its query:
  // with one it would answer 200 instead of 204).
  const query = op.resource === 'Groups' && method !== 'PATCH' ? '?excludedAttributes=members' : ''
  const headers: Record<string, string> = {}
  for (const name of INHERITED) {
    const value = request.headers[name]
    if (typeof value === 'string') headers[name] = value
  }
  if (op.version !== undefined) headers['if-match'] = op.version
  if (step.data !== undefined) headers['content-type'] = 'application/scim+json'
  headers['x-request-id'] = `${request.id}.${op.index}`
  let response: LightMyRequestResponse
  try {
    response = await options.dispatch({
      method: method as 'POST',
      url: `${prefix}/${op.resource ?? 'Users'}${target}${query}`,
      headers,
      remoteAddress: request.socket.remoteAddress ?? '127.0.0.1',
      ...(step.data !== undefined ? { payload: JSON.stringify(step.data) } : {}),
    })
  } catch (error) {
    request.log.error({ err: error, operation: op.index }, 'bulk operation could not be dispatched')
    return refused(op, ScimError.unavailable('The operation could not run; retry it.', 5))
  }
  const status = response.statusCode
  if (status >= 400) return { op, status, response: errorBody(response) }
  const location =
    method === 'POST'
      ? header(response, 'location')
      : step.id === undefined
        ? undefined
        : resourceUri(base, type, step.id)
  const version = header(response, 'etag')
  const created =
    method === 'POST' && location !== undefined
      ? decodeURIComponent(location.slice(location.lastIndexOf('/') + 1))
      : undefined
  return {
    op,
    status,
    ...(location !== undefined ? { location } : {}),
    ...(version !== undefined ? { version } : {}),
    ...(created !== undefined ? { created } : {}),
  }
}

function header(response: LightMyRequestResponse, name: string): string | undefined {
  const value = response.headers[name]
  return typeof value === 'string' ? value : undefined
}

/** The operation's own error body (every SCIM error is JSON); a bare status if it were not. */
function errorBody(response: LightMyRequestResponse): Json {
  try {
    return JSON.parse(response.body) as Json
  } catch {
    return { status: String(response.statusCode) }
  }
}
