// product.md, preferredLanguage: a code, a BCP 47 tag or a name, ignoring case, of a language enabled for
// the tenant; xmatters-reference.md §4.2: the 41 languages, with xMatters' own spellings.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { findLanguage, LANGUAGES, resolveLanguage } from './languages.js'

const ALL = LANGUAGES.map((l) => l.code)
const SUBSET = ['en', 'pt', 'fr', 'zh_HK']

const CASES: readonly {
  input: string
  /** The code resolved with all 41 enabled, and with SUBSET enabled (undefined: rejected). */
  all: string | undefined
  subset: string | undefined
  why: string
}[] = [
  // Codes, any case; xMatters writes regions with an underscore.
  { input: 'en', all: 'en', subset: 'en', why: 'code' },
  { input: 'EN', all: 'en', subset: 'en', why: 'code, upper case' },
  { input: 'pt_BR', all: 'pt_BR', subset: 'pt', why: 'code with region; falls back to pt' },
  { input: 'pt_br', all: 'pt_BR', subset: 'pt', why: 'code with region, lower case' },
  { input: 'ZH_hk', all: 'zh_HK', subset: 'zh_HK', why: 'code, mixed case' },
  { input: ' en ', all: 'en', subset: 'en', why: 'surrounding spaces' },
  // BCP 47 tags (what Entra sends).
  { input: 'pt-BR', all: 'pt_BR', subset: 'pt', why: 'BCP 47 language-region' },
  { input: 'en-US', all: 'en', subset: 'en', why: 'en_US is not a language: falls back to en' },
  { input: 'en-GB', all: 'en_GB', subset: 'en', why: 'BCP 47 to an underscore code' },
  { input: 'en-gb', all: 'en_GB', subset: 'en', why: 'BCP 47, lower case' },
  { input: 'zh-Hant-HK', all: 'zh_HK', subset: 'zh_HK', why: 'language-script-region' },
  { input: 'zh-Hans-CN', all: 'zh_CN', subset: undefined, why: 'zh_CN not in the subset' },
  { input: 'en-GB-oxendict', all: 'en_GB', subset: 'en', why: 'a variant after the region' },
  { input: 'en-US-u-ca-gregory', all: 'en', subset: 'en', why: 'a -u- extension' },
  { input: 'es-419', all: 'es', subset: undefined, why: 'numeric region; es not in the subset' },
  { input: 'fr-CA', all: 'fr', subset: 'fr', why: 'unknown region falls back to the language' },
  // Names, any case, including xMatters' misspellings and their correct spellings.
  { input: 'English', all: 'en', subset: 'en', why: 'name' },
  { input: 'english uk', all: 'en_GB', subset: undefined, why: 'name, lower case' },
  { input: 'Brazillian Portuguese', all: 'pt_BR', subset: undefined, why: "xMatters' spelling" },
  { input: 'brazillian portuguese', all: 'pt_BR', subset: undefined, why: 'lower case' },
  { input: 'Brazilian Portuguese', all: 'pt_BR', subset: undefined, why: 'correct spelling' },
  { input: 'Mandarin', all: 'zh_CN', subset: undefined, why: 'correct spelling of Madarin' },
  { input: 'MADARIN', all: 'zh_CN', subset: undefined, why: "xMatters' spelling, upper case" },
  { input: 'Cantonese', all: 'zh_HK', subset: 'zh_HK', why: 'name of a region code' },
  { input: 'German', all: 'de', subset: undefined, why: 'disabled language' },
  { input: 'de', all: 'de', subset: undefined, why: 'disabled code' },
  { input: 'de-AT', all: 'de', subset: undefined, why: 'disabled BCP 47 language' },
  // Garbage.
  { input: '', all: undefined, subset: undefined, why: 'empty' },
  { input: '   ', all: undefined, subset: undefined, why: 'blank' },
  { input: 'zh', all: undefined, subset: undefined, why: 'zh alone is not an xMatters code' },
  { input: 'xx', all: undefined, subset: undefined, why: 'unknown code' },
  { input: 'Klingon', all: undefined, subset: undefined, why: 'unknown name' },
  { input: 'en-', all: undefined, subset: undefined, why: 'empty subtag' },
  { input: '-en', all: undefined, subset: undefined, why: 'empty language' },
  { input: 'en--US', all: undefined, subset: undefined, why: 'empty subtag in the middle' },
  { input: 'en-!!', all: undefined, subset: undefined, why: 'punctuation subtag' },
  { input: 'en-US;drop', all: undefined, subset: undefined, why: 'injection-like text' },
  {
    input: 'english-US',
    all: undefined,
    subset: undefined,
    why: 'a name is not a language subtag',
  },
  { input: 'en-toolongsubtag', all: undefined, subset: undefined, why: 'subtag over 8 characters' },
]

describe('resolveLanguage', () => {
  for (const c of CASES) {
    it(`${JSON.stringify(c.input)} → ${c.all ?? 'rejected'} / subset ${c.subset ?? 'rejected'} (${c.why})`, () => {
      assert.equal(resolveLanguage(c.input, ALL), c.all)
      assert.equal(resolveLanguage(c.input, SUBSET), c.subset)
    })
  }

  it('returns the code as the tenant spells it', () => {
    assert.equal(resolveLanguage('pt-br', ['PT_BR']), 'PT_BR')
  })

  it('rejects everything when no language is enabled', () => {
    for (const c of CASES) assert.equal(resolveLanguage(c.input, []), undefined, c.input)
  })
})

describe('LANGUAGES', () => {
  it('has exactly 41 languages with unique codes', () => {
    assert.equal(LANGUAGES.length, 41)
    assert.equal(new Set(LANGUAGES.map((l) => l.code)).size, 41)
  })

  it('has unique names and aliases, ignoring case', () => {
    const names = LANGUAGES.flatMap((l) =>
      [l.name, ...(l.aliases ?? [])].map((n) => n.toLowerCase()),
    )
    assert.equal(new Set(names).size, names.length)
  })

  it("keeps xMatters' own spellings as the names", () => {
    assert.equal(findLanguage('pt_BR')?.name, 'Brazillian Portuguese')
    assert.equal(findLanguage('zh_CN')?.name, 'Madarin')
  })

  it('resolves every code and every name to itself with all enabled', () => {
    for (const l of LANGUAGES) {
      assert.equal(resolveLanguage(l.code, ALL), l.code)
      assert.equal(resolveLanguage(l.name, ALL), l.code)
      assert.equal(resolveLanguage(l.code.replace('_', '-'), ALL), l.code)
    }
  })
})
