// parseAttrPath / printAttrPath (RFC 7644 §3.4.2.2 attrPath, RFC 7644 §3.10 URN-qualified names).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { AttrPath } from '../filter/ast.js'
import { parseAttrPath, printAttrPath } from './attr-path.js'

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User'
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

const VALID: readonly { text: string; path: AttrPath }[] = [
  { text: 'userName', path: { attr: 'userName' } },
  { text: 'name.givenName', path: { attr: 'name', sub: 'givenName' } },
  { text: 'x-y_z9', path: { attr: 'x-y_z9' } },
  { text: '$ref', path: { attr: '$ref' } },
  { text: 'groups.$ref', path: { attr: 'groups', sub: '$ref' } },
  { text: `${CORE}:userName`, path: { uri: CORE, attr: 'userName' } },
  { text: `${CORE}:name.familyName`, path: { uri: CORE, attr: 'name', sub: 'familyName' } },
  { text: `${ENTERPRISE}:manager.value`, path: { uri: ENTERPRISE, attr: 'manager', sub: 'value' } },
  { text: 'URN:x:Y:title', path: { uri: 'URN:x:Y', attr: 'title' } },
  // The URN ends at the last ':', so a dotted legacy extension name reads as attr.sub of a shorter URN.
  {
    text: `${ENTERPRISE}.department`,
    path: {
      uri: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0',
      attr: 'User',
      sub: 'department',
    },
  },
]

const INVALID: readonly string[] = [
  '',
  ' userName',
  'userName ',
  '9lives',
  '-x',
  'a.b.c',
  'name.',
  '.name',
  'name..givenName',
  'user:name',
  `${CORE}:`,
  `${CORE}:9x`,
  'café',
  'emails[type eq "work"]',
  'user name',
]

describe('parseAttrPath', () => {
  for (const { text, path } of VALID) {
    it(`${text} → ${JSON.stringify(path)}`, () => {
      assert.deepEqual(parseAttrPath(text), path)
    })
    it(`${text} prints back as written`, () => {
      const parsed = parseAttrPath(text)
      assert.ok(parsed)
      assert.equal(printAttrPath(parsed), text)
    })
  }
  for (const text of INVALID) {
    it(`${JSON.stringify(text)} is not an attrPath`, () => {
      assert.equal(parseAttrPath(text), undefined)
    })
  }
  it('returns frozen paths', () => {
    assert.ok(Object.isFrozen(parseAttrPath(`${CORE}:name.givenName`)))
  })
})
