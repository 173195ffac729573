// Custom user properties over HTTP (issue 14), on SQLite and, when DATABASE_URL is set, PostgreSQL:
// every way a client sends them, validation, filters and sorting compiled to SQL, discovery per tenant,
// and definitions changed by another process applying on the next request.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { mintToken } from '../../src/auth/secret-token.js'
import { createApp } from '../../src/http/app.js'
import { createLogger } from '../../src/log.js'
import { defaultTenant } from '../../src/main.js'
import { ROSTER_USER_EXTENSION as EXT, propertyDef } from '../../src/scim/schema/extension.js'
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js'
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js'
import { locked } from '../../src/store/postgres/test-schema.js'
import type { Store, TenantStore } from '../../src/store/store.js'
import { BASE } from '../helper.js'
import type { Reply } from '../helper.js'

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User'
const url = process.env['DATABASE_URL']

interface Setup {
  readonly store: Store
  /** A second store on the same database: another process (the CLI) changing definitions. */
  readonly other: () => Promise<TenantStore>
  readonly tenant: TenantStore
  request(method: string, path: string, body?: unknown): Promise<Reply>
  /** A request with another tenant's token. */
  raw(method: string, path: string, bearer: string, body?: unknown): Promise<Reply>
  close(): Promise<void>
}

const def = propertyDef

async function sqliteSetup(): Promise<{
  open: () => Promise<Store>
  cleanup: () => Promise<void>
}> {
  const dir = mkdtempSync(join(tmpdir(), 'roster-props-'))
  const file = join(dir, 'roster.db')
  return {
    // Worker processes start slowly on a loaded machine; this file does not test the deadline.
    open: () => openSqliteStore({ file, statementTimeoutMs: 60_000 }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  }
}

async function postgresSetup(
  connectionString: string,
): Promise<{ open: () => Promise<Store>; cleanup: () => Promise<void> }> {
  const schema = `roster_props_${Math.random().toString(16).slice(2, 10)}`
  await locked(connectionString, (admin) => admin.query(`create schema ${schema}`))
  return {
    open: () => locked(connectionString, () => openPostgresStore({ connectionString, schema })),
    cleanup: () =>
      locked(connectionString, (admin) => admin.query(`drop schema ${schema} cascade`)).then(
        () => undefined,
      ),
  }
}

async function setup(kind: 'SQLite' | 'PostgreSQL'): Promise<Setup> {
  const db = kind === 'SQLite' ? await sqliteSetup() : await postgresSetup(url as string)
  const store = await db.open()
  const others: Store[] = []
  const tenantRow = await defaultTenant(store)
  const { token } = await mintToken(store, tenantRow.id, 'test', null)
  const app = await createApp({ store, logger: createLogger('silent'), bodyLimit: 1024 * 1024 })
  const setup: Setup = {
    store,
    tenant: store.forTenant(tenantRow.id),
    other: async () => {
      const second = await db.open()
      others.push(second)
      return second.forTenant(tenantRow.id)
    },
    request: (method, path, body) => setup.raw(method, path, token, body),
    async raw(method, path, bearer, body) {
      const response = await app.inject({
        method: method as 'GET',
        url: path.startsWith('/') ? path : `${BASE}/${path}`,
        headers: {
          authorization: `Bearer ${bearer}`,
          ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}),
        },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      })
      const text = response.body
      return {
        status: response.statusCode,
        headers: response.headers,
        body: text === '' ? undefined : JSON.parse(text),
        text,
      }
    },
    async close() {
      await app.close()
      for (const s of others) await s.close()
      await store.close()
      await db.cleanup()
    },
  }
  return setup
}

const filter = (text: string): string => `Users?filter=${encodeURIComponent(text)}`
const names = (reply: Reply): string[] =>
  (reply.body.Resources as { userName: string }[]).map((u) => u.userName).sort()

const kinds: readonly ('SQLite' | 'PostgreSQL')[] = [
  'SQLite',
  ...(url ? (['PostgreSQL'] as const) : []),
]

for (const kind of kinds) {
  describe(`Custom user properties over HTTP: ${kind}`, () => {
    let s: Setup
    before(async () => {
      s = await setup(kind)
      for (const d of [
        def('costCenter'),
        def('level', { type: 'integer' }),
        def('score', { type: 'decimal' }),
        def('vip', { type: 'boolean' }),
        def('hired', { type: 'dateTime' }),
        def('skills', { multiValued: true, canonicalValues: ['Go', 'Rust', 'SQL'] }),
        def('code', { caseExact: true, maxLength: 5 }),
      ])
        await s.tenant.addProperty(d)
    })
    after(() => s.close())

    it('POST: the extension object, accepted without its URN in schemas, echoed as sent', async () => {
      const created = await s.request('POST', 'Users', {
        schemas: [CORE],
        userName: 'ann@contoso.com',
        [EXT]: {
          costcenter: 'CC-42',
          level: 3,
          score: '2.50',
          vip: true,
          hired: '2024-01-31T09:00:00+01:00',
          skills: ['go', 'SQL'],
        },
      })
      assert.equal(created.status, 201, created.text)
      assert.deepEqual(created.body.schemas, [CORE, EXT])
      assert.deepEqual(created.body[EXT], {
        costCenter: 'CC-42',
        hired: '2024-01-31T09:00:00+01:00',
        level: 3,
        score: '2.50',
        skills: ['go', 'SQL'],
        vip: true,
      })
      const read = await s.request('GET', `Users/${created.body.id}`)
      assert.deepEqual(read.body[EXT], created.body[EXT])
      assert.deepEqual(read.body.schemas, [CORE, EXT])
    })

    it('POST: URN-qualified top-level keys are the same attributes', async () => {
      const created = await s.request('POST', 'Users', {
        userName: 'bob@contoso.com',
        [`${EXT}:costCenter`]: 'CC-7',
        [`${EXT}:level`]: 10,
        [`${EXT}:hired`]: '2020-06-01T00:00:00Z',
        [`${EXT}:vip`]: 'False',
      })
      assert.equal(created.status, 201, created.text)
      assert.deepEqual(created.body[EXT], {
        costCenter: 'CC-7',
        hired: '2020-06-01T00:00:00Z',
        level: 10,
        vip: 'False',
      })
    })

    it('a user without values has no extension and schemas without its URN', async () => {
      const created = await s.request('POST', 'Users', { userName: 'cy@contoso.com' })
      assert.equal(created.status, 201, created.text)
      assert.deepEqual(created.body.schemas, [CORE])
      assert.equal(created.body[EXT], undefined)
    })

    it('every problem of a request in one 400, each with its path', async () => {
      const bad = await s.request('POST', 'Users', {
        userName: 'bad@contoso.com',
        [EXT]: {
          level: 'three',
          score: 'x',
          vip: 'maybe',
          hired: 'yesterday',
          skills: ['Go', 'Cobol'],
          code: 'TOOLONG',
        },
      })
      assert.equal(bad.status, 400, bad.text)
      assert.equal(bad.body.scimType, 'invalidValue')
      for (const path of [
        `${EXT}:level: must be an integer`,
        `${EXT}:score: must be a number`,
        `${EXT}:vip: must be a boolean`,
        `${EXT}:hired: must be an RFC 3339 date-time`,
        `${EXT}:skills[1]: 'Cobol' is not a value of this list property; use one of Go, Rust, SQL`,
        `${EXT}:code: must have at most 5 characters`,
      ])
        assert.ok(bad.body.detail.includes(path), `${path} in ${bad.body.detail}`)
      assert.match(bad.body.detail, /^6 problems/)
    })

    it('unknown properties follow unsupportedAttributes: rejected, or ignored', async () => {
      const body = { userName: 'dee@contoso.com', [EXT]: { nope: 'x', costCenter: 'CC-1' } }
      const rejected = await s.request('POST', 'Users', body)
      assert.equal(rejected.status, 400)
      assert.match(rejected.body.detail, new RegExp(`${EXT}:nope`))
      await s.tenant.setSetting('unsupportedAttributes', 'ignore')
      try {
        const accepted = await s.request('POST', 'Users', body)
        assert.equal(accepted.status, 201, accepted.text)
        assert.deepEqual(accepted.body[EXT], { costCenter: 'CC-1' })
      } finally {
        await s.tenant.setSetting('unsupportedAttributes', 'reject')
      }
    })

    it('PATCH: URN paths (add, replace, remove) and path-less values in both Entra modes', async () => {
      const created = await s.request('POST', 'Users', { userName: 'eve@contoso.com' })
      const id = created.body.id as string
      const patch = (Operations: unknown[]) =>
        s.request('PATCH', `Users/${id}`, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations,
        })
      let r = await patch([{ op: 'Add', path: `${EXT}:costCenter`, value: 'CC-1' }])
      assert.equal(r.status, 200, r.text)
      assert.deepEqual(r.body[EXT], { costCenter: 'CC-1' })
      assert.deepEqual(r.body.schemas, [CORE, EXT])
      r = await patch([{ op: 'Replace', path: `${EXT}:costCenter`, value: 'CC-2' }])
      assert.deepEqual(r.body[EXT], { costCenter: 'CC-2' })
      // Flag mode: path-less, URN-qualified keys; and the extension object as a key.
      r = await patch([
        { op: 'replace', value: { [`${EXT}:costCenter`]: 'CC-3', [`${EXT}:level`]: '7' } },
      ])
      assert.deepEqual(r.body[EXT], { costCenter: 'CC-3', level: '7' })
      r = await patch([{ op: 'add', value: { [EXT]: { vip: true } } }])
      assert.deepEqual(r.body[EXT], { costCenter: 'CC-3', level: '7', vip: true })
      r = await patch([
        { op: 'remove', path: `${EXT}:level` },
        { op: 'remove', path: `${EXT}:vip` },
        { op: 'Replace', path: `${EXT}:costCenter`, value: '' },
      ])
      assert.equal(r.status, 200, r.text)
      assert.equal(r.body[EXT], undefined)
      assert.deepEqual(r.body.schemas, [CORE])
      r = await patch([{ op: 'replace', path: `${EXT}:level`, value: 'x' }])
      assert.equal(r.status, 400)
      assert.match(r.body.detail, /:level: must be an integer/)
    })

    it('PATCH: value filters on a multi-valued property', async () => {
      const created = await s.request('POST', 'Users', {
        userName: 'fay@contoso.com',
        [EXT]: { skills: ['Go', 'Rust'] },
      })
      const id = created.body.id as string
      const patch = (Operations: unknown[]) =>
        s.request('PATCH', `Users/${id}`, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations,
        })
      let r = await patch([{ op: 'remove', path: `${EXT}:skills[value eq "go"]` }])
      assert.equal(r.status, 200, r.text)
      assert.deepEqual(r.body[EXT], { skills: ['Rust'] })
      r = await patch([{ op: 'replace', path: `${EXT}:skills[value eq "Rust"]`, value: 'SQL' }])
      assert.deepEqual(r.body[EXT], { skills: ['SQL'] })
      r = await patch([{ op: 'add', path: `${EXT}:skills`, value: ['Go'] }])
      assert.deepEqual(r.body[EXT], { skills: ['SQL', 'Go'] })
    })

    it('required: checked on POST and PUT, never on PATCH', async () => {
      await s.tenant.addProperty(def('badge', { required: true }))
      try {
        const missing = await s.request('POST', 'Users', { userName: 'gus@contoso.com' })
        assert.equal(missing.status, 400)
        assert.match(missing.body.detail, new RegExp(`${EXT}:badge: is required`))
        const created = await s.request('POST', 'Users', {
          userName: 'gus@contoso.com',
          [EXT]: { badge: 'B1' },
        })
        assert.equal(created.status, 201, created.text)
        const id = created.body.id as string
        const put = await s.request('PUT', `Users/${id}`, { userName: 'gus@contoso.com' })
        assert.equal(put.status, 400)
        const patched = await s.request('PATCH', `Users/${id}`, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [
            { op: 'remove', path: `${EXT}:badge` },
            { op: 'replace', path: 'active', value: 'False' },
          ],
        })
        assert.equal(patched.status, 200, patched.text)
        assert.equal(patched.body.active, false)
      } finally {
        await s.tenant.removeProperty('badge', true)
      }
    })

    it('filters compiled to SQL: eq, pr, gt/ge/lt/le on numbers and dates, co/sw/ew, sortBy', async () => {
      const cases: [string, string[]][] = [
        [`${EXT}:costCenter eq "cc-42"`, ['ann@contoso.com']],
        [`${EXT}:costCenter pr`, ['ann@contoso.com', 'bob@contoso.com', 'dee@contoso.com']],
        [`${EXT}:level gt 3`, ['bob@contoso.com']],
        [`${EXT}:level ge 3`, ['ann@contoso.com', 'bob@contoso.com']],
        [`${EXT}:score lt 3`, ['ann@contoso.com']],
        [`${EXT}:hired lt "2021-01-01T00:00:00Z"`, ['bob@contoso.com']],
        [`${EXT}:hired ge "2024-01-31T08:00:00Z"`, ['ann@contoso.com']],
        [`${EXT}:vip eq true`, ['ann@contoso.com']],
        [`${EXT}:vip eq false`, ['bob@contoso.com']],
        [`${EXT}:costCenter sw "CC-"`, ['ann@contoso.com', 'bob@contoso.com', 'dee@contoso.com']],
        [`${EXT}:costCenter ew "-7"`, ['bob@contoso.com']],
        [`${EXT}:costCenter co "4"`, ['ann@contoso.com']],
        [`${EXT}:skills eq "SQL"`, ['ann@contoso.com', 'fay@contoso.com']],
        [`${EXT}:costCenter eq "CC-42" and userName sw "ann"`, ['ann@contoso.com']],
        [`not (${EXT}:costCenter pr) and userName eq "cy@contoso.com"`, ['cy@contoso.com']],
      ]
      for (const [text, expected] of cases) {
        const r = await s.request('GET', filter(text))
        assert.equal(r.status, 200, `${text}: ${r.text}`)
        assert.deepEqual(names(r), expected, text)
      }
      const sorted = await s.request(
        'GET',
        `${filter(`${EXT}:level pr`)}&sortBy=${encodeURIComponent(`${EXT}:level`)}&sortOrder=descending`,
      )
      assert.deepEqual(
        (sorted.body.Resources as { userName: string }[]).map((u) => u.userName),
        ['bob@contoso.com', 'ann@contoso.com'],
      )
      const wrong = await s.request('GET', filter(`${EXT}:level co "3"`))
      assert.equal(wrong.status, 400)
      assert.equal(wrong.body.scimType, 'invalidFilter')
      const unknown = await s.request('GET', filter(`${EXT}:nope eq "x"`))
      assert.equal(unknown.status, 400)
    })

    it('projection: attributes and excludedAttributes name properties by URN', async () => {
      const only = await s.request(
        'GET',
        `${filter('userName eq "ann@contoso.com"')}&attributes=${encodeURIComponent(`${EXT}:costCenter`)}`,
      )
      assert.deepEqual(only.body.Resources[0][EXT], { costCenter: 'CC-42' })
      assert.deepEqual(only.body.Resources[0].schemas, [CORE, EXT])
      const without = await s.request(
        'GET',
        `${filter('userName eq "ann@contoso.com"')}&excludedAttributes=${encodeURIComponent(EXT)}`,
      )
      assert.equal(without.status, 200, without.text)
      assert.equal(without.body.Resources[0][EXT], undefined)
      assert.deepEqual(without.body.Resources[0].schemas, [CORE])
    })

    it('a definition changed by another process applies on the next request; rename keeps values', async () => {
      const cli = await s.other()
      await cli.addProperty(def('site'))
      const created = await s.request('POST', 'Users', {
        userName: 'hal@contoso.com',
        [EXT]: { site: 'Lyon' },
      })
      assert.equal(created.status, 201, created.text)
      const schemas = await s.request('GET', `Schemas/${EXT}`)
      assert.ok(
        (schemas.body.attributes as { name: string }[]).some((a) => a.name === 'site'),
        'the new property is in /Schemas',
      )
      await cli.renameProperty('site', 'office')
      const read = await s.request('GET', `Users/${created.body.id}`)
      assert.deepEqual(read.body[EXT], { office: 'Lyon' })
      const found = await s.request('GET', filter(`${EXT}:office eq "lyon"`))
      assert.deepEqual(names(found), ['hal@contoso.com'])
      assert.deepEqual(await cli.removeProperty('office', false), { removed: false, holders: 1 })
      assert.deepEqual(await cli.removeProperty('office', true), { removed: true, holders: 1 })
      const after = await s.request('GET', `Users/${created.body.id}`)
      assert.equal(after.body[EXT], undefined)
      assert.ok(after.body.meta.version !== read.body.meta.version, 'the version moved')
    })

    it('issue 14 also fix: roles[type eq "Primary"] set on the default role reads back', async () => {
      const created = await s.request('POST', 'Users', { userName: 'jo@contoso.com' })
      assert.deepEqual(created.body.roles, [{ value: 'Standard User' }])
      const patched = await s.request('PATCH', `Users/${created.body.id}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'Add', path: 'roles[type eq "Primary"].value', value: 'Standard User' }],
      })
      assert.equal(patched.status, 200, patched.text)
      assert.deepEqual(patched.body.roles, [{ value: 'Standard User', type: 'Primary' }])
      const read = await s.request('GET', `Users/${created.body.id}`)
      assert.deepEqual(read.body.roles, [{ value: 'Standard User', type: 'Primary' }])
    })

    it('names are unique ignoring case', async () => {
      await assert.rejects(s.tenant.addProperty(def('COSTCENTER')), /already exists/)
      await assert.rejects(s.tenant.addProperty(def('9lives')), /not an attribute name/)
    })

    it('discovery: the extension with exactly the tenant properties, listed in ResourceTypes', async () => {
      const schema = await s.request('GET', `Schemas/${EXT}`)
      assert.equal(schema.status, 200, schema.text)
      const attributes = schema.body.attributes as Record<string, unknown>[]
      assert.deepEqual(
        attributes.map((a) => a['name']),
        ['code', 'costCenter', 'hired', 'level', 'score', 'skills', 'vip'],
      )
      const skills = attributes.find((a) => a['name'] === 'skills')
      assert.equal(skills?.['multiValued'], true)
      assert.deepEqual(skills?.['canonicalValues'], ['Go', 'Rust', 'SQL'])
      assert.equal(attributes.find((a) => a['name'] === 'code')?.['caseExact'], true)
      assert.equal(attributes.find((a) => a['name'] === 'level')?.['type'], 'integer')
      const types = await s.request('GET', 'ResourceTypes/User')
      assert.deepEqual(types.body.schemaExtensions, [{ schema: EXT, required: false }])
    })

    it('aliases: a value sent under an alias is stored, filtered and read back under it', async () => {
      const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
      await s.tenant.addProperty(def('department', { aliases: [`${ENT}:department`] }))
      await s.tenant.addProperty(def('jobTitle', { aliases: ['title'] }))
      try {
        const created = await s.request('POST', 'Users', {
          schemas: [CORE, ENT],
          userName: 'ida@contoso.com',
          title: 'Engineer',
          [ENT]: { department: 'Ops' },
        })
        assert.equal(created.status, 201, created.text)
        assert.deepEqual(created.body.schemas, [CORE, ENT])
        assert.equal(created.body.title, 'Engineer')
        assert.deepEqual(created.body[ENT], { department: 'Ops' })
        assert.equal(created.body[EXT], undefined)
        const id = created.body.id as string
        const read = await s.request('GET', `Users/${id}`)
        assert.equal(read.body.title, 'Engineer')
        assert.deepEqual(read.body[ENT], { department: 'Ops' })
        for (const text of [
          'title eq "engineer"',
          `${ENT}:department eq "Ops"`,
          `${EXT}:jobTitle eq "Engineer"`,
        ]) {
          const found = await s.request('GET', filter(text))
          assert.equal(found.status, 200, `${text}: ${found.text}`)
          assert.deepEqual(names(found), ['ida@contoso.com'], text)
        }
        const patch = (Operations: unknown[]) =>
          s.request('PATCH', `Users/${id}`, {
            schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
            Operations,
          })
        let r = await patch([{ op: 'Replace', path: `${ENT}:department`, value: 'Sales' }])
        assert.equal(r.status, 200, r.text)
        assert.deepEqual(r.body[ENT], { department: 'Sales' })
        r = await patch([{ op: 'replace', value: { title: 'Lead' } }])
        assert.equal(r.body.title, 'Lead')
        r = await patch([{ op: 'add', path: `${EXT}:jobTitle`, value: 'Chief' }])
        assert.equal(r.status, 400)
        assert.match(r.body.detail, /names of one property; map only one of them/)
        const schemas = await s.request('GET', `Schemas/${ENT}`)
        assert.equal(schemas.status, 200, schemas.text)
        assert.deepEqual(
          (schemas.body.attributes as { name: string }[]).map((a) => a.name),
          ['department'],
        )
      } finally {
        await s.tenant.removeProperty('department', true)
        await s.tenant.removeProperty('jobTitle', true)
      }
    })

    it('discovery: canonicalValues from the tenant (devices, roles, languages)', async () => {
      await s.tenant.setSetting('languages', ['en', 'fr'])
      await s.tenant.updateSetting('roles', (roles) => [...roles, 'Night Operator'])
      const core = await s.request('GET', `Schemas/${CORE}`)
      const attrs = core.body.attributes as Record<string, unknown>[]
      const sub = (attr: string, name: string): Record<string, unknown> | undefined =>
        (
          attrs.find((a) => a['name'] === attr)?.['subAttributes'] as Record<string, unknown>[]
        ).find((a) => a['name'] === name)
      assert.deepEqual(sub('emails', 'type')?.['canonicalValues'], [
        'Work Email',
        'Home Email',
        'Other Email',
        'work',
        'home',
        'other',
      ])
      assert.deepEqual(sub('phoneNumbers', 'type')?.['canonicalValues'], [
        'Work Phone',
        'Home Phone',
        'Mobile Phone',
        'SMS Phone',
        'work',
        'home',
        'mobile',
      ])
      const roles = sub('roles', 'value')?.['canonicalValues'] as string[]
      assert.ok(roles.includes('Standard User') && roles.includes('Night Operator'))
      assert.deepEqual(attrs.find((a) => a['name'] === 'preferredLanguage')?.['canonicalValues'], [
        'en',
        'fr',
      ])
    })

    it('discovery under /t/{slug}: meta.location is the URL the client used', async () => {
      const acme = await s.store.ensureTenant('acme', 'Acme')
      const { token } = await mintToken(s.store, acme.id, 'acme', null)
      for (const path of ['Schemas', 'ResourceTypes', 'ServiceProviderConfig']) {
        const r = await s.raw('GET', `/t/acme/scim/v2/${path}`, token)
        assert.equal(r.status, 200, r.text)
        const locations = JSON.stringify(r.body).match(/"location":"[^"]+"/g) ?? []
        assert.ok(locations.length > 0)
        for (const location of locations)
          assert.ok(
            location.startsWith('"location":"http://localhost:80/t/acme/scim/v2/'),
            location,
          )
      }
      const other = await s.raw('GET', `/t/acme/scim/v2/Schemas/${EXT}`, token)
      assert.deepEqual(other.body.attributes, [], 'another tenant has none of these properties')
    })

    it('ROSTER_PUBLIC_URL: every meta.location starts with it', async () => {
      const app = await createApp({
        store: s.store,
        logger: createLogger('silent'),
        bodyLimit: 1024 * 1024,
        publicUrl: 'https://roster.example.com',
      })
      try {
        const acme = await s.store.ensureTenant('acme', 'Acme')
        const { token } = await mintToken(s.store, acme.id, 'public', null)
        const headers = {
          authorization: `Bearer ${token}`,
          'content-type': 'application/scim+json',
        }
        const schemas = await app.inject({ url: '/t/acme/scim/v2/Schemas', headers })
        const locations = schemas.body.match(/"location":"[^"]+"/g) ?? []
        assert.ok(locations.length > 0)
        for (const location of locations)
          assert.ok(
            location.startsWith('"location":"https://roster.example.com/t/acme/scim/v2/'),
            location,
          )
        const created = await app.inject({
          method: 'POST',
          url: '/t/acme/scim/v2/Users',
          headers,
          payload: JSON.stringify({ userName: 'pub@contoso.com' }),
        })
        assert.equal(created.statusCode, 201, created.body)
        const user = JSON.parse(created.body) as { id: string; meta: { location: string } }
        const expected = `https://roster.example.com/t/acme/scim/v2/Users/${user.id}`
        assert.equal(user.meta.location, expected)
        assert.equal(created.headers['location'], expected)
      } finally {
        await app.close()
      }
    })
  })
}
