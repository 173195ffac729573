// roster serve: start the server and stop it gracefully on SIGTERM/SIGINT (also when the signal arrives
// during start-up: the server then stops as soon as it has started).
import type { Command } from 'commander'
import { loadConfig } from '../config.js'
import type { Running } from '../main.js'

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description(
      'serve SCIM on HOST:PORT (default 127.0.0.1:8080) with SQLite in ROSTER_DB (default ./data/roster.db, created when missing) or PostgreSQL in DATABASE_URL; logs on stdout, the banner on stderr',
    )
    .action(async () => {
      // The server (Fastify, the store, the log) is loaded by this command only.
      const { banner, start } = await import('../main.js')
      const config = loadConfig()
      const state: { running?: Running; signalled?: string } = {}
      const shutdown = (signal: string): void => {
        if (state.signalled) return
        state.signalled = signal
        const server = state.running
        if (!server) return
        server.app.log.info({ signal }, 'shutting down: finishing in-flight requests')
        server.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            server.app.log.error({ err: error }, 'shutdown failed')
            process.exit(1)
          },
        )
      }
      // A second signal while stopping is ignored; the first one's shutdown finishes the work.
      process.on('SIGTERM', () => shutdown('SIGTERM'))
      process.on('SIGINT', () => shutdown('SIGINT'))
      state.running = await start(config)
      process.stderr.write(`${banner(state.running.url, config, state.running.metricsUrl)}\n`)
      const early = state.signalled
      if (early) {
        state.signalled = undefined
        shutdown(early)
      }
    })
}
