// roster properties add|list|show|remove|rename: the tenant's custom user properties (the roster
// extension schema, scim/schema/extension.ts). Definitions are configuration: a change applies to a
// running server's next request.
import type { Command } from 'commander'
import { InvalidArgumentError, Option } from 'commander'
import { ScimError } from '../scim/errors.js'
import {
  PROPERTY_TYPES,
  PROPERTY_VALUE_MAX,
  ROSTER_USER_EXTENSION,
} from '../scim/schema/extension.js'
import type { PropertyDef, PropertyType } from '../scim/schema/extension.js'
import {
  definitionOf,
  heldMessage,
  parseMaxLength,
  propertyEvents,
} from '../scim/schema/property-input.js'
import type { FieldLabels } from '../scim/schema/property-input.js'
import type { PropertyDefinition } from '../store/store.js'
import { audit } from './audit.js'
import { CliError, withTenant } from './context.js'
import { jsonLines, table } from './table.js'

interface AddOptions {
  type: PropertyType
  values?: string
  multi?: boolean
  required?: boolean
  maxLength?: number
  caseExact?: boolean
  alias: string[]
  description?: string
}

const collect = (value: string, previous: string[]): string[] => [...previous, value]

function positiveInteger(text: string): number {
  const n = parseMaxLength(text)
  if (n === undefined)
    throw new InvalidArgumentError(`must be a whole number from 1 to ${PROPERTY_VALUE_MAX}`)
  return n
}

/** The CLI's names of the fields in validation messages. */
const OPTION_LABELS: FieldLabels = {
  type: '--type',
  values: '--values',
  maxLength: '--max-length',
  alias: '--alias',
  description: '--description',
}

/** The definition the options describe (scim/schema/property-input.ts), or a CliError naming what is wrong. */
export function cliDefinition(
  name: string,
  options: AddOptions,
  existing: readonly PropertyDef[],
): PropertyDef {
  try {
    return definitionOf(
      {
        name,
        type: options.type,
        values: options.values,
        multi: options.multi === true,
        required: options.required === true,
        maxLength: options.maxLength,
        caseExact: options.caseExact === true,
        aliases: options.alias,
        description: options.description,
      },
      existing,
      OPTION_LABELS,
    )
  } catch (error) {
    if (error instanceof ScimError) throw new CliError(error.detail)
    throw error
  }
}

/** A definition as `--json` prints it. */
function asJson(p: PropertyDefinition): Record<string, unknown> {
  return {
    name: p.name,
    scimPath: `${ROSTER_USER_EXTENSION}:${p.name}`,
    type: p.type,
    multiValued: p.multiValued,
    required: p.required,
    caseExact: p.caseExact,
    maxLength: p.type === 'string' ? (p.maxLength ?? PROPERTY_VALUE_MAX) : null,
    canonicalValues: p.canonicalValues,
    aliases: p.aliases,
    description: p.description,
  }
}

function describe(p: PropertyDefinition): string[] {
  return [
    p.name,
    p.type,
    p.multiValued ? 'yes' : '',
    p.required ? 'yes' : '',
    p.canonicalValues.join(', '),
  ]
}

export function propertiesCommand(program: Command): void {
  const properties = program
    .command('properties')
    .description(`the tenant's custom user properties (${ROSTER_USER_EXTENSION})`)
  properties
    .command('list')
    .description('list the properties')
    .option('--json', 'JSON Lines: one property definition a line')
    .action((options: { json?: boolean }) =>
      withTenant(async ({ data }) => {
        const all = await data.properties()
        if (options.json) {
          process.stdout.write(jsonLines(all.map(asJson)))
          return
        }
        if (all.length === 0) {
          process.stdout.write('No properties (roster properties add NAME).\n')
          return
        }
        process.stdout.write(
          table(['NAME', 'TYPE', 'MULTI', 'REQUIRED', 'VALUES'], all.map(describe)),
        )
      }),
    )
  properties
    .command('show')
    .argument('<name>', 'a property name')
    .description('show a property, its SCIM path and how many users hold a value')
    .option('--json', 'one JSON object: the definition and holders (users holding a value)')
    .action((name: string, options: { json?: boolean }) =>
      withTenant(async ({ data }) => {
        const found = (await data.properties()).find(
          (p) => p.name.toLowerCase() === name.toLowerCase(),
        )
        if (!found) throw new CliError(`There is no property '${name}' (roster properties list).`)
        if (options.json) {
          const holders = await data.propertyHolders(found.name)
          process.stdout.write(jsonLines([{ ...asJson(found), holders }]))
          return
        }
        const lines = [
          ['name', found.name],
          ['scim path', `${ROSTER_USER_EXTENSION}:${found.name}`],
          ['type', found.type],
          ['multi-valued', String(found.multiValued)],
          ['required', `${found.required} (checked on POST and PUT, never on PATCH)`],
          ['case exact', String(found.caseExact)],
          [
            'max length',
            found.type === 'string' ? String(found.maxLength ?? PROPERTY_VALUE_MAX) : '',
          ],
          ['values', found.canonicalValues.join(', ')],
          ['aliases', found.aliases.join(', ')],
          ['description', found.description],
          ['users holding a value', String(await data.propertyHolders(found.name))],
        ].filter(([, v]) => v !== '')
        process.stdout.write(lines.map(([k, v]) => `${k}: ${v}`).join('\n') + '\n')
      }),
    )
  properties
    .command('add')
    .argument(
      '<name>',
      'the attribute name (RFC 7643 §2.1: a letter, then letters, digits, - or _)',
    )
    .description('define a property')
    .addOption(
      new Option('--type <type>', 'the value type').choices(PROPERTY_TYPES).default('string'),
    )
    .option('--values <list>', 'a list property: only these comma-separated values (ignoring case)')
    .option('--multi', 'a user may hold several values')
    .option('--required', 'POST and PUT must give a value (a PATCH never fails for lack of it)')
    .option(
      '--max-length <n>',
      `the longest value (default ${PROPERTY_VALUE_MAX})`,
      positiveInteger,
    )
    .option('--case-exact', 'filters compare values with case (default: ignoring case)')
    .option(
      '--alias <scim-path>',
      'another attribute accepted as this property (repeatable)',
      collect,
      [],
    )
    .option('--description <text>', 'shown in /Schemas')
    .action((name: string, options: AddOptions) =>
      withTenant(async ({ data, tenant }) => {
        const def = cliDefinition(name, options, await data.properties())
        const created = await data.addProperty(def)
        await audit(tenant.id, propertyEvents.added(created))
        process.stdout.write(
          `Defined ${created.name}: SCIM path ${ROSTER_USER_EXTENSION}:${created.name}\n`,
        )
      }),
    )
  properties
    .command('rename')
    .argument('<old>', 'the current name')
    .argument('<new>', 'the new name (values are kept)')
    .description('rename a property; users keep their values')
    .action((old: string, next: string) =>
      withTenant(async ({ data, tenant }) => {
        const renamed = await data.renameProperty(old, next)
        if (!renamed) throw new CliError(`There is no property '${old}' (roster properties list).`)
        await audit(tenant.id, propertyEvents.renamed(old, renamed))
        process.stdout.write(
          `Renamed ${old} to ${renamed.name}; update the attribute mapping in your identity provider to ${ROSTER_USER_EXTENSION}:${renamed.name}.\n`,
        )
      }),
    )
  properties
    .command('remove')
    .argument('<name>', 'a property name')
    .option('--force', 'also delete the values users hold')
    .description('remove a property (refused while users hold values, unless --force)')
    .action((name: string, options: { force?: boolean }) =>
      withTenant(async ({ data, tenant }) => {
        const result = await data.removeProperty(name, options.force === true)
        if (!result.removed && result.holders === 0)
          throw new CliError(`There is no property '${name}' (roster properties list).`)
        if (!result.removed)
          throw new CliError(
            heldMessage(name, result.holders, 'remove it with --force to delete those values too'),
          )
        await audit(tenant.id, propertyEvents.removed(name, result.holders))
        process.stdout.write(
          `Removed ${name}${result.holders > 0 ? ` and the values of ${result.holders} user${result.holders === 1 ? '' : 's'}` : ''}.\n`,
        )
      }),
    )
}
