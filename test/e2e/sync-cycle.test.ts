// `roster sync` cycles against a real Roster (roster serve, SQLite, HTTP on 127.0.0.1) behind a recording
// proxy: the request sequences of entra-client-behaviour.md in default and aadOptscim062020 mode (§2.3
// match, §2.4 create, §2.6 PATCH, §2.7 disable, §3.1-§3.5 groups), a second cycle that sends nothing,
// matching of existing users, retries, escrow, quarantine and --dry-run.
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { call } from '../process.js'
import { cycle, file, harness, lines } from '../sync/harness.js'
import type { Harness } from '../sync/harness.js'

const MAPPINGS = JSON.parse(readFileSync('docs/examples/roster-mappings.json', 'utf8')) as unknown
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User'
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'

interface GraphUser {
  id: string
  userPrincipalName: string
  [key: string]: unknown
}

function directory(): {
  users: GraphUser[]
  groups: { id: string; displayName: string; members: string[] }[]
  appRoleAssignments: unknown[]
} {
  return {
    users: [
      {
        id: 'u1',
        userPrincipalName: 'alice@contoso.com',
        mail: 'alice@contoso.com',
        givenName: 'Alice',
        surname: 'Smith',
        preferredLanguage: 'en-US',
        mobilePhone: '+14155550123',
        accountEnabled: true,
        mailNickname: 'alice',
      },
      {
        id: 'u2',
        userPrincipalName: 'bob@contoso.com',
        mail: 'bob@contoso.com',
        givenName: 'Bob',
        surname: 'Jones',
        accountEnabled: true,
        mailNickname: 'bob',
      },
      {
        id: 'u3',
        userPrincipalName: 'carol@contoso.com',
        givenName: 'Carol',
        accountEnabled: false,
        mailNickname: 'carol',
      },
      {
        id: 'u4',
        userPrincipalName: 'dave@contoso.com',
        givenName: 'Dave',
        accountEnabled: true,
        mailNickname: 'dave',
      },
    ],
    groups: [
      { id: 'g1', displayName: 'Ops', members: ['u1', 'u2', 'u3'] },
      { id: 'g2', displayName: 'Nested', members: ['g1'] },
    ],
    appRoleAssignments: [
      { principalId: 'g1', appRoleValue: 'Developer' },
      { principalId: 'u2', appRoleValue: 'Group Supervisor' },
    ],
  }
}

for (const mode of ['default', 'flag'] as const) {
  const op = (name: string): string =>
    mode === 'default' ? name[0]?.toUpperCase() + name.slice(1) : name
  describe(`roster sync cycles against Roster, ${mode === 'default' ? 'default mode' : 'aadOptscim062020 mode'}`, () => {
    let h: Harness
    let source: string
    let mappings: string
    const ids = new Map<string, string>()
    before(async () => {
      h = await harness()
      source = file(h, 'directory.json', directory())
      mappings = file(h, 'mappings.json', MAPPINGS)
    })
    after(() => h.close())

    it('initial cycle (--assigned): match each user by userName, create; match the group with excludedAttributes=members, create it empty, then add its members', async () => {
      const { summary, sent, captured } = await cycle(h, { source, mappings, mode, assigned: true })
      for (const e of captured.entries)
        if (e.targetId) ids.set(e.targetId, e.name.split('@')[0] as string)
      assert.deepEqual(lines(sent, ids), [
        'GET /Users?filter=userName eq "alice@contoso.com"',
        'POST /Users',
        'GET /Users?filter=userName eq "bob@contoso.com"',
        'POST /Users',
        'GET /Users?filter=userName eq "carol@contoso.com"',
        'GET /Groups?excludedAttributes=members&filter=displayName eq "Ops"',
        'POST /Groups',
        'PATCH /Groups/{Ops}',
      ])
      assert.deepEqual(sent[1]?.body, {
        schemas: [CORE],
        userName: 'alice@contoso.com',
        active: true,
        emails: [{ type: 'work', value: 'alice@contoso.com', primary: true }],
        preferredLanguage: 'en',
        name: { givenName: 'Alice', familyName: 'Smith' },
        phoneNumbers: [{ type: 'mobile', value: '+14155550123' }],
        externalId: 'alice',
        timezone: 'America/Los_Angeles',
        roles: [{ type: 'Primary', value: 'Developer' }],
        meta: { resourceType: 'User' },
      })
      assert.deepEqual((sent[3]?.body as { roles: unknown }).roles, [
        { type: 'Primary', value: 'Group Supervisor' },
      ])
      assert.deepEqual(sent[6]?.body, {
        schemas: [
          'urn:ietf:params:scim:schemas:core:2.0:Group',
          'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group',
        ],
        displayName: 'Ops',
        externalId: 'g1',
        meta: { resourceType: 'Group' },
      })
      const [aliceId, bobId] = [...ids]
        .filter(([, n]) => n === 'alice' || n === 'bob')
        .map(([id]) => id)
      assert.deepEqual(sent[7]?.body, {
        schemas: [PATCH_OP],
        Operations: [
          {
            op: op('add'),
            path: 'members',
            value: [aliceId, bobId].map((value) =>
              mode === 'default' ? { $ref: null, value } : { value },
            ),
          },
        ],
      })
      assert.equal(summary.created, 3)
      assert.equal(summary.failed, 0)
      const carol = captured.entries.find((e) => e.name === 'carol@contoso.com')
      assert.equal(carol?.status, 'skipped', 'a user disabled in the source is not created')
      const dave = captured.entries.find((e) => e.name === 'dave@contoso.com')
      assert.match(dave?.reason ?? '', /NotEffectivelyEntitled/)
      const nested = captured.entries.find((e) => e.name === 'Nested')
      assert.equal(nested?.status, 'skipped')
      const created = await call(`${h.roster.tenantUrl}/Users/${aliceId}`, { token: h.token })
      assert.equal(created.body.preferredLanguage, 'en')
    })

    it('a second cycle over the unchanged source sends no request at all', async () => {
      const { summary, sent, captured } = await cycle(h, { source, mappings, mode, assigned: true })
      assert.equal(summary.cycleType, 'incremental')
      assert.deepEqual(sent, [])
      assert.deepEqual(captured.entries, [])
      assert.equal(summary.requests, 0)
    })

    it('incremental cycle: only what changed; PATCH what differs, disable who left, re-enable, group members added and removed', async () => {
      const d = directory()
      Object.assign(d.users[0] as GraphUser, {
        givenName: 'Alicia',
        surname: 'Smyth',
        mail: 'alicia@contoso.com',
      })
      ;(d.users[2] as GraphUser).accountEnabled = true
      d.users.splice(1, 1)
      ;(d.groups[0] as { members: string[] }).members = ['u1', 'u3']
      file(h, 'directory.json', d)
      const { summary, sent, captured } = await cycle(h, { source, mappings, mode, assigned: true })
      for (const e of captured.entries)
        if (e.targetId) ids.set(e.targetId, e.name.split('@')[0] as string)
      assert.equal(summary.cycleType, 'incremental')
      assert.deepEqual(lines(sent, ids), [
        'GET /Users/{alice}',
        'PATCH /Users/{alice}',
        'GET /Users?filter=userName eq "carol@contoso.com"',
        'POST /Users',
        'GET /Users/{bob}',
        'PATCH /Users/{bob}',
        'GET /Groups/{Ops}?excludedAttributes=members',
        'PATCH /Groups/{Ops}',
        'PATCH /Groups/{Ops}',
      ])
      const alice = (sent[1]?.body as { Operations: unknown[] }).Operations
      if (mode === 'default')
        assert.deepEqual(alice, [
          { op: 'Replace', path: 'emails[type eq "work"].value', value: 'alicia@contoso.com' },
          { op: 'Replace', path: 'name.givenName', value: 'Alicia' },
          { op: 'Replace', path: 'name.familyName', value: 'Smyth' },
        ])
      else
        assert.deepEqual(alice, [
          { op: 'replace', path: 'emails[type eq "work"].value', value: 'alicia@contoso.com' },
          { op: 'replace', value: { 'name.givenName': 'Alicia', 'name.familyName': 'Smyth' } },
        ])
      assert.deepEqual((sent[5]?.body as { Operations: unknown[] }).Operations, [
        { op: op('replace'), path: 'active', value: mode === 'default' ? 'False' : false },
      ])
      const bobId = [...ids].find(([, n]) => n === 'bob')?.[0] as string
      const carolId = [...ids].find(([, n]) => n === 'carol')?.[0] as string
      assert.deepEqual((sent[7]?.body as { Operations: unknown[] }).Operations, [
        {
          op: op('add'),
          path: 'members',
          value: [mode === 'default' ? { $ref: null, value: carolId } : { value: carolId }],
        },
      ])
      assert.deepEqual(
        (sent[8]?.body as { Operations: unknown[] }).Operations,
        mode === 'default'
          ? [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: bobId }] }]
          : [{ op: 'remove', path: `members[value eq "${bobId}"]` }],
      )
      assert.deepEqual(
        [summary.created, summary.updated, summary.disabled, summary.failed],
        [1, 2, 1, 0],
      )
      const bob = await call(`${h.roster.tenantUrl}/Users/${bobId}`, { token: h.token })
      assert.equal(bob.body.active, false, 'soft delete keeps the user, inactive')
      const ops = await call(
        `${h.roster.tenantUrl}/Groups/${[...ids].find(([, n]) => n === 'Ops')?.[0]}`,
        { token: h.token },
      )
      assert.deepEqual(
        (ops.body.members as { value: string }[]).map((m) => m.value).sort(),
        [[...ids].find(([, n]) => n === 'alice')?.[0], carolId].sort(),
      )
    })

    it('and again: nothing changed, nothing sent', async () => {
      const { sent } = await cycle(h, { source, mappings, mode, assigned: true })
      assert.deepEqual(sent, [])
    })
  })
}

describe('roster sync against Roster: matching, retries, escrow, quarantine, dry run', () => {
  let h: Harness
  let mappings: string
  before(async () => {
    h = await harness()
    mappings = file(h, 'mappings.json', MAPPINGS)
  })
  after(() => h.close())

  it('matches an existing user and sends only the differences: Add where the target has no value, Replace where it differs', async () => {
    const existing = await call(`${h.roster.tenantUrl}/Users`, {
      token: h.token,
      body: {
        schemas: [CORE],
        userName: 'erin@contoso.com',
        name: { givenName: 'Erin', familyName: 'Old' },
        externalId: 'erin',
        timezone: 'Europe/London',
      },
    })
    assert.equal(existing.status, 201)
    const source = file(h, 'match.json', {
      users: [
        {
          id: 'u9',
          userPrincipalName: 'erin@contoso.com',
          givenName: 'Erin',
          surname: 'New',
          mail: 'erin@contoso.com',
          mailNickname: 'erin',
        },
      ],
    })
    const { sent, summary } = await cycle(h, { source, mappings })
    assert.deepEqual(lines(sent, new Map([[existing.body.id, 'erin']])), [
      'GET /Users?filter=userName eq "erin@contoso.com"',
      'PATCH /Users/{erin}',
    ])
    assert.deepEqual((sent[1]?.body as { Operations: unknown[] }).Operations, [
      { op: 'Add', path: 'emails[type eq "work"].value', value: 'erin@contoso.com' },
      { op: 'Replace', path: 'name.familyName', value: 'New' },
    ])
    assert.equal(summary.updated, 1)
  })

  it('retries a 429 after its Retry-After, and every request waits', async () => {
    let refused = 0
    h.fault = ({ method, path }) =>
      method === 'POST' && path === '/Users' && refused++ === 0
        ? { status: 429, body: '{"detail":"slow down"}', headers: { 'retry-after': '1' } }
        : undefined
    const source = file(h, 'throttled.json', {
      users: [{ id: 't1', userPrincipalName: 'throttled@contoso.com' }],
    })
    const started = Date.now()
    const { summary, sent } = await cycle(h, { source, mappings })
    h.fault = undefined
    assert.equal(summary.created, 1)
    assert.equal(summary.retries, 1)
    assert.deepEqual(
      sent.map((r) => `${r.method} ${r.status}`),
      ['GET 200', 'POST 429', 'POST 201'],
    )
    assert.ok(Date.now() - started >= 900, 'waited for Retry-After')
  })

  it('retries a 5xx, fails the object after the retries, and retries it in the next cycle (escrow)', async () => {
    h.fault = ({ method }) =>
      method === 'POST' ? { status: 503, body: '{"detail":"down"}' } : undefined
    const source = file(h, 'escrow.json', {
      users: [{ id: 'e1', userPrincipalName: 'escrow@contoso.com' }],
    })
    const first = await cycle(h, { source, mappings })
    assert.equal(first.summary.failed, 1)
    assert.equal(
      first.sent.filter((r) => r.method === 'POST').length,
      3,
      'the first attempt and 2 retries',
    )
    const entry = first.captured.entries[0]
    assert.equal(entry?.errorCode, 'InternalServerError')
    assert.match(entry?.fix ?? '', /next cycle/)
    h.fault = undefined
    const second = await cycle(h, { source, mappings })
    assert.equal(second.summary.cycleType, 'incremental')
    assert.equal(second.summary.created, 1)
  })

  it("reports Roster's 400 for Entra's default mapping with the detail and what to fix, and quarantines past the thresholds", async () => {
    const users = Array.from({ length: 6 }, (_, i) => ({
      id: `d${i}`,
      userPrincipalName: `default${i}@contoso.com`,
      displayName: `Default ${i}`,
      jobTitle: 'Engineer',
    }))
    const source = file(h, 'defaults.json', { users })
    const { summary, captured, sent } = await cycle(h, {
      source,
      thresholds: { minFailures: 3, ratio: 0.4, maxFailures: 40_000, maxAllFailures: 60_000 },
    })
    const entry = captured.entries[0]
    assert.equal(entry?.errorCode, 'BadRequest')
    assert.match(entry?.errorMessage ?? '', /displayName/)
    assert.match(entry?.fix ?? '', /mapping/)
    assert.match(summary.quarantine ?? '', /EncounteredEscrowProportionThreshold/)
    assert.equal(summary.failed, 3)
    assert.equal(sent.filter((r) => r.method === 'POST').length, 3, 'the cycle stops at quarantine')
  })

  it('quarantines at once when a filter that matches nothing answers 404 (SCIM compliance issue)', async () => {
    h.fault = ({ method, path }) =>
      method === 'GET' && path.includes('filter=')
        ? { status: 404, body: '{"detail":"not found"}' }
        : undefined
    const source = file(h, 'compliance.json', {
      users: [
        { id: 'n1', userPrincipalName: 'n1@contoso.com' },
        { id: 'n2', userPrincipalName: 'n2@contoso.com' },
      ],
    })
    const { summary, sent } = await cycle(h, { source, mappings })
    h.fault = undefined
    assert.match(summary.quarantine ?? '', /SCIM compliance issue: an HTTP\/404 Not Found response/)
    assert.equal(sent.length, 1)
  })

  it('quarantines at once when the token is refused', async () => {
    const source = file(h, 'refused.json', {
      users: [
        { id: 'r1', userPrincipalName: 'r1@contoso.com' },
        { id: 'r2', userPrincipalName: 'r2@contoso.com' },
      ],
    })
    const { summary, sent } = await cycle(h, { source, mappings, token: 'roster_wrong' })
    assert.match(summary.quarantine ?? '', /EncounteredQuarantineException/)
    assert.equal(sent.length, 1)
  })

  it('fails with DuplicateTargetEntries when a matching value finds several target users', async () => {
    for (const n of [1, 2])
      await call(`${h.roster.tenantUrl}/Users`, {
        token: h.token,
        body: { schemas: [CORE], userName: `twin${n}@contoso.com`, externalId: 'twin' },
      })
    const byExternalId = {
      users: {
        attributeMappings: [
          {
            targetAttribute: 'userName',
            mappingType: 'Direct',
            sourceAttribute: 'userPrincipalName',
            matchObjects: true,
            matchingPrecedence: 2,
          },
          {
            targetAttribute: 'externalId',
            mappingType: 'Direct',
            sourceAttribute: 'mailNickname',
            matchObjects: true,
            matchingPrecedence: 1,
          },
        ],
      },
    }
    const source = file(h, 'twins.json', {
      users: [{ id: 'w1', userPrincipalName: 'twin3@contoso.com', mailNickname: 'twin' }],
    })
    const { captured, sent } = await cycle(h, {
      source,
      mappings: file(h, 'twins-map.json', byExternalId),
    })
    assert.deepEqual(lines(sent, new Map()), ['GET /Users?filter=externalId eq "twin"'])
    assert.equal(captured.entries[0]?.errorCode, 'DuplicateTargetEntries')
  })

  it('--dry-run reads the target, sends no write, prints the bodies it would send and saves no state', async () => {
    const source = file(h, 'dry.json', {
      users: [{ id: 'y1', userPrincipalName: 'dry@contoso.com', givenName: 'Dry' }],
      groups: [{ id: 'yg', displayName: 'Dry run', members: ['y1'] }],
    })
    const { summary, sent, captured } = await cycle(h, { source, mappings, dryRun: true })
    assert.deepEqual(
      sent.map((r) => r.method),
      ['GET', 'GET'],
    )
    assert.equal(summary.created, 2)
    assert.equal(existsSync(`${source}.sync-state.json`), false)
    const group = captured.entries.find((e) => e.objectType === 'Group')
    const patch = group?.steps.find((s) => s.exchange?.method === 'PATCH')?.exchange
    assert.equal(patch?.status, undefined, 'not sent')
    assert.deepEqual((patch?.requestBody as { Operations: unknown[] }).Operations, [
      { op: 'Add', path: 'members', value: [{ $ref: null, value: '(id of y1)' }] },
    ])
  })
})
