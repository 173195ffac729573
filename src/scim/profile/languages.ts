// xMatters' 41 languages, codes and display names as xMatters defines them (xmtoolbox lib/dictionary.js,
// ../shared/docs/xmatters-reference.md §4.2), including its spellings "Brazillian" and "Madarin".

export interface Language {
  readonly code: string
  readonly name: string
  /** Other names accepted on input (correct spellings of the two misspelt names). */
  readonly aliases?: readonly string[]
}

export const LANGUAGES: readonly Language[] = [
  { code: 'sq', name: 'Albanian' },
  { code: 'ar', name: 'Arabic' },
  { code: 'be', name: 'Belarusian' },
  { code: 'pt_BR', name: 'Brazillian Portuguese', aliases: ['Brazilian Portuguese'] },
  { code: 'bg', name: 'Bulgarian' },
  { code: 'zh_HK', name: 'Cantonese' },
  { code: 'ca', name: 'Catalan' },
  { code: 'hr', name: 'Croatian' },
  { code: 'cs', name: 'Czech' },
  { code: 'da', name: 'Danish' },
  { code: 'en', name: 'English' },
  { code: 'en_GB', name: 'English UK' },
  { code: 'et', name: 'Estonian' },
  { code: 'fi', name: 'Finnish' },
  { code: 'fr', name: 'French' },
  { code: 'de', name: 'German' },
  { code: 'el', name: 'Greek' },
  { code: 'he', name: 'Hebrew' },
  { code: 'hi', name: 'Hindi' },
  { code: 'hu', name: 'Hungarian' },
  { code: 'is', name: 'Icelandic' },
  { code: 'it', name: 'Italian' },
  { code: 'ja', name: 'Japanese' },
  { code: 'ko', name: 'Korean' },
  { code: 'lv', name: 'Latvian' },
  { code: 'lt', name: 'Lithuanian' },
  { code: 'mk', name: 'Macedonian' },
  { code: 'zh_CN', name: 'Madarin', aliases: ['Mandarin'] },
  { code: 'no', name: 'Norwegian' },
  { code: 'pl', name: 'Polish' },
  { code: 'pt', name: 'Portuguese' },
  { code: 'ro', name: 'Romanian' },
  { code: 'ru', name: 'Russian' },
  { code: 'sk', name: 'Slovak' },
  { code: 'sl', name: 'Slovenian' },
  { code: 'es', name: 'Spanish' },
  { code: 'sv', name: 'Swedish' },
  { code: 'th', name: 'Thai' },
  { code: 'tr', name: 'Turkish' },
  { code: 'uk', name: 'Ukrainian' },
  { code: 'vi', name: 'Vietnamese' },
]

export function findLanguage(codeOrName: string): Language | undefined {
  const wanted = codeOrName.trim().toLowerCase()
  return LANGUAGES.find(
    (l) =>
      l.code.toLowerCase() === wanted ||
      l.name.toLowerCase() === wanted ||
      (l.aliases ?? []).some((a) => a.toLowerCase() === wanted),
  )
}

/** The enabled codes by lower case, built once per settings' list (a list is never mutated). */
const byList = new WeakMap<readonly string[], ReadonlyMap<string, string>>()
function lowerCodes(enabled: readonly string[]): ReadonlyMap<string, string> {
  let map = byList.get(enabled)
  if (!map) {
    map = new Map(enabled.map((code) => [code.toLowerCase(), code]))
    byList.set(enabled, map)
  }
  return map
}

/**
 * Resolves `preferredLanguage` to an enabled language code, ignoring case: a code (`en`, `pt_BR`), a
 * BCP 47 tag (`pt-BR`; `en-US` falls back to `en` when `en_US` is not enabled) or a name (`English`).
 * Undefined when nothing enabled matches.
 */
export function resolveLanguage(input: string, enabled: readonly string[]): string | undefined {
  const enabledLower = lowerCodes(enabled)
  const text = input.trim().toLowerCase()
  if (text === '') return undefined
  const direct = enabledLower.get(text.replace('-', '_'))
  if (direct) return direct
  const named = findLanguage(text)
  if (named && enabledLower.has(named.code.toLowerCase())) return named.code
  // BCP 47 (RFC 5646 §2.1): language[-script][-region][-variant][-extension]; subtags are 1-8
  // alphanumerics. Try language_region, then the language alone; an ill-formed tag matches nothing.
  const [language = '', ...subtags] = text.split(/[-_]/)
  if (subtags.length === 0 || !/^[a-z]{2,3}$/.test(language)) return undefined
  if (!subtags.every((s) => /^[a-z\d]{1,8}$/.test(s))) return undefined
  // The region is the first 2-letter or 3-digit subtag before any singleton (u-, x-): not the last one.
  const end = subtags.findIndex((s) => s.length === 1)
  const region = (end === -1 ? subtags : subtags.slice(0, end)).find((s) =>
    /^(?:[a-z]{2}|\d{3})$/.test(s),
  )
  return (region && enabledLower.get(`${language}_${region}`)) || enabledLower.get(language)
}
