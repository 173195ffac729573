// The `roster` CLI as a real process (the build in dist/) on a temporary SQLite file: tokens, and the settings
// commands, whose effect is checked through a served process over real HTTP.
import assert from 'node:assert/strict'
import { createHash, randomUUID } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { assertOk, assertRefused, call, createToken, lastLine, sandbox } from '../process.js'
import type { Reply, Sandbox, Server } from '../process.js'

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User'
const TOKEN = /^roster_[A-Za-z0-9_-]{43}$/

/** The stdout line of `token list` for a token id. */
function row(list: string, id: string): string {
  const line = list.split('\n').find((l) => l.startsWith(id))
  assert.ok(line, `no row for ${id} in:\n${list}`)
  return line
}

describe('roster CLI', { concurrency: true }, () => {
  describe('roster token', { concurrency: 2 }, () => {
    it('create prints the token alone on the last line and stores only its hash', async (t) => {
      const box = sandbox((fn) => t.after(fn))
      const result = await box.cli('token', 'create', '--name', 'entra')
      assertOk(result)
      const token = lastLine(result.stdout)
      assert.match(token, TOKEN)
      assert.ok(result.stdout.endsWith(`\n${token}\n`), 'the token ends stdout, on its own line')
      assert.equal(result.stdout.split(token).length, 2, 'the token is printed once')
      assert.match(result.stdout, /^Created token [0-9a-f-]{36} 'entra' for tenant default\.\n/)

      const bytes = box.dbBytes()
      const hash = createHash('sha256').update(token).digest('hex')
      assert.ok(bytes.includes(hash), 'the hash is stored (so the files read are the right ones)')
      assert.ok(!bytes.includes(token), 'the token is not stored')
      assert.ok(!bytes.includes(token.slice('roster_'.length)), 'no part-token is stored')
    })

    it('list shows names and status but never a secret; revoke shows in the list', async (t) => {
      const box = sandbox((fn) => t.after(fn))
      const entra = await createToken(box, 'entra')
      const expires = new Date(Date.now() + 30 * 86_400_000).toISOString()
      const okta = await box.cli('token', 'create', '--name', 'okta', '--expires', expires)
      assertOk(okta)
      assert.match(okta.stdout, new RegExp(`expiring ${expires.replaceAll('.', '\\.')}\\.\\n`))
      const oktaToken = lastLine(okta.stdout)
      const oktaId = /^Created token (\S+) /.exec(okta.stdout)?.[1] as string

      const list = await box.cli('token', 'list')
      assertOk(list)
      assert.match(list.stdout, /^ID\s+NAME\s+CREATED\s+LAST USED\s+EXPIRES\s+STATUS\n/)
      assert.equal(list.stdout.trimEnd().split('\n').length, 3)
      assert.match(row(list.stdout, entra.id), /^\S+ {2}entra {2}\S+Z {2}never +never +active$/)
      assert.match(
        row(list.stdout, oktaId),
        new RegExp(`^\\S+ {2}okta {3}\\S+Z {2}never +${expires} {2}active$`),
      )
      assert.ok(!list.stdout.includes(entra.token) && !list.stdout.includes(oktaToken))
      assert.doesNotMatch(list.stdout, /roster_/)

      const revoked = await box.cli('token', 'revoke', entra.id)
      assertOk(revoked)
      assert.equal(revoked.stdout, `Revoked token ${entra.id} 'entra' of tenant default.\n`)

      const after = await box.cli('token', 'list')
      assertOk(after)
      assert.match(row(after.stdout, entra.id), / {2}revoked \d{4}-\d\d-\d\dT[\d:.]+Z$/)
      assert.match(row(after.stdout, oktaId), / {2}active$/)
    })

    it('revoking an unknown id fails with a message on stderr', async (t) => {
      const box = sandbox((fn) => t.after(fn))
      const id = randomUUID()
      assertRefused(
        await box.cli('token', 'revoke', id),
        new RegExp(
          `^roster: No token with id ${id} in any tenant \\(looked in default; roster token list --tenant SLUG\\)\\.\\n$`,
        ),
      )
    })

    it("revoke without --tenant finds the token's tenant; with --tenant it names the tenant it looked in", async (t) => {
      const box = sandbox((fn) => t.after(fn))
      assertOk(await box.cli('tenant', 'create', 'acme'))
      const acme = await createToken(box, 'entra', '--tenant', 'acme')
      const wrong = await box.cli('token', 'revoke', acme.id, '--tenant', 'default')
      assertRefused(
        wrong,
        new RegExp(
          `^roster: No token with id ${acme.id} in tenant default \\(roster token list --tenant default\\)`,
        ),
      )
      const revoked = await box.cli('token', 'revoke', acme.id)
      assertOk(revoked)
      assert.equal(revoked.stdout, `Revoked token ${acme.id} 'entra' of tenant acme.\n`)
      assertRefused(await box.cli('token', 'revoke', acme.id), /is already revoked/)
      const unknown = randomUUID()
      assertRefused(
        await box.cli('token', 'revoke', unknown),
        /in any tenant \(looked in acme, default;/,
      )
    })

    it('a name in use by an active token is refused; once revoked it is free again', async (t) => {
      const box = sandbox((fn) => t.after(fn))
      const first = await createToken(box, 'entra')
      const again = await box.cli('token', 'create', '--name', 'Entra')
      assertRefused(
        again,
        new RegExp(
          `^roster: The active token ${first.id} is already named 'entra': choose another name, or revoke that token first \\(roster token revoke ${first.id}\\)\\.\\n$`,
        ),
      )
      assertOk(await box.cli('token', 'create', '--name', 'okta'))
      assertOk(await box.cli('token', 'revoke', first.id))
      assertOk(await box.cli('token', 'create', '--name', 'entra'))
    })

    it('--expires with a date alone means the end of that day, UTC', async (t) => {
      const box = sandbox((fn) => t.after(fn))
      const result = await box.cli('token', 'create', '--name', 'entra', '--expires', '2099-12-31')
      assertOk(result)
      assert.match(result.stdout, /, expiring 2099-12-31T23:59:59\.999Z\.\n/)
      const zoned = await box.cli(
        'token',
        'create',
        '--name',
        'okta',
        '--expires',
        '2099-12-31T08:00:00+02:00',
      )
      assert.match(zoned.stdout, /, expiring 2099-12-31T06:00:00\.000Z\.\n/)
    })

    it('create refuses a missing --name and an --expires that is past or not a date', async (t) => {
      const box = sandbox((fn) => t.after(fn))
      const yesterday = new Date(Date.now() - 86_400_000).toISOString()
      const [noName, past, garbage] = await Promise.all([
        box.cli('token', 'create'),
        box.cli('token', 'create', '--name', 'entra', '--expires', yesterday),
        box.cli('token', 'create', '--name', 'entra', '--expires', 'soon'),
      ])
      assert.notEqual(noName.code, 0)
      assert.equal(noName.stdout, '')
      assert.match(noName.stderr, /required option '--name <name>' not specified/)
      assertRefused(past, /^roster: --expires must be in the future\.\n$/)
      assertRefused(garbage, /^roster: --expires 'soon' is not an ISO 8601 date/)
      assertRefused(
        await box.cli('token', 'create', '--name', 'entra', '--expires', '2099-02-30'),
        /^roster: --expires '2099-02-30' is not an ISO 8601 date/,
      )
      assertRefused(
        await box.cli('token', 'create', '--name', 'entra', '--expires', '12/31/2099'),
        /is not an ISO 8601 date/,
      )
    })
  })

  describe('settings stay consistent', { concurrency: 2 }, () => {
    it('six concurrent `roles add` all land; duplicates are stored once', async (t) => {
      const box = sandbox((fn) => t.after(fn))
      const names = ['R1', 'R2', 'R3', 'R4', 'R5', 'R6']
      const results = await Promise.all(names.map((name) => box.cli('roles', 'add', name, name)))
      for (const r of results) assertOk(r)
      const list = await box.cli('roles', 'list')
      for (const name of names) {
        assert.equal(list.stdout.split('\n').filter((l) => l === `  ${name}`).length, 1, name)
      }
      assertOk(await box.cli('languages', 'enable', 'fr', 'French'))
      const languages = await box.cli('languages', 'list')
      assert.equal(languages.stdout.split('\n').filter((l) => l.startsWith('fr ')).length, 1)
    })

    it('concurrent policy changes of one setting both land', async (t) => {
      const box = sandbox((fn) => t.after(fn))
      const [a, b] = await Promise.all([
        box.cli('policy', 'set', 'minLength', '12'),
        box.cli('policy', 'set', 'complexity', 'strong'),
      ])
      assertOk(a)
      assertOk(b)
      const shown = await box.cli('policy', 'show')
      assert.match(shown.stdout, /minLength\s+12\n/)
      assert.match(shown.stdout, /complexity\s+strong\n/)
    })

    it('timezones disable refuses a zone that is not enabled and matches links to zones', async (t) => {
      const box = sandbox((fn) => t.after(fn))
      assertOk(await box.cli('timezones', 'enable', 'US/Pacific', 'Europe/London'))
      assertRefused(
        await box.cli('timezones', 'disable', 'Europe/Paris'),
        /Not enabled: Europe\/Paris/,
      )
      assertOk(await box.cli('timezones', 'disable', 'America/Los_Angeles'))
      assert.equal((await box.cli('timezones', 'list')).stdout, 'Europe/London\n')
    })

    it('a bad PORT does not break the data commands', async (t) => {
      const box = sandbox((fn) => t.after(fn))
      const result = await box.cli('roles', 'list')
      assertOk(result)
      const withBadPort = await box.cliWith({ PORT: 'abc' }, 'roles', 'list')
      assertOk(withBadPort)
      assert.equal(withBadPort.stdout, result.stdout)
    })
  })

  describe('settings commands, checked through a running server', { concurrency: 3 }, () => {
    const box: Sandbox = sandbox((fn) => after(fn))
    let server: Server
    let token: string
    let serial = 0

    before(async () => {
      token = (await createToken(box, 'settings')).token
      server = await box.serve()
    })

    const post = (fields: Record<string, unknown>): Promise<Reply> =>
      call(`${server.tenantUrl}/Users`, {
        token,
        body: { schemas: [CORE], userName: `user.${++serial}@example.org`, ...fields },
      })
    const assertCreated = (reply: Reply): void => assert.equal(reply.status, 201, reply.text)
    const assertInvalid = (reply: Reply, detail: RegExp): void => {
      assert.equal(reply.status, 400, reply.text)
      assert.match(reply.body.detail, detail)
    }

    it('roles: list marks the default; add, default; removing the default is refused', async () => {
      const list = await box.cli('roles', 'list')
      assertOk(list)
      const lines = list.stdout.trimEnd().split('\n')
      assert.equal(lines[0], '* Standard User')
      assert.equal(lines.length, 16)
      assert.ok(lines.includes('  Read Only User'))
      assert.ok(lines.includes('  Company Admin'))
      assert.equal(lines.filter((l) => l.startsWith('*')).length, 1)

      const night = { roles: [{ value: 'Night Operator' }] }
      assertInvalid(await post(night), /'Night Operator' is not a role of this tenant/)
      const added = await box.cli('roles', 'add', 'Night Operator')
      assertOk(added)
      assert.equal(added.stdout, 'Defined: Night Operator.\n')
      assert.deepEqual((await post(night)).body.roles, [{ value: 'Night Operator' }])
      assert.deepEqual((await post({})).body.roles, [{ value: 'Standard User' }])

      const chosen = await box.cli('roles', 'default', 'Night Operator')
      assertOk(chosen)
      assert.equal(chosen.stdout, 'Default role: Night Operator.\n')
      assert.deepEqual((await post({})).body.roles, [{ value: 'Night Operator' }])

      assertRefused(
        await box.cli('roles', 'remove', 'Night Operator'),
        /'Night Operator' is the default role; choose another default first/,
      )
      const still = await post(night)
      assertCreated(still)
    })

    it('languages: list, disable fr, enable French', async () => {
      const list = await box.cli('languages', 'list')
      assertOk(list)
      assert.equal(list.stdout.trimEnd().split('\n').length, 41)
      assert.match(list.stdout, /^en {5}English$/m)
      assert.match(list.stdout, /^fr {5}French$/m)
      assert.match(list.stdout, /^pt_BR {2}Brazillian Portuguese$/m)
      assertCreated(await post({ preferredLanguage: 'fr' }))

      const disabled = await box.cli('languages', 'disable', 'fr')
      assertOk(disabled)
      assert.equal(disabled.stdout, 'Disabled: fr.\n')
      assertInvalid(await post({ preferredLanguage: 'fr' }), /'fr' is not a language enabled/)
      assertInvalid(await post({ preferredLanguage: 'fr-CA' }), /'fr-CA' is not a language/)
      assertCreated(await post({ preferredLanguage: 'en-US' }))

      const enabled = await box.cli('languages', 'enable', 'French')
      assertOk(enabled)
      assert.equal(enabled.stdout, 'Enabled: fr.\n')
      const reply = await post({ preferredLanguage: 'fr' })
      assertCreated(reply)
      assert.equal(reply.body.preferredLanguage, 'fr')
    })

    it('timezones: list says all; enable US/Pacific restricts to that zone', async () => {
      const list = await box.cli('timezones', 'list')
      assertOk(list)
      assert.match(list.stdout, /^all \(\d{3} zones and their links\)\n$/)
      assertCreated(await post({ timezone: 'Europe/Paris' }))

      const enabled = await box.cli('timezones', 'enable', 'US/Pacific')
      assertOk(enabled)
      assert.equal(enabled.stdout, 'Enabled: US/Pacific.\n')
      assertInvalid(
        await post({ timezone: 'Europe/Paris' }),
        /'Europe\/Paris' is not an IANA time zone enabled/,
      )
      const reply = await post({ timezone: 'America/Los_Angeles' })
      assertCreated(reply)
      assert.equal(reply.body.timezone, 'America/Los_Angeles')
      assertCreated(await post({ timezone: 'US/Pacific' }))
    })

    it('devices: list; add "Pager Email" --kind email --alias pager', async () => {
      const list = await box.cli('devices', 'list')
      assertOk(list)
      assert.match(list.stdout, /^NAME +KIND +SCIM ALIASES\n/)
      assert.match(list.stdout, /^Work Email +email +work$/m)
      assert.match(list.stdout, /^Mobile Phone +phone +mobile$/m)
      assert.match(list.stdout, /^SMS Phone +phone$/m)
      assert.equal(list.stdout.trimEnd().split('\n').length, 8)
      const pager = { emails: [{ type: 'pager', value: 'pager@example.org' }] }
      assertInvalid(await post(pager), /'pager' is not an email device name of this tenant/)

      const added = await box.cli(
        'devices',
        'add',
        'Pager Email',
        '--kind',
        'email',
        '--alias',
        'pager',
      )
      assertOk(added)
      assert.equal(added.stdout, "Added email device 'Pager Email'.\n")
      const reply = await post(pager)
      assertCreated(reply)
      assert.deepEqual(reply.body.emails, pager.emails)
      assertCreated(await post({ emails: [{ type: 'pager email', value: 'p@example.org' }] }))
      // A device is of one kind: an email device is no phone device.
      assertInvalid(
        await post({ phoneNumbers: [{ type: 'pager', value: '+14155550123' }] }),
        /'pager' is not a phone device name/,
      )
    })

    it('policy: show; set complexity strong and unsupportedAttributes ignore; bad values refused', async () => {
      const shown = await box.cli('policy', 'show')
      assertOk(shown)
      assert.equal(
        shown.stdout,
        [
          'minLength              8',
          'maxLength              30',
          'complexity             none',
          'unsupportedAttributes  reject',
          'requireNames           false',
          'requestsPerMinute      0 (no limit)',
          'logRetentionDays       30',
          'logMaxRows             1000000',
          'consoleRoles           Company Admin',
          '',
        ].join('\n'),
      )
      const weak = { userName: 'strong.test@example.org', password: 'alllowercase' }
      const [badComplexity, badLength, badKey] = await Promise.all([
        box.cli('policy', 'set', 'complexity', 'extreme'),
        box.cli('policy', 'set', 'minLength', '0'),
        box.cli('policy', 'set', 'colour', 'blue'),
      ])
      assertRefused(badComplexity, /^roster: complexity must be none, non-alpha or strong\.\n$/)
      assertRefused(badLength, /^roster: minLength must be an integer from 1 to 30\.\n$/)
      assertRefused(
        badKey,
        /^roster: Unknown policy key 'colour'; use one of minLength, complexity/,
      )

      const strong = await box.cli('policy', 'set', 'complexity', 'strong')
      assertOk(strong)
      assert.equal(strong.stdout, 'complexity = strong (tenant default)\n')
      assertInvalid(await post(weak), /password.*does not meet the password policy/)
      assertCreated(await post({ ...weak, password: 'Correct-Horse-9' }))

      const display = { displayName: 'Joy Young' }
      assertInvalid(await post(display), /does not support the attribute displayName/)
      const ignore = await box.cli('policy', 'set', 'unsupportedAttributes', 'ignore')
      assertOk(ignore)
      assert.equal(ignore.stdout, 'unsupportedAttributes = ignore (tenant default)\n')
      const reply = await post(display)
      assertCreated(reply)
      assert.equal(reply.body.displayName, undefined)
    })
  })
})
