// Which database, which tenant: every CLI command that uses a database names it (and the tenant) on
// stderr; only `roster serve` and `roster init` create one, so a typo in ROSTER_DB or another working
// folder is an error, never a new empty database; the banner's CLI invocation reaches the served
// database from any folder; ROSTER_CONFIG is read by the server and the CLI alike.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { ROOT, assertOk, assertRefused, call, lastLine, sandbox } from '../process.js'

/** Runs a shell command line (the banner's invocation) in `cwd`; resolves with its output. */
function shell(
  line: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', line], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c))
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

describe(
  'the CLI names its database and never creates one by accident',
  { concurrency: true },
  () => {
    it('a command without a database exits 1 naming the path, and creates nothing', async (t) => {
      const box = sandbox((fn) => t.after(fn), { fresh: true })
      for (const args of [
        ['token', 'create', '--name', 'entra'],
        ['token', 'list'],
        ['tenant', 'list'],
        ['roles', 'list', '--tenant', 'acme'],
        ['log'],
      ]) {
        const result = await box.cli(...args)
        assert.equal(result.code, 1, args.join(' '))
        assert.equal(result.stdout, '')
        assert.equal(
          result.stderr,
          `roster: no database at ${box.db}; set ROSTER_DB or run roster init\n`,
          args.join(' '),
        )
      }
      const typo = await box.cliWith({ ROSTER_DB: `${box.db}x` }, 'token', 'list')
      assertRefused(typo, new RegExp(`no database at ${box.db}x;`))
      assert.ok(!existsSync(box.db) && !existsSync(`${box.db}x`), 'no database file was created')
    })

    it('roster init creates it once; then every command names the database and the tenant', async (t) => {
      const box = sandbox((fn) => t.after(fn), { fresh: true })
      const init = await box.cli('init')
      assert.equal(init.code, 0, init.stderr)
      assert.equal(
        init.stdout,
        `The database SQLite ${box.db} is ready, with the default tenant.\n`,
      )
      assert.ok(existsSync(box.db))
      const again = await box.cli('init')
      assert.equal(again.stdout, `The database SQLite ${box.db} exists already; nothing changed.\n`)

      const created = await box.cli('token', 'create', '--name', 'entra')
      assertOk(created)
      assert.equal(created.stderr, `roster: database SQLite ${box.db}, tenant default\n`)
      const tenants = await box.cli('tenant', 'create', 'acme')
      assert.equal(tenants.stderr, `roster: database SQLite ${box.db}\n`)
      const acme = await box.cli('roles', 'list', '--tenant', 'acme')
      assert.equal(acme.stderr, `roster: database SQLite ${box.db}, tenant acme\n`)
    })

    it('roster check and roster sync need no database', async (t) => {
      const box = sandbox((fn) => t.after(fn), { fresh: true })
      const expression = await box.cli('sync', 'expression', 'Join("-", "a", "b")')
      assert.equal(expression.code, 0, expression.stderr)
      assert.equal(expression.stdout.trim(), 'a-b')
      const check = await box.cliWith(
        { ROSTER_CHECK_TOKEN: 'x' },
        'check',
        'http://127.0.0.1:1/api/xm/1/scim/v2',
      )
      assert.doesNotMatch(check.stderr, /no database/)
      assert.ok(!existsSync(box.db))
    })

    it("the banner's invocation, run as printed from another folder, acts on the served database", async (t) => {
      const box = sandbox((fn) => t.after(fn), { fresh: true })
      const server = await box.serve()
      const banner = server.output().stderr
      assert.match(banner, new RegExp(`^Roster is serving SCIM 2\\.0 from SQLite ${box.db}\\.\\n`))
      const invocation = /Secret Token: run {2}(.+ token create --name entra) {2}and paste/.exec(
        banner,
      )?.[1]
      assert.ok(invocation, banner)
      assert.ok(invocation.startsWith(`ROSTER_DB=${box.db} npx roster`), invocation)
      // From another folder (and with another ROSTER_DB in the environment, which the line overrides).
      const elsewhere = join(box.dir, 'elsewhere')
      mkdirSync(elsewhere)
      const cd = `cd ${ROOT} && `
      const run = await shell(cd + invocation, elsewhere, {
        ...box.env,
        ROSTER_DB: join(elsewhere, 'wrong.db'),
      })
      assert.equal(run.code, 0, run.stderr)
      const token = lastLine(run.stdout)
      assert.equal((await call(`${server.tenantUrl}/Users`, { token })).status, 200)
      assert.ok(!existsSync(join(elsewhere, 'wrong.db')))
    })

    it('ROSTER_CONFIG: the server and the CLI read the same file', async (t) => {
      const box = sandbox((fn) => t.after(fn), { fresh: true })
      const file = join(box.dir, 'roster.env')
      writeFileSync(file, '# Roster settings\nROSTER_DB=config.db\nLOG_LEVEL=warn\n')
      const env = { ROSTER_CONFIG: file, ROSTER_DB: '' }
      const server = await box.serve({ env })
      assert.match(
        server.output().stderr,
        new RegExp(`from SQLite ${join(box.dir, 'config.db')}\\.`),
      )
      assert.match(server.output().stderr, new RegExp(`run {2}ROSTER_CONFIG=${file} npx roster`))
      const created = await box.cliWith(env, 'token', 'create', '--name', 'entra')
      assertOk(created)
      assert.match(created.stderr, new RegExp(`database SQLite ${join(box.dir, 'config.db')},`))
      const token = lastLine(created.stdout)
      assert.equal((await call(`${server.tenantUrl}/Users`, { token })).status, 200)

      writeFileSync(file, 'ROSTER_DATABASE=x.db\n')
      const typo = await box.cliWith(env, 'token', 'list')
      assertRefused(typo, /sets ROSTER_DATABASE, which Roster does not read/)
    })

    it('an unknown LOG_LEVEL stops the server with one clear line', async (t) => {
      const box = sandbox((fn) => t.after(fn), { fresh: true })
      const result = await box.cliWith({ LOG_LEVEL: 'verbose' }, 'serve')
      assert.equal(result.code, 1)
      assert.equal(
        result.stderr,
        "roster: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not 'verbose'.\n",
      )
    })
  },
)
