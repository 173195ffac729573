// The function table over Microsoft's documented examples (functions.cases.ts), and that no function of
// the table is left without a row.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { objectContext } from './context.js'
import { evaluateExpression } from './evaluate.js'
import { FUNCTION_NAMES } from './functions/index.js'
import { FUNCTION_CASES, NOW } from './functions.cases.js'
import type { FunctionCase } from './functions.cases.js'
import { parseExpression } from './parser.js'
import { AppRoles, DateTime } from './value.js'
import type { Value } from './value.js'

const CLOCK = {
  now: () => NOW,
  uuid: () => '00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
  randomInt: (max: number) => Math.floor(Math.random() * max),
}

/** Date-times are compared as Entra writes them. */
const shown = (value: Value): Value => (value instanceof DateTime ? value.toString() : value)

function run(
  expression: string,
  attributes: Readonly<Record<string, Value>> = {},
): { value: Value; ctx: ReturnType<typeof objectContext> } {
  const ctx = objectContext(new Map(Object.entries(attributes)), {
    ...CLOCK,
    uuid: () => crypto.randomUUID(),
  })
  return { value: shown(evaluateExpression(parseExpression(expression), ctx)), ctx }
}

function title(c: FunctionCase): string {
  const input = c.attributes ? ` with ${JSON.stringify(c.attributes)}` : ''
  return `${c.expression}${input}${c.note ? ` (${c.note})` : ''}`
}

describe('expression functions: Microsoft’s documented examples', () => {
  for (const c of FUNCTION_CASES) {
    it(title(c), () => {
      const { value } = run(c.expression, c.attributes)
      if (typeof c.expected === 'function') assert.ok(c.expected(value), `got ${String(value)}`)
      else assert.deepEqual(value, c.expected)
    })
  }

  const roles = new AppRoles([
    { value: 'Admin', id: '06b07648-ecfe-589f-9d2f-6325724a46ee', displayName: 'Admin' },
  ])
  it('SingleAppRoleAssignment([appRoleAssignments]) is the role name', () => {
    assert.equal(
      run('SingleAppRoleAssignment([appRoleAssignments])', { appRoleAssignments: roles }).value,
      'Admin',
    )
  })
  it('SingleAppRoleAssignment warns and takes the first of several assignments', () => {
    const two = new AppRoles([{ value: 'Admin' }, { value: 'Developer' }])
    const { value, ctx } = run('SingleAppRoleAssignment([appRoleAssignments])', {
      appRoleAssignments: two,
    })
    assert.equal(value, 'Admin')
    assert.match(ctx.warnings[0]?.message ?? '', /2 app role assignments/)
  })
  it('SingleAppRoleAssignment of a user without assignments is null', () => {
    assert.equal(
      run('SingleAppRoleAssignment([appRoleAssignments])', { appRoleAssignments: new AppRoles([]) })
        .value,
      null,
    )
  })
  it('AppRoleAssignmentsComplex([appRoleAssignments]) is every role of the user', () => {
    assert.equal(
      run('AppRoleAssignmentsComplex([appRoleAssignments])', { appRoleAssignments: roles }).value,
      roles,
    )
  })
  it('Redact records the value to hide in logs', () => {
    const { ctx } = run('Redact([userPrincipalName])', { userPrincipalName: 'joy@contoso.com' })
    assert.deepEqual([...ctx.redacted], ['joy@contoso.com'])
  })

  it('every function has a row (the two Entra refuses for SCIM apps are parser errors)', () => {
    const covered = new Set([
      ...FUNCTION_CASES.map((c) => c.fn),
      'SingleAppRoleAssignment',
      'AppRoleAssignmentsComplex',
      'SelectUniqueValue',
      'DefaultDomain',
    ])
    assert.deepEqual(
      FUNCTION_NAMES.filter((name) => !covered.has(name)),
      [],
    )
  })
})
