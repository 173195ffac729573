// `roster sync`: plays Entra's provisioning cycles from a Graph export against any SCIM endpoint
// (docs/sync.md), `roster sync expression` evaluates one mapping expression, `roster sync mappings`
// prints the effective mappings. Talks to a URL only: it never opens a local database.
import type { Command } from 'commander'
import type ms from 'ms'
import type { JobOptions } from '../sync/job.js'
import { CliError } from './context.js'

/** Entra's compliance flag, when it is part of the Tenant URL (entra-client-behaviour.md §4.1). */
const FLAG = 'aadoptscim062020'
/** While quarantined, Entra runs the job less and less often, down to once a day (S5). */
const QUARANTINE_MAX_INTERVAL = 24 * 3600_000

interface SyncOptions {
  source?: string
  mappings?: string
  target?: string
  token?: string
  flagMode: boolean
  dryRun: boolean
  json: boolean
  every?: string
  assigned: boolean
  restart: boolean
  concurrency: string
  membersPerRequest: string
  state?: string
  verbose: boolean
}

function positive(name: string, text: string, max: number): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new CliError(`${name} is a whole number from 1 to ${max}, not '${text}'.`)
  return n
}

function tenantUrl(text: string | undefined): { url: string; flag: boolean } {
  if (!text)
    throw new CliError(
      'Give the Tenant URL with --target (e.g. https://roster.example.com/api/xm/1/scim/v2).',
    )
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new CliError(`'${text}' is not a URL; give the Tenant URL (https://...).`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new CliError(`'${text}' is not an http(s) URL.`)
  const flag = [...url.searchParams.keys()].some((k) => k.toLowerCase() === FLAG)
  url.search = ''
  url.hash = ''
  return { url: url.toString().replace(/\/+$/, ''), flag }
}

function interval(text: string | undefined, parse: typeof ms): number | undefined {
  if (text === undefined) return undefined
  const value = parse(text as ms.StringValue)
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1000)
    throw new CliError(
      `--every takes a duration of at least 1s such as 40m (Entra's interval) or 1h, not '${text}'.`,
    )
  return value
}

async function syncAction(options: SyncOptions): Promise<void> {
  // The sync engine is loaded by this command only (start-up of every other command).
  const [{ default: ms }, { runJobCycle }, { reporter }] = await Promise.all([
    import('ms'),
    import('../sync/job.js'),
    import('../sync/report/reporter.js'),
  ])
  if (!options.source)
    throw new CliError(
      'Give the source with --source FILE (a Graph JSON export, or a CSV of users).',
    )
  const { url, flag } = tenantUrl(options.target)
  const token = options.token ?? process.env['ROSTER_SYNC_TOKEN']
  if (!token) throw new CliError('Give the token with --token or ROSTER_SYNC_TOKEN.')
  const every = interval(options.every, ms)
  const job: JobOptions = {
    source: options.source,
    ...(options.mappings !== undefined ? { mappings: options.mappings } : {}),
    tenantUrl: url,
    token,
    mode: options.flagMode || flag ? 'flag' : 'default',
    dryRun: options.dryRun,
    assigned: options.assigned,
    restart: options.restart,
    concurrency: positive('--concurrency', options.concurrency, 64),
    membersPerRequest: positive('--members-per-request', options.membersPerRequest, 1000),
    ...(options.state !== undefined ? { stateFile: options.state } : {}),
  }
  const report = reporter({
    json: options.json,
    verbose: options.verbose,
    stdout: process.stdout,
    stderr: process.stderr,
  })
  if (every === undefined) {
    // Ctrl-C: no new object is started, those under way finish, the state keeps what was done (the
    // next run takes up the rest); a second Ctrl-C ends at once.
    const interrupt = new AbortController()
    const stop = (): void => {
      if (interrupt.signal.aborted) process.exit(130)
      interrupt.abort()
      report.note(
        `stopping: finishing the objects under way (at most ${job.concurrency}) and saving the state; Ctrl-C again to quit at once`,
      )
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
    try {
      const summary = await runJobCycle({ ...job, signal: interrupt.signal }, report)
      process.exitCode = summary.interrupted
        ? 130
        : summary.failed > 0 || summary.quarantine
          ? 1
          : 0
    } finally {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
    }
    return
  }
  // Every `every`: "Stopping provisioning lets the current cycle finish" (§7); a second signal ends at once.
  let stopping = false
  let wake: (() => void) | undefined
  const stop = (): void => {
    if (stopping) process.exit(130)
    stopping = true
    wake?.()
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  let wait = every
  for (let first = true; !stopping; first = false) {
    const summary = await runJobCycle({ ...job, restart: first && job.restart }, report)
    process.exitCode = summary.failed > 0 || summary.quarantine ? 1 : 0
    wait = summary.quarantine ? Math.min(wait * 2, QUARANTINE_MAX_INTERVAL) : every
    if (stopping) break
    report.note(`next cycle in ${ms(wait, { long: true })} (Ctrl-C to stop)`)
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, wait)
      wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })
  }
  process.off('SIGINT', stop)
  process.off('SIGTERM', stop)
}

export function syncCommand(program: Command): void {
  const sync = program
    .command('sync')
    .description(
      "Play Microsoft Entra ID's provisioning cycles against a SCIM endpoint, from a Graph export and Entra's attribute mappings (docs/sync.md). Needs no local database.",
    )
    .option(
      '--source <file>',
      'the directory: Graph JSON ({"users","groups","appRoleAssignments"}) or a CSV of users',
    )
    .option('--mappings <file>', "a mapping file that changes Entra's default mappings")
    .option('--target <url>', 'the Tenant URL, e.g. https://roster.example.com/api/xm/1/scim/v2')
    .option(
      '--token <token>',
      'the bearer token (or ROSTER_SYNC_TOKEN, which keeps it out of ps and shell history)',
    )
    .option(
      '--flag-mode',
      "send the request shapes of Entra's aadOptscim062020 mode (implied when the URL carries it)",
      false,
    )
    .option(
      '--dry-run',
      'read the target, print the writes a cycle would send, send none and save no state',
      false,
    )
    .option('--json', 'JSON lines instead of text', false)
    .option('--every <duration>', 'run a cycle every <duration> (Entra: 40m) until Ctrl-C')
    .option(
      '--assigned',
      "sync only assigned users and groups (appRoleAssignments), as Entra's scope setting",
      false,
    )
    .option(
      '--restart',
      'restart provisioning: a full initial cycle (links to target objects are kept)',
      false,
    )
    .option(
      '--concurrency <n>',
      'objects under way at once, 1 to 64 (the log and the state are those of 1)',
      '4',
    )
    .option('--members-per-request <n>', 'group members added or removed per PATCH', '100')
    .option('--state <file>', 'the incremental state file (default: <source>.sync-state.json)')
    .option('--verbose', 'every step of every object, with its request and response', false)
    .action(async (options: SyncOptions) => syncAction(options))

  sync
    .command('expression')
    .description(
      'Evaluate an attribute-mapping expression for one user; the value is printed on the last line.',
    )
    .argument('<expression>', 'e.g. \'Item(Split([preferredLanguage], "-"), 1)\'')
    .option(
      '--user <json>',
      'the user as JSON, with Graph\'s or Entra\'s names, e.g. \'{"givenName":"Zoë"}\'',
      '{}',
    )
    .option('--json', 'print the value as JSON', false)
    .action(async (expression: string, _options: unknown, command: Command) => {
      const [{ ExpressionError, formatExpressionError }, { showValue, tryExpression }] =
        await Promise.all([
          import('../sync/expression/errors.js'),
          import('../sync/try-expression.js'),
        ])
      // --json is also an option of `sync`, which commander gives it: read both levels.
      const options = command.optsWithGlobals<{ user: string; json: boolean }>()
      let user: unknown
      try {
        user = JSON.parse(options.user)
      } catch (error) {
        throw new CliError(
          `--user is not JSON: ${error instanceof Error ? error.message : String(error)}`,
        )
      }
      if (typeof user !== 'object' || user === null || Array.isArray(user))
        throw new CliError('--user must be a JSON object, e.g. \'{"givenName":"Zoë"}\'.')
      try {
        const { value, warnings } = tryExpression(expression, user as Record<string, unknown>)
        for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`)
        process.stdout.write(`${showValue(value, options.json)}\n`)
      } catch (error) {
        if (error instanceof ExpressionError)
          throw new CliError(formatExpressionError(expression, error))
        throw error
      }
    })

  sync
    .command('mappings')
    .description("Show the effective mappings: Entra's defaults changed by --mappings.")
    .option('--mappings <file>', 'a mapping file')
    .option('--print', "print them as Entra's mapping screen lists them (the default)", false)
    .option('--json', 'print them as a mapping file that states every row', false)
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<{ mappings?: string; json: boolean }>()
      const [{ loadMappings }, { mappingsAsFile, printMappings }] = await Promise.all([
        import('../sync/mapping/file.js'),
        import('../sync/mapping/print.js'),
      ])
      const mappings = await loadMappings(options.mappings)
      process.stdout.write(
        options.json
          ? `${JSON.stringify(mappingsAsFile(mappings), null, 2)}\n`
          : `${printMappings(mappings)}\n`,
      )
    })
}
