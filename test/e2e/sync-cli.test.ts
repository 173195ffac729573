// `roster sync` as a real process (the build in dist/): the expression tester, the mappings printer,
// and cycles against a served Roster, in text and JSON lines, with exit codes; none of it opens a
// local database.
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createToken, lastLine, sandbox } from '../process.js'
import type { Sandbox, Server } from '../process.js'

/** A ROSTER_DB no process can create: any command that opened the database would fail. */
const NO_DATABASE = {
  ROSTER_DB: '/proc/roster-sync-must-not-open/roster.db',
  DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
}

describe('roster sync (the CLI)', () => {
  let box: Sandbox
  let roster: Server
  let token: string
  const cleanups: (() => Promise<void>)[] = []
  before(async () => {
    box = sandbox((fn) => cleanups.push(fn))
    roster = await box.serve()
    token = (await createToken(box, 'sync')).token
  })
  after(async () => {
    for (const cleanup of cleanups) await cleanup()
  })

  describe('sync expression', { concurrency: 2 }, () => {
    const CASES: [string, string, string][] = [
      ['item(Split([preferredLanguage], "-"), 1)', '{"preferredLanguage":"en-US"}', 'en'],
      ['NormalizeDiacritics([givenName])', '{"givenName":"Zoë"}', 'Zoe'],
      [
        'Switch([IsSoftDeleted], , "False", "True", "True", "False")',
        '{"accountEnabled":false}',
        'False',
      ],
      ['Join(" ", [givenName], [surname])', '{"givenName":"Joy","surname":"Young"}', 'Joy Young'],
      ['[mobile]', '{"mobilePhone":"+14155550123"}', '+14155550123'],
      ['[telephoneNumber]', '{"businessPhones":["+14155550124","+14155550125"]}', '+14155550124'],
      ['Split([mail], "@")', '{"mail":"a@b.c"}', '["a","b.c"]'],
      ['[department]', '{}', '(null: the attribute does not flow)'],
    ]
    for (const [expression, user, expected] of CASES)
      it(`${expression} with ${user} prints ${expected}`, async () => {
        const result = await box.cliWith(
          NO_DATABASE,
          'sync',
          'expression',
          expression,
          '--user',
          user,
        )
        assert.equal(result.code, 0, result.stderr)
        assert.equal(lastLine(result.stdout), expected)
      })

    it('--json prints the value as JSON', async () => {
      const result = await box.cli('sync', 'expression', 'Split("a,b", ",")', '--json')
      assert.equal(lastLine(result.stdout), '["a","b"]')
    })

    it('an error exits 1 with the position and a caret under the fault', async () => {
      const result = await box.cliWith(
        NO_DATABASE,
        'sync',
        'expression',
        'Item(Splt([preferredLanguage], "-"), 1)',
      )
      assert.equal(result.code, 1)
      assert.equal(result.stdout, '')
      assert.equal(
        result.stderr,
        'roster: position 6: Unknown function \'Splt\' (did you mean Split?).\n  Item(Splt([preferredLanguage], "-"), 1)\n       ^^^^\n',
      )
    })

    it('an evaluation error for the given user exits 1 with its caret', async () => {
      const result = await box.cli(
        'sync',
        'expression',
        'IIF([country]="USA", "us", "other")',
        '--user',
        '{}',
      )
      assert.equal(result.code, 1)
      assert.match(result.stderr, /position 5: IIF: the condition reads \[country\], which is null/)
      assert.match(result.stderr, /\n {6}\^{15}\n$/)
    })

    it('bad --user JSON is refused', async () => {
      const result = await box.cli('sync', 'expression', '[a]', '--user', '{nope')
      assert.equal(result.code, 1)
      assert.match(result.stderr, /^roster: --user is not JSON/)
    })
  })

  describe('sync mappings', { concurrency: 2 }, () => {
    it("--print lists Entra's default mappings as the mapping screen does", async () => {
      const result = await box.cliWith(NO_DATABASE, 'sync', 'mappings', '--print')
      assert.equal(result.code, 0, result.stderr)
      assert.match(
        result.stdout,
        /^Users: enabled; target object actions: create, update, delete$/m,
      )
      assert.match(result.stdout, /^ {2}userName +Direct +userPrincipalName +1 +Always$/m)
      assert.match(
        result.stdout,
        /^ {2}active +Expression +Switch\(\[IsSoftDeleted\], , "False", "True", "True", "False"\) +Always$/m,
      )
      assert.match(result.stdout, /^ {2}externalId +Direct +mailNickname +Always$/m)
      assert.match(result.stdout, /^ {2}displayName +Direct +displayName +1 +Always$/m)
      assert.match(result.stdout, /^ {2}externalId +Direct +objectId +Always$/m)
      assert.match(result.stdout, /^ {2}members +Direct +members +Always$/m)
    })

    it('--mappings applies a file; --json writes the effective mappings as a file that reads back the same', async () => {
      const result = await box.cli(
        'sync',
        'mappings',
        '--mappings',
        'docs/examples/roster-mappings.json',
        '--json',
      )
      assert.equal(result.code, 0, result.stderr)
      const file = join(box.dir, 'effective.json')
      writeFileSync(file, result.stdout)
      const again = await box.cli('sync', 'mappings', '--mappings', file, '--json')
      assert.equal(again.stdout, result.stdout)
      assert.doesNotMatch(result.stdout, /"displayName"[^}]*"title"/)
      assert.match(result.stdout, /"targetAttribute": "timezone"/)
    })

    it('a mapping file error names the row and shows the caret of an expression', async () => {
      const file = join(box.dir, 'bad.json')
      writeFileSync(
        file,
        JSON.stringify({
          users: {
            attributeMappings: [
              {
                targetAttribute: 'preferredLanguage',
                mappingType: 'Expression',
                expression: 'Item(Split([preferredLanguage], "-"), 0)',
              },
            ],
          },
        }),
      )
      const result = await box.cli('sync', 'mappings', '--mappings', file)
      assert.equal(result.code, 1)
      assert.match(
        result.stderr,
        /users\.attributeMappings\[0\] \(preferredLanguage\): position 39: Item is 1-based/,
      )
      assert.match(result.stderr, /\^\n$/)
    })

    it("refuses Graph's names where Entra has its own", async () => {
      const file = join(box.dir, 'graph-names.json')
      writeFileSync(
        file,
        JSON.stringify({
          users: {
            attributeMappings: [
              {
                targetAttribute: 'phoneNumbers[type eq "mobile"].value',
                sourceAttribute: 'mobilePhone',
              },
            ],
          },
        }),
      )
      const result = await box.cli('sync', 'mappings', '--mappings', file)
      assert.equal(result.code, 1)
      assert.match(
        result.stderr,
        /\[mobilePhone\] is Microsoft Graph's name; Entra's source attribute is \[mobile\]/,
      )
    })
  })

  describe('sync cycles', () => {
    const directory = {
      users: [
        {
          id: 'c1',
          userPrincipalName: 'cli1@contoso.com',
          givenName: 'Cli',
          surname: 'One',
          mail: 'cli1@contoso.com',
          mailNickname: 'cli1',
        },
        {
          id: 'c2',
          userPrincipalName: 'cli2@contoso.com',
          givenName: 'Cli',
          surname: 'Two',
          mailNickname: 'cli2',
        },
      ],
      groups: [{ id: 'cg', displayName: 'CLI group', members: ['c1', 'c2'] }],
    }

    it('runs a cycle with the token from ROSTER_SYNC_TOKEN, exit 0, the summary last; the next run sends nothing', async () => {
      const source = join(box.dir, 'cli.json')
      writeFileSync(source, JSON.stringify(directory))
      const args = [
        'sync',
        '--source',
        source,
        '--mappings',
        'docs/examples/roster-mappings.json',
        '--target',
        roster.tenantUrl,
      ]
      const first = await box.cliWith({ ...NO_DATABASE, ROSTER_SYNC_TOKEN: token }, ...args)
      assert.equal(first.code, 0, first.stdout + first.stderr)
      assert.equal(first.stderr, '', 'no progress bar outside a terminal')
      assert.match(first.stdout, /^Create +success +User cli1@contoso\.com → \S+$/m)
      assert.match(
        lastLine(first.stdout),
        /^created 3, updated 0, disabled 0, deleted 0, skipped 0, failed 0, requests 7, seconds \d+\.\d$/,
      )
      const state = JSON.parse(readFileSync(`${source}.sync-state.json`, 'utf8')) as {
        jobs: Record<string, unknown>
      }
      assert.deepEqual(Object.keys(state.jobs), [roster.tenantUrl])
      const second = await box.cliWith({ ROSTER_SYNC_TOKEN: token }, ...args)
      assert.equal(second.code, 0)
      assert.match(second.stdout, /^Incremental cycle 2 \(default mode\)/m)
      assert.match(lastLine(second.stdout), /requests 0,/)
    })

    it('--json writes one JSON object per line, entries then the summary; a failure exits 1', async () => {
      const source = join(box.dir, 'json.json')
      writeFileSync(
        source,
        JSON.stringify({
          users: [{ id: 'j1', userPrincipalName: 'json1@contoso.com', displayName: 'Json One' }],
        }),
      )
      const result = await box.cli(
        'sync',
        '--source',
        source,
        '--target',
        roster.tenantUrl,
        '--token',
        token,
        '--json',
        '--flag-mode',
      )
      assert.equal(result.code, 1, 'Roster refuses displayName under the default mapping')
      const records = result.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>)
      assert.equal(records[0]?.['type'], 'entry')
      assert.equal(records[0]?.['errorCode'], 'BadRequest')
      const summary = records[records.length - 1]
      assert.equal(summary?.['type'], 'summary')
      assert.equal(summary?.['mode'], 'aadOptscim062020 mode')
      assert.equal(summary?.['failed'], 1)
    })

    it('--dry-run prints the requests it would send', async () => {
      const source = join(box.dir, 'dry.json')
      writeFileSync(
        source,
        JSON.stringify({
          users: [{ id: 'dr', userPrincipalName: 'dry@contoso.com', givenName: 'Dry' }],
        }),
      )
      const result = await box.cli(
        'sync',
        '--source',
        source,
        '--mappings',
        'docs/examples/roster-mappings.json',
        '--target',
        roster.tenantUrl,
        '--token',
        token,
        '--dry-run',
      )
      assert.equal(result.code, 0, result.stderr)
      assert.match(result.stdout, /^ {6}would send POST \/Users$/m)
      assert.match(result.stdout, /"userName":"dry@contoso\.com"/)
      assert.match(result.stdout, /dry run: no write was sent/)
    })

    it('refuses to run without a token, a target or a source', async () => {
      const noToken = await box.cli('sync', '--source', 'x.json', '--target', roster.tenantUrl)
      assert.equal(noToken.code, 1)
      assert.match(noToken.stderr, /--token or ROSTER_SYNC_TOKEN/)
      const noTarget = await box.cli('sync', '--source', 'x.json', '--token', 't')
      assert.match(noTarget.stderr, /--target/)
      const missing = await box.cli(
        'sync',
        '--source',
        join(box.dir, 'none.json'),
        '--target',
        roster.tenantUrl,
        '--token',
        token,
      )
      assert.equal(missing.code, 1)
      assert.match(missing.stderr, /There is no source file/)
    })
  })
})
