// roster policy show|set: password policy, unsupportedAttributes and requireNames.
import type { Command } from 'commander'
import { PASSWORD_MAX } from '../scim/profile/password.js'
import type { Complexity } from '../scim/profile/password.js'
import { CliError, withTenant } from './context.js'

const KEYS = ['minLength', 'complexity', 'unsupportedAttributes', 'requireNames'] as const

export function policyCommand(program: Command): void {
  const policy = program
    .command('policy')
    .description('password policy and how unsupported attributes are handled')
  policy.command('show').action(() =>
    withTenant(async ({ data }) => {
      const s = await data.settings()
      process.stdout.write(
        [
          `minLength              ${s.passwordPolicy.minLength}`,
          `maxLength              ${s.passwordPolicy.maxLength}`,
          `complexity             ${s.passwordPolicy.complexity}`,
          `unsupportedAttributes  ${s.unsupportedAttributes}`,
          `requireNames           ${s.requireNames}`,
        ].join('\n') + '\n',
      )
    }),
  )
  policy
    .command('set')
    .argument('<key>', KEYS.join(' | '))
    .argument(
      '<value>',
      'minLength: 1-30; complexity: none|non-alpha|strong; unsupportedAttributes: reject|ignore; requireNames: true|false',
    )
    .action((key: string, value: string) =>
      withTenant(async ({ data }) => {
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
          default:
            throw new CliError(`Unknown policy key '${key}'; use one of ${KEYS.join(', ')}.`)
        }
        process.stdout.write(`${key} = ${value}\n`)
      }),
    )
}
