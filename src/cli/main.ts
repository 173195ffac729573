#!/usr/bin/env node
// The roster command: one commander program, one file per command group.
import { CommanderError } from 'commander'
import { CliError } from './context.js'
import { buildProgram } from './program.js'

// Output piped into a command that stops reading (`roster check … | head`) ends the process quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})

const program = buildProgram()

try {
  await program.parseAsync(process.argv)
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode)
  process.stderr.write(
    `roster: ${error instanceof CliError || error instanceof Error ? error.message : String(error)}\n`,
  )
  process.exit(1)
}
