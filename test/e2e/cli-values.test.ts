// Values as an admin types them, through the real CLI: BCP 47 tags for languages (as SCIM takes them),
// --all on every list that shows a subset, --version and help text.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { ROOT, assertOk, assertRefused, createToken, sandbox } from '../process.js'

describe('CLI values', () => {
  it('languages enable takes BCP 47 tags, codes and names', async (t) => {
    const box = sandbox((fn) => t.after(fn))
    assertOk(await box.cli('languages', 'disable', 'pt_BR', 'fr'))
    const enabled = await box.cli('languages', 'enable', 'pt-BR', 'French')
    assertOk(enabled)
    assert.equal(enabled.stdout, 'Enabled: pt_BR, fr.\n')
    assertRefused(
      await box.cli('languages', 'enable', 'xx-YY'),
      /'xx-YY' is not one of the languages/,
    )
  })

  it('timezones list --all lists every zone, the enabled ones marked', async (t) => {
    const box = sandbox((fn) => t.after(fn))
    assertOk(await box.cli('timezones', 'enable', 'Europe/London'))
    const list = await box.cli('timezones', 'list', '--all')
    assertOk(list)
    const lines = list.stdout.trimEnd().split('\n')
    assert.ok(lines.length > 300, `${lines.length} zones`)
    assert.ok(lines.includes('* Europe/London'), 'enabled, marked')
    assert.ok(lines.includes('  America/Los_Angeles'), 'not enabled, not marked')
  })

  it('--version prints the version; --help describes a command', async (t) => {
    const box = sandbox((fn) => t.after(fn), { fresh: true })
    const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { version: string }
    const version = await box.cli('--version')
    assert.equal(version.code, 0)
    assert.equal(version.stdout, `${pkg.version}\n`)
    const help = await box.cli('devices', 'add', '--help')
    assert.equal(help.code, 0)
    assert.match(help.stdout, /define a device name/)
  })

  it('--json on token, client and tenant lists: JSON Lines, one object a line', async (t) => {
    const box = sandbox((fn) => t.after(fn))
    const token = await createToken(box, 'entra')
    assertOk(await box.cli('client', 'create', '--name', 'okta'))
    assertOk(await box.cli('tenant', 'create', 'acme', '--host', 'acme.example'))
    const parse = (stdout: string): Record<string, unknown>[] =>
      stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>)
    const tokens = await box.cli('token', 'list', '--json')
    assertOk(tokens)
    assert.deepEqual(
      parse(tokens.stdout).map((o) => [o['id'], o['name'], o['status'], o['revokedAt']]),
      [[token.id, 'entra', 'active', null]],
    )
    const clients = await box.cli('client', 'list', '--json')
    assert.deepEqual(
      parse(clients.stdout).map((o) => [o['name'], o['scope']]),
      [['okta', 'scim']],
    )
    const tenants = await box.cli('tenant', 'list', '--json')
    assert.deepEqual(
      parse(tenants.stdout).map((o) => [o['slug'], o['hosts'], o['disabled']]),
      [
        ['acme', ['acme.example'], false],
        ['default', [], false],
      ],
    )
  })
})
