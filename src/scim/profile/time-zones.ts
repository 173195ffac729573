// Time zones are IANA names or links, validated by the runtime's ICU data (case insensitive, as
// ECMA-402 requires). A tenant enables all of them (the default) or a list; a list entry and the
// input match when they name the same zone (`US/Pacific` and `America/Los_Angeles`).

/**
 * Answers already found, by input: building an Intl.DateTimeFormat costs about half a millisecond,
 * paid once per distinct spelling instead of once per user (an import of 100,000 users names a few
 * zones). Cleared when full, so invalid inputs cannot grow it without bound.
 */
const known = new Map<string, string | undefined>()
const KNOWN_MAX = 4096

/** The canonical IANA name of a zone or link, or undefined when it is not one. */
export function canonicalTimeZone(input: string): string | undefined {
  if (known.has(input)) return known.get(input)
  if (known.size >= KNOWN_MAX) known.clear()
  const canonical = resolveZone(input)
  known.set(input, canonical)
  return canonical
}

function resolveZone(input: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(input)) return undefined
  try {
    return new Intl.DateTimeFormat('en', { timeZone: input }).resolvedOptions().timeZone
  } catch {
    return undefined
  }
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
