// roster groups list|show: the tenant's groups and their members, read-only. Lists take SCIM filters
// compiled by the code /Groups?filter= runs; members are read a page at a time (groups may hold
// 100,000 of them), users first then groups, each by id, as SCIM returns them.
import type { Command } from 'commander'
import { defaultFold } from '../scim/filter/evaluate.js'
import { unknownFilterAttributes } from '../scim/profile/settings.js'
import type { JsonObject } from '../scim/resource/coerce.js'
import type { GroupRecord, Member } from '../scim/resource/group.js'
import { groupToJson, memberToJson } from '../scim/resource/group-json.js'
import { project } from '../scim/resource/project.js'
import { groupRegistry } from '../scim/schema/registry.js'
import type { MemberCursor, Tenant, TenantStore } from '../store/store.js'
import { withTenant } from './context.js'
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
import { jsonLines, table } from './table.js'

/** Members read per query, as the SCIM routes stream them. */
const MEMBER_PAGE = 1000
/** A list counts members up to this many, then shows `1000+`. */
const COUNT_UP_TO = 1000

const registry = groupRegistry()

export function groupsCommand(program: Command): Command {
  const groups = program
    .command('groups')
    .description("the tenant's groups and their members (read-only; SCIM changes them)")

  listOptions(
    groups
      .command('list')
      .description('list groups (100 unless --limit or --all) with their member counts'),
    'groups',
    'displayName sw "On-call"',
  ).action((options: ListOptions) =>
    withTenant(async ({ tenant, data }) => {
      const limit = limitOf(options)
      const search = searchOf(options, registry)
      const settings = await data.settings()
      const base = scimBase(tenant)
      const rows: string[][] = []
      let shown = 0
      const all = pages(async (keyset, count) => {
        const page = await scimToCli(() =>
          data.listGroups({
            ...(search.filter ? { filter: search.filter } : {}),
            ...(search.sort ? { sort: search.sort } : {}),
            fold: defaultFold,
            unknownAttributes: unknownFilterAttributes(settings),
            startIndex: 1,
            count,
            keyset,
          }),
        )
        return { total: page.total, items: page.groups, ...(page.next ? { next: page.next } : {}) }
      }, limit)
      let step = await all.next()
      while (!step.done) {
        shown += step.value.length
        for (const group of step.value) {
          if (options.json) await output(jsonLines([await scimGroup(data, group, base)]))
          else {
            const counted = await data.groupMembers(group.id, undefined, COUNT_UP_TO + 1)
            const count = counted.length > COUNT_UP_TO ? `${COUNT_UP_TO}+` : String(counted.length)
            rows.push([group.id, group.displayName, group.externalId ?? '', count])
          }
        }
        step = await all.next()
      }
      if (!options.json) {
        if (rows.length === 0)
          process.stderr.write(options.filter ? 'No group matches the filter.\n' : 'No groups.\n')
        else process.stdout.write(table(['ID', 'DISPLAYNAME', 'EXTERNALID', 'MEMBERS'], rows))
      }
      const more = moreLine(shown, step.value, 'groups')
      if (more) process.stderr.write(more)
    }),
  )

  groups
    .command('show')
    .description('show one group and every member (users first, then nested groups)')
    .argument('<group>', 'a displayName (ignoring case) or a group id')
    .addOption(byOption('displayName'))
    .option(
      '--json',
      'the group as SCIM renders it (GET /Groups/{id}, members included), on one line',
    )
    .action((text: string, options: { by?: 'id' | 'displayName'; json?: boolean }) =>
      withTenant(async ({ tenant, data }) => {
        const group = await findGroup(data, tenant, text, options.by)
        if (options.json) {
          process.stdout.write(jsonLines([await scimGroup(data, group, scimBase(tenant))]))
          return
        }
        process.stdout.write(
          facts([
            ['id', [group.id]],
            ['displayName', [group.displayName]],
            ['externalId', [group.externalId ?? '']],
            ['created', [group.created]],
            ['lastModified', [group.lastModified]],
            ['version', [String(group.version)]],
          ]),
        )
        const rows: string[][] = []
        for await (const page of members(data, group.id))
          rows.push(...page.map((m) => [m.type, m.value, m.display]))
        process.stdout.write(
          rows.length === 0
            ? '\nNo members.\n'
            : `\n${rows.length} ${rows.length === 1 ? 'member' : 'members'}:\n${table(['TYPE', 'ID', 'DISPLAY'], rows)}`,
        )
      }),
    )
  return groups
}

async function findGroup(
  data: TenantStore,
  tenant: Tenant,
  text: string,
  by: 'id' | 'displayName' | undefined,
): Promise<GroupRecord> {
  const naming: Naming = by === 'id' ? 'id' : by === 'displayName' ? 'name' : 'auto'
  return resolveOne(text, naming, {
    noun: 'group',
    nameAttribute: 'displayName',
    byId: (id) => data.getGroup(id),
    byName: async (name) =>
      (
        await data.listGroups({
          filter: equalsFilter('displayName', name),
          fold: defaultFold,
          startIndex: 1,
          count: 1,
        })
      ).groups[0],
    label: (g) => g.displayName,
    hint: `roster groups list --tenant ${tenant.slug}`,
  })
}

/** Every member of a group, a page at a time, in SCIM's order. */
async function* members(data: TenantStore, id: string): AsyncGenerator<Member[]> {
  let after: MemberCursor | undefined
  for (;;) {
    const page = await data.groupMembers(id, after, MEMBER_PAGE)
    if (page.length > 0) yield page
    const last = page[page.length - 1]
    if (page.length < MEMBER_PAGE || !last) return
    after = { type: last.type, value: last.value }
  }
}

/** The group as GET /Groups/{id} renders it: its attributes, then members, then meta (RFC 7643 §8.4). */
async function scimGroup(data: TenantStore, group: GroupRecord, base: string): Promise<JsonObject> {
  const { meta, ...head } = project(groupToJson(group, base), registry, {})
  const all: JsonObject[] = []
  for await (const page of members(data, group.id))
    all.push(...page.map((m) => memberToJson(m, base)))
  return { ...head, members: all, ...(meta !== undefined ? { meta } : {}) }
}
