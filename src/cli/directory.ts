// What `roster users` and `roster groups` share: list options read into the same Search the HTTP
// routes build (scim/search.ts, so a filter is parsed and compiled by the code /Users?filter= runs),
// paging through the store by keyset, the SCIM base URL resources are rendered with, resolving the
// USERNAME|ID (DISPLAYNAME|ID) an operator types, and ScimErrors turned into one-line CliErrors.
import type { Command } from 'commander'
import { Option } from 'commander'
import { withConfigFile } from '../config.js'
import { normalizePublicUrl } from '../http/origin.js'
import type { Keyset, Position } from '../scim/cursor.js'
import { ScimError } from '../scim/errors.js'
import type { Filter } from '../scim/filter/ast.js'
import { parseFilter } from '../scim/filter/parser.js'
import { DEFAULT_COUNT, MAX_COUNT } from '../scim/schema/limits.js'
import type { Registry } from '../scim/schema/registry.js'
import { searchFromQuery } from '../scim/search.js'
import type { Search } from '../scim/search.js'
import type { Tenant } from '../store/store.js'
import { DEFAULT_TENANT_SLUG } from '../store/store.js'
import { CliError } from './context.js'

/** Rows shown by a list command without --limit or --all (the SCIM default page size). */
export const DEFAULT_LIMIT = DEFAULT_COUNT

export interface ListOptions {
  filter?: string
  sortBy?: string
  sortOrder?: 'ascending' | 'descending'
  limit?: string
  all?: boolean
  json?: boolean
}

/** The options every list command takes, with their help text. */
export function listOptions(command: Command, noun: string, example: string): Command {
  return command
    .option('--filter <filter>', `a SCIM filter (RFC 7644 §3.4.2.2), e.g. '${example}'`)
    .option('--sort-by <attribute>', 'a SCIM attribute to sort by (default: creation order)')
    .addOption(
      new Option('--sort-order <order>', 'with --sort-by (default: ascending)').choices([
        'ascending',
        'descending',
      ]),
    )
    .option('--limit <n>', `show at most N ${noun} (default: ${DEFAULT_LIMIT})`)
    .option('--all', `show them all (no limit)`)
    .option('--json', `JSON Lines: one SCIM ${noun.replace(/s$/, '')} a line, as SCIM renders it`)
}

/** The most rows to show: a number, or undefined for --all. */
export function limitOf(options: ListOptions): number | undefined {
  if (options.all && options.limit !== undefined)
    throw new CliError('--limit and --all cannot be used together.')
  if (options.all) return undefined
  if (options.limit === undefined) return DEFAULT_LIMIT
  if (!/^\d{1,9}$/.test(options.limit.trim()) || Number(options.limit) < 1)
    throw new CliError(`--limit must be a whole number from 1, not '${options.limit}' (or --all).`)
  return Number(options.limit)
}

/** The filter and sort of the options, read by the code the HTTP routes use (400s become CliErrors). */
export function searchOf(options: ListOptions, registry: Registry): Search {
  const params: Record<string, string | undefined> = {
    filter: options.filter,
    sortBy: options.sortBy,
    sortOrder: options.sortOrder,
  }
  return scimToCli(() => searchFromQuery((name) => params[name], registry))
}

/** A page as the store returns it, reduced to what paging needs. */
export interface Page<R> {
  readonly total: number
  readonly items: readonly R[]
  readonly next?: Position
}

/**
 * Every row up to `limit` (all without one), a page at a time by keyset (RFC 9865's positions, as the
 * store serves cursor paging: no offset, so the last page of 100,000 costs what the first does). Yields
 * each page, and returns the total the first page reported.
 */
export async function* pages<R>(
  read: (keyset: Keyset, count: number) => Promise<Page<R>>,
  limit: number | undefined,
): AsyncGenerator<readonly R[], number> {
  let keyset: Keyset = { backward: false }
  let left = limit ?? Number.POSITIVE_INFINITY
  let total: number | undefined
  for (;;) {
    const page = await read(keyset, Math.min(MAX_COUNT, left))
    total ??= page.total
    const items = page.items.slice(0, left)
    if (items.length > 0) yield items
    left -= items.length
    if (left <= 0 || !page.next || page.items.length === 0) return total
    keyset = { after: page.next, backward: false }
  }
}

/** Writes to stdout, waiting when the reader is slower (a page of JSON Lines is not queued in memory). */
export async function output(text: string): Promise<void> {
  if (!process.stdout.write(text))
    await new Promise<void>((resolve) => process.stdout.once('drain', resolve))
}

/** The stderr line after a list that did not show everything, or undefined. */
export function moreLine(shown: number, total: number, noun: string): string | undefined {
  if (shown >= total) return undefined
  return `roster: showing ${shown} of ${total} ${noun}; --limit N or --all for more\n`
}

/**
 * The SCIM base URL (`meta.location`, `$ref`) resources are rendered with: ROSTER_PUBLIC_URL when set,
 * as the server uses it; else the URL a server started with the same HOST and PORT answers on locally.
 * Tenants other than the default one are under /t/{slug}, as their Tenant URL is.
 */
export function scimBase(tenant: Tenant, environment: NodeJS.ProcessEnv = process.env): string {
  const env = withConfigFile(environment)
  let origin: string
  const publicUrl = env['ROSTER_PUBLIC_URL']?.trim()
  if (publicUrl) {
    try {
      origin = normalizePublicUrl(publicUrl)
    } catch (error) {
      throw new CliError((error as Error).message)
    }
  } else {
    const host = env['HOST'] || '127.0.0.1'
    origin = `http://${host.includes(':') ? `[${host}]` : host}:${env['PORT'] || '8080'}`
  }
  const slug = tenant.slug === DEFAULT_TENANT_SLUG ? '' : `/t/${tenant.slug}`
  return `${origin}${slug}/api/xm/1/scim/v2`
}

/** `attribute eq "text"`, the filter an Entra match sends, built by the SCIM parser. */
export function equalsFilter(attribute: string, text: string): Filter {
  return parseFilter(`${attribute} eq ${JSON.stringify(text)}`)
}

/** How an argument names a resource: by id, by its name, or either (refused when both match differently). */
export type Naming = 'id' | 'name' | 'auto'

export function byOption(nameAttribute: string): Option {
  return new Option(
    '--by <key>',
    `read the argument as an id or as a ${nameAttribute} only (default: either; when it is one resource's id and another's ${nameAttribute}, the command refuses)`,
  ).choices(['id', nameAttribute])
}

/**
 * The one resource `text` names: its id (exact) or its name (ignoring case, as the SCIM filter compares
 * it). Refused when nothing matches, and when `text` is one resource's id and another's name, so a
 * command never acts on a resource the operator did not mean.
 */
export async function resolveOne<R extends { readonly id: string }>(
  text: string,
  naming: Naming,
  lookup: {
    readonly noun: string
    readonly nameAttribute: string
    readonly byId: (id: string) => Promise<R | undefined>
    readonly byName: (name: string) => Promise<R | undefined>
    readonly label: (r: R) => string
    readonly hint: string
  },
): Promise<R> {
  if (text.trim() === '')
    throw new CliError(`Name a ${lookup.noun}: its ${lookup.nameAttribute} or id.`)
  const [withId, withName] = await Promise.all([
    naming === 'name' ? undefined : lookup.byId(text),
    naming === 'id' ? undefined : lookup.byName(text),
  ])
  if (withId && withName && withId.id !== withName.id)
    throw new CliError(
      `'${text}' is ambiguous: it is the id of ${lookup.noun} ${lookup.label(withId)} and the ${lookup.nameAttribute} of ${lookup.noun} ${withName.id}; add --by id or --by ${lookup.nameAttribute}.`,
    )
  const found = withId ?? withName
  if (!found) {
    const as =
      naming === 'id'
        ? 'id'
        : naming === 'name'
          ? lookup.nameAttribute
          : `${lookup.nameAttribute} or id`
    throw new CliError(`There is no ${lookup.noun} with the ${as} '${text}' (${lookup.hint}).`)
  }
  return found
}

/**
 * Runs `action`, turning a ScimError (a bad filter, a broken rule) into a one-line CliError with its
 * detail (a filter's prefixed with `--filter:`, the option it came from).
 */
export function scimToCli<T>(action: () => T): T {
  try {
    const result = action()
    if (result instanceof Promise)
      return result.catch((error: unknown) => {
        throw cliErrorOf(error)
      }) as T
    return result
  } catch (error) {
    throw cliErrorOf(error)
  }
}

function cliErrorOf(error: unknown): unknown {
  if (!(error instanceof ScimError)) return error
  const detail = error.detail.replace(/\s*\n\s*/g, ' ').trim()
  return new CliError(error.scimType === 'invalidFilter' ? `--filter: ${detail}` : detail)
}

/** `label: value` lines, labels aligned, further values of a label on lines of their own. */
export function facts(entries: readonly (readonly [string, readonly string[]])[]): string {
  const width = Math.max(...entries.map(([label]) => label.length)) + 2
  return entries
    .flatMap(([label, values]) => {
      const [first = '', ...rest] = values
      return [
        `${`${label}:`.padEnd(width)}${first}`.trimEnd(),
        ...rest.map((v) => `${' '.repeat(width)}${v}`),
      ]
    })
    .join('\n')
    .concat('\n')
}
