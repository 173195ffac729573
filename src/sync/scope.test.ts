// Scope: all users and groups, or only assigned ones and the members of assigned groups; IsSoftDeleted
// and app roles as Entra computes them.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { AppRoles } from './expression/value.js'
import { applyScope } from './scope.js'
import { parseGraphJson } from './source/graph-json.js'

const directory = parseGraphJson(
  'd.json',
  JSON.stringify({
    users: [{ id: 'u1', accountEnabled: true }, { id: 'u2', accountEnabled: false }, { id: 'u3' }],
    groups: [
      { id: 'g1', displayName: 'Assigned', members: ['u1', 'u2', 'g2', 'zz'] },
      { id: 'g2', displayName: 'Not assigned', members: ['u3'] },
    ],
    appRoleAssignments: [
      { principalId: 'g1', appRoleValue: 'Developer' },
      { principalId: 'u1', appRoleValue: 'Admin' },
      { principalId: 'u1' },
    ],
  }),
)

describe('applyScope', () => {
  it('without --assigned every object is in scope; IsSoftDeleted follows accountEnabled', () => {
    const s = applyScope(directory, false)
    assert.deepEqual(
      s.users.map((u) => [u.id, u.inScope, u.attributes.get('IsSoftDeleted')]),
      [
        ['u1', true, 'False'],
        ['u2', true, 'True'],
        ['u3', true, 'False'],
      ],
    )
    assert.ok(s.groups.every((g) => g.inScope))
  })
  it('with --assigned: assigned principals and members of assigned groups; others are soft-deleted', () => {
    const s = applyScope(directory, true)
    assert.deepEqual(
      s.users.map((u) => [u.id, u.inScope, u.attributes.get('IsSoftDeleted')]),
      [
        ['u1', true, 'False'],
        ['u2', true, 'True'],
        ['u3', false, 'True'],
      ],
    )
    assert.match(s.users[2]?.scopeReason ?? '', /NotEffectivelyEntitled/)
    const [g1, g2] = s.groups
    assert.equal(g1?.inScope, true)
    assert.equal(g2?.inScope, false)
    assert.deepEqual(g1?.userMembers, ['u1', 'u2'])
    assert.deepEqual(
      g1?.skippedMembers.map((m) => m.id),
      ['g2', 'zz'],
    )
    assert.match(g1?.skippedMembers[0]?.reason ?? '', /nested/)
  })
  it("a user's app roles are its own and its groups', each once, without the default access", () => {
    const roles = applyScope(directory, true).users[0]?.attributes.get('appRoleAssignments')
    assert.ok(roles instanceof AppRoles)
    assert.deepEqual(
      roles.roles.map((r) => r.value),
      ['Admin', 'Developer'],
    )
  })
  it('refuses --assigned for a CSV source', () => {
    assert.throws(() => applyScope({ ...directory, format: 'csv' }, true), /CSV source has none/)
  })
})
