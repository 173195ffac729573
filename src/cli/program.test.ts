// Help text on every command, argument and option of the roster program (`roster … --help` is how an
// admin learns the CLI), and --version from package.json.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
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
