// roster client create|list|revoke: OAuth 2.0 clients of a tenant, for Entra's "OAuth2 client
// credentials grant" (token endpoint /api/xm/1/oauth2/token) and Okta's Basic auth. The secret is
// printed once, on its own line; only its hash is stored.
import type { Command } from 'commander'
import { createClient } from '../auth/clients.js'
import type { ClientScope } from '../store/store.js'
import { audit } from './audit.js'
import { CliError, withTenant } from './context.js'
import { jsonLines, table } from './table.js'

export function clientCommand(program: Command): void {
  const client = program.command('client').description('OAuth 2.0 clients (client credentials)')
  client
    .command('create')
    .description('create a client; its secret is printed once')
    .requiredOption('--name <name>', 'what the client is for, e.g. entra')
    .option('--scope <scope>', 'scim (SCIM API) or admin (also mints tokens)', 'scim')
    .action(async (options: { name: string; scope: string }) => {
      const name = options.name.trim()
      if (name === '' || name.length > 100)
        throw new CliError('--name must have 1 to 100 characters.')
      if (options.scope !== 'scim' && options.scope !== 'admin')
        throw new CliError(`--scope must be scim or admin, not '${options.scope}'.`)
      await withTenant(async ({ store, tenant }) => {
        const created = await createClient(store, tenant.id, name, options.scope as ClientScope)
        await audit(tenant.id, {
          operation: 'client.create',
          resource: 'client',
          resourceId: created.clientId,
          detail: `client '${name}' created (scope ${options.scope})`,
        })
        process.stdout.write(
          `Created client '${name}' (scope ${options.scope}) for tenant ${tenant.slug}. The secret is shown only this once:\n` +
            `client_id: ${created.clientId}\nclient_secret: ${created.clientSecret}\n`,
        )
      })
    })
  client
    .command('list')
    .description(
      'list clients (never their secrets), with when each was created and last used (LAST USED is written at most once a minute)',
    )
    .option(
      '--json',
      'JSON Lines: one client a line ({"clientId","name","scope","created","lastUsedAt","revokedAt","status"})',
    )
    .action(async (options: { json?: boolean }) => {
      await withTenant(async ({ data }) => {
        const clients = await data.listClients()
        if (options.json) {
          process.stdout.write(
            jsonLines(
              clients.map((c) => ({
                clientId: c.id,
                name: c.name,
                scope: c.scope,
                created: c.created,
                lastUsedAt: c.lastUsedAt,
                revokedAt: c.revokedAt,
                status: c.revokedAt ? 'revoked' : 'active',
              })),
            ),
          )
          return
        }
        process.stdout.write(
          table(
            ['CLIENT_ID', 'NAME', 'SCOPE', 'CREATED', 'LAST USED', 'STATUS'],
            clients.map((c) => [
              c.id,
              c.name,
              c.scope,
              c.created,
              c.lastUsedAt ?? 'never',
              c.revokedAt ? `revoked ${c.revokedAt}` : 'active',
            ]),
          ),
        )
      })
    })
  client
    .command('revoke')
    .description('revoke a client; its access tokens and Basic credentials fail at once')
    .argument('<clientId>', 'the client id (roster client list)')
    .action(async (id: string) => {
      await withTenant(async ({ data, tenant }) => {
        if (!(await data.revokeClient(id)))
          throw new CliError(`No active client with id ${id} (roster client list).`)
        await audit(tenant.id, {
          operation: 'client.revoke',
          resource: 'client',
          resourceId: id,
          detail: `client ${id} revoked`,
        })
        process.stdout.write(`Revoked client ${id}.\n`)
      })
    })
}
