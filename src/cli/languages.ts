// roster languages list|enable|disable: which of xMatters' 41 languages users may have.
import type { Command } from 'commander'
import { LANGUAGES, resolveLanguage } from '../scim/profile/languages.js'
import { audit } from './audit.js'
import { CliError, unique, withTenant } from './context.js'
import { jsonLines } from './table.js'

const KNOWN = LANGUAGES.map((l) => l.code)

function codes(inputs: readonly string[]): string[] {
  return unique(
    inputs.map((input) => {
      // The same reading as SCIM's preferredLanguage: a code, a name, or a BCP 47 tag (pt-BR → pt_BR).
      const code = resolveLanguage(input, KNOWN)
      if (!code)
        throw new CliError(
          `'${input}' is not one of the languages Roster knows (roster languages list --all).`,
        )
      return code
    }),
  )
}

export function languagesCommand(program: Command): void {
  const languages = program.command('languages').description("the tenant's enabled languages")
  languages
    .command('list')
    .option('--all', 'every known language, enabled ones marked *')
    .option('--json', 'JSON Lines: one language a line ({"code","name","enabled"})')
    .description('list enabled languages (code and name)')
    .action((options: { all?: boolean; json?: boolean }) =>
      withTenant(async ({ data }) => {
        const enabled = new Set((await data.settings()).languages)
        const shown = LANGUAGES.filter((l) => options.all || enabled.has(l.code))
        if (options.json) {
          process.stdout.write(
            jsonLines(
              shown.map((l) => ({ code: l.code, name: l.name, enabled: enabled.has(l.code) })),
            ),
          )
          return
        }
        const mark = (code: string): string =>
          options.all ? (enabled.has(code) ? '* ' : '  ') : ''
        process.stdout.write(
          shown.map((l) => `${mark(l.code)}${l.code.padEnd(6)} ${l.name}`).join('\n') + '\n',
        )
      }),
    )
  languages
    .command('enable')
    .description('enable languages for the tenant')
    .argument('<language...>', 'codes, BCP 47 tags or names (en, pt_BR, pt-BR, English)')
    .action((inputs: string[]) =>
      withTenant(async ({ data, tenant }) => {
        const added = codes(inputs)
        await data.updateSetting('languages', (current) => [
          ...current,
          ...added.filter((c) => !current.includes(c)),
        ])
        await audit(tenant.id, {
          operation: 'languages.enable',
          resource: 'setting',
          detail: `languages enabled: ${added.join(', ')}`,
        })
        process.stdout.write(`Enabled: ${added.join(', ')}.\n`)
      }),
    )
  languages
    .command('disable')
    .description('disable languages (at least one stays enabled)')
    .argument('<language...>', 'codes, BCP 47 tags or names')
    .action((inputs: string[]) =>
      withTenant(async ({ data, tenant }) => {
        const removed = codes(inputs)
        await data.updateSetting('languages', (current) => {
          const left = current.filter((c) => !removed.includes(c))
          if (left.length === 0) throw new CliError('At least one language must stay enabled.')
          return left
        })
        await audit(tenant.id, {
          operation: 'languages.disable',
          resource: 'setting',
          detail: `languages disabled: ${removed.join(', ')}`,
        })
        process.stdout.write(`Disabled: ${removed.join(', ')}.\n`)
      }),
    )
}
