#!/usr/bin/env node
// The roster command: one commander program, one file per command group.
import { Command, CommanderError } from 'commander'
import { checkCommand } from './check.js'
import { clientCommand } from './client.js'
import { CliError, selectTenant } from './context.js'
import { initCommand } from './init.js'
import { keysCommand } from './keys.js'
import { tenantCommand } from './tenant.js'
import { devicesCommand } from './devices.js'
import { languagesCommand } from './languages.js'
import { logCommand } from './log.js'
import { policyCommand } from './policy.js'
import { rolesCommand } from './roles.js'
import { serveCommand } from './serve.js'
import { syncCommand } from './sync.js'
import { timezonesCommand } from './timezones.js'
import { tokenCommand } from './token.js'

// Output piped into a command that stops reading (`roster check … | head`) ends the process quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})

const program = new Command('roster')
  .description(
    'Roster: the SCIM 2.0 people directory. Settings come from PORT, HOST and ROSTER_DB.',
  )
  .option(
    '--tenant <slug>',
    'the tenant a command acts on (default: the default tenant); e.g. roster token create --name entra --tenant acme',
  )
  .exitOverride()
  .hook('preAction', () => {
    selectTenant(program.opts<{ tenant?: string }>().tenant)
  })
serveCommand(program)
initCommand(program)
tenantCommand(program)
clientCommand(program)
keysCommand(program)
tokenCommand(program)
rolesCommand(program)
languagesCommand(program)
timezonesCommand(program)
devicesCommand(program)
policyCommand(program)
checkCommand(program)
logCommand(program)
syncCommand(program)

try {
  await program.parseAsync(process.argv)
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode)
  process.stderr.write(
    `roster: ${error instanceof CliError || error instanceof Error ? error.message : String(error)}\n`,
  )
  process.exit(1)
}
