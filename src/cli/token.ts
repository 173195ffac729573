// roster token create|list|revoke: SCIM secret tokens (Entra's Secret Token). The new token is printed
// alone on the last line of stdout, once; only its hash is stored.
import type { Command } from 'commander'
import { assertTokenNameFree, mintToken } from '../auth/secret-token.js'
import { ScimError } from '../scim/errors.js'
import { audit } from './audit.js'
import { CliError, selectedTenant, withStore, withTenant } from './context.js'
import { jsonLines, table } from './table.js'

export function tokenCommand(program: Command): void {
  const token = program.command('token').description('SCIM secret tokens')
  token
    .command('create')
    .description('mint a token; it is printed once, on the last line')
    .requiredOption('--name <name>', 'what the token is for, e.g. entra')
    .option(
      '--expires <date>',
      'expiry: a date (2027-12-31: the end of that day, UTC) or a date-time with a zone (default: never)',
    )
    .action(async (options: { name: string; expires?: string }) => {
      const name = options.name.trim()
      if (name === '' || name.length > 100)
        throw new CliError('--name must have 1 to 100 characters.')
      let expiresAt: string | null = null
      if (options.expires !== undefined) {
        const time = parseIsoDate(options.expires)
        if (time === undefined) {
          throw new CliError(
            `--expires '${options.expires}' is not an ISO 8601 date (use 2027-12-31 or 2027-12-31T23:59:59Z).`,
          )
        }
        if (time <= Date.now()) throw new CliError('--expires must be in the future.')
        expiresAt = new Date(time).toISOString()
      }
      await withTenant(async ({ store, tenant }) => {
        try {
          await assertTokenNameFree(store, tenant.id, name, new Date())
        } catch (error) {
          if (error instanceof ScimError) throw new CliError(error.detail)
          throw error
        }
        const { token: secret, info } = await mintToken(store, tenant.id, name, expiresAt)
        await audit(tenant.id, {
          operation: 'token.create',
          resource: 'token',
          resourceId: info.id,
          detail: `token '${name}' created${expiresAt ? `, expiring ${expiresAt}` : ''}`,
        })
        process.stdout.write(
          `Created token ${info.id} '${info.name}' for tenant ${tenant.slug}${expiresAt ? `, expiring ${expiresAt}` : ''}.\n` +
            `Paste it into Entra's Secret Token field. It is shown only this once:\n${secret}\n`,
        )
      })
    })
  token
    .command('list')
    .description(
      'list tokens (never their secrets), with when each was created and last used (LAST USED is written at most once a minute)',
    )
    .option(
      '--json',
      'JSON Lines: one token a line ({"id","name","created","lastUsedAt","expiresAt","revokedAt","status"})',
    )
    .action(async (options: { json?: boolean }) => {
      await withTenant(async ({ data }) => {
        const tokens = await data.listTokens()
        const now = Date.now()
        const status = (t: (typeof tokens)[number]): string =>
          t.revokedAt
            ? `revoked ${t.revokedAt}`
            : t.expiresAt && Date.parse(t.expiresAt) <= now
              ? `expired ${t.expiresAt}`
              : 'active'
        if (options.json) {
          process.stdout.write(
            jsonLines(
              tokens.map((t) => ({
                id: t.id,
                name: t.name,
                created: t.created,
                lastUsedAt: t.lastUsedAt,
                expiresAt: t.expiresAt,
                revokedAt: t.revokedAt,
                status: status(t).split(' ')[0],
              })),
            ),
          )
          return
        }
        process.stdout.write(
          table(
            ['ID', 'NAME', 'CREATED', 'LAST USED', 'EXPIRES', 'STATUS'],
            tokens.map((t) => [
              t.id,
              t.name,
              t.created,
              t.lastUsedAt ?? 'never',
              t.expiresAt ?? 'never',
              status(t),
            ]),
          ),
        )
      })
    })
  token
    .command('revoke')
    .description(
      "revoke a token; requests with it fail at once (without --tenant, the token's tenant is found)",
    )
    .argument('<id>', 'the token id (roster token list)')
    .action(async (id: string) => {
      const slug = selectedTenant()
      // Without --tenant the token is looked for in every tenant: its id says nothing of its tenant.
      await withStore(
        async (store) => {
          const tenants = await store.listTenants()
          const candidates = slug === undefined ? tenants : tenants.filter((t) => t.slug === slug)
          if (slug !== undefined && candidates.length === 0)
            throw new CliError(`There is no tenant '${slug}' (roster tenant list).`)
          for (const tenant of candidates) {
            const data = store.forTenant(tenant.id)
            const found = (await data.listTokens()).find((t) => t.id === id)
            if (!found) continue
            if (!(await data.revokeToken(id)))
              throw new CliError(
                `Token ${id} '${found.name}' of tenant ${tenant.slug} is already revoked (${found.revokedAt}).`,
              )
            await audit(tenant.id, {
              operation: 'token.revoke',
              resource: 'token',
              resourceId: id,
              detail: `token ${id} '${found.name}' revoked`,
            })
            process.stdout.write(`Revoked token ${id} '${found.name}' of tenant ${tenant.slug}.\n`)
            return
          }
          throw new CliError(
            slug === undefined
              ? `No token with id ${id} in any tenant (looked in ${candidates.map((t) => t.slug).join(', ')}; roster token list --tenant SLUG).`
              : `No token with id ${id} in tenant ${slug} (roster token list --tenant ${slug}).`,
          )
        },
        slug === undefined ? {} : { tenant: slug },
      )
    })
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/

/**
 * An expiry: an ISO 8601 date means the END of that day, UTC (2027-12-31 → 2027-12-31T23:59:59.999Z: a
 * token "valid until the 31st" works all of the 31st); a date-time needs a zone. Undefined for anything
 * else (2027-02-30 too). (`roster log --since` reads dates as the start of the day instead.)
 */
export function parseIsoDate(text: string): number | undefined {
  const match = ISO.exec(text)
  if (!match) return undefined
  const [, y, m, d] = match.map(Number) as [number, number, number, number]
  const day = new Date(Date.UTC(y, m - 1, d))
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d)
    return undefined
  const time = Date.parse(text.length === 10 ? `${text}T23:59:59.999Z` : text)
  return Number.isNaN(time) ? undefined : time
}
