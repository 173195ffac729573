// build(t): a fresh Roster on a temporary SQLite file, with a token, closed and deleted after the test.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestContext } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { mintToken } from '../src/auth/secret-token.js'
import { createApp } from '../src/http/app.js'
import { createLogger } from '../src/log.js'
import { defaultTenant } from '../src/main.js'
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js'
import type { Store, Tenant } from '../src/store/store.js'

export const BASE = '/api/xm/1/scim/v2'

export interface Built {
  readonly app: FastifyInstance
  readonly store: Store
  readonly tenant: Tenant
  readonly token: string
  readonly dir: string
  /** A SCIM request with the token; the body is JSON-encoded as application/scim+json. */
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Reply>
}

export interface Reply {
  readonly status: number
  readonly headers: Record<string, string | string[] | number | undefined>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
  readonly body: any
  readonly text: string
}

export async function build(
  t: TestContext,
  options: {
    bodyLimit?: number
    statementTimeoutMs?: number
    publicUrl?: string
    now?: () => Date
  } = {},
): Promise<Built> {
  const dir = mkdtempSync(join(tmpdir(), 'roster-test-'))
  const store = await openSqliteStore({
    file: join(dir, 'roster.db'),
    ...(options.statementTimeoutMs ? { statementTimeoutMs: options.statementTimeoutMs } : {}),
  })
  const tenant = await defaultTenant(store)
  const { token } = await mintToken(store, tenant.id, 'test', null)
  const app = await createApp({
    store,
    logger: createLogger('silent'),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    ...(options.now ? { now: options.now } : {}),
  })
  t.after(async () => {
    await app.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const request = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> => {
    const response = await app.inject({
      method: method as 'GET',
      url: path.startsWith('/') ? path : `${BASE}/${path}`,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}),
        ...headers,
      },
      ...(body !== undefined
        ? { payload: typeof body === 'string' ? body : JSON.stringify(body) }
        : {}),
    })
    let parsed: unknown
    try {
      parsed = response.body === '' ? undefined : JSON.parse(response.body)
    } catch {
      parsed = undefined
    }
    return {
      status: response.statusCode,
      headers: response.headers,
      body: parsed,
      text: response.body,
    }
  }
  return { app, store, tenant, token, dir, request }
}

/** A user with every attribute of the profile. */
export function fullUser(userName = 'Joy.Young@contoso.com'): Record<string, unknown> {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName,
    externalId: 'jyoung',
    active: true,
    name: { givenName: 'Joy', familyName: 'Young' },
    preferredLanguage: 'en-US',
    timezone: 'America/Los_Angeles',
    password: 'Correct-Horse-9',
    roles: [{ type: 'Primary', value: 'Standard User', primary: true }],
    emails: [
      { type: 'Work Email', value: 'jyoung@contoso.com', primary: true },
      { type: 'home', value: 'joy@example.org' },
    ],
    phoneNumbers: [
      { type: 'Work Phone', value: '+14155550123' },
      { type: 'mobile', value: '+447700900123' },
    ],
  }
}
