// Help text on every command, argument and option of the roster program (`roster … --help` is how an
// admin learns the CLI), the command's help after a usage error, and --version from package.json.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { CommanderError } from 'commander'
import type { Command } from 'commander'
import { buildProgram, version } from './program.js'

function* commands(command: Command, path = 'roster'): Generator<[string, Command]> {
  yield [path, command]
  for (const sub of command.commands) yield* commands(sub, `${path} ${sub.name()}`)
}

describe('the roster program', () => {
  const all = [...commands(buildProgram())]
  it('has many commands to check', () => {
    assert.ok(all.length > 40, `${all.length} commands`)
  })
  for (const [path, command] of all) {
    it(`${path}: the command, its arguments and options have help text`, () => {
      assert.notEqual(command.description().trim(), '', `${path} has no description`)
      for (const argument of command.registeredArguments)
        assert.notEqual(argument.description.trim(), '', `${path} <${argument.name()}>`)
      for (const option of command.options)
        assert.notEqual(option.description.trim(), '', `${path} ${option.flags}`)
    })
  }
  it('--version is the version of package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
    assert.equal(version(), (pkg as { version: string }).version)
  })
})

describe('a usage error prints the error, then the help of the command it is in', () => {
  // [arguments, the error, the usage line of the help that follows]
  const CASES: readonly [readonly string[], RegExp, string][] = [
    [['--bogus'], /^error: unknown option '--bogus'\n/, 'Usage: roster [options] [command]'],
    [['nosuchcmd'], /^error: unknown command 'nosuchcmd'\n/, 'Usage: roster [options] [command]'],
    [
      ['token', 'create'],
      /^error: required option '--name <name>' not specified\n/,
      'Usage: roster token create [options]',
    ],
    [
      ['token', 'revoke'],
      /^error: missing required argument 'id'\n/,
      'Usage: roster token revoke [options] <id>',
    ],
    [
      ['users', 'show'],
      /^error: missing required argument 'user'\n/,
      'Usage: roster users show [options] <user>',
    ],
    [
      ['token', 'list', '--bogus'],
      /^error: unknown option '--bogus'\n/,
      'Usage: roster token list [options]',
    ],
    [
      ['properties', 'add', 'x', '--type', 'bogus'],
      /^error: option '--type <type>' argument 'bogus' is invalid/,
      'Usage: roster properties add [options] <name>',
    ],
  ]
  for (const [args, error, usage] of CASES) {
    it(`roster ${args.join(' ')}`, async () => {
      const program = buildProgram()
      let err = ''
      let out = ''
      for (const [, command] of commands(program))
        command.configureOutput({ writeErr: (s) => (err += s), writeOut: (s) => (out += s) })
      await assert.rejects(program.parseAsync(['node', 'roster', ...args]), CommanderError)
      assert.match(err, error)
      assert.ok(err.includes(`\n${usage}\n`), err)
      assert.match(err, /\nOptions:\n/)
      assert.equal(out, '', 'stdout stays empty')
    })
  }
})
