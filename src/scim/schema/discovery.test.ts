// /Schemas and /ResourceTypes (RFC 7643 §6, §7) generated from the registry: the User schema advertises
// exactly the attribute profile of product.md.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { RESOURCE_TYPE_SCHEMA, resourceTypeJson, SCHEMA_SCHEMA, schemaJson } from './discovery.js'
import { USER_SCHEMA_DEF, userRegistry } from './registry.js'
import { USER_SCHEMA } from './user.js'

const BASE = 'https://roster.example/api/xm/1/scim/v2'

interface AttributeJson {
  readonly name: string
  readonly type: string
  readonly multiValued: boolean
  readonly description: string
  readonly required: boolean
  readonly caseExact: boolean
  readonly mutability: string
  readonly returned: string
  readonly uniqueness: string
  readonly subAttributes?: readonly AttributeJson[]
  readonly canonicalValues?: readonly string[]
  readonly referenceTypes?: readonly string[]
}

const json = schemaJson(USER_SCHEMA_DEF, BASE)
const attributes = json['attributes'] as readonly AttributeJson[]
const byName = (name: string, list: readonly AttributeJson[] = attributes): AttributeJson => {
  const found = list.find((a) => a.name === name)
  assert.ok(found, `${name} is listed`)
  return found
}

// The profile: every attribute /Schemas lists, with what a client relies on.
const PROFILE: readonly {
  name: string
  type: string
  multiValued: boolean
  required: boolean
  caseExact: boolean
  mutability: string
  returned: string
  uniqueness: string
  subAttributes?: readonly string[]
}[] = [
  {
    name: 'userName',
    type: 'string',
    multiValued: false,
    required: true,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'server',
  },
  {
    name: 'name',
    type: 'complex',
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    subAttributes: ['givenName', 'familyName'],
  },
  {
    name: 'active',
    type: 'boolean',
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
  },
  {
    name: 'preferredLanguage',
    type: 'string',
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
  },
  {
    name: 'timezone',
    type: 'string',
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
  },
  {
    name: 'password',
    type: 'string',
    multiValued: false,
    required: false,
    caseExact: true,
    mutability: 'writeOnly',
    returned: 'never',
    uniqueness: 'none',
  },
  {
    name: 'emails',
    type: 'complex',
    multiValued: true,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    subAttributes: ['value', 'type', 'primary', 'display'],
  },
  {
    name: 'phoneNumbers',
    type: 'complex',
    multiValued: true,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    subAttributes: ['value', 'type', 'primary', 'display'],
  },
  {
    name: 'roles',
    type: 'complex',
    multiValued: true,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    subAttributes: ['value', 'type', 'primary', 'display'],
  },
  {
    name: 'groups',
    type: 'complex',
    multiValued: true,
    required: false,
    caseExact: false,
    mutability: 'readOnly',
    returned: 'default',
    uniqueness: 'none',
    subAttributes: ['value', '$ref', 'display', 'type'],
  },
]

describe('schemaJson(User)', () => {
  it('is a Schema resource for the core User URN', () => {
    assert.deepEqual(json['schemas'], [SCHEMA_SCHEMA])
    assert.equal(json['id'], USER_SCHEMA)
    assert.equal(json['name'], 'User')
    assert.deepEqual(json['meta'], {
      resourceType: 'Schema',
      location: `${BASE}/Schemas/${USER_SCHEMA}`,
    })
  })

  it("lists exactly the profile's attributes, in order", () => {
    assert.deepEqual(
      attributes.map((a) => a.name),
      PROFILE.map((p) => p.name),
    )
  })

  for (const p of PROFILE) {
    it(`describes ${p.name}`, () => {
      const a = byName(p.name)
      const { subAttributes, ...characteristics } = p
      for (const [key, value] of Object.entries(characteristics)) {
        assert.equal(a[key as keyof AttributeJson], value, `${p.name}.${key}`)
      }
      assert.ok(a.description.length > 0, 'has a description')
      assert.deepEqual(
        a.subAttributes?.map((s) => s.name),
        subAttributes,
      )
    })
  }

  it('does not list what the directory does not support', () => {
    for (const name of [
      'displayName',
      'nickName',
      'title',
      'addresses',
      'ims',
      'photos',
      'entitlements',
      'x509Certificates',
    ]) {
      assert.ok(!attributes.some((a) => a.name.toLowerCase() === name.toLowerCase()), name)
    }
  })

  it('requires the value of each email, phone and role', () => {
    for (const name of ['emails', 'phoneNumbers', 'roles']) {
      assert.equal(byName('value', byName(name).subAttributes).required, true, name)
    }
  })

  it('makes every sub-attribute of groups readOnly, with direct/indirect types and Group references', () => {
    const groups = byName('groups').subAttributes ?? []
    for (const sub of groups) assert.equal(sub.mutability, 'readOnly', sub.name)
    assert.deepEqual(byName('type', groups).canonicalValues, ['direct', 'indirect'])
    assert.deepEqual(byName('$ref', groups).referenceTypes, ['Group'])
    assert.equal(byName('$ref', groups).type, 'reference')
  })

  it('gives every attribute and sub-attribute all RFC 7643 §7 characteristics', () => {
    const keys = [
      'name',
      'type',
      'multiValued',
      'description',
      'required',
      'caseExact',
      'mutability',
      'returned',
      'uniqueness',
    ]
    const all = attributes.flatMap((a) => [a, ...(a.subAttributes ?? [])])
    for (const a of all) for (const key of keys) assert.ok(key in a, `${a.name} has ${key}`)
  })

  it('is plain JSON', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(json)), json)
  })
})

describe('resourceTypeJson(User)', () => {
  it('describes /Users with the core schema and no extension', () => {
    assert.deepEqual(resourceTypeJson(userRegistry(), BASE), {
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'People of the directory',
      schema: USER_SCHEMA,
      schemaExtensions: [],
      meta: { resourceType: 'ResourceType', location: `${BASE}/ResourceTypes/User` },
    })
  })
})
