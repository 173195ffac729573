// Custom properties in the console through the whole app (app.inject): the Settings forms add, rename
// and remove definitions with the CLI's validation (each bad input a 400 naming the field, nothing
// changed), behind the session and CSRF checks; each change is an audit event and applies to the next
// SCIM request; a rename or a forced removal moves the holders' ETags; People show the values.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TestContext } from 'node:test'
import { mintToken } from '../../src/auth/secret-token.js'
import { BASE } from '../helper.js'
import { consoleApp } from './console-app.js'

const EXT = 'urn:ietf:params:scim:schemas:extension:roster:2.0:User'
const FORM = 'application/x-www-form-urlencoded'

async function signedIn(t: TestContext) {
  const ctx = await consoleApp(t)
  const { cookie } = await ctx.signIn('/admin', 'ada@contoso.com')
  const settings = await ctx.app.inject({ url: '/admin/settings', headers: { cookie } })
  const csrf = /name="_csrf" value="([^"]+)"/.exec(settings.body)?.[1] ?? ''
  const { token } = await mintToken(ctx.store, ctx.tenant.id, 'entra', null)
  const change = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    ctx.app.inject({
      method: 'POST',
      url: '/admin/settings',
      headers: { cookie, 'content-type': FORM, ...headers },
      payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
    })
  const scim = (method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) =>
    ctx.app.inject({
      method,
      url: `${BASE}/${path}`,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    })
  const page = (path: string) => ctx.app.inject({ url: `/admin${path}`, headers: { cookie } })
  const audits = async () => {
    await ctx.recorder.flush()
    const all = await ctx.log.entries(ctx.tenant.id, { limit: 50, kind: 'audit' })
    return all.filter((e) => e.operation.startsWith('properties.'))
  }
  const definitions = () => ctx.store.forTenant(ctx.tenant.id).properties()
  return { ...ctx, cookie, csrf, change, scim, page, audits, definitions }
}

/** The page's notice, as text. */
const noticeOf = (body: string): string =>
  (/<p class="notice [a-z]+"[^>]*>([\s\S]*?)<\/p>/.exec(body)?.[1] ?? '')
    .replace(/\s+/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .trim()

describe('console: custom properties in Settings', () => {
  it('adds a property that the next SCIM request accepts, and logs who added it', async (t) => {
    const { change, scim, page, audits } = await signedIn(t)
    const empty = await page('/settings')
    assert.equal(empty.statusCode, 200)
    assert.match(empty.body, /<h2 id="properties-h">Custom properties<\/h2>/)
    assert.match(empty.body, /No custom properties yet/)
    // Before: the tenant rejects the attribute (unsupportedAttributes = reject).
    const early = await scim('POST', 'Users', { userName: 'early@x.com', [EXT]: { shift: 'Day' } })
    assert.equal(early.statusCode, 400)

    const added = await change({
      action: 'properties.add',
      name: 'shift',
      type: 'string',
      values: 'Day, Night',
      multi: 'on',
      maxLength: '10',
      aliases: 'nickName',
      description: 'Working pattern',
    })
    assert.equal(added.statusCode, 200, added.body)
    assert.equal(noticeOf(added.body), "Saved: property 'shift' defined (string, multi-valued).")
    assert.match(added.body.replace(/<wbr\/?>/g, ''), new RegExp(`<code>${EXT}:shift</code>`))
    assert.match(added.body, /Working pattern/)

    const created = await scim('POST', 'Users', {
      userName: 'ann@x.com',
      [EXT]: { shift: ['night'] },
    })
    assert.equal(created.statusCode, 201, created.body)
    assert.deepEqual(created.json()[EXT], { shift: ['night'] })
    const refused = await scim('POST', 'Users', { userName: 'bob@x.com', [EXT]: { shift: 'Dusk' } })
    assert.equal(refused.statusCode, 400)
    const schemas = await scim('GET', `Schemas/${EXT}`)
    assert.deepEqual(
      schemas.json().attributes.map((a: { name: string }) => a.name),
      ['shift'],
    )
    // The holder count links to the People search that finds them.
    const listed = await page('/settings')
    assert.match(
      listed.body,
      new RegExp(`href="/admin/people\\?q=${encodeURIComponent(`${EXT}:shift pr`)}">1<`),
    )

    const [event] = await audits()
    assert.equal(event?.operation, 'properties.add')
    assert.equal(event?.actor, 'console:ada@contoso.com')
    assert.equal(event?.resource, 'property')
    assert.equal(event?.detail, "property 'shift' defined (string, multi-valued)")
  })

  it('refuses bad input with a message naming the field, and changes nothing', async (t) => {
    const { change, definitions, audits } = await signedIn(t)
    assert.equal(
      (await change({ action: 'properties.add', name: 'costCenter', type: 'string' })).statusCode,
      200,
    )
    const add = (fields: Record<string, string>) =>
      change({ action: 'properties.add', type: 'string', ...fields })
    const cases: [string, Promise<{ statusCode: number; body: string }>, RegExp][] = [
      ['no name', add({ name: '  ' }), /^Fill in Name\.$/],
      ['a bad name', add({ name: 'cost center' }), /'cost center' is not an attribute name/],
      ['a taken name', add({ name: 'COSTCENTER' }), /'COSTCENTER' already exists/],
      ['an unknown type', add({ name: 'n', type: 'money' }), /^Type must be one of string/],
      [
        'list values on a number',
        add({ name: 'n', type: 'integer', values: 'A' }),
        /^List values makes a list property, whose type is string\.$/,
      ],
      ['empty list values', add({ name: 'n', values: ' , ' }), /^List values needs at least one/],
      [
        'a max length that is no number',
        add({ name: 'n', maxLength: 'ten' }),
        /^Max length must be a whole number from 1 to 2048\.$/,
      ],
      [
        'a max length too large',
        add({ name: 'n', maxLength: '5000' }),
        /^Max length must be a whole number from 1 to 2048\.$/,
      ],
      [
        'a max length on a boolean',
        add({ name: 'n', type: 'boolean', maxLength: '4' }),
        /^Max length applies to string properties only\.$/,
      ],
      [
        'an alias of a profile attribute',
        add({ name: 'n', aliases: 'userName' }),
        /^Aliases: 'userName' is an attribute of the xMatters profile/,
      ],
      [
        'a too long description',
        add({ name: 'n', description: 'x'.repeat(1001) }),
        /^Description has at most 1000 characters\.$/,
      ],
      [
        'a rename of a missing property',
        change({ action: 'properties.rename', name: 'nope', newName: 'other' }),
        /^'nope' is not a property of this tenant\.$/,
      ],
      [
        'a rename to a bad name',
        change({ action: 'properties.rename', name: 'costCenter', newName: '9lives' }),
        /'9lives' is not an attribute name/,
      ],
      [
        'a rename with no new name',
        change({ action: 'properties.rename', name: 'costCenter', newName: '' }),
        /^Fill in New name\.$/,
      ],
      [
        'a removal of a missing property',
        change({ action: 'properties.remove', name: 'nope' }),
        /^'nope' is not a property of this tenant\.$/,
      ],
      ['an unknown change', change({ action: 'properties.drop', name: 'x' }), /^Unknown change\.$/],
    ]
    for (const [label, reply, message] of cases) {
      const { statusCode, body } = await reply
      assert.equal(statusCode, 400, label)
      assert.match(noticeOf(body), message, label)
      assert.match(body, /role="alert"/, label)
    }
    // A taken name on rename is refused too (409 from the store, shown as the page's message).
    await change({ action: 'properties.add', name: 'badge', type: 'integer' })
    const taken = await change({
      action: 'properties.rename',
      name: 'badge',
      newName: 'costcenter',
    })
    assert.equal(taken.statusCode, 400)
    assert.match(noticeOf(taken.body), /'costcenter' already exists/)
    assert.deepEqual(
      (await definitions()).map((p) => p.name),
      ['badge', 'costCenter'],
    )
    assert.deepEqual(
      (await audits()).map((e) => e.operation),
      ['properties.add', 'properties.add'],
      'refused changes are not logged',
    )
  })

  it('needs the session and its CSRF token from this origin for every property change', async (t) => {
    const { app, change, definitions } = await signedIn(t)
    const add = { action: 'properties.add', name: 'costCenter', type: 'string' }
    assert.equal((await change({ ...add, _csrf: 'forged' })).statusCode, 403)
    assert.equal((await change(add, { origin: 'https://evil.example' })).statusCode, 403)
    const anonymous = await app.inject({
      method: 'POST',
      url: '/admin/settings',
      headers: { 'content-type': FORM },
      payload: new URLSearchParams(add).toString(),
    })
    assert.equal(anonymous.statusCode, 401)
    assert.deepEqual(await definitions(), [])
    const page = await app.inject({ url: '/admin/settings/properties/remove?name=x' })
    assert.equal(page.statusCode, 303, 'the confirmation page needs a session too')
  })

  it('renames and removes; the holders ETags move; removal asks and needs the box ticked', async (t) => {
    const { change, scim, page, audits } = await signedIn(t)
    await change({ action: 'properties.add', name: 'costCenter', type: 'string' })
    const ann = (
      await scim('POST', 'Users', { userName: 'ann@x.com', [EXT]: { costCenter: '42' } })
    ).json()
    const bob = (await scim('POST', 'Users', { userName: 'bob@x.com' })).json()

    const renamed = await change({
      action: 'properties.rename',
      name: 'costCenter',
      newName: 'financeCode',
    })
    assert.equal(renamed.statusCode, 200)
    assert.equal(noticeOf(renamed.body), "Saved: property 'costCenter' renamed to 'financeCode'.")
    const annAfter = (await scim('GET', `Users/${ann.id}`)).json()
    assert.deepEqual(annAfter[EXT], { financeCode: '42' })
    assert.notEqual(annAfter.meta.version, ann.meta.version, "the holder's ETag moves")
    assert.equal((await scim('GET', `Users/${bob.id}`)).json().meta.version, bob.meta.version)
    const old = await scim('PATCH', `Users/${bob.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'add', path: `${EXT}:costCenter`, value: '7' }],
    })
    assert.equal(old.statusCode, 400, 'the next request knows only the new name')

    // The confirmation page says who holds values and asks for the box.
    const confirm = await page('/settings/properties/remove?name=FINANCECODE')
    assert.equal(confirm.statusCode, 200)
    assert.match(confirm.body, /1 person holds a value of financeCode/)
    assert.match(confirm.body, /<input type="checkbox" id="force" name="force" required/)
    assert.match(confirm.body, /Also delete the values users hold \(1\)/)
    assert.equal((await page('/settings/properties/remove?name=nope')).statusCode, 404)

    const unforced = await change({ action: 'properties.remove', name: 'financeCode' })
    assert.equal(unforced.statusCode, 400)
    assert.equal(
      noticeOf(unforced.body),
      "1 user holds a value of 'financeCode'; tick 'Also delete the values users hold' on its removal page to delete those values too.",
    )
    assert.deepEqual((await scim('GET', `Users/${ann.id}`)).json()[EXT], { financeCode: '42' })

    const forced = await change({ action: 'properties.remove', name: 'financeCode', force: 'on' })
    assert.equal(forced.statusCode, 200)
    assert.equal(
      noticeOf(forced.body),
      "Saved: property 'financeCode' removed with the values of 1 user.",
    )
    const gone = (await scim('GET', `Users/${ann.id}`)).json()
    assert.equal(gone[EXT], undefined)
    assert.ok(!gone.schemas.includes(EXT))
    assert.notEqual(gone.meta.version, annAfter.meta.version)
    assert.deepEqual(
      (await audits()).map((e) => [e.operation, e.detail]),
      [
        ['properties.remove', "property 'financeCode' removed with the values of 1 user"],
        ['properties.rename', "property 'costCenter' renamed to 'financeCode'"],
        ['properties.add', "property 'costCenter' defined (string)"],
      ],
    )
  })
})

describe('console: custom properties on the People pages', () => {
  it("shows every defined property on a person's page, a value or —, and a searched property's column", async (t) => {
    const { change, scim, page } = await signedIn(t)
    const none = await page('/people')
    assert.equal(none.statusCode, 200)
    await change({ action: 'properties.add', name: 'costCenter', type: 'string' })
    await change({ action: 'properties.add', name: 'shift', type: 'string', multi: 'on' })
    await change({ action: 'properties.add', name: 'jobTitle', type: 'string', aliases: 'title' })
    const ann = (
      await scim('POST', 'Users', {
        userName: 'ann@x.com',
        title: 'Engineer',
        [EXT]: { shift: ['Day', 'Night'] },
      })
    ).json()
    const person = await page(`/people/${ann.id}`)
    assert.equal(person.statusCode, 200)
    const section = /<h2 id="properties-h">Properties<\/h2>([\s\S]*?)<\/section>/.exec(
      person.body,
    )?.[1]
    assert.ok(section, 'a Properties section')
    const rows = [
      ...section.matchAll(/<tr><th scope="row">(.*?)<\/th><td>(.*?)<\/td><td>(.*?)<\/td>/g),
    ].map((m) => [m[1], m[2], (m[3] ?? '').replace(/<[^>]+>/g, '').trim()])
    assert.deepEqual(rows, [
      ['costCenter', '—', `${EXT}:costCenter`],
      ['jobTitle', 'Engineer', 'title (sent under this alias)'],
      ['shift', 'Day, Night', `${EXT}:shift`],
    ])

    const search = await page(`/people?q=${encodeURIComponent(`${EXT}:shift eq "night"`)}`)
    assert.equal(search.statusCode, 200)
    assert.match(search.body, /<th scope="col">shift<\/th>/)
    assert.match(search.body, /<td>Day, Night<\/td>/)
    const plain = await page('/people?q=ann')
    assert.doesNotMatch(plain.body, /<th scope="col">shift<\/th>/)
  })
})
