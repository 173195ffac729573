// The console's whole app for e2e tests (app.inject): a temporary SQLite store and log, the default tenant
// with a console admin (ada), a Standard User (sam), a disabled admin, and a second tenant (acme), and a
// sign-in that follows the form as a browser does.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestContext } from 'node:test'
import { hashPassword } from '../../src/auth/password-hash.js'
import { createApp } from '../../src/http/app.js'
import { createLogger } from '../../src/log.js'
import { defaultTenant } from '../../src/main.js'
import { createRecorder } from '../../src/provisioning/recorder.js'
import { openSqliteLog } from '../../src/store/sqlite/sqlite-log.js'
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js'
import type { Store } from '../../src/store/store.js'

export const PASSWORD = 'Console-Pass-42'

async function person(
  store: Store,
  tenantId: string,
  userName: string,
  roles: string[],
  active = true,
) {
  await store
    .forTenant(tenantId)
    .createUser(
      { userName, active, emails: [], phoneNumbers: [], roles: roles.map((value) => ({ value })) },
      await hashPassword(PASSWORD),
    )
}

export async function consoleApp(t: TestContext) {
  const dir = mkdtempSync(join(tmpdir(), 'roster-console-'))
  const store = await openSqliteStore({ file: join(dir, 'roster.db') })
  const log = await openSqliteLog(join(dir, 'roster-log.db'))
  const recorder = createRecorder({ log })
  const app = await createApp({
    store,
    log,
    recorder,
    logger: createLogger('silent'),
    bodyLimit: 1 << 20,
  })
  t.after(async () => {
    await app.close()
    await recorder.close()
    await log.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const tenant = await defaultTenant(store)
  const acme = await store.ensureTenant('acme', 'Acme')
  await person(store, tenant.id, 'ada@contoso.com', ['Company Admin'])
  await person(store, tenant.id, 'sam@contoso.com', ['Standard User'])
  await person(store, tenant.id, 'gone@contoso.com', ['Company Admin'], false)
  await person(store, acme.id, 'root@acme.example', ['Company Admin'])

  const cookieOf = (setCookie: string | string[] | undefined, name: string): string | undefined => {
    const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []
    return all.find((c) => c.startsWith(`${name}=`))
  }
  const signIn = async (
    base: string,
    userName: string,
    password = PASSWORD,
    options: { csrf?: string; address?: string } = {},
  ) => {
    const form = await app.inject({
      url: `${base}/sign-in`,
      remoteAddress: options.address ?? '10.0.0.1',
    })
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? ''
    const signinCookie = (cookieOf(form.headers['set-cookie'], 'roster_signin') ?? '').split(';')[0]
    const reply = await app.inject({
      method: 'POST',
      url: `${base}/sign-in`,
      remoteAddress: options.address ?? '10.0.0.1',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: signinCookie ?? '' },
      payload: new URLSearchParams({ userName, password, _csrf: options.csrf ?? token }).toString(),
    })
    const session = cookieOf(reply.headers['set-cookie'], 'roster_console')
    return { reply, session, cookie: session?.split(';')[0] ?? '' }
  }
  return { app, store, log, recorder, tenant, acme, signIn }
}
