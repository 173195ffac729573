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
