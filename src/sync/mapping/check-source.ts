// Warnings about mappings that read attributes nobody has: an attribute that is neither one of Entra's
// source attributes nor a property of any object in the source is always null, which usually means a
// misspelt name or a property the export left out.
import { ENTRA_GROUP_ATTRIBUTES, ENTRA_USER_ATTRIBUTES } from '../source/entra-names.js'
import type { Directory } from '../source/directory.js'
import type { Mappings, ObjectMapping } from './model.js'

function unknownReads(
  kind: 'users' | 'groups',
  mapping: ObjectMapping,
  known: readonly string[],
  present: ReadonlySet<string>,
): string[] {
  const knownFolded = new Set(known.map((k) => k.toLowerCase()))
  const warnings: string[] = []
  for (const m of mapping.attributeMappings) {
    const reads =
      m.sourceAttribute !== undefined ? [m.sourceAttribute] : (m.expression?.attributes ?? [])
    for (const name of reads)
      if (!knownFolded.has(name.toLowerCase()) && !present.has(name.toLowerCase()))
        warnings.push(
          `${kind}: ${m.targetAttribute} reads [${name}], which is not an Entra source attribute and which no ${kind === 'users' ? 'user' : 'group'} of the source has: it is always null.`,
        )
  }
  return warnings
}

export function checkSourceAttributes(mappings: Mappings, directory: Directory): string[] {
  const names = (objects: readonly { attributes: ReadonlyMap<string, unknown> }[]): Set<string> => {
    const set = new Set<string>()
    for (const o of objects) for (const k of o.attributes.keys()) set.add(k.toLowerCase())
    return set
  }
  return [
    ...(mappings.users.enabled
      ? unknownReads('users', mappings.users, ENTRA_USER_ATTRIBUTES, names(directory.users))
      : []),
    ...(mappings.groups.enabled
      ? unknownReads('groups', mappings.groups, ENTRA_GROUP_ATTRIBUTES, names(directory.groups))
      : []),
  ]
}
