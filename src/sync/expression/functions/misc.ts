// Generated values (Guid, RandomString), log redaction, app roles, and the functions Entra does not run
// for a SCIM app (refused by the parser with the reason).
import { MAX_RANDOM_STRING_LENGTH } from '../limits.js'
import { AppRoles } from '../value.js'
import type { CallExpr, FunctionSpec } from './spec.js'

/** The special characters of Windows' password complexity rules, RandomString's set (S8). */
const SPECIAL = '~!@#$%^&*_-+=`|\\(){}[]:;"\'<>,.?/'
const DIGITS = '0123456789'
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const LOWER = 'abcdefghijklmnopqrstuvwxyz'

const appRoleAssignments = { name: '[appRoleAssignments]' }

function onlyAppRoleAssignments(node: CallExpr, fail: (m: string, i?: number) => never): void {
  const arg = node.args[0]
  if (arg?.kind !== 'attribute' || arg.name.toLowerCase() !== 'approleassignments')
    fail(`${node.name} takes the attribute [appRoleAssignments].`, 0)
}

export const MISC_FUNCTIONS: readonly FunctionSpec[] = [
  {
    name: 'AppRoleAssignmentsComplex',
    params: [appRoleAssignments],
    check: onlyAppRoleAssignments,
    evaluate: (call) => {
      const value = call.value(0)
      return value instanceof AppRoles && value.roles.length > 0 ? value : null
    },
  },
  {
    name: 'DefaultDomain',
    params: [],
    unsupported:
      "it returns the Entra tenant's default verified domain, which a source file does not carry: write the domain as a string.",
    evaluate: () => null,
  },
  {
    name: 'Guid',
    params: [],
    evaluate: (call) => call.ctx.uuid(),
  },
  {
    name: 'RandomString',
    params: [
      { name: 'Length' },
      { name: 'MinimumNumbers' },
      { name: 'MinimumSpecialCharacters' },
      { name: 'MinimumCapital' },
      { name: 'MinimumLowerCase' },
      { name: 'CharactersToAvoid', optional: true },
    ],
    evaluate: (call) => {
      const counts = [0, 1, 2, 3, 4].map((i) => {
        const n = call.number(i) ?? 0
        if (!Number.isInteger(n) || n < 0) call.fail('must be a whole number, 0 or more.', i)
        return n
      }) as [number, number, number, number, number]
      const [length, ...minimums] = counts
      if (length > MAX_RANDOM_STRING_LENGTH)
        call.fail(`Length is at most ${MAX_RANDOM_STRING_LENGTH}.`, 0)
      const sum = minimums.reduce((a, b) => a + b, 0)
      if (sum > length) call.fail(`the minimums add up to ${sum}, more than Length ${length}.`, 0)
      const avoid = call.text(5) ?? ''
      const pools = [DIGITS, SPECIAL, UPPER, LOWER].map((p) =>
        [...p].filter((c) => !avoid.includes(c)).join(''),
      )
      const all = pools.join('')
      if (all === '') call.fail('CharactersToAvoid leaves no character to use.', 5)
      const pick = (pool: string): string => pool[call.ctx.randomInt(pool.length)] as string
      const chars: string[] = []
      minimums.forEach((min, k) => {
        if (min > 0 && pools[k] === '')
          call.fail('CharactersToAvoid leaves none of a required kind.', 5)
        for (let j = 0; j < min; j++) chars.push(pick(pools[k] as string))
      })
      while (chars.length < length) chars.push(pick(all))
      for (let i = chars.length - 1; i > 0; i--) {
        const j = call.ctx.randomInt(i + 1)
        ;[chars[i], chars[j]] = [chars[j] as string, chars[i] as string]
      }
      return chars.join('')
    },
  },
  {
    name: 'Redact',
    params: [{ name: 'attribute/value' }],
    evaluate: (call) => {
      const text = call.text(0)
      if (text !== null && text !== '') call.ctx.redact(text)
      return call.value(0)
    },
  },
  {
    name: 'SelectUniqueValue',
    params: [],
    repeat: { params: [{ name: 'uniqueValueRule' }], min: 2 },
    unsupported:
      'Entra runs it only for Workday, SuccessFactors and API-driven provisioning to Active Directory, not for SCIM apps.',
    evaluate: () => null,
  },
  {
    name: 'SingleAppRoleAssignment',
    params: [appRoleAssignments],
    check: onlyAppRoleAssignments,
    evaluate: (call) => {
      const value = call.value(0)
      if (!(value instanceof AppRoles) || value.roles.length === 0) return null
      if (value.roles.length > 1)
        call.ctx.warn(
          `the user has ${value.roles.length} app role assignments (${value.roles.map((r) => JSON.stringify(r.value)).join(', ')}); SingleAppRoleAssignment takes the first, and Entra does not support several.`,
          call.node,
        )
      return value.roles[0]?.value ?? null
    },
  },
]
