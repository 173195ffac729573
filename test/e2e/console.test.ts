// The console's defences through the whole app (app.inject): sign-in (no JavaScript needed, one answer
// whatever is wrong, rate-limited), session cookies, CSRF on every change, tenant isolation, no
// request to another host, and every console change written to the log with who made it.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { SIGNIN_FAILURES } from '../../src/http/admin-session.js'
import { consoleApp, PASSWORD } from './console-app.js'

describe('admin console: signing in', () => {
  it('asks to sign in with a plain form, and starts a Secure HttpOnly SameSite session', async (t) => {
    const { app, signIn } = await consoleApp(t)
    const home = await app.inject({ url: '/admin' })
    assert.equal(home.statusCode, 303)
    assert.equal(home.headers.location, '/admin/sign-in')
    const form = await app.inject({ url: '/admin/sign-in' })
    assert.equal(form.statusCode, 200)
    assert.match(String(form.headers['content-type']), /^text\/html/)
    assert.match(form.body, /<form method="post" action="\/admin\/sign-in">/)
    assert.match(
      String(form.headers['content-security-policy']),
      /default-src 'none'; script-src 'self'/,
    )
    const { reply, session } = await signIn('/admin', 'ADA@contoso.com')
    assert.equal(reply.statusCode, 303)
    assert.equal(reply.headers.location, '/admin')
    assert.match(session ?? '', /; Path=\/admin; .*HttpOnly; Secure; SameSite=Strict/)
  })

  it('gives one answer whatever is wrong: password, role, disabled user, unknown user', async (t) => {
    const { signIn } = await consoleApp(t)
    for (const [user, password] of [
      ['ada@contoso.com', 'wrong-password'],
      ['sam@contoso.com', PASSWORD],
      ['gone@contoso.com', PASSWORD],
      ['nobody@contoso.com', PASSWORD],
      ['root@acme.example', PASSWORD],
    ] as const) {
      const { reply, session } = await signIn('/admin', user, password)
      assert.equal(reply.statusCode, 401, user)
      assert.equal(session, undefined)
      assert.match(reply.body, /Wrong user name or password, or this user may not use the console/)
    }
  })

  it('refuses a sign-in form without its CSRF token', async (t) => {
    const { signIn } = await consoleApp(t)
    const { reply } = await signIn('/admin', 'ada@contoso.com', PASSWORD, { csrf: 'forged' })
    assert.equal(reply.statusCode, 403)
  })

  it('limits failed sign-ins per account, even from many addresses', async (t) => {
    const { signIn } = await consoleApp(t)
    for (let i = 0; i < SIGNIN_FAILURES; i++) {
      const { reply } = await signIn('/admin', 'ada@contoso.com', 'wrong', {
        address: `10.1.0.${i}`,
      })
      assert.equal(reply.statusCode, 401)
    }
    const { reply } = await signIn('/admin', 'ada@contoso.com', PASSWORD, { address: '10.2.0.1' })
    assert.equal(reply.statusCode, 429)
    assert.ok(Number(reply.headers['retry-after']) > 0)
    // Another account is not locked by Ada's failures.
    assert.equal(
      (await signIn('/t/acme/admin', 'root@acme.example', PASSWORD, { address: '10.2.0.2' })).reply
        .statusCode,
      303,
    )
  })
})

describe('admin console: a session', () => {
  it('needs its CSRF token and this origin for every change, and logs who changed what', async (t) => {
    const { app, signIn, store, tenant, log, recorder } = await consoleApp(t)
    const { cookie } = await signIn('/admin', 'ada@contoso.com')
    const page = await app.inject({ url: '/admin/settings', headers: { cookie } })
    assert.equal(page.statusCode, 200)
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? ''
    const change = (token: string, headers: Record<string, string> = {}) =>
      app.inject({
        method: 'POST',
        url: '/admin/settings',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: new URLSearchParams({
          action: 'roles.add',
          name: 'Manager',
          _csrf: token,
        }).toString(),
      })
    assert.equal((await change('forged')).statusCode, 403)
    assert.equal((await change(csrf, { origin: 'https://evil.example' })).statusCode, 403)
    assert.ok(!(await store.forTenant(tenant.id).settings()).roles.includes('Manager'))
    const ok = await change(csrf, { origin: 'http://localhost:80' })
    assert.equal(ok.statusCode, 200, ok.body)
    assert.ok((await store.forTenant(tenant.id).settings()).roles.includes('Manager'))
    await recorder.flush()
    const [event] = await log.entries(tenant.id, { limit: 1, kind: 'audit' })
    assert.equal(event?.operation, 'roles.add')
    assert.equal(event?.actor, 'console:ada@contoso.com')
    assert.equal(event?.status, undefined)
  })

  it("is no session for another tenant's console", async (t) => {
    const { app, signIn } = await consoleApp(t)
    const { cookie } = await signIn('/admin', 'ada@contoso.com')
    const crossed = await app.inject({ url: '/t/acme/admin/log', headers: { cookie } })
    assert.equal(crossed.statusCode, 303)
    assert.equal(crossed.headers.location, '/t/acme/admin/sign-in')
    assert.equal((await app.inject({ url: '/t/nosuch/admin/sign-in' })).statusCode, 404)
  })

  it('ends at sign-out', async (t) => {
    const { app, signIn } = await consoleApp(t)
    const { cookie } = await signIn('/admin', 'ada@contoso.com')
    const page = await app.inject({ url: '/admin', headers: { cookie } })
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? ''
    const out = await app.inject({
      method: 'POST',
      url: '/admin/sign-out',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${csrf}`,
    })
    assert.equal(out.statusCode, 303)
    assert.equal((await app.inject({ url: '/admin', headers: { cookie } })).statusCode, 303)
  })

  it('serves pages that name no other host', async (t) => {
    const { app, signIn } = await consoleApp(t)
    const { cookie } = await signIn('/admin', 'ada@contoso.com')
    for (const path of [
      '',
      '/connection',
      '/people',
      '/groups',
      '/log',
      '/activity',
      '/settings',
      '/sign-in',
    ]) {
      const reply = await app.inject({ url: `/admin${path}`, headers: { cookie } })
      assert.equal(reply.statusCode, 200, path)
      const foreign = [...reply.body.matchAll(/\b(?:src|href|action)="([^"]*)"/g)]
        .map((m) => m[1] as string)
        .filter((u) => !u.startsWith('/') && !u.startsWith('#'))
      assert.deepEqual(foreign, [], path)
    }
    const people = await app.inject({ url: '/admin/people?q=userName+eq', headers: { cookie } })
    assert.equal(people.statusCode, 200)
    const bad = await app.inject({
      url: '/admin/people?q=' + encodeURIComponent('nosuch eq "x"'),
      headers: { cookie },
    })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /nosuch/)
  })
})
