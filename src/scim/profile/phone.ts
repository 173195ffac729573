// RFC 7643 §4.1.2 leaves phone formats open; Roster requires E.164 (what xMatters requires) and a
// possible number. The value is checked, never rewritten: Entra re-sends any value read back differently.
import { isPossiblePhoneNumber } from 'libphonenumber-js/max'

const E164 = /^\+[1-9]\d{1,14}$/

/**
 * Numbers already checked, with their answer (undefined: acceptable). libphonenumber's check takes tens
 * of microseconds, and every PATCH or PUT of a user validates the numbers it did not change again.
 * Bounded: past it the memory starts over.
 */
const checked = new Map<string, string | undefined>()
const CHECKED = 10_000

/** Undefined when acceptable, else the reason an admin can act on. */
export function phoneProblem(value: string): string | undefined {
  if (checked.has(value)) return checked.get(value)
  const problem = check(value)
  if (checked.size >= CHECKED) checked.clear()
  checked.set(value, problem)
  return problem
}

function check(value: string): string | undefined {
  if (!E164.test(value)) {
    return `'${value}' is not in E.164 format: a '+', the country code and the number, no spaces or punctuation (for example +14155550123).`
  }
  if (!isPossiblePhoneNumber(value)) {
    return `'${value}' is not a possible phone number for its country code.`
  }
  return undefined
}
