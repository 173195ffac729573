// `roster completion bash|zsh|fish` from the real CLI, each script run by its shell: bash (always; its
// completion function called with COMP_WORDS/COMP_CWORD), zsh and fish when installed (skipped with the
// reason otherwise). Beside a table of cases, every command of the program is walked: its subcommands and
// long options complete, so commands added later are covered without editing this test.
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { buildProgram } from '../../src/cli/program.js'
import { describeProgram } from '../../src/cli/completion.js'
import type { CommandSpec } from '../../src/cli/completion.js'
import { assertOk, sandbox } from '../process.js'
import type { Sandbox } from '../process.js'

/** Words of a command line, the last being the word under the cursor → what completes there. */
const CASES: readonly { words: readonly string[]; expected: readonly string[] }[] = [
  { words: ['roster', 'to'], expected: ['token'] },
  { words: ['roster', 'token', ''], expected: ['create', 'list', 'revoke'] },
  { words: ['roster', 'token', 'list', '--j'], expected: ['--json'] },
  {
    words: ['roster', 'token', 'create', '--'],
    expected: ['--expires', '--help', '--name', '--tenant'],
  },
  { words: ['roster', '--'], expected: ['--help', '--tenant', '--version'] },
  // An option's value is skipped when finding the command.
  { words: ['roster', '--tenant', 'acme', 'tok'], expected: ['token'] },
  { words: ['roster', 'token', '--tenant', 'acme', 'c'], expected: ['create'] },
  // Fixed values: an argument's and an option's choices.
  { words: ['roster', 'completion', ''], expected: ['bash', 'fish', 'zsh'] },
  { words: ['roster', 'completion', 'z'], expected: ['zsh'] },
  {
    words: ['roster', 'properties', 'add', 'costCenter', '--type', ''],
    expected: ['boolean', 'dateTime', 'decimal', 'integer', 'string'],
  },
  { words: ['roster', 'properties', 'add', 'x', '--type', 'd'], expected: ['dateTime', 'decimal'] },
  // A free value, and an argument without choices: nothing from Roster (the shell offers file names).
  { words: ['roster', 'token', 'create', '--name', ''], expected: [] },
  { words: ['roster', 'token', 'revoke', ''], expected: [] },
]

/** Every command of the program → [words, expected] for its subcommands and for its long options. */
function walked(spec: CommandSpec, global: readonly string[]): [string[], string[]][] {
  const out: [string[], string[]][] = []
  const visit = (c: CommandSpec): void => {
    const words = c.path.split(' ')
    const isRoot = c.path === spec.path
    if (c.subcommands.length > 0)
      out.push([[...words, ''], c.subcommands.map((s) => s.path.split(' ').pop() as string)])
    out.push([
      [...words, '--'],
      [...new Set([...c.options.map((o) => o.flag), ...(isRoot ? [] : global)])],
    ])
    c.subcommands.forEach(visit)
  }
  visit(spec)
  return out
}

const SPEC = describeProgram(buildProgram())
const GLOBAL = SPEC.options.map((o) => o.flag).filter((f) => f !== '--help' && f !== '--version')
const sorted = (values: readonly string[]): string[] => [...new Set(values)].sort()

/** Runs each command line through the shell's completion; one list of candidates per line. */
type Complete = (script: string, lines: readonly (readonly string[])[]) => string[][]

const shQuote = (w: string): string => `'${w.replaceAll("'", "'\\''")}'`

const SHELLS: readonly { shell: 'bash' | 'zsh' | 'fish'; complete: Complete }[] = [
  {
    shell: 'bash',
    complete: (script, lines) => {
      const driver = [
        `source ${shQuote(script)}`,
        ...lines.map(
          (words) =>
            `COMP_WORDS=(${words.map(shQuote).join(' ')}); COMP_CWORD=${words.length - 1}; COMPREPLY=(); _roster; echo "\${COMPREPLY[*]}"`,
        ),
      ].join('\n')
      return run('bash', ['-c', driver])
    },
  },
  {
    shell: 'zsh',
    // compadd and _files exist only inside zsh's completion widgets: here they print what they are
    // given. zsh filters candidates by the word's prefix itself, so the test does that part.
    complete: (script, lines) => {
      const driver = [
        'compadd() { [[ $1 == -- ]] && shift; print -r -- "$*" }',
        '_files() { print -r -- "" }',
        `source ${shQuote(script)}`,
        ...lines.map(
          (words) => `words=(${words.map(shQuote).join(' ')}); CURRENT=${words.length}; _roster`,
        ),
      ].join('\n')
      return run('zsh', ['-f', '-c', driver]).map((candidates, i) => {
        const prefix = lines[i]?.at(-1) ?? ''
        return candidates.filter((c) => c.startsWith(prefix))
      })
    },
  },
  {
    shell: 'fish',
    // `complete -C LINE` is what fish offers at the end of LINE; it runs in an empty folder so that a
    // fallback to file names offers none.
    complete: (script, lines) => {
      const dir = mkdtempSync(join(tmpdir(), 'roster-fish-'))
      try {
        const driver = `source ${shQuote(script)}; for line in $argv; echo (complete -C "$line" | cut -f1 | string join ' '); end`
        return run('fish', ['-c', driver, ...lines.map((words) => words.join(' '))], dir)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  },
]

function run(shell: string, args: string[], cwd?: string): string[][] {
  const result = spawnSync(shell, args, { encoding: 'utf8', timeout: 60_000, cwd })
  assert.equal(result.status, 0, `${shell} failed: ${result.stderr}`)
  return result.stdout
    .split('\n')
    .slice(0, -1)
    .map((line) => line.split(' ').filter((w) => w !== ''))
}

function installed(shell: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${shell}`], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

describe('roster completion', () => {
  let box: Sandbox
  const scripts: Record<string, string> = {}
  const cleanups: (() => Promise<void>)[] = []
  after(async () => {
    for (const cleanup of cleanups) await cleanup()
  })
  before(async () => {
    box = sandbox((fn) => cleanups.push(fn), { fresh: true })
    for (const { shell } of SHELLS) {
      const result = await box.cli('completion', shell)
      assertOk(result)
      scripts[shell] = join(box.dir, `roster.${shell}`)
      writeFileSync(scripts[shell], result.stdout)
    }
  })

  it('refuses an unknown shell with the choices, on stderr, exit 1', async () => {
    const result = await box.cli('completion', 'powershell')
    assert.equal(result.code, 1)
    assert.equal(result.stdout, '')
    assert.match(result.stderr, /bash, zsh, fish/)
  })

  for (const { shell, complete } of SHELLS) {
    describe(shell, () => {
      it('the script names every command, subcommand and long option of the program', async () => {
        const text = (await box.cli('completion', shell)).stdout
        const missing: string[] = []
        const visit = (c: CommandSpec): void => {
          for (const word of [c.path.split(' ').pop() as string, ...c.options.map((o) => o.flag)])
            if (!text.includes(shell === 'fish' ? word.replace(/^--/, '') : word))
              missing.push(`${c.path} ${word}`)
          c.subcommands.forEach(visit)
        }
        visit(SPEC)
        assert.deepEqual(missing, [])
      })

      const skip = installed(shell)
        ? false
        : `${shell} is not installed on this machine (apt-get install ${shell}); only the script's text is checked`
      it('completes each case of the table', { skip }, () => {
        const got = complete(
          scripts[shell] as string,
          CASES.map((c) => c.words),
        )
        CASES.forEach((c, i) =>
          assert.deepEqual(sorted(got[i] ?? []), sorted(c.expected), c.words.join(' ')),
        )
      })
      it(
        'completes every command of the program: its subcommands, then its long options',
        { skip },
        () => {
          const cases = walked(SPEC, GLOBAL)
          const got = complete(
            scripts[shell] as string,
            cases.map(([words]) => words),
          )
          cases.forEach(([words, expected], i) =>
            assert.deepEqual(sorted(got[i] ?? []), sorted(expected), words.join(' ')),
          )
          assert.ok(cases.length > 60, `${cases.length} command lines`)
        },
      )
    })
  }
})
