// `roster check TENANT_URL --token TOKEN [--groups] [--flag-mode] [--okta]`: does to any SCIM endpoint what
// Microsoft Entra ID (or Okta's spec test) does, and reports each step. Exits 1 when a step fails.
import type { Command } from 'commander'
import { CliError } from './context.js'

/** Entra's compliance flag, when it is part of the Tenant URL (entra-client-behaviour.md §4.1). */
const FLAG = 'aadoptscim062020'

export function checkCommand(program: Command): void {
  program
    .command('check')
    .description(
      'Check a SCIM endpoint (Roster or not) the way Microsoft Entra ID uses it: Test Connection and the user lifecycle; --groups adds the group lifecycle. Creates test users and groups and deletes them at the end.',
    )
    .argument('<tenantUrl>', 'the Tenant URL, e.g. https://roster.example.com/api/xm/1/scim/v2')
    .option(
      '--token <token>',
      'a bearer token for the endpoint (or set ROSTER_CHECK_TOKEN, which keeps it out of ps and shell history)',
    )
    .option('--groups', "also run Entra's group lifecycle", false)
    .option(
      '--flag-mode',
      "send the request shapes of Entra's aadOptscim062020 mode (implied when the URL carries it)",
      false,
    )
    .option('--okta', "run Okta's SCIM 2.0 spec test order instead", false)
    .option(
      '--property <name=value>',
      'also create, match on, re-send and clear a custom property (a name of the roster extension, or a URN-qualified path)',
    )
    .option(
      '--profile',
      "also check Roster's profile: phone numbers (E.164), roles, language (en-US) and time zone",
      false,
    )
    .option('--timeout <seconds>', 'how long to wait for each answer', '15')
    .addHelpText(
      'after',
      '\nA connection failure (refused, DNS, TLS certificate, timeout) is one line, then exit 1; a 401 or 403 stops the run.\nCtrl-C stops after the current request and deletes what the check created (a second Ctrl-C quits at once).',
    )
    .action(
      async (
        tenantUrl: string,
        options: {
          token?: string
          groups: boolean
          flagMode: boolean
          okta: boolean
          property?: string
          profile: boolean
          timeout: string
        },
      ) => {
        // The check client is loaded by this command only (start-up of every other command).
        const [{ scimClient }, { parseProperty }, { runCheck }] = await Promise.all([
          import('../check/client.js'),
          import('../check/property-steps.js'),
          import('../check/run.js'),
        ])
        const seconds = Number(options.timeout)
        if (!Number.isFinite(seconds) || seconds < 0.1 || seconds > 600)
          throw new CliError('--timeout must be a number of seconds from 0.1 to 600.')
        const token = options.token ?? process.env['ROSTER_CHECK_TOKEN']
        if (!token) throw new CliError('Give the token with --token or ROSTER_CHECK_TOKEN.')
        let url: URL
        try {
          url = new URL(tenantUrl)
        } catch {
          throw new CliError(`'${tenantUrl}' is not a URL; give the Tenant URL (https://...).`)
        }
        if (url.protocol !== 'http:' && url.protocol !== 'https:')
          throw new CliError(`'${tenantUrl}' is not an http(s) URL.`)
        const flag = [...url.searchParams.keys()].some((k) => k.toLowerCase() === FLAG)
        url.search = ''
        url.hash = ''
        const mode = options.flagMode || flag ? 'flag' : 'default'
        const property =
          options.property === undefined ? undefined : parseProperty(options.property)
        if (options.property !== undefined && property === undefined)
          throw new CliError(
            `--property takes NAME=VALUE (costCenter=42, or urn:…:User:costCenter=42), not '${options.property}'.`,
          )
        const write = (line: string): void => {
          process.stdout.write(`${line}\n`)
        }
        write(
          `roster check ${url.toString()} (${options.okta ? "Okta's spec test" : `Entra, ${mode === 'flag' ? 'aadOptscim062020 mode' : 'default mode'}`}${options.groups && !options.okta ? ', with groups' : ''}${options.profile && !options.okta ? ', with the profile' : ''})`,
        )
        // Ctrl-C: no further step; the run deletes what it created, then exits 130. Twice: at once.
        const interrupt = new AbortController()
        process.on('SIGINT', () => {
          if (interrupt.signal.aborted) process.exit(130)
          interrupt.abort()
        })
        const result = await runCheck(
          scimClient(url.toString(), token, fetch, Math.round(seconds * 1000)),
          {
            groups: options.groups,
            mode,
            okta: options.okta,
            profile: options.profile,
            signal: interrupt.signal,
            ...(property ? { property } : {}),
          },
          write,
        )
        if (result.interrupted) process.exitCode = 130
        else if (result.failed > 0 || result.skipped > 0) process.exitCode = 1
      },
    )
}
