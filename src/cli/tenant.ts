// roster tenant create|list|disable|enable: the companies one deployment serves. A tenant is reached
// at /t/{slug}/api/xm/1/scim/v2, or at https://{host}/api/xm/1/scim/v2 for each host mapped to it.
import type { Command } from 'commander'
import { ScimError } from '../scim/errors.js'
import { audit } from './audit.js'
import { CliError, withStore } from './context.js'
import { jsonLines, table } from './table.js'

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/
const HOST =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/

export function tenantCommand(program: Command): void {
  const tenant = program
    .command('tenant')
    .description('tenants (companies) served by this deployment')
  tenant
    .command('create')
    .description(
      'create a tenant with default settings; an existing slug is refused (roster tenant update changes one)',
    )
    .argument('<slug>', 'lower-case letters, digits and dashes, e.g. acme')
    .option('--name <name>', 'a display name (default: the slug)')
    .option('--host <hostname...>', 'host names that reach this tenant, e.g. acme.roster.example')
    .action(async (slug: string, options: { name?: string; host?: string[] }) => {
      const key = slug.trim().toLowerCase()
      if (!SLUG.test(key))
        throw new CliError(
          `'${slug}' is not a valid slug: 1-63 lower-case letters, digits and dashes, not starting or ending with a dash.`,
        )
      const hosts = hostNames(options.host)
      await withStore(async (store) => {
        const existing = await store.tenantBySlug(key)
        if (existing)
          throw new CliError(
            `The tenant ${key} exists already ('${existing.name}'); nothing changed. Change it with roster tenant update ${key} --name NAME --add-host HOST --remove-host HOST.`,
          )
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
          detail: `tenant ${created.slug} created${hosts.length > 0 ? ` (hosts ${hosts.join(', ')})` : ''}`,
        })
        process.stdout.write(
          `Tenant ${created.slug} is ready. Its Tenant URL is https://<your host>/t/${created.slug}/api/xm/1/scim/v2` +
            (hosts.length > 0 ? `, or https://${hosts[0]}/api/xm/1/scim/v2.\n` : '.\n') +
            `Give it a token: roster token create --name entra --tenant ${created.slug}\n`,
        )
      })
    })
  tenant
    .command('update')
    .description("change a tenant's display name and the host names that reach it")
    .argument('<slug>', 'the tenant, e.g. acme')
    .option('--name <name>', 'a new display name')
    .option(
      '--add-host <hostname...>',
      'host names to map to this tenant, e.g. acme.roster.example',
    )
    .option('--remove-host <hostname...>', 'host names to unmap')
    .action(
      async (
        slug: string,
        options: { name?: string; addHost?: string[]; removeHost?: string[] },
      ) => {
        const name = options.name?.trim()
        if (options.name !== undefined && (name === '' || (name ?? '').length > 200))
          throw new CliError('--name must have 1 to 200 characters.')
        const adding = hostNames(options.addHost)
        const removing = hostNames(options.removeHost)
        if (name === undefined && adding.length === 0 && removing.length === 0)
          throw new CliError('Give --name, --add-host or --remove-host.')
        await withStore(async (store) => {
          const found = await store.tenantBySlug(slug.trim().toLowerCase())
          if (!found) throw new CliError(`There is no tenant '${slug}' (roster tenant list).`)
          const current = await store.hostsOf(found.id)
          // Everything is checked before anything is written: a refused command changes nothing.
          for (const host of adding) {
            const owner = await store.tenantByHost(host)
            if (owner && owner.id !== found.id)
              throw new CliError(`The host ${host} already belongs to the tenant ${owner.slug}.`)
          }
          for (const host of removing)
            if (!current.includes(host))
              throw new CliError(
                `The tenant ${found.slug} has no host ${host} (its hosts: ${current.join(', ') || 'none'}).`,
              )
          const changes: string[] = []
          if (name !== undefined && name !== found.name) {
            await store.renameTenant(found.id, name)
            changes.push(`name '${found.name}' → '${name}'`)
          }
          for (const host of removing) {
            await store.removeTenantHost(found.id, host)
            changes.push(`host ${host} removed`)
          }
          for (const host of adding.filter((h) => !current.includes(h))) {
            await store.addTenantHost(found.id, host)
            changes.push(`host ${host} added`)
          }
          if (changes.length > 0)
            await audit(found.id, {
              operation: 'tenant.update',
              resource: 'tenant',
              detail: `tenant ${found.slug}: ${changes.join(', ')}`,
            })
          process.stdout.write(
            changes.length > 0
              ? `Tenant ${found.slug}: ${changes.join(', ')}.\n`
              : `Tenant ${found.slug} already is so; nothing changed.\n`,
          )
        })
      },
    )
  tenant
    .command('list')
    .description('list tenants with their hosts')
    .option('--json', 'JSON Lines: one tenant a line')
    .action(async (options: { json?: boolean }) => {
      await withStore(async (store) => {
        const tenants = await store.listTenants()
        if (options.json) {
          const objects = await Promise.all(
            tenants.map(async (t) => ({
              slug: t.slug,
              name: t.name,
              disabled: t.disabled,
              hosts: await store.hostsOf(t.id),
              created: t.created,
            })),
          )
          process.stdout.write(jsonLines(objects))
          return
        }
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

/** Host names as given (lower case), each checked: no scheme, port or path. */
function hostNames(given: readonly string[] | undefined): string[] {
  const hosts = (given ?? []).map((h) => h.trim().toLowerCase())
  for (const host of hosts)
    if (!HOST.test(host))
      throw new CliError(
        `'${host}' is not a host name (no scheme, port or path: acme.roster.example).`,
      )
  return [...new Set(hosts)]
}
