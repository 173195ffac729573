// Every CLI command that changes something records an audit event in its tenant's log (`roster log`).
// A table names each changing command with the operation it records; the real CLI runs them in order on
// a fresh database, then `roster log --json` of each tenant must list exactly those operations. A walk of
// the program fails for any command that is neither in the table nor read-only, so a new changing
// command needs a case here.
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Command } from 'commander'
import { buildProgram } from '../../src/cli/program.js'
import { assertOk, sandbox } from '../process.js'
import type { CliResult, Sandbox } from '../process.js'

/** Commands that change nothing a log could record, by path. */
const READ_ONLY = new Set([
  'roster serve',
  'roster check',
  'roster log',
  'roster sync',
  'roster sync expression',
  'roster sync mappings',
  'roster completion',
])
const readOnly = (path: string): boolean => READ_ONLY.has(path) || / (list|show|export)$/.test(path)

/** Changing commands the sandbox cannot run (no terminal, no stdin), each with why; they call audit(). */
const NOT_RUN: Readonly<Record<string, string>> = {
  'roster users password': 'reads the password from a terminal or stdin, which the sandbox closes',
}

/** A user as `roster users export --json` writes one (JSON Lines), for `users import`. */
const ANN = JSON.stringify({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName: 'ann@contoso.com',
  name: { givenName: 'Ann', familyName: 'Lee' },
  active: true,
})

interface Case {
  /** The command's path in the program (`roster token create`). */
  readonly command: string
  /** The arguments after `roster`; a function reads what earlier commands printed. */
  readonly args: readonly string[] | ((printed: Map<string, string>) => string[])
  /** The operation recorded, in each tenant's log it goes to. */
  readonly operation: string
  readonly tenants: readonly ('default' | 'acme')[]
}

const idOf = (printed: Map<string, string>, command: string, pattern: RegExp): string =>
  pattern.exec(printed.get(command) ?? '')?.[1] ?? `no id printed by ${command}`

const CASES: readonly Case[] = [
  { command: 'roster init', args: ['init'], operation: 'database.init', tenants: ['default'] },
  {
    command: 'roster tenant create',
    args: ['tenant', 'create', 'acme'],
    operation: 'tenant.create',
    tenants: ['acme'],
  },
  {
    command: 'roster tenant update',
    args: ['tenant', 'update', 'acme', '--name', 'Acme Corp'],
    operation: 'tenant.update',
    tenants: ['acme'],
  },
  {
    command: 'roster tenant disable',
    args: ['tenant', 'disable', 'acme'],
    operation: 'tenant.disable',
    tenants: ['acme'],
  },
  {
    command: 'roster tenant enable',
    args: ['tenant', 'enable', 'acme'],
    operation: 'tenant.enable',
    tenants: ['acme'],
  },
  {
    command: 'roster token create',
    args: ['token', 'create', '--name', 'entra'],
    operation: 'token.create',
    tenants: ['default'],
  },
  {
    command: 'roster token revoke',
    args: (p) => ['token', 'revoke', idOf(p, 'roster token create', /^Created token (\S+) /m)],
    operation: 'token.revoke',
    tenants: ['default'],
  },
  {
    command: 'roster client create',
    args: ['client', 'create', '--name', 'okta', '--tenant', 'acme'],
    operation: 'client.create',
    tenants: ['acme'],
  },
  {
    command: 'roster client revoke',
    args: (p) => [
      'client',
      'revoke',
      idOf(p, 'roster client create', /^client_id: (\S+)$/m),
      '--tenant',
      'acme',
    ],
    operation: 'client.revoke',
    tenants: ['acme'],
  },
  {
    command: 'roster keys rotate',
    args: ['keys', 'rotate'],
    operation: 'keys.rotate',
    tenants: ['default', 'acme'],
  },
  {
    command: 'roster roles add',
    args: ['roles', 'add', 'Pilot', 'Navigator'],
    operation: 'roles.add',
    tenants: ['default'],
  },
  {
    command: 'roster roles default',
    args: ['roles', 'default', 'Pilot'],
    operation: 'roles.default',
    tenants: ['default'],
  },
  {
    command: 'roster roles remove',
    args: ['roles', 'remove', 'Navigator'],
    operation: 'roles.remove',
    tenants: ['default'],
  },
  {
    command: 'roster properties add',
    args: ['properties', 'add', 'costCenter'],
    operation: 'properties.add',
    tenants: ['default'],
  },
  {
    command: 'roster properties rename',
    args: ['properties', 'rename', 'costCenter', 'cc'],
    operation: 'properties.rename',
    tenants: ['default'],
  },
  {
    command: 'roster properties remove',
    args: ['properties', 'remove', 'cc'],
    operation: 'properties.remove',
    tenants: ['default'],
  },
  {
    command: 'roster languages enable',
    args: ['languages', 'enable', 'de'],
    operation: 'languages.enable',
    tenants: ['default'],
  },
  {
    command: 'roster languages disable',
    args: ['languages', 'disable', 'de'],
    operation: 'languages.disable',
    tenants: ['default'],
  },
  {
    command: 'roster timezones enable',
    args: ['timezones', 'enable', 'US/Pacific', 'Europe/Paris'],
    operation: 'timezones.enable',
    tenants: ['default'],
  },
  {
    command: 'roster timezones disable',
    args: ['timezones', 'disable', 'Europe/Paris'],
    operation: 'timezones.disable',
    tenants: ['default'],
  },
  {
    command: 'roster timezones all',
    args: ['timezones', 'all'],
    operation: 'timezones.all',
    tenants: ['default'],
  },
  {
    command: 'roster devices add',
    args: ['devices', 'add', 'Pager Email', '--kind', 'email'],
    operation: 'devices.add',
    tenants: ['default'],
  },
  {
    command: 'roster devices remove',
    args: ['devices', 'remove', 'Pager Email'],
    operation: 'devices.remove',
    tenants: ['default'],
  },
  {
    command: 'roster users import',
    args: (p) => ['users', 'import', p.get('file') ?? 'no file'],
    operation: 'users.import',
    tenants: ['default'],
  },
  {
    command: 'roster users disable',
    args: ['users', 'disable', 'ann@contoso.com'],
    operation: 'user.disable',
    tenants: ['default'],
  },
  {
    command: 'roster users enable',
    args: ['users', 'enable', 'ann@contoso.com'],
    operation: 'user.enable',
    tenants: ['default'],
  },
  {
    command: 'roster users delete',
    args: ['users', 'delete', 'ann@contoso.com'],
    operation: 'user.delete',
    tenants: ['default'],
  },
  {
    command: 'roster policy set',
    args: ['policy', 'set', 'minLength', '10', '--tenant', 'acme'],
    operation: 'policy.set',
    tenants: ['acme'],
  },
]

/** Every command that runs an action (a group such as `roster token` only holds others). */
function* actions(command: Command, path = 'roster'): Generator<string> {
  // commander keeps the action in a private field; null for a group that only holds commands.
  if ((command as unknown as { _actionHandler: unknown })._actionHandler !== null) yield path
  for (const sub of command.commands) yield* actions(sub, `${path} ${sub.name()}`)
}

describe('every CLI change is an audit event in roster log', () => {
  it('each command that runs an action is read-only or has a case in the table', () => {
    const covered = new Set(CASES.map((c) => c.command))
    const all = [...actions(buildProgram())]
    assert.ok(all.length > 40, `${all.length} commands`)
    const unclassified = all.filter(
      (path) => !readOnly(path) && !covered.has(path) && NOT_RUN[path] === undefined,
    )
    assert.deepEqual(unclassified, [], 'add a case to CASES (or to READ_ONLY) for these commands')
  })

  describe('the changes, run in order on a fresh database', () => {
    let box: Sandbox
    const cleanups: (() => Promise<void>)[] = []
    const results = new Map<string, CliResult>()
    after(async () => {
      for (const cleanup of cleanups) await cleanup()
    })
    before(async () => {
      box = sandbox((fn) => cleanups.push(fn), { fresh: true })
      const printed = new Map<string, string>()
      printed.set('file', join(box.dir, 'users.jsonl'))
      writeFileSync(join(box.dir, 'users.jsonl'), `${ANN}\n`)
      for (const c of CASES) {
        const args = typeof c.args === 'function' ? c.args(printed) : c.args
        const result = await box.cli(...args)
        results.set(c.command, result)
        printed.set(c.command, result.stdout)
      }
    })

    it('every command succeeded', () => {
      // Exit 0 (users import reports its counts on stderr, so stderr is not required to be quiet).
      for (const c of CASES) {
        const result = results.get(c.command) as CliResult
        assert.equal(result.code, 0, `${c.command}: ${result.stderr}`)
      }
    })

    for (const tenant of ['default', 'acme'] as const) {
      it(`roster log --json --tenant ${tenant} lists each change once, in order, by the CLI`, async () => {
        const log = await box.cli('log', '--json', '--limit', '1000', '--tenant', tenant)
        assertOk(log)
        const entries = log.stdout
          .trimEnd()
          .split('\n')
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .reverse()
        assert.deepEqual(
          entries.map((e) => e['operation']),
          CASES.filter((c) => c.tenants.includes(tenant)).map((c) => c.operation),
        )
        for (const e of entries) {
          assert.equal(e['kind'], 'audit')
          assert.equal(e['tenant'], tenant)
          assert.match(String(e['credential']), /^cli(:|$)/)
          assert.notEqual(e['detail'], null)
        }
      })
    }
  })
})
