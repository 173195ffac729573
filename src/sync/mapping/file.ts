// The mapping file (docs/sync.md): JSON whose fields are those of Entra's mapping screen. It changes the
// defaults row by row, by target attribute: a row replaces the default row of its target or adds one;
// `"delete": true` removes one; `"replaceDefaults": true` starts from no rows. Every problem is reported
// with where it is (users.attributeMappings[2] (emails[type eq "work"].value): …).
import { readFile } from 'node:fs/promises'
import { ExpressionError, formatExpressionError } from '../expression/errors.js'
import { parseExpression } from '../expression/parser.js'
import { GRAPH_NAME_HINTS } from '../source/entra-names.js'
import { DEFAULT_GROUP_ROWS, DEFAULT_USER_ROWS } from './defaults.js'
import type { MappingRow } from './defaults.js'
import type {
  ApplyMapping,
  AttributeMapping,
  MappingType,
  Mappings,
  ObjectMapping,
} from './model.js'
import { parseTargetPath, TargetPathError } from './target-path.js'

export class MappingError extends Error {}

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

const TYPES: Readonly<Record<string, MappingType>> = {
  direct: 'Direct',
  constant: 'Constant',
  expression: 'Expression',
  none: 'None',
}
const APPLY: Readonly<Record<string, ApplyMapping>> = {
  always: 'Always',
  onlyduringcreation: 'OnlyDuringCreation',
  onlyduringobjectcreation: 'OnlyDuringCreation',
}
const ROW_KEYS = new Set([
  'targetAttribute', 'mappingType', 'sourceAttribute', 'expression', 'constantValue', 'defaultValue',
  'matchObjects', 'matchingPrecedence', 'applyMapping', 'delete',
]) // prettier-ignore
const OBJECT_KEYS = new Set([
  'enabled',
  'targetObjectActions',
  'replaceDefaults',
  'attributeMappings',
])

const key = (target: string): string => target.replace(/\s+/g, '').toLowerCase()

/** One row into a mapping; `where` prefixes every message. */
function toMapping(row: MappingRow, where: string): AttributeMapping {
  const label = `${where} (${row.targetAttribute})`
  let target
  try {
    target = parseTargetPath(row.targetAttribute)
  } catch (error) {
    throw new MappingError(
      `${label}: ${error instanceof TargetPathError ? error.message : String(error)}`,
    )
  }
  const common = {
    targetAttribute: target.text,
    target,
    mappingType: row.mappingType,
    applyMapping: row.applyMapping ?? 'Always',
    ...(row.defaultValue !== undefined ? { defaultValue: row.defaultValue } : {}),
    ...(row.matchObjects ? { matchingPrecedence: row.matchingPrecedence ?? 1 } : {}),
  } as const
  if (row.matchObjects && row.mappingType === 'None')
    throw new MappingError(
      `${label}: a matching attribute needs a value: mapping type None has none.`,
    )
  switch (row.mappingType) {
    case 'Direct': {
      const source = row.sourceAttribute?.trim() ?? ''
      if (source === '')
        throw new MappingError(`${label}: a Direct mapping needs a sourceAttribute.`)
      checkSourceName(source, label)
      return { ...common, sourceAttribute: source }
    }
    case 'Expression': {
      const text = row.expression ?? ''
      try {
        const expression = parseExpression(text)
        for (const name of expression.attributes) checkSourceName(name, label)
        return { ...common, expression }
      } catch (error) {
        if (error instanceof ExpressionError)
          throw new MappingError(`${label}: ${formatExpressionError(text, error)}`)
        throw error
      }
    }
    case 'Constant':
      if (row.constantValue === undefined)
        throw new MappingError(`${label}: a Constant mapping needs a constantValue.`)
      return { ...common, constantValue: row.constantValue }
    case 'None':
      return common
  }
}

/** Graph's names where Entra has others are always null: refuse them with the name to write. */
function checkSourceName(name: string, label: string): void {
  const hint = Object.entries(GRAPH_NAME_HINTS).find(
    ([graph]) => graph.toLowerCase() === name.toLowerCase(),
  )
  if (hint)
    throw new MappingError(
      `${label}: [${name}] is Microsoft Graph's name; Entra's source attribute is [${hint[1]}] (docs/sync.md lists the names).`,
    )
}

function readRow(value: unknown, where: string): MappingRow & { delete?: boolean } {
  if (!isObject(value)) throw new MappingError(`${where} is not an object.`)
  for (const k of Object.keys(value))
    if (!ROW_KEYS.has(k))
      throw new MappingError(
        `${where}: unknown field "${k}" (fields: ${[...ROW_KEYS].join(', ')}).`,
      )
  const target = value['targetAttribute']
  if (typeof target !== 'string' || target.trim() === '')
    throw new MappingError(`${where}: "targetAttribute" is required (e.g. "userName").`)
  const label = `${where} (${target})`
  const str = (k: string): string | undefined => {
    const v = value[k]
    if (v === undefined || v === null) return undefined
    if (typeof v !== 'string') throw new MappingError(`${label}: "${k}" must be a string.`)
    return v
  }
  if (value['delete'] === true)
    return { targetAttribute: target, mappingType: 'None', delete: true }
  const typeText =
    str('mappingType') ??
    (value['expression'] !== undefined
      ? 'Expression'
      : value['constantValue'] !== undefined
        ? 'Constant'
        : 'Direct')
  const mappingType = TYPES[typeText.toLowerCase()]
  if (!mappingType)
    throw new MappingError(
      `${label}: mappingType is Direct, Constant, Expression or None, not ${JSON.stringify(typeText)}.`,
    )
  const applyText = str('applyMapping')
  const applyMapping =
    applyText === undefined ? undefined : APPLY[applyText.replace(/[\s_-]/g, '').toLowerCase()]
  if (applyText !== undefined && !applyMapping)
    throw new MappingError(
      `${label}: applyMapping is "Always" or "OnlyDuringCreation", not ${JSON.stringify(applyText)}.`,
    )
  const match = value['matchObjects']
  if (match !== undefined && typeof match !== 'boolean')
    throw new MappingError(`${label}: "matchObjects" must be true or false.`)
  const precedence = value['matchingPrecedence']
  if (precedence !== undefined && (!Number.isInteger(precedence) || (precedence as number) < 1))
    throw new MappingError(`${label}: "matchingPrecedence" must be a whole number from 1.`)
  const row: MappingRow = {
    targetAttribute: target,
    mappingType,
    ...(str('sourceAttribute') !== undefined ? { sourceAttribute: str('sourceAttribute') } : {}),
    ...(str('expression') !== undefined ? { expression: str('expression') } : {}),
    ...(str('constantValue') !== undefined ? { constantValue: str('constantValue') } : {}),
    ...(str('defaultValue') !== undefined ? { defaultValue: str('defaultValue') } : {}),
    ...(match === true || precedence !== undefined ? { matchObjects: match !== false } : {}),
    ...(precedence !== undefined ? { matchingPrecedence: precedence as number } : {}),
    ...(applyMapping !== undefined ? { applyMapping } : {}),
  }
  return row
}

function objectMapping(
  name: 'users' | 'groups',
  defaults: readonly MappingRow[],
  given: unknown,
): ObjectMapping {
  const section = given === undefined ? {} : given
  if (!isObject(section)) throw new MappingError(`"${name}" must be an object.`)
  for (const k of Object.keys(section))
    if (!OBJECT_KEYS.has(k))
      throw new MappingError(
        `${name}: unknown field "${k}" (fields: ${[...OBJECT_KEYS].join(', ')}).`,
      )
  const enabled = section['enabled'] ?? true
  if (typeof enabled !== 'boolean') throw new MappingError(`${name}.enabled must be true or false.`)
  const actionsGiven = section['targetObjectActions'] ?? {}
  if (!isObject(actionsGiven))
    throw new MappingError(`${name}.targetObjectActions must be an object.`)
  const action = (k: 'create' | 'update' | 'delete'): boolean => {
    const v = actionsGiven[k] ?? true
    if (typeof v !== 'boolean')
      throw new MappingError(`${name}.targetObjectActions.${k} must be true or false.`)
    return v
  }
  for (const k of Object.keys(actionsGiven))
    if (!['create', 'update', 'delete'].includes(k))
      throw new MappingError(
        `${name}.targetObjectActions: unknown action "${k}" (create, update, delete).`,
      )
  const rows = new Map<string, { row: MappingRow; where: string }>()
  if (section['replaceDefaults'] !== true)
    defaults.forEach((row, i) =>
      rows.set(key(row.targetAttribute), { row, where: `${name} default row ${i + 1}` }),
    )
  const given_ = section['attributeMappings'] ?? []
  if (!Array.isArray(given_)) throw new MappingError(`${name}.attributeMappings must be an array.`)
  const seen = new Set<string>()
  given_.forEach((value, i) => {
    const where = `${name}.attributeMappings[${i}]`
    const row = readRow(value, where)
    const k = key(row.targetAttribute)
    if (seen.has(k))
      throw new MappingError(`${where}: ${row.targetAttribute} is mapped twice in the file.`)
    seen.add(k)
    if (row.delete) {
      if (!rows.delete(k))
        throw new MappingError(`${where}: there is no mapping of ${row.targetAttribute} to delete.`)
    } else rows.set(k, { row, where })
  })
  const attributeMappings = [...rows.values()].map(({ row, where }) => toMapping(row, where))
  const precedences = new Map<number, string>()
  for (const m of attributeMappings)
    if (m.matchingPrecedence !== undefined) {
      const other = precedences.get(m.matchingPrecedence)
      if (other)
        throw new MappingError(
          `${name}: ${other} and ${m.targetAttribute} both have matching precedence ${m.matchingPrecedence}; each matching attribute needs its own.`,
        )
      precedences.set(m.matchingPrecedence, m.targetAttribute)
    }
  if (enabled && precedences.size === 0)
    throw new MappingError(
      `${name}: no attribute is used for matching; set "matchObjects": true on one (Entra needs one, e.g. ${name === 'users' ? 'userName' : 'displayName'}).`,
    )
  return {
    enabled,
    actions: { create: action('create'), update: action('update'), delete: action('delete') },
    attributeMappings,
  }
}

/** The effective mappings: Entra's defaults changed by `content` (the mapping file's JSON). */
export function parseMappings(content: unknown, file = 'the mapping file'): Mappings {
  const root = content ?? {}
  if (!isObject(root))
    throw new MappingError(`${file}: expected {"users": {...}, "groups": {...}}.`)
  for (const k of Object.keys(root))
    if (!['users', 'groups', '$schema', 'description'].includes(k))
      throw new MappingError(`${file}: unknown section "${k}" (sections: users, groups).`)
  try {
    return {
      users: objectMapping('users', DEFAULT_USER_ROWS, root['users']),
      groups: objectMapping('groups', DEFAULT_GROUP_ROWS, root['groups']),
    }
  } catch (error) {
    if (error instanceof MappingError) throw new MappingError(`${file}: ${error.message}`)
    throw error
  }
}

export async function loadMappings(file: string | undefined): Promise<Mappings> {
  if (file === undefined) return parseMappings({}, "Entra's defaults")
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new MappingError(
      code === 'ENOENT' ? `There is no mapping file ${file}.` : `Cannot read ${file} (${code}).`,
    )
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new MappingError(
      `${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`,
    )
  }
  return parseMappings(json, file)
}
