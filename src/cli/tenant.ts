// roster tenant create|list|disable|enable: the companies one deployment serves. A tenant is reached
// at /t/{slug}/api/xm/1/scim/v2, or at https://{host}/api/xm/1/scim/v2 for each host mapped to it.
import type { Command } from 'commander'
import { ScimError } from '../scim/errors.js'
import { audit } from './audit.js'
import { CliError, withStore } from './context.js'
import { table } from './table.js'

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/
const HOST =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/

export function tenantCommand(program: Command): void {
  const tenant = program
    .command('tenant')
    .description('tenants (companies) served by this deployment')
  tenant
    .command('create')
    .description('create a tenant with default settings (idempotent)')
    .argument('<slug>', 'lower-case letters, digits and dashes, e.g. acme')
    .option('--name <name>', 'a display name (default: the slug)')
    .option('--host <hostname...>', 'host names that reach this tenant, e.g. acme.roster.example')
    .action(async (slug: string, options: { name?: string; host?: string[] }) => {
      const key = slug.trim().toLowerCase()
      if (!SLUG.test(key))
        throw new CliError(
          `'${slug}' is not a valid slug: 1-63 lower-case letters, digits and dashes, not starting or ending with a dash.`,
        )
      const hosts = (options.host ?? []).map((h) => h.trim().toLowerCase())
      for (const host of hosts)
        if (!HOST.test(host))
          throw new CliError(
            `'${host}' is not a host name (no scheme, port or path: acme.roster.example).`,
          )
      await withStore(async (store) => {
        // Hosts are checked before anything is written: a refused command creates nothing.
        for (const host of hosts) {
          const owner = await store.tenantByHost(host)
          if (owner && owner.slug !== key)
            throw new CliError(`The host ${host} already belongs to another tenant.`)
        }
        const created = await store.ensureTenant(key, options.name?.trim() || key)
        for (const host of hosts) {
          try {
            await store.addTenantHost(created.id, host)
          } catch (error) {
            if (error instanceof ScimError) throw new CliError(error.detail)
            throw error
          }
        }
        await audit(created.id, {
          operation: 'tenant.create',
          resource: 'tenant',
          detail: `tenant ${created.slug} created or updated${hosts.length > 0 ? ` (hosts ${hosts.join(', ')})` : ''}`,
        })
        process.stdout.write(
          `Tenant ${created.slug} is ready. Its Tenant URL is https://<your host>/t/${created.slug}/api/xm/1/scim/v2` +
            (hosts.length > 0 ? `, or https://${hosts[0]}/api/xm/1/scim/v2.\n` : '.\n') +
            `Give it a token: roster token create --name entra --tenant ${created.slug}\n`,
        )
      })
    })
  tenant
    .command('list')
    .description('list tenants with their hosts')
    .action(async () => {
      await withStore(async (store) => {
        const tenants = await store.listTenants()
        const rows = await Promise.all(
          tenants.map(async (t) => [
            t.slug,
            t.name,
            t.disabled ? 'disabled' : 'active',
            (await store.hostsOf(t.id)).join(',') || '-',
            t.created,
          ]),
        )
        process.stdout.write(table(['SLUG', 'NAME', 'STATUS', 'HOSTS', 'CREATED'], rows))
      })
    })
  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    tenant
      .command(name)
      .description(
        disabled
          ? 'refuse every credential of a tenant at once (its data is kept)'
          : "accept a disabled tenant's credentials again",
      )
      .argument('<slug>', 'the tenant')
      .action(async (slug: string) => {
        await withStore(async (store) => {
          const found = await store.tenantBySlug(slug.trim().toLowerCase())
          if (!found) throw new CliError(`There is no tenant '${slug}' (roster tenant list).`)
          await store.setTenantDisabled(found.id, disabled)
          await audit(found.id, {
            operation: `tenant.${name}`,
            resource: 'tenant',
            detail: `tenant ${found.slug} ${name}d`,
          })
          process.stdout.write(`Tenant ${found.slug} is ${disabled ? 'disabled' : 'enabled'}.\n`)
        })
      })
  }
}
