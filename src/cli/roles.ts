// roster roles list|add|remove|default: the roles users may hold (exact names) and the default role.
import type { Command } from 'commander'
import { audit } from './audit.js'
import { CliError, unique, withTenant } from './context.js'
import { jsonLines } from './table.js'

export function rolesCommand(program: Command): void {
  const roles = program.command('roles').description("the tenant's roles")
  roles
    .command('list')
    .description('list roles; the default role is marked *')
    .option('--json', 'JSON Lines: one role a line ({"name","default"})')
    .action((options: { json?: boolean }) =>
      withTenant(async ({ data }) => {
        const s = await data.settings()
        if (options.json) {
          process.stdout.write(
            jsonLines(s.roles.map((r) => ({ name: r, default: r === s.defaultRole }))),
          )
          return
        }
        process.stdout.write(
          s.roles.map((r) => `${r === s.defaultRole ? '*' : ' '} ${r}`).join('\n') + '\n',
        )
      }),
    )
  roles
    .command('add')
    .argument('<name...>', 'role names (quote names with spaces)')
    .description('define roles')
    .action((names: string[]) =>
      withTenant(async ({ data, tenant }) => {
        for (const name of names) {
          if (name.trim() !== name || name === '' || name.length > 100) {
            throw new CliError(
              `'${name}' is not a valid role name (1-100 characters, no surrounding spaces).`,
            )
          }
        }
        const wanted = unique(names)
        await data.updateSetting('roles', (current) => [
          ...current,
          ...wanted.filter((n) => !current.includes(n)),
        ])
        await audit(tenant.id, {
          operation: 'roles.add',
          resource: 'setting',
          detail: `roles defined: ${wanted.join(', ')}`,
        })
        process.stdout.write(`Defined: ${wanted.join(', ')}.\n`)
      }),
    )
  roles
    .command('remove')
    .argument('<name...>', 'role names')
    .description('remove roles (users keep the roles they hold; new writes must use defined roles)')
    .action((names: string[]) =>
      withTenant(async ({ data, tenant }) => {
        await data.updateSetting('roles', (current, all) => {
          const unknown = names.filter((n) => !current.includes(n))
          if (unknown.length > 0)
            throw new CliError(`Not roles of this tenant: ${unknown.join(', ')}.`)
          if (names.includes(all.defaultRole)) {
            throw new CliError(
              `'${all.defaultRole}' is the default role; choose another default first (roster roles default NAME).`,
            )
          }
          return current.filter((r) => !names.includes(r))
        })
        await audit(tenant.id, {
          operation: 'roles.remove',
          resource: 'setting',
          detail: `roles removed: ${unique(names).join(', ')}`,
        })
        process.stdout.write(`Removed: ${unique(names).join(', ')}.\n`)
      }),
    )
  roles
    .command('default')
    .argument('<name>', 'a defined role')
    .description('the role given to users created without one')
    .action((name: string) =>
      withTenant(async ({ data, tenant }) => {
        await data.updateSetting('defaultRole', (_current, all) => {
          if (!all.roles.includes(name))
            throw new CliError(`'${name}' is not a role of this tenant (roster roles list).`)
          return name
        })
        await audit(tenant.id, {
          operation: 'roles.default',
          resource: 'setting',
          detail: `default role: ${name}`,
        })
        process.stdout.write(`Default role: ${name}.\n`)
      }),
    )
}
