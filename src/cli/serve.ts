// roster serve: start the server and stop it gracefully on SIGTERM/SIGINT.
import type { Command } from 'commander'
import { loadConfig } from '../config.js'
import { banner, start } from '../main.js'

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description(
      'serve SCIM on HOST:PORT (default 127.0.0.1:8080) with SQLite in ROSTER_DB (default ./data/roster.db)',
    )
    .action(async () => {
      const running = await start(loadConfig())
      process.stdout.write(`${banner(running.url)}\n`)
      const shutdown = (signal: string): void => {
        running.app.log.info({ signal }, 'shutting down: finishing in-flight requests')
        running.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            running.app.log.error({ err: error }, 'shutdown failed')
            process.exit(1)
          },
        )
      }
      process.once('SIGTERM', () => shutdown('SIGTERM'))
      process.once('SIGINT', () => shutdown('SIGINT'))
    })
}
