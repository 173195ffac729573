import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { foldUserName } from './user-name.js'

// [a, b, same]: whether RFC 8265's UsernameCaseMapped profile makes the two names one.
const CASES: readonly (readonly [string, string, boolean])[] = [
  ['admin', 'ADMIN', true],
  ['ａｄｍｉｎ', 'admin', true], // fullwidth forms (width mapping)
  ['ｶﾀｶﾅ', 'カタカナ', true], // halfwidth katakana
  ['jos\u00e9', 'jose\u0301', true], // NFC and NFD
  ['JOSE\u0301', 'jos\u00e9', true],
  ['straße', 'STRASSE', true], // full case folding
  ['straße', 'strasse', true],
  ['\u1e9e', 'ss', true], // capital sharp s
  ['ΣΊΣΥΦΟΣ', 'σίσυφος', true], // final sigma
  ['ﬁle', 'FILE', true], // ligature
  ['rb6', ' rb6', false], // white space is refused at the edges, never folded away
  ['a.b@contoso.com', 'A.B@Contoso.COM', true],
  ['user1', 'user2', false],
  ['é', 'e', false], // accents are not stripped
]

describe('foldUserName (RFC 8265 §3.3 UsernameCaseMapped)', () => {
  for (const [a, b, same] of CASES) {
    it(`${JSON.stringify(a)} ${same ? '≡' : '≢'} ${JSON.stringify(b)}`, () => {
      assert.equal(foldUserName(a) === foldUserName(b), same)
    })
  }
  it('is idempotent', () => {
    for (const [a] of CASES) assert.equal(foldUserName(foldUserName(a)), foldUserName(a))
  })
})
