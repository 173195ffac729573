// `roster sync mappings --print`: the effective mappings as Entra's mapping screen lists them, or as a
// mapping file (--json) that reproduces them with "replaceDefaults".
import type { MappingRow } from './defaults.js'
import type { AttributeMapping, Mappings, ObjectMapping } from './model.js'
import { describeSource } from './model.js'

const HEADERS = [
  'TARGET ATTRIBUTE',
  'MAPPING TYPE',
  'SOURCE / EXPRESSION / CONSTANT',
  'DEFAULT',
  'MATCH',
  'APPLY',
]

function cells(m: AttributeMapping): string[] {
  return [
    m.targetAttribute,
    m.mappingType,
    describeSource(m),
    m.defaultValue === undefined ? '' : JSON.stringify(m.defaultValue),
    m.matchingPrecedence === undefined ? '' : String(m.matchingPrecedence),
    m.applyMapping === 'Always' ? 'Always' : 'Only during creation',
  ]
}

function section(title: string, mapping: ObjectMapping): string[] {
  const actions = (['create', 'update', 'delete'] as const).filter((a) => mapping.actions[a])
  const head = `${title}: ${mapping.enabled ? 'enabled' : 'disabled'}; target object actions: ${actions.join(', ') || 'none'}`
  const rows = [HEADERS, ...mapping.attributeMappings.map(cells)]
  const widths = HEADERS.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)))
  return [
    head,
    ...rows.map((r) =>
      `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd(),
    ),
  ]
}

export function printMappings(mappings: Mappings): string {
  return [...section('Users', mappings.users), '', ...section('Groups', mappings.groups)].join('\n')
}

function row(m: AttributeMapping): MappingRow {
  return {
    targetAttribute: m.targetAttribute,
    mappingType: m.mappingType,
    ...(m.sourceAttribute !== undefined ? { sourceAttribute: m.sourceAttribute } : {}),
    ...(m.expression !== undefined ? { expression: m.expression.source } : {}),
    ...(m.constantValue !== undefined ? { constantValue: m.constantValue } : {}),
    ...(m.defaultValue !== undefined ? { defaultValue: m.defaultValue } : {}),
    ...(m.matchingPrecedence !== undefined
      ? { matchObjects: true, matchingPrecedence: m.matchingPrecedence }
      : {}),
    applyMapping: m.applyMapping,
  }
}

/** The mappings as a mapping file that states every row. */
export function mappingsAsFile(mappings: Mappings): unknown {
  const object = (m: ObjectMapping) => ({
    enabled: m.enabled,
    targetObjectActions: m.actions,
    replaceDefaults: true,
    attributeMappings: m.attributeMappings.map(row),
  })
  return { users: object(mappings.users), groups: object(mappings.groups) }
}
