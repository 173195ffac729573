// NormalizeDiacritics (S8): letters with diacritics become their base letters (ä → a, Å → A), and the
// letters Microsoft's table spells out become two (ß → ss, æ → ae, ø → oe, œ → oe). Everything else is
// kept as it is.

/** Letters that do not decompose in Unicode, as S8's table writes them. */
const SPECIAL: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  ø: 'oe',
  Ø: 'OE',
  œ: 'oe',
  Œ: 'OE',
  ł: 'l',
  Ł: 'L',
  ı: 'i',
}

/** Combining diacritical marks (U+0300–U+036F), what NFD splits off a letter such as ë. */
const MARKS = /[\u0300-\u036f]/g

export function normalizeDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[ßæÆøØœŒłŁı]/g, (c) => SPECIAL[c] ?? c)
    .replace(MARKS, '')
    .normalize('NFC')
}
