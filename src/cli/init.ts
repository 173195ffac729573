// roster init: create the database (SQLite file with its folder, or the tables in DATABASE_URL's
// database) and the default tenant. The only command besides `roster serve` that creates a database.
import { existsSync } from 'node:fs'
import type { Command } from 'commander'
import { databaseConfig, describeDatabase } from '../config.js'
import { defaultTenant } from '../open.js'
import { audit } from './audit.js'
import { withStore } from './context.js'

export function initCommand(program: Command): void {
  program
    .command('init')
    .description(
      'create the database in ROSTER_DB (or DATABASE_URL) with the default tenant; an existing one is kept as it is',
    )
    .action(async () => {
      const config = databaseConfig()
      const existed = !config.databaseUrl && existsSync(config.dbFile)
      await withStore(
        async (store) => {
          const tenant = await defaultTenant(store)
          if (!existed)
            await audit(tenant.id, {
              operation: 'database.init',
              resource: 'database',
              detail: `database ${describeDatabase(config)} initialised with the default tenant`,
            })
        },
        { create: true },
      )
      process.stdout.write(
        existed
          ? `The database ${describeDatabase(config)} exists already; nothing changed.\n`
          : `The database ${describeDatabase(config)} is ready, with the default tenant.\n`,
      )
    })
}
