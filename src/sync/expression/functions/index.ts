// The function table: every function of Microsoft's reference (S8) by name, matched ignoring case (the
// seed's `item(Split([preferredLanguage], "-"), 1)` is written in lower case), and the named constants.
import { DATE_FUNCTIONS } from './dates.js'
import { LOGIC_FUNCTIONS } from './logic.js'
import { MISC_FUNCTIONS } from './misc.js'
import { MULTI_FUNCTIONS } from './multi.js'
import { REPLACE } from './replace.js'
import type { FunctionSpec } from './spec.js'
import { TEXT_FUNCTIONS } from './text.js'

const ALL: readonly FunctionSpec[] = [
  ...TEXT_FUNCTIONS,
  REPLACE,
  ...LOGIC_FUNCTIONS,
  ...MULTI_FUNCTIONS,
  ...DATE_FUNCTIONS,
  ...MISC_FUNCTIONS,
].sort((a, b) => a.name.localeCompare(b.name))

export const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map(
  ALL.map((f) => [f.name.toLowerCase(), f]),
)

/** Names that stand for themselves (InStr's compareType). */
export const CONSTANTS: readonly string[] = ['vbBinaryCompare', 'vbTextCompare']

/** Every function name, as Microsoft's reference spells it. */
export const FUNCTION_NAMES: readonly string[] = ALL.map((f) => f.name)

/** The function name closest to `name` (two edits at most), for "did you mean". */
export function suggestFunction(name: string): string | undefined {
  let best: { name: string; distance: number } | undefined
  for (const candidate of FUNCTION_NAMES) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase())
    if (distance <= 2 && (best === undefined || distance < best.distance))
      best = { name: candidate, distance }
  }
  return best?.name
}

/** Levenshtein distance (names are short). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      )
    previous = current
  }
  return previous[b.length] as number
}
