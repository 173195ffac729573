// The column maps against the schema registry: every attribute a filter or sortBy may name has an entry,
// and every case-insensitive string has a folded column, so no comparison depends on how a database
// folds case (SQLite and PostgreSQL must compare alike).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { AttributeDef } from '../../scim/schema/attribute.js'
import { groupRegistry, userRegistry } from '../../scim/schema/registry.js'
import type { Registry } from '../../scim/schema/registry.js'
import { GROUP_TARGET, USER_TARGET } from './columns.js'
import type { SqlTarget } from './columns.js'

/** Every `attr` and `attr.sub` of a registry's core schema and common attributes, with its definition. */
function paths(registry: Registry): [string, AttributeDef][] {
  const top = [
    ...registry.resourceType.schema.attributes,
    ...['id', 'externalId', 'meta'].flatMap((n) => registry.attribute(n)?.attribute ?? []),
  ]
  return top.flatMap((def): [string, AttributeDef][] =>
    def.subAttributes
      ? def.subAttributes.map((sub): [string, AttributeDef] => [`${def.name}.${sub.name}`, sub])
      : [[def.name, def]],
  )
}

const TARGETS: [string, Registry, SqlTarget][] = [
  ['User', userRegistry(), USER_TARGET],
  ['Group', groupRegistry(), GROUP_TARGET],
]

describe('column maps', () => {
  for (const [name, registry, target] of TARGETS) {
    for (const [path, def] of paths(registry)) {
      if (def.returned === 'never') continue
      it(`${name} ${path}`, () => {
        const column = target.columns[path.toLowerCase()]
        const unmapped = ['meta.location', 'meta.version']
        if (unmapped.includes(path)) return assert.equal(column, undefined)
        assert.ok(column, `${path} has no entry`)
        if (def.type === 'string' && !def.caseExact && column.kind !== 'none') {
          assert.ok(
            column.kind === 'constant' || column.folded !== undefined,
            `${path} compares ignoring case but has no folded column`,
          )
        }
      })
    }
  }
})
