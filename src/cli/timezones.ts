// roster timezones list|enable|disable|all: which IANA time zones users may have (default: all).
import type { Command } from 'commander'
import { allTimeZones, canonicalTimeZone } from '../scim/profile/time-zones.js'
import { audit } from './audit.js'
import { CliError, unique, withTenant } from './context.js'
import { jsonLines } from './table.js'

function zones(inputs: readonly string[]): string[] {
  for (const zone of inputs) {
    if (canonicalTimeZone(zone) === undefined) {
      throw new CliError(
        `'${zone}' is not an IANA time zone (for example America/Los_Angeles or US/Pacific).`,
      )
    }
  }
  return unique(inputs)
}

export function timezonesCommand(program: Command): void {
  const tz = program.command('timezones').description("the tenant's enabled time zones")
  tz.command('list')
    .description("list enabled time zones ('all' when every zone is enabled)")
    .option('--all', 'every known zone and link, enabled ones marked *')
    .option(
      '--json',
      'JSON Lines: one zone a line ({"zone","enabled"}); when every zone is enabled, every zone',
    )
    .action((options: { all?: boolean; json?: boolean }) =>
      withTenant(async ({ data }) => {
        const { timezones } = await data.settings()
        if (options.json) {
          const enabled = (zone: string): boolean => timezones === 'all' || timezones.includes(zone)
          const shown = options.all || timezones === 'all' ? allTimeZones() : timezones
          process.stdout.write(jsonLines(shown.map((zone) => ({ zone, enabled: enabled(zone) }))))
          return
        }
        if (options.all) {
          const enabled = (zone: string): boolean => timezones === 'all' || timezones.includes(zone)
          process.stdout.write(
            allTimeZones()
              .map((zone) => `${enabled(zone) ? '* ' : '  '}${zone}`)
              .join('\n') + '\n',
          )
          return
        }
        process.stdout.write(
          timezones === 'all'
            ? `all (${allTimeZones().length} zones and their links)\n`
            : timezones.join('\n') + '\n',
        )
      }),
    )
  tz.command('enable')
    .argument('<zone...>', 'IANA zones or links')
    .description('enable zones (switches from "all" to a list)')
    .action((inputs: string[]) =>
      withTenant(async ({ data, tenant }) => {
        const added = zones(inputs)
        await data.updateSetting('timezones', (timezones) => {
          const current = timezones === 'all' ? [] : timezones
          return [...current, ...added.filter((z) => !current.includes(z))]
        })
        await audit(tenant.id, {
          operation: 'timezones.enable',
          resource: 'setting',
          detail: `time zones enabled: ${added.join(', ')}`,
        })
        process.stdout.write(`Enabled: ${added.join(', ')}.\n`)
      }),
    )
  tz.command('disable')
    .description('disable zones of the enabled list')
    .argument('<zone...>', 'zones of the enabled list (a link and its zone are the same zone)')
    .action((inputs: string[]) =>
      withTenant(async ({ data, tenant }) => {
        const removed = new Set(zones(inputs).map(canonicalTimeZone))
        await data.updateSetting('timezones', (timezones) => {
          if (timezones === 'all')
            throw new CliError(
              'Every zone is enabled; enable a list first (roster timezones enable ZONE...).',
            )
          const missing = inputs.filter(
            (z) => !timezones.some((e) => canonicalTimeZone(e) === canonicalTimeZone(z)),
          )
          if (missing.length > 0)
            throw new CliError(`Not enabled: ${missing.join(', ')} (roster timezones list).`)
          const left = timezones.filter((z) => !removed.has(canonicalTimeZone(z)))
          if (left.length === 0)
            throw new CliError(
              "At least one zone must stay enabled (or use 'roster timezones all').",
            )
          return left
        })
        await audit(tenant.id, {
          operation: 'timezones.disable',
          resource: 'setting',
          detail: `time zones disabled: ${inputs.join(', ')}`,
        })
        process.stdout.write(`Disabled: ${inputs.join(', ')}.\n`)
      }),
    )
  tz.command('all')
    .description('enable every time zone (the default)')
    .action(() =>
      withTenant(async ({ data, tenant }) => {
        await data.setSetting('timezones', 'all')
        await audit(tenant.id, {
          operation: 'timezones.all',
          resource: 'setting',
          detail: 'every time zone enabled',
        })
        process.stdout.write('Every time zone is enabled.\n')
      }),
    )
}
