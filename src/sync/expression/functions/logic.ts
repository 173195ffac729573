// Tests, choices and booleans. Booleans are .NET's: they read as "True"/"False" and strings in any case
// count as booleans, which is what Entra's default `active` mapping relies on.
import { IGNORE_FLOW, isNullOrEmpty } from '../value.js'
import type { Value } from '../value.js'
import type { Call, FunctionSpec } from './spec.js'

const expression = { name: 'Expression' }

/** A value as a condition: booleans, "True"/"False" in any case, numbers (non-zero is true). */
function truth(call: Call, i: number, value: Value): boolean {
  if (typeof value === 'boolean') return value
  if (typeof value === 'number') return value !== 0
  if (value === null) return false
  const text = call.text(i)
  if (text === null) return false
  if (/^true$/i.test(text.trim())) return true
  if (/^false$/i.test(text.trim())) return false
  if (text.trim() !== '' && Number.isFinite(Number(text))) return Number(text) !== 0
  return call.fail(`${JSON.stringify(text)} is neither True nor False.`, i)
}

export const LOGIC_FUNCTIONS: readonly FunctionSpec[] = [
  {
    name: 'BitAnd',
    params: [{ name: 'value1' }, { name: 'value2' }],
    evaluate: (call) => {
      const a = call.number(0)
      const b = call.number(1)
      if (a === null || b === null) return null
      if (!Number.isInteger(a) || !Number.isInteger(b)) call.fail('BitAnd takes whole numbers.')
      return Number(BigInt.asIntN(64, BigInt(a) & BigInt(b)))
    },
  },
  {
    name: 'CBool',
    params: [expression],
    evaluate: (call) => truth(call, 0, call.value(0)),
  },
  {
    name: 'Coalesce',
    params: [],
    repeat: { params: [{ name: 'source' }], min: 1 },
    evaluate: (call) => {
      for (let i = 0; i < call.count; i++) {
        const value = call.value(i)
        if (value !== null) return value
      }
      return null
    },
  },
  {
    name: 'IgnoreFlowIfNullOrEmpty',
    params: [expression],
    evaluate: (call) => {
      const value = call.value(0)
      return isNullOrEmpty(value) ? IGNORE_FLOW : value
    },
  },
  {
    name: 'IIF',
    params: [{ name: 'condition' }, { name: 'valueIfTrue' }, { name: 'valueIfFalse' }],
    // S8 "Known limitations": when an attribute the condition reads is null or empty, the condition
    // check fails (even IsPresent([x]) as the condition). Entra then fails the object; so do we.
    evaluate: (call) => {
      const { result, reads } = call.reads(() => call.value(0))
      const empty = reads.find((r) => isNullOrEmpty(r.value))
      if (empty)
        call.fail(
          `the condition reads [${empty.name}], which is ${empty.value === null ? 'null' : 'empty'} here, and Entra fails an IIF condition on a null or empty attribute; test it with Switch([${empty.name}], …, "", …) instead.`,
          0,
        )
      return truth(call, 0, result) ? call.value(1) : call.value(2)
    },
  },
  {
    name: 'IsNull',
    params: [expression],
    evaluate: (call) => call.value(0) === null,
  },
  {
    name: 'IsNullOrEmpty',
    params: [expression],
    evaluate: (call) => isNullOrEmpty(call.value(0)),
  },
  {
    name: 'IsPresent',
    params: [expression],
    evaluate: (call) => !isNullOrEmpty(call.value(0)),
  },
  {
    name: 'IsString',
    params: [expression],
    evaluate: (call) => typeof call.value(0) === 'string',
  },
  {
    name: 'Not',
    params: [{ name: 'source' }],
    // S8: "If source value is True, returns False. Otherwise, returns True."
    evaluate: (call) => {
      const value = call.value(0)
      if (value === null) return true
      const text = call.text(0)
      return !(text !== null && /^true$/i.test(text.trim()))
    },
  },
  {
    name: 'Switch',
    params: [{ name: 'source' }, { name: 'defaultValue', optional: true }],
    repeat: { params: [{ name: 'key' }, { name: 'value', optional: true }], min: 1 },
    // Case-sensitive; a null source matches the key "" (S8's advice for empty attributes).
    evaluate: (call) => {
      const source = call.text(0) ?? ''
      for (let k = 2; k + 1 < call.count; k += 2)
        if ((call.text(k) ?? '') === source) return call.value(k + 1)
      return call.value(1)
    },
  },
]
