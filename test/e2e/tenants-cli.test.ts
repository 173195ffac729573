// Tenants through the real `roster` CLI (dist/) and a served process on the same SQLite file: tenants
// with host names, listing, disabling; tokens, OAuth clients and settings of one tenant that never act
// on another; signing keys; and commands refused with one clear line on stderr and exit code 1.
import assert from 'node:assert/strict'
import { request as httpRequest } from 'node:http'
import { after, before, describe, it } from 'node:test'
import { decodeProtectedHeader } from 'jose'
import { assertOk, assertRefused, SCIM_BASE, call, lastLine, sandbox } from '../process.js'
import type { CliResult, Sandbox, Server } from '../process.js'

const TOKEN = /^roster_[A-Za-z0-9_-]{43}$/
const ACME_HOST = 'acme.example'

/** The row of a table printed by a `list` command whose first column is `key`. */
function row(table: string, key: string): string | undefined {
  return table.split('\n').find((line) => line.split(/\s+/)[0] === key)
}

/** A GET with a chosen Host header (fetch refuses to set one). */
function viaHost(
  server: Server,
  host: string,
  path: string,
  headers: Record<string, string>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: server.port, path, headers: { ...headers, host } },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

/** POST to a token endpoint with the credentials in the form body (Entra's way). */
async function fetchToken(
  server: Server,
  path: string,
  client: { id: string; secret: string },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(server.origin + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: client.id,
      client_secret: client.secret,
    }),
    signal: AbortSignal.timeout(10_000),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

/** `client create` output: `client_id: ...` and `client_secret: ...`, each on its own line. */
function clientOf(result: CliResult): { id: string; secret: string } {
  const id = /^client_id: (rc_[A-Za-z0-9_-]+)$/m.exec(result.stdout)?.[1]
  const secret = /^client_secret: (roster_cs_[A-Za-z0-9_-]+)$/m.exec(result.stdout)?.[1]
  assert.ok(id && secret, result.stdout)
  return { id, secret }
}

const basic = (c: { id: string; secret: string }): Record<string, string> => ({
  authorization: `Basic ${Buffer.from(`${c.id}:${c.secret}`).toString('base64')}`,
})

describe('roster tenant, token, client and keys', { concurrency: true }, () => {
  describe('one deployment serving acme beside the default tenant', { concurrency: 1 }, () => {
    let box: Sandbox
    let server: Server
    let acmeToken: string
    const cleanups: (() => Promise<void>)[] = []
    before(async () => {
      box = sandbox((fn) => cleanups.push(fn))
      server = await box.serve()
    })
    after(async () => {
      for (const cleanup of cleanups) await cleanup()
    })
    const acmeUsers = `/t/acme${SCIM_BASE}/Users`

    it('tenant create acme --host acme.example prints both Tenant URLs', async () => {
      const created = await box.cli('tenant', 'create', 'acme', '--host', ACME_HOST)
      assertOk(created)
      assert.match(created.stdout, /\/t\/acme\/api\/xm\/1\/scim\/v2/)
      assert.match(created.stdout, /https:\/\/acme\.example\/api\/xm\/1\/scim\/v2/)
    })

    it('tenant list shows each tenant once with its status and hosts', async () => {
      const list = await box.cli('tenant', 'list')
      assertOk(list)
      assert.match(list.stdout, /^SLUG\s+NAME\s+STATUS\s+HOSTS\s+CREATED\n/)
      const acme = row(list.stdout, 'acme')
      assert.ok(acme, list.stdout)
      assert.match(acme, /\sactive\s+acme\.example\s/)
      assert.equal(list.stdout.split('\n').filter((l) => l.startsWith('acme ')).length, 1)
      // `serve` created the default tenant.
      assert.match(row(list.stdout, 'default') ?? '', /\sactive\s+-\s/)
    })

    it("token create --tenant acme: works on /t/acme/… and acme's host, not on the default tenant", async () => {
      const result = await box.cli('token', 'create', '--name', 'entra', '--tenant', 'acme')
      assertOk(result)
      assert.match(result.stdout, /^Created token \S+ 'entra' for tenant acme\./)
      acmeToken = lastLine(result.stdout)
      assert.match(acmeToken, TOKEN)
      const auth = { authorization: `Bearer ${acmeToken}` }
      assert.equal((await call(server.origin + acmeUsers, { token: acmeToken })).status, 200)
      assert.equal(
        (await call(`${server.origin}/t/acme/scim/v2/Users`, { token: acmeToken })).status,
        200,
      )
      assert.equal(await viaHost(server, ACME_HOST, `${SCIM_BASE}/Users`, auth), 200)
      assert.equal((await call(server.tenantUrl + '/Users', { token: acmeToken })).status, 401)
      assert.equal(
        (await call(`${server.origin}/t/default${SCIM_BASE}/Users`, { token: acmeToken })).status,
        401,
      )
    })

    it('client create --scope admin --tenant acme prints client_id and client_secret on their own lines', async () => {
      const result = await box.cli(
        'client',
        'create',
        '--name',
        'entra',
        '--scope',
        'admin',
        '--tenant',
        'acme',
      )
      assertOk(result)
      const client = clientOf(result)
      assert.equal(result.stdout.split(client.secret).length, 2, 'the secret is printed once')

      // The client is acme's: a token on /t/acme/…, refused on the default tenant's /t/default/….
      const issued = await fetchToken(server, '/t/acme/api/xm/1/oauth2/token', client)
      assert.equal(issued.status, 200, JSON.stringify(issued.body))
      assert.equal(issued.body['scope'], 'admin')
      const access = String(issued.body['access_token'])
      assert.equal((await call(server.origin + acmeUsers, { token: access })).status, 200)
      assert.equal((await call(server.tenantUrl + '/Users', { token: access })).status, 401)
      const refused = await fetchToken(server, '/t/default/api/xm/1/oauth2/token', client)
      assert.equal(refused.status, 401)
      assert.equal(refused.body['error'], 'invalid_client')
      // Basic on acme's path and host; never on the default tenant.
      assert.equal((await call(server.origin + acmeUsers, { headers: basic(client) })).status, 200)
      assert.equal(await viaHost(server, ACME_HOST, `${SCIM_BASE}/Users`, basic(client)), 200)
      assert.equal(
        (await call(server.tenantUrl + '/Users', { headers: basic(client) })).status,
        401,
      )

      // client list: acme's shows it without its secret; the default tenant's does not show it.
      // client revoke from the default tenant is refused: the client is not its.
      const [list, defaults, foreignRevoke] = await Promise.all([
        box.cli('client', 'list', '--tenant', 'acme'),
        box.cli('client', 'list'),
        box.cli('client', 'revoke', client.id),
      ])
      assertOk(list)
      assert.match(list.stdout, /^CLIENT_ID\s+NAME\s+SCOPE\s+CREATED\s+LAST USED\s+STATUS\n/)
      assert.match(row(list.stdout, client.id) ?? '', /\sentra\s+admin\s+\S+Z\s+\S+\s+active$/)
      assert.ok(!list.stdout.includes(client.secret))
      assert.doesNotMatch(list.stdout, /roster_cs_/)
      assertOk(defaults)
      assert.equal(row(defaults.stdout, client.id), undefined)
      assertRefused(foreignRevoke, new RegExp(`No active client with id ${client.id}`))

      // From acme, its credentials fail at once.
      assert.equal((await call(server.origin + acmeUsers, { headers: basic(client) })).status, 200)
      const revoked = await box.cli('client', 'revoke', client.id, '--tenant', 'acme')
      assertOk(revoked)
      assert.equal(revoked.stdout, `Revoked client ${client.id}.\n`)
      assert.equal((await call(server.origin + acmeUsers, { headers: basic(client) })).status, 401)
      assert.equal((await call(server.origin + acmeUsers, { token: access })).status, 401)
    })

    it('tenant disable refuses every acme credential at once; enable restores them', async () => {
      assert.ok(acmeToken, 'set by the token test')
      const disabled = await box.cli('tenant', 'disable', 'acme')
      assertOk(disabled)
      assert.equal(disabled.stdout, 'Tenant acme is disabled.\n')
      assert.match(row((await box.cli('tenant', 'list')).stdout, 'acme') ?? '', /\sdisabled\s/)
      const refused = await call(server.origin + acmeUsers, { token: acmeToken })
      assert.equal(refused.status, 401)
      const unknown = await call(`${server.origin}/t/nosuch${SCIM_BASE}/Users`, {
        token: acmeToken,
      })
      assert.equal(refused.text, unknown.text, 'a disabled tenant looks like no tenant')
      assert.equal(
        await viaHost(server, ACME_HOST, `${SCIM_BASE}/Users`, {
          authorization: `Bearer ${acmeToken}`,
        }),
        401,
      )
      const enabled = await box.cli('tenant', 'enable', 'acme')
      assertOk(enabled)
      assert.equal(enabled.stdout, 'Tenant acme is enabled.\n')
      assert.equal((await call(server.origin + acmeUsers, { token: acmeToken })).status, 200)
    })

    it('keys rotate keeps issued tokens valid and signs new ones with the new key', async () => {
      const client = clientOf(await box.cli('client', 'create', '--name', 'entra'))
      const first = await fetchToken(server, '/api/xm/1/oauth2/token', client)
      assert.equal(first.status, 200)
      const firstToken = String(first.body['access_token'])
      const firstKid = String(decodeProtectedHeader(firstToken).kid)
      const listed = await box.cli('keys', 'list')
      assert.match(row(listed.stdout, firstKid) ?? '', /\sES256\s+\S+\s+signing$/)

      const rotated = await box.cli('keys', 'rotate')
      assertOk(rotated)
      const newKid = /^New signing key (\S+)\./.exec(rotated.stdout)?.[1]
      assert.ok(newKid && newKid !== firstKid, rotated.stdout)
      const after = await box.cli('keys', 'list')
      assertOk(after)
      assert.match(row(after.stdout, newKid) ?? '', /\ssigning$/)
      assert.match(row(after.stdout, firstKid) ?? '', /\sretired \S+Z, still verifying$/)
      assert.doesNotMatch(after.stdout, /"d"|privateJwk|"x"/, 'no key material is printed')

      assert.equal((await call(server.tenantUrl + '/Users', { token: firstToken })).status, 200)
      const second = await fetchToken(server, '/api/xm/1/oauth2/token', client)
      const secondToken = String(second.body['access_token'])
      assert.equal(decodeProtectedHeader(secondToken).kid, newKid)
      assert.equal((await call(server.tenantUrl + '/Users', { token: secondToken })).status, 200)
    })
  })

  describe('settings per tenant, and refused input', { concurrency: 1 }, () => {
    const NO_TENANT =
      /^roster: There is no tenant 'nosuch' \(roster tenant list; roster tenant create nosuch\)\.\n$/
    interface Case {
      readonly args: readonly string[]
      readonly message: RegExp
    }
    const CASES: readonly Case[] = [
      { args: ['token', 'create', '--name', 'entra', '--tenant', 'nosuch'], message: NO_TENANT },
      { args: ['client', 'create', '--name', 'entra', '--tenant', 'nosuch'], message: NO_TENANT },
      { args: ['roles', 'add', 'X', '--tenant', 'nosuch'], message: NO_TENANT },
      ...['Bad Slug', '-acme', 'a'.repeat(64)].map((slug) => ({
        args: ['tenant', 'create', '--', slug],
        message: /is not a valid slug: 1-63 lower-case letters, digits and dashes/,
      })),
      ...['https://beta.example', 'beta.example:8443', 'bad_host.example'].map((host) => ({
        args: ['tenant', 'create', 'beta', '--host', host],
        message: /is not a host name \(no scheme, port or path/,
      })),
    ]
    let box: Sandbox
    const cleanups: (() => Promise<void>)[] = []
    before(async () => {
      box = sandbox((fn) => cleanups.push(fn))
      assertOk(await box.cli('tenant', 'create', 'acme', '--host', ACME_HOST))
    })
    after(async () => {
      for (const cleanup of cleanups) await cleanup()
    })
    const slugs = (list: CliResult): string[] =>
      list.stdout
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(/\s+/)[0] as string)

    it("roles add X --tenant acme changes acme's roles only", async () => {
      const added = await box.cli('roles', 'add', 'Night Owl', '--tenant', 'acme')
      assertOk(added)
      const [acmeRoles, defaultRoles] = await Promise.all([
        box.cli('roles', 'list', '--tenant', 'acme'),
        box.cli('roles', 'list'),
      ])
      assertOk(acmeRoles)
      assertOk(defaultRoles)
      assert.match(acmeRoles.stdout, /^ {2}Night Owl$/m)
      assert.doesNotMatch(defaultRoles.stdout, /Night Owl/)
      assert.equal(
        acmeRoles.stdout.replace('  Night Owl\n', ''),
        defaultRoles.stdout,
        'nothing else differs',
      )
    })

    it('each command fails with one clear line and exit 1, and creates nothing', async () => {
      const results = await Promise.all(CASES.map((c) => box.cli(...c.args)))
      CASES.forEach((c, i) => assertRefused(results[i] as CliResult, c.message))
      const list = await box.cli('tenant', 'list')
      assertOk(list)
      assert.ok(slugs(list).includes('acme'), list.stdout)
      assert.ok(
        slugs(list).every((slug) => slug === 'acme' || slug === 'default'),
        list.stdout,
      )
    })

    it('a host mapped to one tenant is refused for another, which is not created', async () => {
      assertRefused(
        await box.cli('tenant', 'create', 'globex', '--host', 'ACME.example'),
        /The host acme\.example already belongs to another tenant\./,
      )
      const list = await box.cli('tenant', 'list')
      assert.match(row(list.stdout, 'acme') ?? '', /\sacme\.example\s/)
      assert.deepEqual(
        slugs(list).filter((s) => s === 'globex'),
        [],
        `refused means nothing happened:\n${list.stdout}`,
      )
    })
  })

  describe('changing a tenant', () => {
    it('tenant create on an existing slug is refused and changes nothing', async (t) => {
      const box = sandbox((fn) => t.after(fn))
      assertOk(await box.cli('tenant', 'create', 'acme', '--name', 'Acme'))
      assertRefused(
        await box.cli('tenant', 'create', 'acme', '--name', 'Other', '--host', 'other.example'),
        /^roster: The tenant acme exists already \('Acme'\); nothing changed\. Change it with roster tenant update acme/,
      )
      const list = await box.cli('tenant', 'list')
      assert.match(row(list.stdout, 'acme') ?? '', /^acme\s+Acme\s+active\s+-\s/)
    })

    it('tenant update renames, adds and removes hosts, and refuses what it cannot do', async (t) => {
      const box = sandbox((fn) => t.after(fn))
      assertOk(await box.cli('tenant', 'create', 'acme', '--host', 'old.example'))
      assertOk(await box.cli('tenant', 'create', 'globex', '--host', 'globex.example'))
      const updated = await box.cli(
        'tenant',
        'update',
        'acme',
        '--name',
        'Acme Corp',
        '--add-host',
        'New.Example',
        '--remove-host',
        'old.example',
      )
      assertOk(updated)
      assert.equal(
        updated.stdout,
        "Tenant acme: name 'acme' → 'Acme Corp', host old.example removed, host new.example added.\n",
      )
      const list = await box.cli('tenant', 'list')
      assert.match(row(list.stdout, 'acme') ?? '', /^acme\s+Acme Corp\s+active\s+new\.example\s/)
      assertRefused(
        await box.cli('tenant', 'update', 'acme', '--add-host', 'globex.example'),
        /The host globex\.example already belongs to the tenant globex\./,
      )
      assertRefused(
        await box.cli('tenant', 'update', 'acme', '--remove-host', 'old.example'),
        /The tenant acme has no host old\.example \(its hosts: new\.example\)\./,
      )
      assertRefused(
        await box.cli('tenant', 'update', 'nosuch', '--name', 'X'),
        /no tenant 'nosuch'/,
      )
      assertRefused(
        await box.cli('tenant', 'update', 'acme'),
        /Give --name, --add-host or --remove-host/,
      )
      const same = await box.cli('tenant', 'update', 'acme', '--name', 'Acme Corp')
      assert.equal(same.stdout, 'Tenant acme already is so; nothing changed.\n')
      // The change is an audit event in the tenant's log.
      const log = await box.cli('log', '--tenant', 'acme', '--json')
      assert.match(log.stdout, /"operation":"tenant\.update"/)
    })

    it('policy set --tenant acme names the tenant it changed', async (t) => {
      const box = sandbox((fn) => t.after(fn))
      assertOk(await box.cli('tenant', 'create', 'acme'))
      const set = await box.cli('policy', 'set', 'minLength', '12', '--tenant', 'acme')
      assertOk(set)
      assert.equal(set.stdout, 'minLength = 12 (tenant acme)\n')
    })
  })
})
