// The roster extension built from a tenant's definitions: names, aliases and the registry they make.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  ROSTER_USER_EXTENSION as EXT,
  aliasProblem,
  propertyDef,
  propertyNameProblem,
  userRegistryFor,
} from './extension.js'

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

const def = propertyDef

describe('propertyNameProblem (RFC 7643 §2.1 ATTRNAME)', () => {
  const cases: [string, RegExp | undefined][] = [
    ['costCenter', undefined],
    ['cost-center_2', undefined],
    ['c', undefined],
    ['2fa', /not an attribute name/],
    ['cost center', /not an attribute name/],
    ['cost.center', /not an attribute name/],
    ['', /not an attribute name/],
    ['a'.repeat(64), undefined],
    ['a'.repeat(65), /longer than 64/],
  ]
  for (const [name, problem] of cases) {
    it(`${JSON.stringify(name)} → ${problem ? String(problem) : 'ok'}`, () => {
      const found = propertyNameProblem(name)
      if (problem) assert.match(found ?? '', problem)
      else assert.equal(found, undefined)
    })
  }
})

describe('aliasProblem', () => {
  const others = [def('jobTitle', { aliases: ['title'] })]
  const cases: [string, RegExp | undefined][] = [
    ['nickName', undefined],
    [`${ENT}:department`, undefined],
    ['urn:ietf:params:scim:schemas:core:2.0:User:displayName', undefined],
    ['TITLE', /already an alias of 'jobTitle'/],
    ['userName', /attribute of the xMatters profile/],
    ['urn:ietf:params:scim:schemas:core:2.0:User:emails', /attribute of the xMatters profile/],
    [`${EXT}:other`, /in the roster extension itself/],
    ['name.formatted', /not an attribute path/],
    ['nourn:department', /not a schema URN/],
  ]
  for (const [alias, problem] of cases) {
    it(`${alias} → ${problem ? String(problem) : 'ok'}`, () => {
      const found = aliasProblem(alias, others)
      if (problem) assert.match(found ?? '', problem)
      else assert.equal(found, undefined)
    })
  }
})

describe('userRegistryFor', () => {
  const properties = [
    def('costCenter'),
    def('level', { type: 'integer', multiValued: true }),
    def('department', { aliases: [`${ENT}:department`, 'title'] }),
  ]
  const registry = userRegistryFor(properties)

  it('is memoised on the definitions array', () => {
    assert.equal(userRegistryFor(properties), registry)
    assert.notEqual(userRegistryFor([...properties]), registry)
  })

  it('resolves properties by URN, ignoring case, and aliases where they live', () => {
    assert.equal(registry.attribute('COSTCENTER', EXT)?.attribute.name, 'costCenter')
    assert.equal(registry.attribute('level', EXT)?.attribute.type, 'integer')
    assert.equal(registry.attribute('costCenter'), undefined, 'not a core attribute')
    assert.equal(registry.attribute('title')?.attribute.name, 'title')
    assert.equal(registry.attribute('department', ENT)?.attribute.name, 'department')
    assert.ok(registry.isExtension(EXT) && registry.isExtension(ENT))
    assert.ok(!registry.isExtension('urn:ietf:params:scim:schemas:core:2.0:User'))
  })

  it('has the extension even without properties', () => {
    const empty = userRegistryFor([])
    assert.deepEqual(
      empty.schemas.map((s) => [s.id, s.attributes.length]),
      [
        ['urn:ietf:params:scim:schemas:core:2.0:User', 10],
        [EXT, 0],
      ],
    )
  })
})
