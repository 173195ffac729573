// roster devices list|add|remove: device names for emails and phoneNumbers, with their SCIM aliases.
import type { Command } from 'commander'
import type { DeviceKind } from '../scim/profile/devices.js'
import { CliError, withTenant } from './context.js'
import { table } from './table.js'

export function devicesCommand(program: Command): void {
  const devices = program.command('devices').description("the tenant's device names")
  devices.command('list').action(() =>
    withTenant(async ({ data }) => {
      const s = await data.settings()
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
    .argument('<name>', 'device name, e.g. "Pager Email"')
    .requiredOption('--kind <kind>', 'email or phone')
    .option(
      '--alias <alias...>',
      'SCIM canonical types that mean this device (work, home, other, mobile, ...)',
    )
    .action((name: string, options: { kind: string; alias?: string[] }) =>
      withTenant(async ({ data }) => {
        if (options.kind !== 'email' && options.kind !== 'phone')
          throw new CliError('--kind must be email or phone.')
        const kind: DeviceKind = options.kind
        const s = await data.settings()
        if (name.trim() === '' || name.length > 100)
          throw new CliError('The device name must have 1 to 100 characters.')
        if (s.devices.some((d) => d.name.toLowerCase() === name.toLowerCase()))
          throw new CliError(`'${name}' exists already.`)
        const aliases = options.alias ?? []
        const clash = s.devices.find(
          (d) =>
            d.kind === kind &&
            d.aliases.some((a) => aliases.map((x) => x.toLowerCase()).includes(a.toLowerCase())),
        )
        if (clash) throw new CliError(`An alias is already used by '${clash.name}'.`)
        await data.setSetting('devices', [...s.devices, { name, kind, aliases }])
        process.stdout.write(`Added ${kind} device '${name}'.\n`)
      }),
    )
  devices
    .command('remove')
    .argument('<name>', 'device name')
    .action((name: string) =>
      withTenant(async ({ data }) => {
        const s = await data.settings()
        if (!s.devices.some((d) => d.name === name))
          throw new CliError(`'${name}' is not a device name of this tenant.`)
        await data.setSetting(
          'devices',
          s.devices.filter((d) => d.name !== name),
        )
        process.stdout.write(
          `Removed '${name}'. Users' existing values stay until they are next written.\n`,
        )
      }),
    )
}
