// `--json` on every list and show command (JSON Lines: one object a line). A walk of the program finds
// every command named list or show (and roster log): each must have --json, and each is run with it by
// the real CLI on a database holding one of everything, every stdout line parsing as a JSON object.
// Commands that need an argument take it from ARGUMENTS; one without an entry is still checked for
// --json, and reported by name as not run.
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Command } from 'commander'
import { buildProgram } from '../../src/cli/program.js'
import { assertOk, sandbox } from '../process.js'
import type { Sandbox } from '../process.js'

/** The arguments a list or show command needs on the database `before` fills. */
const ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
  'roster properties show': ['costCenter'],
  'roster users show': ['ann@contoso.com'],
}

/** Lists the CLI cannot fill (groups come only over SCIM): they may print no line. */
const MAY_BE_EMPTY = new Set(['roster groups list'])

/** Extra runs: options that change what a command lists. */
const VARIANTS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  'roster languages list': [['--all']],
  'roster timezones list': [['--all']],
}

function* listing(command: Command, path = 'roster'): Generator<[string, Command]> {
  if (/ (list|show)$/.test(path) || path === 'roster log') yield [path, command]
  for (const sub of command.commands) yield* listing(sub, `${path} ${sub.name()}`)
}

const COMMANDS = [...listing(buildProgram())]

describe('--json on every list and show command', () => {
  it('every command named list or show, and roster log, has --json', () => {
    assert.ok(COMMANDS.length >= 12, `${COMMANDS.length} commands`)
    const without = COMMANDS.filter(([, c]) => !c.options.some((o) => o.long === '--json')).map(
      ([path]) => path,
    )
    assert.deepEqual(without, [])
  })

  describe('each prints JSON Lines', () => {
    let box: Sandbox
    const cleanups: (() => Promise<void>)[] = []
    after(async () => {
      for (const cleanup of cleanups) await cleanup()
    })
    before(async () => {
      box = sandbox((fn) => cleanups.push(fn))
      writeFileSync(
        join(box.dir, 'users.jsonl'),
        `${JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ann@contoso.com' })}\n`,
      )
      for (const args of [
        ['tenant', 'create', 'acme', '--host', 'acme.example'],
        ['token', 'create', '--name', 'entra'],
        ['client', 'create', '--name', 'okta'],
        ['keys', 'rotate'],
        ['properties', 'add', 'costCenter', '--values', 'A,B'],
        ['timezones', 'enable', 'Europe/Paris'],
        ['users', 'import', join(box.dir, 'users.jsonl')],
      ]) {
        // Exit 0 (users import reports its counts on stderr).
        const result = await box.cli(...args)
        assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`)
      }
    })

    for (const [path, command] of COMMANDS) {
      const needs = command.registeredArguments.some((a) => a.required)
      const given = ARGUMENTS[path]
      const skip = needs && !given ? `${path} needs arguments that ARGUMENTS does not give` : false
      for (const variant of [[], ...(VARIANTS[path] ?? [])]) {
        it([path, ...(given ?? []), ...variant, '--json'].join(' '), { skip }, async () => {
          const result = await box.cli(
            ...path.split(' ').slice(1),
            ...(given ?? []),
            ...variant,
            '--json',
          )
          assertOk(result)
          const lines = result.stdout.split('\n')
          assert.equal(lines.pop(), '', 'stdout ends with a newline')
          assert.ok(lines.length > 0 || MAY_BE_EMPTY.has(path), 'at least one object')
          for (const line of lines) {
            const value: unknown = JSON.parse(line)
            assert.ok(
              typeof value === 'object' && value !== null && !Array.isArray(value),
              `an object a line: ${line}`,
            )
          }
        })
      }
    }
  })
})
