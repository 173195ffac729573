// roster keys rotate|list: the keys OAuth access tokens are signed with (shared by every tenant and
// instance, stored in the database). Rotating adds a key that signs from then on; the previous keys
// keep verifying the tokens they signed until those expire (one hour), so nothing breaks.
import type { Command } from 'commander'
import { audit } from './audit.js'
import { withStore } from './context.js'
import { jsonLines, table } from './table.js'

export function keysCommand(program: Command): void {
  const keys = program.command('keys').description('access-token signing keys')
  keys
    .command('rotate')
    .description('sign new access tokens with a new key; tokens already issued stay valid')
    .action(async () => {
      const { ACCESS_TOKEN_TTL_SECONDS, newSigningKey } = await import('../auth/access-token.js')
      await withStore(async (store) => {
        const key = await newSigningKey(new Date())
        await store.rotateSigningKey(key)
        const tenants = (await store.listTenants()).map((t) => t.id)
        await audit(tenants, {
          operation: 'keys.rotate',
          resource: 'signing key',
          resourceId: key.id,
          detail: `new signing key ${key.id}`,
        })
        process.stdout.write(
          `New signing key ${key.id}. Earlier keys verify the tokens they signed for ${ACCESS_TOKEN_TTL_SECONDS / 60} more minutes.\n`,
        )
      })
    })
  keys
    .command('list')
    .description('list signing keys (never their private parts)')
    .option(
      '--json',
      'JSON Lines: one key a line ({"id","algorithm","created","retiredAt","status"})',
    )
    .action(async (options: { json?: boolean }) => {
      const { ACCESS_TOKEN_TTL_SECONDS } = await import('../auth/access-token.js')
      await withStore(async (store) => {
        const now = Date.now()
        const keys = await store.signingKeys()
        /** signing, verifying (retired, still verifying the tokens it signed) or retired. */
        const status = (k: (typeof keys)[number]): string =>
          k.retiredAt === null
            ? 'signing'
            : Date.parse(k.retiredAt) + ACCESS_TOKEN_TTL_SECONDS * 1000 > now
              ? 'verifying'
              : 'retired'
        if (options.json) {
          process.stdout.write(
            jsonLines(
              keys.map((k) => ({
                id: k.id,
                algorithm: k.algorithm,
                created: k.created,
                retiredAt: k.retiredAt,
                status: status(k),
              })),
            ),
          )
          return
        }
        const rows = keys.map((k) => [
          k.id,
          k.algorithm,
          k.created,
          status(k) === 'signing'
            ? 'signing'
            : status(k) === 'verifying'
              ? `retired ${k.retiredAt}, still verifying`
              : `retired ${k.retiredAt}`,
        ])
        process.stdout.write(table(['KEY', 'ALGORITHM', 'CREATED', 'STATUS'], rows))
      })
    })
}
