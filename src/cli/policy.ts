// roster policy show|set: password policy, unsupportedAttributes, requireNames and requestsPerMinute.
import type { Command } from 'commander'
import { PASSWORD_MAX } from '../scim/profile/password.js'
import type { Complexity } from '../scim/profile/password.js'
import { audit } from './audit.js'
import { CliError, withTenant } from './context.js'
import { jsonLines } from './table.js'

const KEYS = [
  'minLength',
  'complexity',
  'unsupportedAttributes',
  'requireNames',
  'requestsPerMinute',
  'logRetentionDays',
  'logMaxRows',
  'consoleRoles',
] as const
/** The highest request rate that can be set (per tenant, per instance). */
const MAX_RATE = 1_000_000

export function policyCommand(program: Command): void {
  const policy = program
    .command('policy')
    .description('password policy, unsupported attributes and the request rate')
  policy
    .command('show')
    .description("show the tenant's password policy and other settings")
    .option('--json', 'one JSON object with every setting (requestsPerMinute 0: no limit)')
    .action((options: { json?: boolean }) =>
      withTenant(async ({ data, tenant }) => {
        const s = await data.settings()
        if (options.json) {
          process.stdout.write(
            jsonLines([
              {
                tenant: tenant.slug,
                minLength: s.passwordPolicy.minLength,
                maxLength: s.passwordPolicy.maxLength,
                complexity: s.passwordPolicy.complexity,
                unsupportedAttributes: s.unsupportedAttributes,
                requireNames: s.requireNames,
                requestsPerMinute: s.requestsPerMinute,
                logRetentionDays: s.logRetentionDays,
                logMaxRows: s.logMaxRows,
                consoleRoles: s.consoleRoles,
              },
            ]),
          )
          return
        }
        process.stdout.write(
          [
            `minLength              ${s.passwordPolicy.minLength}`,
            `maxLength              ${s.passwordPolicy.maxLength}`,
            `complexity             ${s.passwordPolicy.complexity}`,
            `unsupportedAttributes  ${s.unsupportedAttributes}`,
            `requireNames           ${s.requireNames}`,
            `requestsPerMinute      ${s.requestsPerMinute === 0 ? '0 (no limit)' : s.requestsPerMinute}`,
            `logRetentionDays       ${s.logRetentionDays}`,
            `logMaxRows             ${s.logMaxRows}`,
            `consoleRoles           ${s.consoleRoles.join(', ')}`,
          ].join('\n') + '\n',
        )
      }),
    )
  policy
    .command('set')
    .description('change one setting of the tenant')
    .argument('<key>', KEYS.join(' | '))
    .argument(
      '<value>',
      'minLength: 1-30; complexity: none|non-alpha|strong; unsupportedAttributes: reject|ignore; requireNames: true|false; requestsPerMinute: 0 (no limit) or more; logRetentionDays: 1-3650 (default 30); logMaxRows: 1 or more (default 1000000); consoleRoles: roles that may sign in to the console, comma-separated ("" for nobody)',
    )
    .action((key: string, value: string) =>
      withTenant(async ({ data, tenant }) => {
        switch (key) {
          case 'minLength': {
            const n = Number(value)
            if (!Number.isInteger(n) || n < 1 || n > PASSWORD_MAX)
              throw new CliError(`minLength must be an integer from 1 to ${PASSWORD_MAX}.`)
            await data.updateSetting('passwordPolicy', (policy) => ({ ...policy, minLength: n }))
            break
          }
          case 'complexity':
            if (!['none', 'non-alpha', 'strong'].includes(value))
              throw new CliError('complexity must be none, non-alpha or strong.')
            await data.updateSetting('passwordPolicy', (policy) => ({
              ...policy,
              complexity: value as Complexity,
            }))
            break
          case 'unsupportedAttributes':
            if (value !== 'reject' && value !== 'ignore')
              throw new CliError('unsupportedAttributes must be reject or ignore.')
            await data.setSetting('unsupportedAttributes', value)
            break
          case 'requireNames':
            if (value !== 'true' && value !== 'false')
              throw new CliError('requireNames must be true or false.')
            await data.setSetting('requireNames', value === 'true')
            break
          case 'requestsPerMinute': {
            const n = Number(value)
            if (!Number.isInteger(n) || n < 0 || n > MAX_RATE)
              throw new CliError(
                `requestsPerMinute must be an integer from 0 (no limit) to ${MAX_RATE}.`,
              )
            await data.setSetting('requestsPerMinute', n)
            break
          }
          case 'logRetentionDays':
          case 'logMaxRows': {
            const n = Number(value)
            const max = key === 'logRetentionDays' ? 3650 : 100_000_000
            if (!Number.isInteger(n) || n < 1 || n > max)
              throw new CliError(`${key} must be an integer from 1 to ${max}.`)
            await data.setSetting(key, n)
            break
          }
          case 'consoleRoles': {
            const roles = value
              .split(',')
              .map((r) => r.trim())
              .filter((r) => r !== '')
            await data.updateSetting('consoleRoles', (_current, all) => {
              const unknown = roles.filter((r) => !all.roles.includes(r))
              if (unknown.length > 0)
                throw new CliError(
                  `Not roles of this tenant: ${unknown.join(', ')} (roster roles list).`,
                )
              return roles
            })
            break
          }
          default:
            throw new CliError(`Unknown policy key '${key}'; use one of ${KEYS.join(', ')}.`)
        }
        await audit(tenant.id, {
          operation: 'policy.set',
          resource: 'setting',
          detail: `${key} = ${value}`,
        })
        process.stdout.write(`${key} = ${value} (tenant ${tenant.slug})\n`)
      }),
    )
}
