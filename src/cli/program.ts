// The roster program: every command group, the global --tenant option, --version. Built by a function
// so that tests can walk every command and option (each has help text).
import { readFileSync } from 'node:fs'
import { Command } from 'commander'
import { checkCommand } from './check.js'
import { clientCommand } from './client.js'
import { completionCommand } from './completion.js'
import { selectTenant } from './context.js'
import { initCommand } from './init.js'
import { keysCommand } from './keys.js'
import { tenantCommand } from './tenant.js'
import { devicesCommand } from './devices.js'
import { languagesCommand } from './languages.js'
import { logCommand } from './log.js'
import { policyCommand } from './policy.js'
import { propertiesCommand } from './properties.js'
import { rolesCommand } from './roles.js'
import { serveCommand } from './serve.js'
import { syncCommand } from './sync.js'
import { timezonesCommand } from './timezones.js'
import { tokenCommand } from './token.js'
import { usersCommand } from './users.js'
import { groupsCommand } from './groups.js'
import { usersTransferCommands } from './users-transfer.js'

/** The version in package.json (the CLI runs from src/ or dist/, both one level below the root). */
export function version(): string {
  const file = new URL('../../package.json', import.meta.url)
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version
}

export function buildProgram(): Command {
  const program = new Command('roster')
    .version(version(), '-V, --version', 'print the version')
    .description(
      'Roster: the SCIM 2.0 people directory. Settings come from the environment (PORT, HOST, ROSTER_DB, DATABASE_URL, …) and the ROSTER_CONFIG file; see the README.',
    )
    .option(
      '--tenant <slug>',
      'the tenant a command acts on (default: the default tenant); e.g. roster token create --name entra --tenant acme',
    )
    .exitOverride()
    // A usage error (unknown option or command, missing argument) is followed by the help of the
    // command it is in, on stderr: the admin sees at once what the command takes. Inherited by every
    // command added below.
    .showHelpAfterError()
    .hook('preAction', () => {
      selectTenant(program.opts<{ tenant?: string }>().tenant)
    })
  serveCommand(program)
  initCommand(program)
  tenantCommand(program)
  clientCommand(program)
  keysCommand(program)
  tokenCommand(program)
  usersTransferCommands(usersCommand(program))
  groupsCommand(program)
  rolesCommand(program)
  propertiesCommand(program)
  languagesCommand(program)
  timezonesCommand(program)
  devicesCommand(program)
  policyCommand(program)
  checkCommand(program)
  logCommand(program)
  syncCommand(program)
  completionCommand(program)
  return program
}
