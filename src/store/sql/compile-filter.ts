// Filter AST → a SQL condition on `users` or `groups` (RFC 7644 §3.4.2.2). Values are always parameters;
// identifiers come only from the target's column map (columns.ts). Multi-valued attributes compile to
// EXISTS over their relation, with a value filter's conditions applying to one and the same element.
// An attribute without a column is a 400.
import { sql } from 'kysely'
import type { RawBuilder } from 'kysely'
import { ScimError } from '../../scim/errors.js'
import type { AttrPath, CompareOp, Filter, Literal } from '../../scim/filter/ast.js'
import type { Fold } from '../../scim/filter/evaluate.js'
import { literalBoolean } from '../../scim/filter/literal.js'
import type { AttributeDef } from '../../scim/schema/attribute.js'
import { attribute, subAttribute } from '../../scim/schema/attribute.js'
import type { Registry } from '../../scim/schema/registry.js'
import type { Column, Relation, SqlTarget } from './columns.js'
import { escapeLike } from './dialect.js'
import type { SqlDialect } from './dialect.js'
import type { TrigramCounts } from './substring.js'

type Condition = RawBuilder<unknown>

interface Context {
  readonly target: SqlTarget
  readonly registry: Registry
  readonly fold: Fold
  readonly dialect: SqlDialect
  /**
   * An attribute the schema lacks: a 400 (`reject`, the default), or an attribute that never has a
   * value (`absent`: `eq` matches nothing, `ne` everything), for tenants that accept and drop
   * unsupported attributes (unsupportedAttributes=ignore): Entra then filters on attributes it maps
   * and Roster drops, and expects an empty list, not a 400 (entra-client-behaviour.md §1.2, §2.3).
   */
  readonly unknownAttributes?: 'reject' | 'absent'
  /** The trigram counts substringCandidates chooses with (substring.ts); without them, the whole text. */
  readonly counts?: TrigramCounts
}

export interface Resolved {
  readonly key: string
  readonly def: AttributeDef
  readonly column: Column
}

const TRUE = sql`1 = 1`
const FALSE = sql`1 = 0`

export function compileFilter(filter: Filter, ctx: Context): Condition {
  return compile(filter, ctx, undefined)
}

/** `within` is the multi-valued attribute a value filter applies to (its sub-attributes are in scope). */
function compile(filter: Filter, ctx: Context, within: AttributeDef | undefined): Condition {
  switch (filter.kind) {
    case 'and':
      return sql`(${compile(filter.left, ctx, within)} and ${compile(filter.right, ctx, within)})`
    case 'or':
      return sql`(${compile(filter.left, ctx, within)} or ${compile(filter.right, ctx, within)})`
    case 'not':
      // `is not true`, not `not`: a comparison with a missing value is NULL, and "not" must keep that row.
      return sql`(${compile(filter.filter, ctx, within)}) is not true`
    case 'valuePath': {
      if (within) throw ScimError.invalidFilter('A value filter cannot be nested inside another.')
      const top = ctx.registry.resolve(filter.path)
      if (!top && ctx.unknownAttributes === 'absent') return FALSE
      if (!top || top.sub || !(top.attribute.multiValued && top.attribute.type === 'complex')) {
        throw ScimError.invalidFilter(
          `'${text(filter.path)}[...]' needs a multi-valued complex attribute of this directory.`,
        )
      }
      const column = ctx.target.columns[`${top.attribute.name.toLowerCase()}.value`]
      if (column?.kind === 'none') return FALSE
      if (column?.kind !== 'child') throw notFilterable(filter.path)
      const element = exists(column.relation, ctx, compile(filter.filter, ctx, top.attribute))
      const driver = substringDriver(filter.filter, ctx, top.attribute)
      return driver ? sql`(${driver} and ${element})` : element
    }
    case 'present': {
      const top = within ? undefined : ctx.registry.resolve(filter.path)
      if (top && !top.sub && top.attribute.type === 'complex' && !top.attribute.multiValued) {
        // A single-valued complex attribute (name) is present when any sub-attribute is.
        const subs = (top.attribute.subAttributes ?? []).filter(
          (sub) =>
            ctx.target.columns[`${top.attribute.name}.${sub.name}`.toLowerCase()]?.kind === 'own',
        )
        if (subs.length === 0) return TRUE
        const parts = subs.map((sub) =>
          compile(
            { kind: 'present', path: { attr: top.attribute.name, sub: sub.name } },
            ctx,
            within,
          ),
        )
        return sql`(${sql.join(parts, sql` or `)})`
      }
      const r = resolve(filter.path, ctx, within)
      if (r.column.kind === 'none') return FALSE
      if (r.column.kind === 'constant') return TRUE
      const ref =
        r.column.kind === 'child' && r.column.guard
          ? columnRef({ ...r.column, column: r.column.guard }, ctx)
          : columnRef(r.column, ctx)
      const present = sql`(${ref} is not null and ${ref} <> '')`
      return r.column.kind === 'child' && !within
        ? exists(r.column.relation, ctx, present)
        : present
    }
    case 'compare': {
      // RFC 7643 §2.5: null is "no value": `eq null` is "not present", `ne null` is "present".
      if (filter.value.type === 'null' && (filter.op === 'eq' || filter.op === 'ne')) {
        const present = compile({ kind: 'present', path: filter.path }, ctx, within)
        return filter.op === 'eq' ? sql`not (${present})` : present
      }
      const r = resolve(filter.path, ctx, within)
      if (r.column.kind === 'none') return filter.op === 'ne' ? TRUE : FALSE
      const compared = comparison(filter.op === 'ne' ? 'eq' : filter.op, r, filter.value, ctx)
      const positive =
        r.column.kind === 'child' && r.column.guard
          ? sql`(${columnRef({ ...r.column, column: r.column.guard }, ctx)} is not null and ${compared})`
          : compared
      const matched =
        r.column.kind === 'child' && !within ? exists(r.column.relation, ctx, positive) : positive
      const driver = within ? undefined : substringDriver(filter, ctx, within)
      const wrapped = driver ? sql`(${driver} and ${matched})` : matched
      // ne: true when no value equals, including when the attribute has no value (NULL is not true).
      return filter.op === 'ne' ? sql`(${wrapped}) is not true` : wrapped
    }
    default: {
      const never: never = filter
      return never
    }
  }
}

function resolve(path: AttrPath, ctx: Context, within: AttributeDef | undefined): Resolved {
  if (ctx.unknownAttributes === 'absent' && unknown(path, ctx, within)) {
    return { key: text(path).toLowerCase(), def: attribute(text(path), 'string'), column: NONE }
  }
  return resolveColumn(path, ctx.target, ctx.registry, within, (detail) =>
    ScimError.invalidFilter(`In the filter: ${detail}`),
  )
}

const NONE: Column = { kind: 'none' }

/** True when the schema has no such attribute (or sub-attribute of the value filter's attribute). */
function unknown(path: AttrPath, ctx: Context, within: AttributeDef | undefined): boolean {
  if (!within) return ctx.registry.resolve(path) === undefined
  return path.uri !== undefined || path.sub !== undefined || !subAttribute(within, path.attr)
}

/**
 * The column of an attribute path, for filters (within a value filter's attribute, if any) and for
 * sortBy. An attribute the directory lacks, or one without a column, is a 400 made by `fail`.
 */
export function resolveColumn(
  path: AttrPath,
  target: SqlTarget,
  registry: Registry,
  within: AttributeDef | undefined,
  fail: (detail: string) => ScimError,
): Resolved {
  let def: AttributeDef | undefined
  let key: string
  if (within) {
    def =
      path.uri === undefined && path.sub === undefined ? subAttribute(within, path.attr) : undefined
    key = `${within.name}.${def?.name ?? path.attr}`.toLowerCase()
  } else {
    const r = registry.resolve(path)
    let sub = r?.sub
    // RFC 7644 §3.4.2.2: a multi-valued complex attribute without a sub-attribute compares its value.
    if (r && !sub && r.attribute.type === 'complex' && r.attribute.multiValued)
      sub = subAttribute(r.attribute, 'value')
    def = sub ?? r?.attribute
    // An extension's attribute is keyed with its schema URN (columns.ts userTarget).
    const prefix = r && registry.isExtension(r.schema) ? `${r.schema}:` : ''
    key = r ? prefix + [r.attribute.name, sub?.name].filter(Boolean).join('.').toLowerCase() : ''
    key = key.toLowerCase()
  }
  if (!def) {
    throw fail(`'${text(path)}' is not an attribute of this directory (see /Schemas).`)
  }
  const column = target.columns[key]
  if (def.returned === 'never' || !column) throw fail(`'${text(path)}' cannot be used here.`)
  return { key, def, column }
}

function comparison(
  op: Exclude<CompareOp, 'ne'>,
  r: Resolved,
  literal: Literal,
  ctx: Context,
): Condition {
  const { def } = r
  const raw = r.column.kind === 'constant' ? sql`${r.column.value}` : columnRef(r.column, ctx)
  if (literal.type === 'null') return op === 'eq' ? sql`${raw} is null` : FALSE
  switch (def.type) {
    case 'boolean': {
      if (op !== 'eq')
        throw ScimError.invalidFilter(
          `The operator '${op}' does not apply to the boolean attribute '${r.key}'; use eq or ne.`,
        )
      const wanted = literalBoolean(literal)
      if (wanted === undefined)
        throw ScimError.invalidFilter(`'${r.key}' is a boolean; compare it with true or false.`)
      return sql`${raw} = ${wanted ? 1 : 0}`
    }
    case 'dateTime': {
      const time = literal.type === 'string' ? Date.parse(literal.value) : NaN
      if (Number.isNaN(time))
        throw ScimError.invalidFilter(
          `'${r.key}' compares date-times; the value must be an RFC 3339 date-time.`,
        )
      if (op === 'co' || op === 'sw' || op === 'ew')
        throw ScimError.invalidFilter(
          `The operator '${op}' does not apply to the date-time attribute '${r.key}'.`,
        )
      return ordered(op, raw, new Date(time).toISOString())
    }
    case 'integer':
    case 'decimal': {
      // Custom number properties: numbers compare as numbers (a numeric string is read as one).
      const number =
        literal.type === 'number'
          ? literal.value
          : literal.type === 'string' && literal.value.trim() !== ''
            ? Number(literal.value)
            : NaN
      if (!Number.isFinite(number))
        throw ScimError.invalidFilter(`'${r.key}' is a number; compare it with a number.`)
      if (op === 'co' || op === 'sw' || op === 'ew')
        throw ScimError.invalidFilter(
          `The operator '${op}' does not apply to the number attribute '${r.key}'; use eq, gt, ge, lt or le.`,
        )
      return orderedNumber(op, raw, number)
    }
    default: {
      const textValue = literal.type === 'number' ? literal.raw : String(literal.value)
      const value = ctx.fold(r.key, textValue, def)
      const folded = value !== textValue || !def.caseExact
      const column = folded ? foldedRef(r, ctx) : raw
      switch (op) {
        case 'co':
          return sql`${column} like ${`%${escapeLike(value)}%`} escape '\\'`
        case 'sw':
        case 'ew': {
          const like =
            op === 'sw'
              ? sql`${column} like ${`${escapeLike(value)}%`} escape '\\'`
              : sql`${column} like ${`%${escapeLike(value)}`} escape '\\'`
          const range =
            folded && rangeIndexed(r) ? ctx.dialect.affixRange?.(column, op, value) : undefined
          return range ? sql`(${range} and ${like})` : like
        }
        default:
          return ordered(op, column, value)
      }
    }
  }
}

/**
 * co, sw and ew on a column under a substring index (columns.ts): the owner rows the index says may match
 * (the dialect's substringCandidates), AND-ed in front of the comparison so the database reads those
 * rows instead of the tenant's. In a conjunction, the first such comparison drives. The comparison
 * itself still decides, so the results stay those of a scan.
 */
function substringDriver(
  filter: Filter,
  ctx: Context,
  within: AttributeDef | undefined,
): Condition | undefined {
  if (filter.kind === 'and')
    return substringDriver(filter.left, ctx, within) ?? substringDriver(filter.right, ctx, within)
  const candidates = ctx.dialect.substringCandidates
  if (filter.kind !== 'compare' || !candidates) return undefined
  if (filter.op !== 'co' && filter.op !== 'sw' && filter.op !== 'ew') return undefined
  if (filter.value.type === 'null') return undefined
  const r = resolve(filter.path, ctx, within)
  if ((r.column.kind !== 'own' && r.column.kind !== 'child') || !r.column.substring)
    return undefined
  if (r.def.type !== 'string' || (filter.op === 'sw' && r.column.substring.prefixIndexed))
    return undefined
  const textValue = filter.value.type === 'number' ? filter.value.raw : String(filter.value.value)
  return candidates(
    r.column.substring,
    ctx.target.table,
    ctx.fold(r.key, textValue, r.def),
    ctx.counts,
  )
}

/** The attribute's folded column is under a substring index: migration 015's ranges cover it too. */
function rangeIndexed(r: Resolved): boolean {
  return (
    (r.column.kind === 'own' || r.column.kind === 'child') &&
    r.column.substring !== undefined &&
    r.column.substring.column === r.column.folded
  )
}

function ordered(
  op: 'eq' | 'gt' | 'ge' | 'lt' | 'le',
  column: RawBuilder<unknown>,
  value: string,
): Condition {
  switch (op) {
    case 'eq':
      return sql`${column} = ${value}`
    case 'gt':
      return sql`${column} > ${value}`
    case 'ge':
      return sql`${column} >= ${value}`
    case 'lt':
      return sql`${column} < ${value}`
    case 'le':
      return sql`${column} <= ${value}`
  }
}

function orderedNumber(
  op: 'eq' | 'gt' | 'ge' | 'lt' | 'le',
  column: RawBuilder<unknown>,
  value: number,
): Condition {
  const operator = { eq: '=', gt: '>', ge: '>=', lt: '<', le: '<=' }[op]
  return sql`${column} ${sql.raw(operator)} ${value}`
}

/** The folded column of a case-insensitive attribute (columns.ts gives every one such a column). */
function foldedRef(r: Resolved, ctx: Context): RawBuilder<unknown> {
  if ((r.column.kind === 'own' || r.column.kind === 'child') && r.column.folded)
    return columnRef({ ...r.column, column: r.column.folded }, ctx)
  if (r.column.kind === 'constant') return sql`${r.column.value.toLowerCase()}`
  throw new Error(`No folded column for '${r.key}' (store/sql/columns.ts).`)
}

function columnRef(column: Column, ctx: Context): RawBuilder<unknown> {
  if (column.kind === 'own') return sql.ref(`${ctx.target.table}.${column.column}`)
  if (column.kind === 'child') return sql.ref(`c.${column.column}`)
  throw ScimError.invalidFilter('This attribute cannot be used in a filter.')
}

function exists(relation: Relation, ctx: Context, condition: Condition): Condition {
  if (relation.semi) return relation.semi(ctx.target.table, condition)
  return sql`exists (select 1 from ${relation.scope(ctx.target.table)} and ${condition})`
}

/**
 * A value filter on one element of a multi-valued attribute (`members[type eq "Group"]`) as a condition
 * on that attribute's relation alias `c`: what a PATCH removes with such a path.
 */
export function compileElementFilter(
  filter: Filter,
  element: AttributeDef,
  ctx: Context,
): Condition {
  return compile(filter, ctx, element)
}

function notFilterable(path: AttrPath): ScimError {
  return ScimError.invalidFilter(`'${text(path)}' cannot be used in a filter.`)
}

function text(path: AttrPath): string {
  return [path.uri, [path.attr, path.sub].filter(Boolean).join('.')].filter(Boolean).join(':')
}
