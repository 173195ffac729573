// `roster users` and `roster groups` as real processes on a real database (a SQLite file; PostgreSQL
// too when DATABASE_URL is set), beside a served process that creates the directory over SCIM: lists
// with SCIM filters (bad ones refused with the parser's message), JSON Lines equal to what GET renders,
// unknown and ambiguous names refused, no tenant ever seeing another's people, and every change made
// with the SCIM rules (version and ETag move, the password policy applies) and recorded in `roster log`.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import Sqlite from 'better-sqlite3'
import pg from 'pg'
import { verifyPassword } from '../../src/auth/password-hash.js'
import {
  ROOT,
  SCIM_BASE,
  assertOk,
  assertRefused,
  call,
  createToken,
  sandbox,
  withoutContext,
} from '../process.js'
import type { CliResult, Sandbox, Server } from '../process.js'

const PUBLIC = 'https://roster.example.test'
const PG_URL = process.env['DATABASE_URL']

/** The rows of a table (header first), each split into its columns. */
function rows(stdout: string): string[][] {
  return stdout
    .trimEnd()
    .split('\n')
    .map((line) => line.split(/\s{2,}/))
}

/** JSON Lines parsed. */
function lines(stdout: string): Record<string, unknown>[] {
  return stdout
    .trimEnd()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
}

/** `roster ARGS` with `input` on stdin (a pipe), as `printf … | roster …` runs it. */
function withStdin(box: Sandbox, input: string, ...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/cli/main.js', ...args], {
      cwd: ROOT,
      env: { ...box.env, ROSTER_PUBLIC_URL: PUBLIC },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c))
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr })
    })
    child.stdin.end(input)
  })
}

interface Directory {
  box: Sandbox
  server: Server
  /** The default tenant's and acme's SCIM base URLs and tokens. */
  scim: { url: string; token: string }
  acme: { url: string; token: string }
  ids: Record<string, string>
  /** `roster …` with ROSTER_PUBLIC_URL set as the server has it. */
  cli(...args: string[]): Promise<CliResult>
}

async function created(url: string, token: string, body: unknown): Promise<string> {
  const reply = await call(url, { token, body })
  assert.equal(reply.status, 201, reply.text)
  return reply.body.id as string
}

/** Three users and two groups in the default tenant, and two users in acme (one named like ann). */
async function directory(box: Sandbox): Promise<Directory> {
  const cli = (...args: string[]): Promise<CliResult> =>
    box.cliWith({ ROSTER_PUBLIC_URL: PUBLIC }, ...args)
  assertOk(await cli('tenant', 'create', 'acme'))
  const token = (await createToken(box, 'entra')).token
  const acmeToken = (await createToken(box, 'entra', '--tenant', 'acme')).token
  const server = await box.serve({ env: { ROSTER_PUBLIC_URL: PUBLIC } })
  const url = server.tenantUrl
  const acmeUrl = `${server.origin}/t/acme${SCIM_BASE}`
  const ids: Record<string, string> = {}
  ids['ann'] = await created(`${url}/Users`, token, {
    userName: 'ann@contoso.com',
    name: { givenName: 'Ann', familyName: 'Lee' },
    emails: [{ value: 'ann@contoso.com', type: 'work', primary: true }],
    roles: [{ value: 'Standard User', primary: true }],
  })
  ids['bob'] = await created(`${url}/Users`, token, {
    userName: 'bob@contoso.com',
    name: { givenName: 'Bob', familyName: 'Ray' },
  })
  ids['cy'] = await created(`${url}/Users`, token, { userName: 'cy@contoso.com', active: false })
  ids['acmeAnn'] = await created(`${acmeUrl}/Users`, acmeToken, { userName: 'ann@contoso.com' })
  ids['zed'] = await created(`${acmeUrl}/Users`, acmeToken, { userName: 'zed@acme.example' })
  ids['oncall'] = await created(`${url}/Groups`, token, {
    displayName: 'On-call',
    members: [{ value: ids['ann'] }, { value: ids['bob'] }],
  })
  ids['ops'] = await created(`${url}/Groups`, token, {
    displayName: 'Ops',
    externalId: 'ops-1',
    members: [{ value: ids['oncall'], type: 'Group' }],
  })
  ids['acmeGroup'] = await created(`${acmeUrl}/Groups`, acmeToken, { displayName: 'Acme team' })
  return {
    box,
    server,
    scim: { url, token },
    acme: { url: acmeUrl, token: acmeToken },
    ids,
    cli,
  }
}

/** The behaviour every database must show; `name` says which. */
function suite(
  name: string,
  open: (register: (fn: () => Promise<void>) => void) => Promise<Sandbox>,
): void {
  describe(`roster users and roster groups (${name})`, () => {
    // PostgreSQL runs the cases where the store's SQL differs (filters, lookups, writes); the CLI's own
    // logic (limits, ambiguity, password input) is the same on both and runs on SQLite.
    const full = name === 'SQLite'
    const fullOnly = (title: string, fn: () => Promise<void>) =>
      full
        ? it(title, fn)
        : it(title, { skip: "the CLI's own logic, the same on every database: runs on SQLite" }, fn)
    const cleanups: (() => Promise<void>)[] = []
    let d: Directory
    before(async () => {
      d = await directory(await open((fn) => cleanups.push(fn)))
    })
    after(async () => {
      for (const fn of cleanups) await fn()
    })

    it('users list: a table, oldest first, with id, userName, name, active, roles and email', async () => {
      const list = await d.cli('users', 'list')
      assertOk(list)
      assert.deepEqual(rows(list.stdout), [
        ['ID', 'USERNAME', 'NAME', 'ACTIVE', 'ROLES', 'EMAIL'],
        [d.ids['ann'], 'ann@contoso.com', 'Ann Lee', 'yes', 'Standard User', 'ann@contoso.com'],
        [d.ids['bob'], 'bob@contoso.com', 'Bob Ray', 'yes', 'Standard User'],
        // cy has no name: the empty column is only spaces.
        [d.ids['cy'], 'cy@contoso.com', 'no', 'Standard User'],
      ])
    })

    const filters: [string, string[], string[]][] = [
      ['userName sw "b"', [], ['bob@contoso.com']],
      ['USERNAME eq "ANN@contoso.com"', [], ['ann@contoso.com']],
      ['active eq false', [], ['cy@contoso.com']],
      [
        'name.givenName co "o" or userName ew "y@contoso.com"',
        [],
        ['bob@contoso.com', 'cy@contoso.com'],
      ],
      ['groups.display eq "On-call"', [], ['ann@contoso.com', 'bob@contoso.com']],
      ['userName sw "zed"', [], []],
      [
        'userName pr',
        ['--sort-by', 'userName', '--sort-order', 'descending'],
        ['cy@contoso.com', 'bob@contoso.com', 'ann@contoso.com'],
      ],
    ]
    for (const [filter, extra, expected] of full ? filters : filters.slice(0, 2)) {
      it(`users list --filter '${filter}' ${extra.join(' ')}`, async () => {
        const list = await d.cli('users', 'list', '--filter', filter, ...extra, '--json')
        assert.equal(list.code, 0, list.stderr)
        assert.deepEqual(
          lines(list.stdout).map((u) => u['userName']),
          expected,
        )
      })
    }

    const bad: [string[], RegExp][] = [
      [
        ['--filter', 'userName eq'],
        /^roster: --filter: Expected a value after 'eq' at position 12/m,
      ],
      [['--filter', 'userName zz "a"'], /--filter: Unknown operator 'zz' at position 10/],
      [['--filter', '(userName eq "a"'], /--filter: Expected '\)'/],
      [['--filter', 'nosuch eq "a"'], /--filter: .*nosuch/],
      [['--sort-by', 'nosuch'], /sortBy: 'nosuch' is not an attribute of the User schema/],
      [['--limit', '0'], /--limit must be a whole number from 1, not '0'/],
      [['--limit', 'ten'], /--limit must be a whole number/],
      [['--limit', '5', '--all'], /--limit and --all cannot be used together/],
    ]
    for (const [args, message] of full ? bad : bad.slice(0, 4)) {
      it(`users list ${args.join(' ')}: refused in one line`, async () => {
        assertRefused(await d.cli('users', 'list', ...args), message)
      })
    }

    fullOnly('users list --limit says on stderr that more exist; --all shows them', async () => {
      const one = await d.cli('users', 'list', '--limit', '2')
      assert.equal(one.code, 0)
      assert.equal(rows(one.stdout).length, 3)
      assert.equal(
        withoutContext(one.stderr),
        'roster: showing 2 of 3 users; --limit N or --all for more\n',
      )
      const json = await d.cli('users', 'list', '--limit', '1', '--json')
      assert.equal(lines(json.stdout).length, 1)
      assert.match(json.stderr, /showing 1 of 3 users/)
      const all = await d.cli('users', 'list', '--all')
      assertOk(all)
      assert.equal(rows(all.stdout).length, 4)
    })

    it('users list --json: each line is the user exactly as GET /Users/{id} renders it', async () => {
      const list = await d.cli('users', 'list', '--json')
      assertOk(list)
      const users = lines(list.stdout)
      assert.equal(users.length, 3)
      for (const user of users) {
        const got = await call(`${d.scim.url}/Users/${String(user['id'])}`, { token: d.scim.token })
        assert.deepEqual(user, got.body)
      }
      const ann = users[0] as { meta: { location: string }; groups: unknown[] }
      assert.equal(ann.meta.location, `${PUBLIC}${SCIM_BASE}/Users/${d.ids['ann']}`)
      assert.equal(ann.groups.length, 2, 'On-call directly, Ops through it')
    })

    it('users show: by userName (ignoring case) or id, readable; --json as GET renders it', async () => {
      for (const key of ['ANN@contoso.com', d.ids['ann'] as string]) {
        const show = await d.cli('users', 'show', key)
        assertOk(show)
        assert.match(show.stdout, new RegExp(`^id: +${d.ids['ann']}\n`))
        assert.match(show.stdout, /\nuserName: +ann@contoso.com\n/)
        assert.match(show.stdout, /\nemails: +ann@contoso.com \(Work Email, primary\)\n/)
        assert.match(show.stdout, /\nroles: +Standard User \(primary\)\n/)
        assert.match(
          show.stdout,
          new RegExp(
            `\ngroups: +On-call \\(${d.ids['oncall']}, direct\\)\n +Ops \\(${d.ids['ops']}, indirect\\)\n`,
          ),
        )
      }
      const json = await d.cli('users', 'show', 'bob@contoso.com', '--json')
      assertOk(json)
      const got = await call(`${d.scim.url}/Users/${d.ids['bob']}`, { token: d.scim.token })
      assert.deepEqual(lines(json.stdout), [got.body])
    })

    const unknown: [string[], RegExp][] = [
      [
        ['users', 'show', 'nobody@contoso.com'],
        /no user with the userName or id 'nobody@contoso.com'/,
      ],
      [['users', 'show', 'ann@contoso.com', '--by', 'id'], /no user with the id 'ann@contoso.com'/],
      [
        ['users', 'delete', '00000000-0000-0000-0000-000000000000'],
        /no user with the userName or id/,
      ],
      [['users', 'disable', ''], /Name a user: its userName or id/],
      [['groups', 'show', 'Nobody'], /no group with the displayName or id 'Nobody'/],
      [['groups', 'list', '--filter', 'members.value eq'], /^roster: --filter: /m],
      [['groups', 'list', '--filter', 'userName eq "x"'], /--filter: .*userName/],
      [['users', 'list', '--tenant', 'nosuch'], /There is no tenant 'nosuch'/],
    ]
    for (const [args, message] of full ? unknown : unknown.slice(0, 3)) {
      it(`${args.join(' ')}: refused`, async () => {
        assertRefused(await d.cli(...args), message)
      })
    }

    it('--tenant: a tenant never sees another tenant’s users or groups', async () => {
      const acme = await d.cli('users', 'list', '--tenant', 'acme', '--json')
      assertOk(acme)
      assert.deepEqual(
        lines(acme.stdout).map((u) => u['id']),
        [d.ids['acmeAnn'], d.ids['zed']],
      )
      const match = await d.cli('users', 'list', '--tenant', 'acme', '--filter', 'userName sw "b"')
      assert.equal(match.stdout, '')
      // The same userName is acme's own user in acme, and the default tenant's without --tenant.
      const acmeAnn = await d.cli('users', 'show', 'ann@contoso.com', '--tenant', 'acme', '--json')
      assert.equal(lines(acmeAnn.stdout)[0]?.['id'], d.ids['acmeAnn'])
      assert.match(
        String((lines(acmeAnn.stdout)[0]?.['meta'] as { location: string }).location),
        /\/t\/acme\//,
      )
      for (const args of [
        ['users', 'show', d.ids['bob'] as string],
        ['users', 'disable', d.ids['bob'] as string],
        ['users', 'delete', d.ids['bob'] as string],
        ['users', 'show', 'bob@contoso.com'],
        ['groups', 'show', d.ids['oncall'] as string],
        ['groups', 'show', 'On-call'],
      ])
        assertRefused(await d.cli(...args, '--tenant', 'acme'), /There is no (user|group) with/)
      const groups = await d.cli('groups', 'list', '--tenant', 'acme', '--json')
      assert.deepEqual(
        lines(groups.stdout).map((g) => g['displayName']),
        ['Acme team'],
      )
      const bob = await call(`${d.scim.url}/Users/${d.ids['bob']}`, { token: d.scim.token })
      assert.equal(bob.body.active, true, 'untouched by the refused commands')
    })

    it('groups list and show: members counted and listed; --json as GET /Groups/{id} renders it', async () => {
      const list = await d.cli('groups', 'list')
      assertOk(list)
      assert.deepEqual(rows(list.stdout), [
        ['ID', 'DISPLAYNAME', 'EXTERNALID', 'MEMBERS'],
        [d.ids['oncall'], 'On-call', '2'],
        [d.ids['ops'], 'Ops', 'ops-1', '1'],
      ])
      const filtered = await d.cli('groups', 'list', '--filter', 'displayName sw "on"', '--json')
      assertOk(filtered)
      const [oncall] = lines(filtered.stdout)
      const got = await call(`${d.scim.url}/Groups/${d.ids['oncall']}`, { token: d.scim.token })
      assert.deepEqual(lines(filtered.stdout), [got.body])
      assert.equal((oncall?.['members'] as unknown[]).length, 2)
      const show = await d.cli('groups', 'show', 'ops')
      assertOk(show)
      assert.match(show.stdout, /^id: +\S+\ndisplayName: +Ops\nexternalId: +ops-1\n/)
      assert.match(
        show.stdout,
        new RegExp(`\n1 member:\nTYPE +ID +DISPLAY\nGroup +${d.ids['oncall']} +On-call\n$`),
      )
      const json = await d.cli('groups', 'show', d.ids['oncall'] as string, '--json')
      assert.deepEqual(lines(json.stdout), [got.body])
      const limited = await d.cli('groups', 'list', '--limit', '1')
      assert.match(limited.stderr, /showing 1 of 2 groups; --limit N or --all for more/)
    })

    it('disable and enable: as a SCIM PATCH of active (version and ETag move), each an audit event', async () => {
      const url = `${d.scim.url}/Users/${d.ids['bob']}`
      const before = await call(url, { token: d.scim.token })
      const disabled = await d.cli('users', 'disable', 'Bob@Contoso.com')
      assertOk(disabled)
      assert.equal(
        disabled.stdout,
        `Disabled user bob@contoso.com (${d.ids['bob']}) of tenant default.\n`,
      )
      const after = await call(url, { token: d.scim.token })
      assert.equal(after.body.active, false)
      assert.notEqual(after.headers.get('etag'), before.headers.get('etag'))
      assert.notEqual(after.body.meta.version, before.body.meta.version)
      const again = await d.cli('users', 'disable', d.ids['bob'] as string)
      assertOk(again)
      assert.match(again.stdout, /already disabled; nothing changed/)
      const same = await call(url, { token: d.scim.token })
      assert.equal(same.headers.get('etag'), after.headers.get('etag'), 'no change, same version')
      assertOk(await d.cli('users', 'enable', 'bob@contoso.com'))
      assert.equal((await call(url, { token: d.scim.token })).body.active, true)
      const log = await d.cli('log', '--json', '--user', 'bob@contoso.com')
      assertOk(log)
      const events = lines(log.stdout).filter((e) => e['kind'] === 'audit')
      assert.deepEqual(
        events.map((e) => [e['operation'], e['id'], e['target'], e['changes']]),
        [
          [
            'user.enable',
            d.ids['bob'],
            'bob@contoso.com',
            [{ path: 'active', old: 'false', new: 'true' }],
          ],
          [
            'user.disable',
            d.ids['bob'],
            'bob@contoso.com',
            [{ path: 'active', old: 'true', new: 'false' }],
          ],
        ],
      )
      assert.match(String(events[0]?.['credential']), /^cli/)
    })

    fullOnly(
      'an argument that is one user’s id and another’s userName is refused until --by says which',
      async () => {
        const twin = await created(`${d.scim.url}/Users`, d.scim.token, { userName: d.ids['cy'] })
        for (const command of ['show', 'disable', 'delete', 'password'])
          assertRefused(
            await d.cli('users', command, d.ids['cy'] as string),
            new RegExp(
              `'${d.ids['cy']}' is ambiguous: it is the id of user cy@contoso.com and the userName of user ${twin}; add --by id or --by userName`,
            ),
          )
        const byName = await d.cli(
          'users',
          'show',
          d.ids['cy'] as string,
          '--by',
          'userName',
          '--json',
        )
        assert.equal(lines(byName.stdout)[0]?.['id'], twin)
        assertOk(await d.cli('users', 'delete', d.ids['cy'] as string, '--by', 'userName'))
        // Now only the id matches: no longer ambiguous.
        const show = await d.cli('users', 'show', d.ids['cy'] as string, '--json')
        assert.equal(lines(show.stdout)[0]?.['userName'], 'cy@contoso.com')
      },
    )

    it('delete: gone over SCIM, out of its groups (their version moves), an audit event', async () => {
      const group = `${d.scim.url}/Groups/${d.ids['oncall']}`
      const before = await call(group, { token: d.scim.token })
      const deleted = await d.cli('users', 'delete', 'ann@contoso.com')
      assertOk(deleted)
      assert.equal(
        deleted.stdout,
        `Deleted user ann@contoso.com (${d.ids['ann']}) of tenant default.\n`,
      )
      assert.equal(
        (await call(`${d.scim.url}/Users/${d.ids['ann']}`, { token: d.scim.token })).status,
        404,
      )
      const after = await call(group, { token: d.scim.token })
      assert.deepEqual(
        after.body.members.map((m: { value: string }) => m.value),
        [d.ids['bob']],
      )
      assert.notEqual(after.body.meta.version, before.body.meta.version)
      assertRefused(
        await d.cli('users', 'delete', 'ann@contoso.com'),
        /no user with the userName or id/,
      )
      const acme = await call(`${d.acme.url}/Users/${d.ids['acmeAnn']}`, { token: d.acme.token })
      assert.equal(acme.status, 200, "acme's ann@contoso.com is another user, kept")
      const log = await d.cli('log', '--json', '--user', d.ids['ann'] as string)
      const event = lines(log.stdout).find((e) => e['operation'] === 'user.delete')
      assert.equal(event?.['target'], 'ann@contoso.com')
    })

    fullOnly(
      'password from a pipe: the policy applies as in SCIM; the value is never printed',
      async () => {
        const short = await withStdin(d.box, 'abc\n', 'users', 'password', 'bob@contoso.com')
        assertRefused(
          short,
          /password: does not meet the password policy: it must have at least 8 characters/,
        )
        const cases: [string, RegExp][] = [
          ['', /No password on stdin/],
          ['\n', /No password on stdin/],
          ['first-pass\nsecond-pass\n', /more than one line/],
        ]
        for (const [input, message] of cases)
          assertRefused(
            await withStdin(d.box, input, 'users', 'password', 'bob@contoso.com'),
            message,
          )
        const before = await call(`${d.scim.url}/Users/${d.ids['bob']}`, { token: d.scim.token })
        const set = await withStdin(
          d.box,
          'Long enough 1\r\n',
          'users',
          'password',
          'bob@contoso.com',
        )
        assertOk(set)
        assert.doesNotMatch(set.stdout + set.stderr, /Long enough/)
        const after = await call(`${d.scim.url}/Users/${d.ids['bob']}`, { token: d.scim.token })
        assert.notEqual(after.body.meta.version, before.body.meta.version)
        assert.equal(after.body.password, undefined, 'never returned')
        const log = await d.cli('log', '--json', '--user', 'bob@contoso.com')
        const event = lines(log.stdout).find((e) => e['operation'] === 'user.password')
        assert.deepEqual(event?.['changes'], [{ path: 'password', new: '(changed)' }])
        assert.doesNotMatch(log.stdout, /Long enough/)
      },
    )
  })
}

suite('SQLite', async (register) => sandbox(register))

if (PG_URL) {
  suite('PostgreSQL', async (register) => {
    const database = `roster_e2e_${randomBytes(6).toString('hex')}`
    const admin = new pg.Client({ connectionString: PG_URL })
    await admin.connect()
    await admin.query(`create database ${database}`)
    const target = new URL(PG_URL)
    target.pathname = `/${database}`
    const box = sandbox(register, { databaseUrl: target.toString() })
    register(async () => {
      await admin.query(`drop database if exists ${database} with (force)`)
      await admin.end()
    })
    // The CLI opens no database PostgreSQL has not migrated: the server does it first.
    return box
  })
}

describe('roster users password (SQLite file)', () => {
  it('stores a hash the console verifies; from a terminal, asked twice without echo', async (t) => {
    const box = sandbox((fn) => t.after(fn))
    const server = await box.serve()
    const token = (await createToken(box, 'entra')).token
    const id = await created(`${server.tenantUrl}/Users`, token, { userName: 'dee@contoso.com' })
    assertOk(await withStdin(box, 'Piped pass 1\n', 'users', 'password', 'dee@contoso.com'))
    const hash = (): string => {
      const db = new Sqlite(box.db, { readonly: true })
      try {
        const row = db.prepare('select password_hash from users where id = ?').get(id) as {
          password_hash: string
        }
        return row.password_hash
      } finally {
        db.close()
      }
    }
    assert.equal(await verifyPassword('Piped pass 1', hash()), true)
    // A terminal: util-linux `script` gives the command a pseudo-terminal fed from our pipe; raw mode is
    // on before the prompt is written, so what the test types once it sees the prompt is never echoed.
    if (!existsSync('/usr/bin/script')) return t.skip('no /usr/bin/script for a pseudo-terminal')
    const tty = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(
        '/usr/bin/script',
        [
          '-qec',
          `${process.execPath} dist/cli/main.js users password dee@contoso.com`,
          '/dev/null',
        ],
        { cwd: ROOT, env: box.env, stdio: ['pipe', 'pipe', 'pipe'] },
      )
      let out = ''
      let typed = false
      child.stdout.setEncoding('utf8').on('data', (c: string) => {
        out += c
        // Both entries typed as soon as the first prompt shows: the second is typed ahead of its
        // prompt, and must not be echoed either.
        if (!typed && /dee@contoso.com: $/.test(out)) {
          typed = true
          child.stdin.write('Typed pass 2\rTyped pass 2\r')
        }
      })
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
      child.once('close', (code) => {
        clearTimeout(timer)
        resolve({ code, out })
      })
    })
    assert.equal(tty.code, 0, tty.out)
    assert.match(
      tty.out,
      /New password for dee@contoso.com: \r?\nNew password for dee@contoso.com \(again\): /,
    )
    assert.doesNotMatch(tty.out, /Typed pass/, 'nothing echoed')
    assert.equal(await verifyPassword('Typed pass 2', hash()), true)
  })
})
