// How userNames compare: RFC 8265 §3.3's UsernameCaseMapped profile, so names that look alike are one
// name (409 uniqueness, and filters match them alike): width mapping (§3.3.1 rule 1: fullwidth and
// halfwidth forms to their decompositions, `ａｄｍｉｎ` is `admin`), case folding (§3.3.1 rule 3, Unicode
// Default Case Folding: `STRASSE` is `straße`), then NFC (rule 4: `josé` composed or decomposed). Values
// are stored and returned exactly as sent; only the comparison key is mapped.

/** Characters with a <wide> or <narrow> compatibility decomposition (Unicode's Halfwidth and Fullwidth
 * Forms block, and the ideographic space). */
const WIDTH_FORMS = /[\u3000\uff01-\uffee]/g

/**
 * Full case folding as far as JavaScript offers it: lower, upper, lower. Upper-casing applies the
 * expansions of full folding (ß → SS, ﬁ → FI, ŉ → ʼN) and unifies final and medial sigma; the first
 * lower-casing catches capitals whose upper case is themselves (ẞ → ß → SS).
 */
export function foldCase(text: string): string {
  return text.toLowerCase().toUpperCase().toLowerCase()
}

/** The comparison key of a userName (RFC 8265 §3.3.3: two names match when their keys are equal). */
export function foldUserName(name: string): string {
  return foldCase(name.replace(WIDTH_FORMS, (c) => c.normalize('NFKC'))).normalize('NFC')
}
