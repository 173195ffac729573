// Multi-valued attributes (proxyAddresses, otherMails, Split's result): counted, indexed from 1,
// joined, de-duplicated. A single value counts as a list of one.
import { MAX_MULTI_VALUES } from '../limits.js'
import { AppRoles, isMulti } from '../value.js'
import type { Call, FunctionSpec } from './spec.js'

/** Argument `i` as a list of strings (null → []), whatever its shape. */
function list(call: Call, i: number): readonly string[] {
  const value = call.value(i)
  if (value === null) return []
  if (isMulti(value)) return value
  if (value instanceof AppRoles) return value.roles.map((r) => r.value)
  const text = call.text(i)
  return text === null ? [] : [text]
}

export const MULTI_FUNCTIONS: readonly FunctionSpec[] = [
  {
    name: 'Count',
    params: [{ name: 'attribute' }],
    evaluate: (call) => list(call, 0).length,
  },
  {
    name: 'Item',
    params: [{ name: 'attribute' }, { name: 'index' }],
    check: (node, fail) => {
      const index = node.args[1]
      if (index?.kind === 'number' && index.value < 1)
        fail(`Item is 1-based: Item(…, 1) is the first item ("Index 0 shouldn't be used").`, 1)
    },
    evaluate: (call) => {
      const index = call.number(1)
      if (index === null) return null
      if (!Number.isInteger(index) || index < 1)
        call.fail(`the index is 1-based: ${index} is not an item number.`, 1)
      if (call.value(0) === null) return null
      return list(call, 0)[index - 1] ?? null
    },
  },
  {
    name: 'Join',
    params: [{ name: 'separator' }],
    repeat: { params: [{ name: 'source' }], min: 1 },
    // Multi-valued sources are expanded; null and empty values are left out (S8's `Join(", ", "",
    // [surname], [givenName])` gives "Doe, John"). Nothing left is null: the attribute does not flow.
    evaluate: (call) => {
      const separator = call.text(0) ?? ''
      const parts: string[] = []
      for (let i = 1; i < call.count; i++)
        for (const v of list(call, i)) if (v !== '') parts.push(v)
      return parts.length === 0 ? null : parts.join(separator)
    },
  },
  {
    name: 'RemoveDuplicates',
    params: [{ name: 'attribute' }],
    evaluate: (call) => {
      const value = call.value(0)
      if (value === null) return null
      return isMulti(value) ? [...new Set(value)] : value
    },
  },
  {
    name: 'Split',
    params: [{ name: 'source' }, { name: 'delimiter' }],
    // Each item is trimmed, as S8's sample shows ("PermissionSetOne, PermissionSetTwo" split on ","
    // gives "PermissionSetTwo" without its leading space).
    evaluate: (call) => {
      const source = call.text(0)
      if (source === null) return null
      const delimiter = call.text(1) ?? ''
      const items = delimiter === '' ? [source] : source.split(delimiter).map((s) => s.trim())
      if (items.length > MAX_MULTI_VALUES)
        call.fail(`the result would hold ${items.length} values; at most ${MAX_MULTI_VALUES}.`)
      return items
    },
  },
]
