// roster devices list|add|remove: device names for emails and phoneNumbers, with their SCIM aliases.
import type { Command } from 'commander'
import type { DeviceKind } from '../scim/profile/devices.js'
import { audit } from './audit.js'
import { CliError, unique, withTenant } from './context.js'
import { jsonLines, table } from './table.js'

export function devicesCommand(program: Command): void {
  const devices = program.command('devices').description("the tenant's device names")
  devices
    .command('list')
    .description('list device names with their kind (email or phone) and aliases')
    .option('--json', 'JSON Lines: one device a line ({"name","kind","aliases"})')
    .action((options: { json?: boolean }) =>
      withTenant(async ({ data }) => {
        const s = await data.settings()
        if (options.json) {
          process.stdout.write(
            jsonLines(s.devices.map((d) => ({ name: d.name, kind: d.kind, aliases: d.aliases }))),
          )
          return
        }
        process.stdout.write(
          table(
            ['NAME', 'KIND', 'SCIM ALIASES'],
            s.devices.map((d) => [d.name, d.kind, d.aliases.join(', ')]),
          ),
        )
      }),
    )
  devices
    .command('add')
    .description('define a device name users may have an email or phone for')
    .argument('<name>', 'device name, e.g. "Pager Email"')
    .requiredOption('--kind <kind>', 'email or phone')
    .option(
      '--alias <alias...>',
      'SCIM canonical types that mean this device (work, home, other, mobile, ...)',
    )
    .action((name: string, options: { kind: string; alias?: string[] }) =>
      withTenant(async ({ data, tenant }) => {
        if (options.kind !== 'email' && options.kind !== 'phone')
          throw new CliError('--kind must be email or phone.')
        const kind: DeviceKind = options.kind
        if (name.trim() !== name || name === '' || name.length > 100) {
          throw new CliError(
            'The device name must have 1 to 100 characters and no surrounding spaces.',
          )
        }
        const aliases = unique(options.alias ?? [])
        await data.updateSetting('devices', (current) => {
          if (current.some((d) => d.name.toLowerCase() === name.toLowerCase()))
            throw new CliError(`'${name}' exists already.`)
          const lower = aliases.map((a) => a.toLowerCase())
          const clash = current.find(
            (d) => d.kind === kind && d.aliases.some((a) => lower.includes(a.toLowerCase())),
          )
          if (clash) throw new CliError(`An alias is already used by '${clash.name}'.`)
          return [...current, { name, kind, aliases }]
        })
        await audit(tenant.id, {
          operation: 'devices.add',
          resource: 'setting',
          detail: `${kind} device '${name}' added`,
        })
        process.stdout.write(`Added ${kind} device '${name}'.\n`)
      }),
    )
  devices
    .command('remove')
    .description('remove a device name')
    .argument('<name>', 'device name')
    .action((name: string) =>
      withTenant(async ({ data, tenant }) => {
        await data.updateSetting('devices', (current) => {
          if (!current.some((d) => d.name === name))
            throw new CliError(`'${name}' is not a device name of this tenant.`)
          return current.filter((d) => d.name !== name)
        })
        await audit(tenant.id, {
          operation: 'devices.remove',
          resource: 'setting',
          detail: `device '${name}' removed`,
        })
        process.stdout.write(
          `Removed '${name}'. Users' existing values stay until they are next written.\n`,
        )
      }),
    )
}
