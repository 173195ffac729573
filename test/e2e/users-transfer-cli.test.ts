// `roster users export|import` as real processes on a temporary SQLite file, beside a served process
// over real HTTP: an export line is what GET /Users/{id} answers; export → import into another tenant
// gives the same users (new ids and meta); the CSV round trip gives the same file; rejected rows are
// reported by line with every problem, exit 1, and none of them is half-imported; a malformed file is
// refused before anything is imported; the import is one audit event.
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { assertOk, call, createToken, sandbox, withoutContext } from '../process.js'
import type { CliResult, Sandbox, Server } from '../process.js'

const EXT = 'urn:ietf:params:scim:schemas:extension:roster:2.0:User'
const PUBLIC_URL = 'https://roster.example'

/** A JSON Lines export as objects. */
function lines(result: CliResult): Record<string, unknown>[] {
  assertOk({ ...result, stderr: result.stderr.replace(/^roster: exported \d+ users?\n/m, '') })
  return result.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
}

/**
 * The users by userName: the users of one import batch share a creation time, so a later export lists
 * them in id order, not the file's.
 */
function byName<T extends Record<string, unknown>>(users: readonly T[]): T[] {
  return [...users].sort((a, b) => String(a['userName']).localeCompare(String(b['userName'])))
}

/** The lines of a CSV export after its header, sorted. */
function csvRows(text: string): string[] {
  return text.split('\r\n').slice(1).sort()
}

/** A user without what the directory assigns (id, meta) or computes (groups). */
function writable(user: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, meta: _meta, groups: _groups, ...rest } = user
  return rest
}

describe('roster users export and import', () => {
  let box: Sandbox
  let server: Server
  let tenantUrl: string
  const cleanups: (() => Promise<void>)[] = []
  const env = { ROSTER_PUBLIC_URL: PUBLIC_URL }
  const cli = (...args: string[]): Promise<CliResult> => box.cliWith(env, ...args)
  const file = (name: string, text: string): string => {
    const path = join(box.dir, name)
    writeFileSync(path, text)
    return path
  }
  const count = async (tenant: string): Promise<number> =>
    lines(await cli('users', 'export', '--json', '--tenant', tenant)).length

  before(async () => {
    box = sandbox((fn) => cleanups.push(fn))
    for (const slug of ['acme', 'copy', 'csvcopy', 'target'])
      assertOk(await box.cli('tenant', 'create', slug))
    for (const slug of ['acme', 'copy', 'csvcopy', 'target']) {
      assertOk(await box.cli('properties', 'add', 'level', '--type', 'integer', '--tenant', slug))
      assertOk(
        await box.cli(
          'properties',
          'add',
          'shift',
          '--values',
          'Day,Night',
          '--multi',
          '--tenant',
          slug,
        ),
      )
    }
    const { token } = await createToken(box, 'transfer', '--tenant', 'acme')
    server = await box.serve({ env })
    tenantUrl = `${server.origin}/t/acme/api/xm/1/scim/v2`
    const users = [
      {
        userName: 'ann@contoso.com',
        externalId: 'e-ann',
        name: { givenName: 'Ann', familyName: 'Lee, "Jr"' },
        preferredLanguage: 'pt-BR',
        timezone: 'US/Pacific',
        emails: [
          { value: 'ann@contoso.com', type: 'work', primary: true },
          { value: 'ann@example.org', type: 'Home Email' },
        ],
        phoneNumbers: [{ value: '+14155550123', type: 'mobile', display: 'cell' }],
        roles: [{ value: 'Developer', type: 'Primary', primary: true }, { value: 'Standard User' }],
        [EXT]: { level: 3, shift: ['Day', 'night'] },
      },
      { userName: 'bob', active: false, password: 'Correct-Horse-9' },
      { userName: 'carl' },
    ]
    for (const body of users) {
      const created = await call(`${tenantUrl}/Users`, { token, body })
      assert.equal(created.status, 201, created.text)
    }
    const ann = await call(
      `${tenantUrl}/Users?filter=${encodeURIComponent('userName eq "ann@contoso.com"')}`,
      { token },
    )
    const group = await call(`${tenantUrl}/Groups`, {
      token,
      body: { displayName: 'Ops', members: [{ value: ann.body.Resources[0].id }] },
    })
    assert.equal(group.status, 201, group.text)
    cleanups.push(async () => void (await server.stop()))
  })
  after(async () => {
    for (const fn of cleanups.reverse()) await fn()
  })

  it('export --json writes each user as GET /Users/{id} answers it, one a line', async () => {
    const exported = lines(await cli('users', 'export', '--json', '--tenant', 'acme'))
    assert.deepEqual(
      exported.map((u) => u['userName']),
      ['ann@contoso.com', 'bob', 'carl'],
    )
    const { token } = await createToken(box, 'read', '--tenant', 'acme')
    for (const user of exported) {
      const read = await call(`${tenantUrl}/Users/${String(user['id'])}`, { token })
      assert.equal(read.status, 200)
      assert.deepEqual(user, read.body)
    }
    const ann = exported[0] as Record<string, unknown>
    assert.deepEqual(ann[EXT], { level: 3, shift: ['Day', 'night'] })
    assert.equal((ann['groups'] as { display: string }[])[0]?.display, 'Ops')
  })

  it('export --filter takes a SCIM filter; a bad one is refused with the reason', async () => {
    const some = lines(
      await cli(
        'users',
        'export',
        '--json',
        '--filter',
        'userName sw "b" or active eq false',
        '--tenant',
        'acme',
      ),
    )
    assert.deepEqual(
      some.map((u) => u['userName']),
      ['bob'],
    )
    const bad = await cli(
      'users',
      'export',
      '--json',
      '--filter',
      'userName zz "a"',
      '--tenant',
      'acme',
    )
    assert.equal(bad.code, 1)
    assert.equal(bad.stdout, '')
    assert.match(withoutContext(bad.stderr), /^roster: .*zz/)
    const neither = await cli('users', 'export', '--tenant', 'acme')
    assert.equal(neither.code, 1)
    assert.match(neither.stderr, /--csv or --json/)
  })

  it('export --json → import into another tenant gives the same users, with new ids', async () => {
    const source = await cli('users', 'export', '--json', '--tenant', 'acme')
    const path = file('acme.jsonl', source.stdout)
    const imported = await cli('users', 'import', path, '--tenant', 'copy')
    assert.equal(imported.code, 0, imported.stderr)
    assert.match(imported.stderr, /3 rows, 3 created in tenant copy, 0 rejected\n$/)
    const before = byName(lines(source))
    const copied = byName(lines(await cli('users', 'export', '--json', '--tenant', 'copy')))
    assert.deepEqual(copied.map(writable), before.map(writable))
    for (const [i, user] of copied.entries()) {
      assert.notEqual(user['id'], before[i]?.['id'])
      assert.match(
        String((user['meta'] as { location: string }).location),
        /^https:\/\/roster\.example\/t\/copy\/api\/xm\/1\/scim\/v2\/Users\//,
      )
      assert.equal(user['groups'], undefined)
    }
    // Again: every row is now a taken userName, rejected; exit 1; nothing changes.
    const again = await cli('users', 'import', path, '--tenant', 'copy')
    assert.equal(again.code, 1)
    assert.match(again.stderr, /line 2 \(bob\):\n {2}userName: 'bob' is already taken/)
    assert.match(again.stderr, /3 rows, 0 created in tenant copy, 3 rejected\n$/)
    assert.equal(await count('copy'), 3)
  })

  it('export --csv → import → export --csv gives the same rows', async () => {
    const source = await cli('users', 'export', '--csv', '--tenant', 'acme')
    assert.equal(source.code, 0, source.stderr)
    const [header, ann] = source.stdout.split('\r\n')
    assert.equal(
      header,
      'Operation,User,First Name,Last Name,Language,Time Zone,Roles,Status,External Key,Work Email,Home Email,Other Email,Work Phone,Home Phone,Mobile Phone,SMS Phone,level,shift',
    )
    assert.equal(
      ann,
      'process,ann@contoso.com,Ann,"Lee, ""Jr""",pt-BR,US/Pacific,Developer|Standard User,ACTIVE,e-ann,ann@contoso.com,ann@example.org,,,,+14155550123,,3,Day|night',
    )
    const imported = await cli(
      'users',
      'import',
      file('acme.csv', source.stdout),
      '--tenant',
      'csvcopy',
    )
    assert.equal(imported.code, 0, imported.stderr)
    const copied = await cli('users', 'export', '--csv', '--tenant', 'csvcopy')
    assert.equal(copied.stdout.split('\r\n')[0], header)
    assert.deepEqual(csvRows(copied.stdout), csvRows(source.stdout))
  })

  it('reports every rejected row by line with each problem and its column, exit 1; no row is half-imported', async () => {
    const report = join(box.dir, 'rejected.jsonl')
    const csv = file(
      'mixed.csv',
      [
        'User,First Name,Roles,Work Email,Mobile Phone,level,Site',
        'dan,Dan,Developer,dan@contoso.com,+14155550124,4,HQ',
        // A valid email and role, but a bad phone: the user is not created at all.
        'eve,Eve,Developer,eve@contoso.com,555-0000,,',
        'fay,,Boss,not-an-email,,high,',
        '"gus\nline",,,,,,',
        'DAN,,,,,,',
        'hal,Hal,,,,,',
      ].join('\n') + '\n',
    )
    const result = await cli('users', 'import', csv, '--tenant', 'target', '--report', report)
    assert.equal(result.code, 1)
    assert.equal(result.stdout, '')
    const text = withoutContext(result.stderr)
    assert.match(text, /^line 3 \(eve\):\n {2}Mobile Phone \(phoneNumbers\[0\]\.value\): .+\n/m)
    assert.match(
      text,
      /^line 4 \(fay\):\n {2}Work Email \(emails\[0\]\.value\): .+\n {2}Roles \(roles\[0\]\.value\): 'Boss' is not a role.+\n {2}level \(urn:[^)]+:level\): must be an integer, not "high"\n/m,
    )
    assert.match(
      text,
      /^line 5 \(gus\\nline\):\n {2}User \(userName\): contains the control character U\+000A; remove it\n/m,
    )
    assert.match(text, /^line 7 \(DAN\):\n {2}User \(userName\): 'DAN' is already taken/m)
    assert.match(
      text,
      /roster: the values of Site were ignored: Roster has no sites, supervisors or device statuses\nroster: \S+mixed\.csv: 6 rows, 2 created in tenant target, 4 rejected\n$/,
    )
    const rejected = readFileSync(report, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; userName: string; problems: unknown[] })
    assert.deepEqual(
      rejected.map((r) => [r.line, r.userName, r.problems.length]),
      [
        [3, 'eve', 1],
        [4, 'fay', 3],
        [5, 'gus\nline', 1],
        [7, 'DAN', 1],
      ],
    )
    const users = byName(lines(await cli('users', 'export', '--json', '--tenant', 'target')))
    assert.deepEqual(
      users.map((u) => u['userName']),
      ['dan', 'hal'],
    )
  })

  it('--dry-run validates and reports, writing nothing', async () => {
    const path = file(
      'dry.jsonl',
      '{"userName":"ivy"}\n{"userName":"ivy"}\n{"userName":"dan"}\n{"userName":"jo","timezone":"Mars/Base"}\n',
    )
    const result = await cli('users', 'import', path, '--tenant', 'target', '--dry-run')
    assert.equal(result.code, 1)
    assert.match(result.stderr, /line 2 \(ivy\):\n {2}userName: 'ivy' is already taken/)
    assert.match(result.stderr, /line 3 \(dan\):\n {2}userName: 'dan' is already taken/)
    assert.match(
      result.stderr,
      /line 4 \(jo\):\n {2}timezone: 'Mars\/Base' is not an IANA time zone/,
    )
    assert.match(
      result.stderr,
      /4 rows, 1 would be created in tenant target, 3 rejected \(dry run: nothing was written\)\n$/,
    )
    assert.equal(await count('target'), 2)
  })

  it('refuses a malformed file before importing anything', async () => {
    const cases: [string, string, RegExp][] = [
      [
        'bad.jsonl',
        '{"userName":"kim"}\n{"userName": kim2}\n',
        /bad\.jsonl line 2 is not JSON \(.+\); each line must be one user/,
      ],
      ['array.jsonl', '{"userName":"kim"}\n[1]\n', /array\.jsonl line 2 is not a JSON object/],
      [
        'pager.csv',
        'User,Pager,Title\nkim,1,\n',
        /pager\.csv line 1: the header has columns this tenant does not know: 'Pager', 'Title'\. Columns are Operation, User/,
      ],
      ['nouser.csv', 'First Name\nKim\n', /no 'User' column/],
      [
        'quote.csv',
        'User,First Name\nkim,Kim\nlee,"Lee\n',
        /quote\.csv line \d+ is not valid CSV \(Quote Not Closed/,
      ],
    ]
    for (const [name, text, message] of cases) {
      const result = await cli('users', 'import', file(name, text), '--tenant', 'target')
      assert.equal(result.code, 1, name)
      assert.equal(result.stdout, '', name)
      assert.match(withoutContext(result.stderr), /^roster: .+\n$/s, name)
      assert.match(result.stderr, message, name)
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace')
    }
    // An empty file (an export of a tenant without users) has no rows: nothing to do, exit 0.
    const empty = await cli('users', 'import', file('empty.jsonl', ''), '--tenant', 'target')
    assert.equal(empty.code, 0, empty.stderr)
    assert.match(empty.stderr, /empty\.jsonl: 0 rows, 0 created in tenant target, 0 rejected\n$/)
    const missing = await cli('users', 'import', join(box.dir, 'nope.csv'), '--tenant', 'target')
    assert.equal(missing.code, 1)
    assert.match(missing.stderr, /cannot read .*nope\.csv \(ENOENT\)/)
    assert.equal(await count('target'), 2)
  })

  it('each import is one audit event with its counts', async () => {
    const log = await cli('log', '--json', '--tenant', 'target')
    assertOk(log)
    const imports = log.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { operation: string; detail: string })
      .filter((e) => e.operation === 'users.import')
    assert.equal(imports.length, 1)
    assert.match(imports[0]?.detail ?? '', /mixed\.csv: 2 created, 4 rejected, of 6 rows$/)
  })
})
