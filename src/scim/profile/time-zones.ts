// Time zones are IANA names or links, validated by the runtime's ICU data (case insensitive, as
// ECMA-402 requires). A tenant enables all of them (the default) or a list; a list entry and the
// input match when they name the same zone (`US/Pacific` and `America/Los_Angeles`).

/**
 * Answers already computed: building an Intl.DateTimeFormat costs tens of microseconds, as much as the
 * rest of a user's validation (a profile of `roster sync`'s initial cycle showed 7% of the server's CPU
 * here). Bounded: past the limit (far more than the ~600 zones and links), it starts again empty.
 */
const known = new Map<string, string | undefined>()
const KNOWN_LIMIT = 4096

/** The canonical IANA name of a zone or link, or undefined when it is not one. */
export function canonicalTimeZone(input: string): string | undefined {
  if (known.has(input)) return known.get(input)
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(input)) return undefined
  let canonical: string | undefined
  try {
    canonical = new Intl.DateTimeFormat('en', { timeZone: input }).resolvedOptions().timeZone
  } catch {
    canonical = undefined
  }
  if (known.size >= KNOWN_LIMIT) known.clear()
  known.set(input, canonical)
  return canonical
}

export type EnabledTimeZones = 'all' | readonly string[]

export function isTimeZoneEnabled(input: string, enabled: EnabledTimeZones): boolean {
  const canonical = canonicalTimeZone(input)
  if (canonical === undefined) return false
  if (enabled === 'all') return true
  return enabled.some((zone) => canonicalTimeZone(zone) === canonical)
}

/** Every canonical zone the runtime knows, for `roster timezones list`. */
export function allTimeZones(): readonly string[] {
  return Intl.supportedValuesOf('timeZone')
}
