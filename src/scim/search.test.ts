// List requests by cursor (RFC 9865 §2): `cursor` from the query string or a SearchRequest body, even
// empty, selects cursor paging; it cannot be combined with startIndex.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { userRegistry } from './schema/registry.js'
import { searchFromBody, searchFromQuery } from './search.js'
import type { Search } from './search.js'

const registry = userRegistry()
const fromQuery = (params: Record<string, string>): Search =>
  searchFromQuery((name) => params[name], registry)
const fromBody = (body: Record<string, unknown>): Search => searchFromBody(body, registry)

describe('cursor in a list request', () => {
  const read: [string, () => Search, string | undefined][] = [
    ['no cursor: index paging', () => fromQuery({ count: '5' }), undefined],
    ['?cursor (no value)', () => fromQuery({ cursor: '' }), ''],
    ['?cursor=abc', () => fromQuery({ cursor: 'abc', count: '5' }), 'abc'],
    ['?cursor with an empty startIndex', () => fromQuery({ cursor: '', startIndex: '' }), ''],
    ['a body cursor', () => fromBody({ cursor: 'abc' }), 'abc'],
    ['an empty body cursor', () => fromBody({ Cursor: '' }), ''],
    ['a null body cursor: index paging', () => fromBody({ cursor: null }), undefined],
  ]
  for (const [name, search, cursor] of read) {
    it(name, () => {
      assert.equal(search().cursor, cursor)
    })
  }
  const refused: [string, () => Search, RegExp][] = [
    ['cursor and startIndex', () => fromQuery({ cursor: '', startIndex: '1' }), /together/],
    ['cursor and startIndex in a body', () => fromBody({ cursor: 'x', startIndex: 3 }), /together/],
    ['a cursor that is not a string', () => fromBody({ cursor: 5 }), /cursor must be a string/],
  ]
  for (const [name, search, detail] of refused) {
    it(`refuses ${name} (400 invalidValue)`, () => {
      assert.throws(search, { status: 400, scimType: 'invalidValue', message: detail })
    })
  }
})

// RFC 7644 §3.4.3: a SearchRequest's members, named in any case (RFC 7643 §2.1). A member it does not
// have is refused, so that a typo (`filterz`) cannot silently list every resource.
describe('the members of a SearchRequest', () => {
  const SCHEMAS = ['urn:ietf:params:scim:api:messages:2.0:SearchRequest']
  const accepted: [string, Record<string, unknown>][] = [
    ['no member at all', {}],
    ['schemas alone', { schemas: SCHEMAS }],
    [
      'every member',
      {
        schemas: SCHEMAS,
        attributes: ['userName'],
        excludedAttributes: ['emails'],
        filter: 'userName eq "a"',
        sortBy: 'userName',
        sortOrder: 'descending',
        startIndex: 1,
        count: 5,
      },
    ],
    ['names in another case', { SCHEMAS, Filter: 'userName eq "a"', SORTBY: 'userName' }],
    ['cursor (RFC 9865)', { schemas: SCHEMAS, cursor: '' }],
    ['null members', { filter: null, count: null }],
  ]
  for (const [name, body] of accepted) {
    it(`accepts ${name}`, () => {
      assert.doesNotThrow(() => fromBody(body))
    })
  }
  const refused: [string, Record<string, unknown>, RegExp][] = [
    [
      'a typo of filter',
      { schemas: SCHEMAS, filterz: 'userName eq "a"' },
      /^The SearchRequest has an unknown member 'filterz'; its members are schemas, attributes, excludedAttributes, filter, sortBy, sortOrder, startIndex, count and cursor \(RFC 7644 §3\.4\.3\)\.$/,
    ],
    ['two unknown members', { filtr: 'x', sort: 'userName' }, /2 unknown members 'filtr', 'sort';/],
    [
      'more than five, listed up to five',
      { a: 1, b: 1, c: 1, d: 1, e: 1, f: 1 },
      /6 unknown members 'a', 'b', 'c', 'd', 'e', …;/,
    ],
    ['a member of another message', { Operations: [] }, /unknown member 'Operations'/],
    ['an empty name', { '': 'x' }, /unknown member '';/],
    [
      'one member twice in different cases',
      { filter: 'userName eq "a"', FILTER: 'userName eq "b"' },
      /names 'filter' twice \('filter' and 'FILTER'/,
    ],
  ]
  for (const [name, body, detail] of refused) {
    it(`refuses ${name} (400 invalidSyntax)`, () => {
      assert.throws(() => fromBody(body), {
        status: 400,
        scimType: 'invalidSyntax',
        message: detail,
      })
    })
  }
})
