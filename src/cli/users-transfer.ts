// roster users export|import: a tenant's users out as JSON Lines (each user as GET /Users/{id} renders
// it) or as xMatters' User Upload CSV, and either file into any tenant. Every row of an import is
// validated by the same rules as a SCIM POST (parseUser, the target tenant's settings and custom
// properties) and created whole or not at all; rows are written in batches, one transaction each
// (TenantStore.createUsers).
import { statSync, writeFileSync } from 'node:fs'
import cliProgress from 'cli-progress'
import type { Command } from 'commander'
import { Option } from 'commander'
import { hashPassword } from '../auth/password-hash.js'
import { DEFAULTS, withConfigFile } from '../config.js'
import { normalizePublicUrl } from '../http/origin.js'
import { ScimError } from '../scim/errors.js'
import type { Position } from '../scim/cursor.js'
import type { Fold } from '../scim/filter/evaluate.js'
import { parseFilter } from '../scim/filter/parser.js'
import type { Problem } from '../scim/errors.js'
import { unknownFilterAttributes } from '../scim/profile/settings.js'
import { csvColumns, csvLine, problemPlace, userToCsv } from '../scim/profile/user-csv.js'
import { userFold } from '../scim/profile/user-fold.js'
import { foldUserName } from '../scim/profile/user-name.js'
import { parseUser } from '../scim/profile/user-rules.js'
import { project } from '../scim/resource/project.js'
import { userToJson } from '../scim/resource/user-json.js'
import type { UserInput } from '../scim/resource/user.js'
import { userRegistryFor } from '../scim/schema/extension.js'
import type { NewUser, Tenant, TenantStore } from '../store/store.js'
import { DEFAULT_TENANT_SLUG } from '../store/store.js'
import { audit } from './audit.js'
import { CliError, withTenant } from './context.js'
import { checkFile, detectFormat, fileRows } from './user-file.js'
import type { FileRow } from './user-file.js'

/** Users read per page on export. */
const EXPORT_PAGE = 1000
/** Rows written per transaction on import. */
export const IMPORT_BATCH = 1000

/**
 * The SCIM base URL of a tenant's meta.location and group $refs in an export: ROSTER_PUBLIC_URL, else
 * http://HOST:PORT as `roster serve` listens; `/t/{slug}` for a tenant other than the default.
 */
function scimBase(tenant: Tenant): string {
  const env = withConfigFile(process.env)
  const origin = env['ROSTER_PUBLIC_URL']
    ? normalizePublicUrl(env['ROSTER_PUBLIC_URL'])
    : `http://${env['HOST'] || DEFAULTS.host}:${env['PORT'] || DEFAULTS.port}`
  const path = tenant.slug === DEFAULT_TENANT_SLUG ? '' : `/t/${encodeURIComponent(tenant.slug)}`
  return `${origin}${path}/api/xm/1/scim/v2`
}

/** Writes to stdout, waiting when the pipe is full (memory stays bounded however large the export). */
function write(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(text)) resolve()
    else process.stdout.once('drain', resolve)
  })
}

/** A progress bar on stderr when it is a terminal that stdout is not; nothing otherwise. */
function progress(format: string): {
  start(total: number): void
  update(value: number, payload: object): void
  stop(): void
} {
  if (!process.stderr.isTTY || process.stdout.isTTY)
    return { start: () => {}, update: () => {}, stop: () => {} }
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  )
  return {
    start: (total) => bar.start(total, 0, { created: 0, rejected: 0 }),
    update: (value, payload) => bar.update(value, payload),
    stop: () => bar.stop(),
  }
}

interface ExportOptions {
  csv?: boolean
  json?: boolean
  filter?: string
}

async function exportUsers(
  data: TenantStore,
  tenant: Tenant,
  options: ExportOptions,
): Promise<void> {
  if (options.csv === options.json)
    throw new CliError('Give one of --csv or --json (roster users export --json > users.jsonl).')
  const settings = await data.settings()
  const definitions = await data.properties()
  const registry = userRegistryFor(definitions)
  const filter = options.filter === undefined ? undefined : parseFilter(options.filter)
  const columns = options.csv
    ? csvColumns({ devices: settings.devices, properties: definitions })
    : undefined
  const base = scimBase(tenant)
  if (columns) await write(csvLine(columns.map((c) => c.name)))
  // A fold without its spec runs in this process: the pages are read here, not in the SQLite read pool
  // (its statement deadline is for a server's requests, and its worker processes may still be replying
  // when a CLI command exits).
  const folding = userFold(settings)
  const fold: Fold = (key, value, def) => folding(key, value, def)
  const bar = progress('export [{bar}] {value}/{total} users')
  let after: Position | undefined
  let done = 0
  try {
    for (;;) {
      const page = await data.listUsers({
        ...(filter ? { filter } : {}),
        fold,
        unknownAttributes: unknownFilterAttributes(settings),
        startIndex: 1,
        count: EXPORT_PAGE,
        keyset: after ? { after, backward: false } : { backward: false },
      })
      if (done === 0) bar.start(page.total)
      await write(
        page.users
          .map((user) =>
            columns
              ? csvLine(userToCsv(user, columns))
              : `${JSON.stringify(project(userToJson(user, base), registry, {}))}\n`,
          )
          .join(''),
      )
      done += page.users.length
      bar.update(done, {})
      if (!page.next) break
      after = page.next
    }
  } finally {
    bar.stop()
  }
  process.stderr.write(`roster: exported ${done} user${done === 1 ? '' : 's'}\n`)
}

/** A row that did not land, with every problem found. */
interface Rejected {
  readonly line: number
  readonly userName: string
  readonly problems: readonly Problem[]
}

interface ImportOptions {
  dryRun?: boolean
  report?: string
}

/** Problems of a row as the report shows them: `Work Email (emails[0].value): …` for a CSV row. */
function placed(row: FileRow, problems: readonly Problem[]): Problem[] {
  return problems.map((p) => ({
    path: row.columns ? problemPlace(p.path, row.columns) : p.path,
    message: p.message,
  }))
}

function userNameOf(row: FileRow): string {
  const name = row.body['userName']
  return typeof name === 'string' ? name : ''
}

async function importUsers(
  file: string,
  data: TenantStore,
  tenant: Tenant,
  options: ImportOptions,
): Promise<void> {
  const format = detectFormat(file)
  const settings = await data.settings()
  const definitions = await data.properties()
  const registry = userRegistryFor(definitions)
  const profile = { devices: settings.devices, properties: definitions }
  await checkFile(file, format, profile)

  const rejected: Rejected[] = []
  const ignoredColumns = new Set<string>()
  let rows = 0
  let created = 0
  const bar = progress('import [{bar}] {percentage}% | {created} created, {rejected} rejected')
  const reject = (row: FileRow, problems: readonly Problem[]): void => {
    rejected.push({ line: row.line, userName: userNameOf(row), problems: placed(row, problems) })
  }
  // --dry-run writes nothing, so the names it has seen stand for the users it would have created.
  const seen = options.dryRun ? new Set<string>() : undefined
  let batch: { row: FileRow; user: NewUser }[] = []
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return
    const written = options.dryRun
      ? await Promise.all(batch.map(({ row }) => wouldCreate(data, row, seen as Set<string>)))
      : await data.createUsers(batch.map((b) => b.user))
    written.forEach((user, index) => {
      const row = (batch[index] as { row: FileRow }).row
      if (user) created++
      else
        reject(row, [
          {
            path: 'userName',
            message: `'${userNameOf(row)}' is already taken, in tenant ${tenant.slug} or by an earlier row of this file (userNames are unique ignoring case)`,
          },
        ])
    })
    batch = []
  }
  bar.start(1)
  const totalBytes = Math.max(1, statSync(file).size)
  let bytes = 0
  try {
    for await (const row of fileRows(file, format, profile, (read) => (bytes = read))) {
      rows++
      for (const name of row.ignored ?? []) ignoredColumns.add(name)
      // The same rules as POST /Users: every problem of the row at once, the file's own first.
      const problems: Problem[] = [...row.issues]
      let input: UserInput | undefined
      try {
        input = parseUser(row.body, registry, settings)
      } catch (error) {
        if (!(error instanceof ScimError)) throw error
        problems.push(
          ...(error.problems.length > 0 ? error.problems : [{ path: '', message: error.detail }]),
        )
      }
      if (input === undefined || problems.length > 0) reject(row, problems)
      else {
        const passwordHash =
          input.password === undefined ? undefined : await hashPassword(input.password, tenant.id)
        batch.push({
          row,
          user: { data: input.data, ...(passwordHash !== undefined ? { passwordHash } : {}) },
        })
      }
      if (batch.length >= IMPORT_BATCH) {
        await flush()
        bar.update(bytes / totalBytes, { created, rejected: rejected.length })
      }
    }
    await flush()
    bar.update(1, { created, rejected: rejected.length })
  } finally {
    bar.stop()
    // What landed is reported even when the import stops on an error (the database went away).
    if (!options.dryRun && rows > 0)
      await audit(tenant.id, {
        operation: 'users.import',
        resource: 'user',
        detail: `users imported from ${file}: ${created} created, ${rejected.length} rejected, of ${rows} rows`,
      })
  }
  const notes =
    ignoredColumns.size > 0
      ? [
          `roster: the values of ${[...ignoredColumns].join(', ')} were ignored: Roster has no sites, supervisors or device statuses\n`,
        ]
      : []
  finish(file, tenant, options, { rows, created, rejected, notes })
}

/** --dry-run: whether the row's user could be created now (its name free in the tenant and the file). */
async function wouldCreate(data: TenantStore, row: FileRow, seen: Set<string>): Promise<boolean> {
  const name = foldUserName(userNameOf(row))
  if (seen.has(name)) return false
  seen.add(name)
  return (await data.signInUser(userNameOf(row))) === undefined
}

/** A name as one line of the report: control characters written as JSON escapes. */
function printable(text: string): string {
  return text.replace(/\p{Cc}/gu, (c) => JSON.stringify(c).slice(1, -1))
}

function finish(
  file: string,
  tenant: Tenant,
  options: ImportOptions,
  result: { rows: number; created: number; rejected: readonly Rejected[]; notes: string[] },
): void {
  const { rows, created, rejected, notes } = result
  const lines = rejected.map(
    (r) =>
      `line ${r.line}${r.userName ? ` (${printable(r.userName)})` : ''}:\n` +
      r.problems.map((p) => `  ${p.path ? `${p.path}: ` : ''}${p.message}\n`).join(''),
  )
  if (options.report !== undefined) {
    try {
      writeFileSync(
        options.report,
        rejected.map((r) => JSON.stringify(r)).join('\n') + (rejected.length > 0 ? '\n' : ''),
      )
    } catch (error) {
      process.stderr.write(
        `roster: cannot write the report to ${options.report} (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`,
      )
      process.exitCode = 1
    }
  }
  const verb = options.dryRun ? 'would be created' : 'created'
  process.stderr.write(
    lines.join('') +
      notes.join('') +
      `roster: ${file}: ${rows} row${rows === 1 ? '' : 's'}, ${created} ${verb} in tenant ${tenant.slug}, ${rejected.length} rejected` +
      (options.dryRun ? ' (dry run: nothing was written)' : '') +
      '\n',
  )
  if (rejected.length > 0) process.exitCode = 1
}

/** Adds `export` and `import` to the `users` command. */
export function usersTransferCommands(users: Command): void {
  users
    .command('export')
    .description(
      "write the tenant's users to stdout: JSON Lines (each user as GET /Users/{id} returns it) or xMatters' User Upload CSV",
    )
    .addOption(new Option('--json', 'JSON Lines: one SCIM user a line').conflicts('csv'))
    .addOption(
      new Option(
        '--csv',
        'CSV with the User Upload columns, the device names and the custom properties',
      ).conflicts('json'),
    )
    .option('--filter <filter>', 'only the users a SCIM filter matches, e.g. \'userName sw "a"\'')
    .action((options: ExportOptions) =>
      withTenant(({ data, tenant }) => exportUsers(data, tenant, options)),
    )
  users
    .command('import')
    .argument(
      '<file>',
      'a file written by roster users export (--json or --csv), or an xMatters User Upload CSV',
    )
    .description(
      'create the users of a file in the tenant (--tenant): each row validated as a SCIM POST and created whole or not at all; rejected rows are listed on stderr; exit 1 unless every row landed',
    )
    .option('--dry-run', 'validate every row and report, writing nothing')
    .option('--report <file>', 'also write the rejected rows to this file (JSON Lines)')
    .action((file: string, options: ImportOptions) =>
      withTenant(({ data, tenant }) => importUsers(file, data, tenant, options)),
    )
}
