// The "done when": Test Connection, then a user with every profile attribute created, found by
// userName in any case, read, replaced, patched, disabled with "False", re-enabled and deleted.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { describe, it } from 'node:test'
import { build, fullUser } from '../helper.js'

describe('Users lifecycle (Entra)', () => {
  it('answers Test Connection with an empty ListResponse', async (t) => {
    const { request } = await build(t)
    const r = await request('GET', `Users?filter=userName+eq+%22${randomUUID()}%22`)
    assert.equal(r.status, 200)
    assert.match(String(r.headers['content-type']), /^application\/scim\+json/)
    assert.deepEqual(r.body, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 0,
      itemsPerPage: 0,
      startIndex: 1,
      Resources: [],
    })
  })

  it('creates, finds, reads, replaces, patches, disables, re-enables and deletes', async (t) => {
    const { request } = await build(t)
    const created = await request('POST', 'Users', fullUser())
    assert.equal(created.status, 201)
    const id: string = created.body.id
    assert.equal(created.headers['location'], `http://localhost:80/api/xm/1/scim/v2/Users/${id}`)
    assert.equal(created.headers['etag'], 'W/"1"')
    assert.equal(created.body.password, undefined)
    assert.deepEqual(created.body.phoneNumbers, fullUser().phoneNumbers)
    assert.deepEqual(created.body.emails, fullUser().emails)
    assert.equal(created.body.preferredLanguage, 'en-US')
    assert.equal(created.body.meta.resourceType, 'User')
    assert.equal(created.body.meta.version, 'W/"1"')
    assert.equal(created.body.meta.created, created.body.meta.lastModified)

    const found = await request('GET', `Users?filter=userName eq "joy.young@CONTOSO.COM"`)
    assert.equal(found.body.totalResults, 1)
    assert.equal(found.body.Resources[0].id, id)

    const read = await request('GET', `Users/${id}`)
    assert.equal(read.status, 200)
    assert.deepEqual(read.body, created.body)

    const replaced = await request('PUT', `Users/${id}`, {
      ...fullUser(),
      name: { givenName: 'Joyce', familyName: 'Young' },
      password: undefined,
    })
    assert.equal(replaced.status, 200)
    assert.equal(replaced.body.name.givenName, 'Joyce')
    assert.equal(replaced.body.meta.version, 'W/"2"')

    const patched = await request('PATCH', `Users/${id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'joyce@contoso.com' },
        { op: 'Replace', path: 'name.familyName', value: 'Younger' },
      ],
    })
    assert.equal(patched.status, 200)
    assert.equal(patched.body.emails[0].value, 'joyce@contoso.com')
    assert.equal(patched.body.emails[0].type, 'Work Email')
    assert.equal(patched.body.name.familyName, 'Younger')

    const disabled = await request('PATCH', `Users/${id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
    })
    assert.equal(disabled.status, 200)
    assert.equal(disabled.body.active, false)
    const stillThere = await request('GET', `Users?filter=userName eq "Joy.Young@contoso.com"`)
    assert.equal(stillThere.body.Resources[0].active, false)

    const enabled = await request('PATCH', `Users/${id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'Replace', path: 'active', value: 'True' }],
    })
    assert.equal(enabled.body.active, true)

    const deleted = await request('DELETE', `Users/${id}`)
    assert.equal(deleted.status, 204)
    assert.equal(deleted.text, '')
    const gone = await request('GET', `Users/${id}`)
    assert.equal(gone.status, 404)
    assert.equal(gone.body.status, '404')
  })
})
