// roster users list|show|disable|enable|delete|password: the tenant's people, as SCIM keeps them. Lists
// take SCIM filters compiled by the code /Users?filter= runs; every change goes through the store's
// updateUser/deleteUser with the SCIM PATCH rules (so the version and ETag move as for an Entra PATCH)
// and is recorded as an audit event (`roster log`). `usersCommand` returns the `users` command so other
// modules (export, import) add their subcommands to the same one.
import type { Command } from 'commander'
import { hashPassword } from '../auth/password-hash.js'
import { userChanges } from '../scim/log/changes.js'
import type { Change } from '../scim/log/entry.js'
import { applyPatch } from '../scim/patch/apply.js'
import type { PatchOperation } from '../scim/patch/operations.js'
import { unknownFilterAttributes } from '../scim/profile/settings.js'
import type { TenantSettings } from '../scim/profile/settings.js'
import { userFold } from '../scim/profile/user-fold.js'
import { parseUser } from '../scim/profile/user-rules.js'
import type { JsonObject } from '../scim/resource/coerce.js'
import { project } from '../scim/resource/project.js'
import type { UserRecord } from '../scim/resource/user.js'
import { userDataToJson, userToJson } from '../scim/resource/user-json.js'
import { userRegistryFor } from '../scim/schema/extension.js'
import type { Registry } from '../scim/schema/registry.js'
import type { Tenant, TenantStore } from '../store/store.js'
import { audit } from './audit.js'
import { withTenant } from './context.js'
import { CliError } from './context.js'
import {
  byOption,
  equalsFilter,
  facts,
  limitOf,
  listOptions,
  moreLine,
  output,
  pages,
  resolveOne,
  scimBase,
  scimToCli,
  searchOf,
} from './directory.js'
import type { ListOptions, Naming } from './directory.js'
import { readSecret } from './secret-input.js'
import { jsonLines, table } from './table.js'

interface ByOptions {
  by?: 'id' | 'userName'
}

/** The `users` command of the program, created with its subcommands on first call (the same one after). */
export function usersCommand(program: Command): Command {
  const existing = program.commands.find((c) => c.name() === 'users')
  if (existing) return existing
  const users = program
    .command('users')
    .description(
      "the tenant's people: list, show, disable, enable, delete, set a password, export, import",
    )

  listOptions(
    users
      .command('list')
      .description('list users (100 unless --limit or --all), oldest first unless --sort-by'),
    'users',
    'userName sw "a"',
  ).action((options: ListOptions) =>
    withTenant(async ({ tenant, data }) => {
      const limit = limitOf(options)
      const { registry, settings } = await schema(data)
      const search = searchOf(options, registry)
      const base = scimBase(tenant)
      const rows: string[][] = []
      let shown = 0
      const all = pages(async (keyset, count) => {
        const page = await scimToCli(() =>
          data.listUsers({
            ...(search.filter ? { filter: search.filter } : {}),
            ...(search.sort ? { sort: search.sort } : {}),
            fold: userFold(settings),
            unknownAttributes: unknownFilterAttributes(settings),
            startIndex: 1,
            count,
            keyset,
          }),
        )
        return { total: page.total, items: page.users, ...(page.next ? { next: page.next } : {}) }
      }, limit)
      let step = await all.next()
      while (!step.done) {
        shown += step.value.length
        if (options.json)
          await output(jsonLines(step.value.map((u) => scimUser(u, base, registry))))
        else rows.push(...step.value.map(userRow))
        step = await all.next()
      }
      const total = step.value
      if (!options.json) {
        if (rows.length === 0)
          process.stderr.write(options.filter ? 'No user matches the filter.\n' : 'No users.\n')
        else
          process.stdout.write(table(['ID', 'USERNAME', 'NAME', 'ACTIVE', 'ROLES', 'EMAIL'], rows))
      }
      const more = moreLine(shown, total, 'users')
      if (more) process.stderr.write(more)
    }),
  )

  users
    .command('show')
    .description('show one user: every attribute, its groups and custom properties')
    .argument('<user>', 'a userName (ignoring case) or a user id')
    .addOption(byOption('userName'))
    .option('--json', 'the user as SCIM renders it (GET /Users/{id}), on one line')
    .action((text: string, options: ByOptions & { json?: boolean }) =>
      withTenant(async ({ tenant, data }) => {
        const { registry } = await schema(data)
        const user = await findUser(data, tenant, text, options)
        if (options.json)
          process.stdout.write(jsonLines([scimUser(user, scimBase(tenant), registry)]))
        else process.stdout.write(facts(describeUser(user)))
      }),
    )

  for (const [name, active] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    users
      .command(name)
      .description(
        active
          ? 'enable a user (active true): it may sign in again'
          : 'disable a user (active false), as Entra does when it deprovisions: kept, but it cannot sign in',
      )
      .argument('<user>', 'a userName (ignoring case) or a user id')
      .addOption(byOption('userName'))
      .action((text: string, options: ByOptions) =>
        withTenant(async ({ tenant, data }) => {
          const found = await findUser(data, tenant, text, options)
          const { user, changes } = await patchUser(data, found.id, [
            { index: 0, op: 'replace', path: 'active', value: active },
          ])
          if (changes.length === 0) {
            process.stdout.write(
              `User ${user.userName} (${user.id}) of tenant ${tenant.slug} is already ${active ? 'enabled' : 'disabled'}; nothing changed.\n`,
            )
            return
          }
          await audit(tenant.id, {
            operation: `user.${name}`,
            resource: 'User',
            resourceId: user.id,
            target: user.userName,
            detail: `user '${user.userName}' ${name}d`,
            changes,
          })
          process.stdout.write(
            `${active ? 'Enabled' : 'Disabled'} user ${user.userName} (${user.id}) of tenant ${tenant.slug}.\n`,
          )
        }),
      )
  }

  users
    .command('delete')
    .description(
      'delete a user at once, as a SCIM DELETE does (no confirmation: the argument names exactly one user, and an ambiguous one is refused)',
    )
    .argument('<user>', 'a userName (ignoring case) or a user id')
    .addOption(byOption('userName'))
    .action((text: string, options: ByOptions) =>
      withTenant(async ({ tenant, data }) => {
        const user = await findUser(data, tenant, text, options)
        if (!(await data.deleteUser(user.id)))
          throw new CliError(`User ${user.userName} (${user.id}) was deleted meanwhile.`)
        await audit(tenant.id, {
          operation: 'user.delete',
          resource: 'User',
          resourceId: user.id,
          target: user.userName,
          detail: `user '${user.userName}' deleted`,
          changes: userChanges(user, undefined),
        })
        process.stdout.write(
          `Deleted user ${user.userName} (${user.id}) of tenant ${tenant.slug}.\n`,
        )
      }),
    )

  users
    .command('password')
    .description(
      "set a user's password (for the console): typed at a prompt that echoes nothing, or piped on stdin; never an argument. The tenant's password policy applies, as in SCIM",
    )
    .argument('<user>', 'a userName (ignoring case) or a user id')
    .addOption(byOption('userName'))
    .action((text: string, options: ByOptions) =>
      withTenant(async ({ tenant, data }) => {
        const found = await findUser(data, tenant, text, options)
        const password = await readSecret(`New password for ${found.userName}`)
        if (password === '') throw new CliError('No password given; nothing was changed.')
        const operations: PatchOperation[] = [
          { index: 0, op: 'replace', path: 'password', value: password },
        ]
        // Checked before hashing (scrypt takes tens of milliseconds), and again under the row's lock.
        const { registry, settings } = await schema(data)
        patched(found, operations, registry, settings)
        const hash = await hashPassword(password, tenant.id)
        const { user } = await patchUser(data, found.id, operations, hash)
        await audit(tenant.id, {
          operation: 'user.password',
          resource: 'User',
          resourceId: user.id,
          target: user.userName,
          detail: `password of user '${user.userName}' set`,
          changes: [{ path: 'password', new: '(changed)' }],
        })
        process.stdout.write(
          `Set the password of user ${user.userName} (${user.id}) of tenant ${tenant.slug}.\n`,
        )
      }),
    )
  return users
}

/** The tenant's User registry (with its custom properties) and settings, as a SCIM request reads them. */
async function schema(
  data: TenantStore,
): Promise<{ registry: Registry; settings: TenantSettings }> {
  const [properties, settings] = await Promise.all([data.properties(), data.settings()])
  return { registry: userRegistryFor(properties), settings }
}

/** The user `text` names (userName ignoring case, or id); refused when none, or when it is ambiguous. */
async function findUser(
  data: TenantStore,
  tenant: Tenant,
  text: string,
  options: ByOptions,
): Promise<UserRecord> {
  const naming: Naming = options.by === 'id' ? 'id' : options.by === 'userName' ? 'name' : 'auto'
  const settings = await data.settings()
  return resolveOne(text, naming, {
    noun: 'user',
    nameAttribute: 'userName',
    byId: (id) => data.getUser(id),
    byName: async (name) =>
      (
        await data.listUsers({
          filter: equalsFilter('userName', name),
          fold: userFold(settings),
          startIndex: 1,
          count: 1,
        })
      ).users[0],
    label: (u) => u.userName,
    hint: `roster users list --tenant ${tenant.slug}`,
  })
}

/** The user after the operations, validated with the SCIM PATCH rules (a ScimError becomes a CliError). */
function patched(
  user: UserRecord,
  operations: readonly PatchOperation[],
  registry: Registry,
  settings: TenantSettings,
): ReturnType<typeof parseUser> {
  return scimToCli(() =>
    parseUser(
      applyPatch(userDataToJson(user), operations, { registry, fold: userFold(settings) }),
      registry,
      settings,
      'patch',
    ),
  )
}

/**
 * Applies PATCH operations under the user's row lock, as PATCH /Users/{id} does: the result is checked
 * with the SCIM rules; nothing is written (the version stays) when nothing changes. `hash` is the new
 * password's hash when the operations set one.
 */
async function patchUser(
  data: TenantStore,
  id: string,
  operations: readonly PatchOperation[],
  hash?: string,
): Promise<{ user: UserRecord; changes: Change[] }> {
  const { registry, settings } = await schema(data)
  let changes: Change[] = []
  const user = await data.updateUser(id, (current) => {
    const input = patched(current, operations, registry, settings)
    changes = userChanges(current, input.data)
    if (hash !== undefined) return { data: input.data, password: hash }
    return changes.length === 0 ? undefined : { data: input.data, password: undefined }
  })
  if (!user) throw new CliError(`User ${id} was deleted meanwhile.`)
  return { user, changes }
}

/** The user as GET /Users/{id} renders it (default projection). */
function scimUser(user: UserRecord, base: string, registry: Registry): JsonObject {
  return project(userToJson(user, base), registry, {})
}

function fullName(user: UserRecord): string {
  return [user.givenName, user.familyName].filter((n) => n !== undefined).join(' ')
}

function userRow(user: UserRecord): string[] {
  const email = user.emails.find((e) => e.primary) ?? user.emails[0]
  return [
    user.id,
    user.userName,
    fullName(user),
    user.active ? 'yes' : 'no',
    user.roles.map((r) => r.value).join(', '),
    email?.value ?? '',
  ]
}

/** Label and values (one a line) of everything a user holds, for `users show`. */
function describeUser(user: UserRecord): [string, string[]][] {
  const device = (d: UserRecord['emails'][number]): string =>
    `${d.value} (${[d.device, d.primary ? 'primary' : ''].filter((x) => x !== '').join(', ')})`
  const properties = Object.entries(user.properties ?? {}).map(
    ([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : String(value)}`,
  )
  return [
    ['id', [user.id]],
    ['userName', [user.userName]],
    ['name', [fullName(user)]],
    ['active', [user.active ? 'yes' : 'no (disabled)']],
    ['externalId', [user.externalId ?? '']],
    ['preferredLanguage', [user.preferredLanguage ?? '']],
    ['timezone', [user.timezone ?? '']],
    ['emails', user.emails.map(device)],
    ['phoneNumbers', user.phoneNumbers.map(device)],
    ['roles', user.roles.map((r) => `${r.value}${r.primary ? ' (primary)' : ''}`)],
    ['groups', user.groups.map((g) => `${g.display} (${g.value}, ${g.type})`)],
    ['properties', properties],
    ['created', [user.created]],
    ['lastModified', [user.lastModified]],
    ['version', [String(user.version)]],
  ]
}
