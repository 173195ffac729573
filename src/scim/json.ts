// Checks on untrusted JSON text before and after it is parsed, so that no later step (coercion, PATCH,
// the filter evaluator, all recursive) meets a shape it cannot handle: nesting is bounded, and every
// string is well-formed Unicode (RFC 8259 §8.2: an escaped lone surrogate is legal JSON but no text;
// storing it would silently turn it into U+FFFD, and Entra would then see a difference on every cycle).

/**
 * Objects and arrays nested deeper than this are refused (a SCIM body needs about 6 levels); json-scan.ts
 * measures it before the text is parsed.
 */
export const MAX_JSON_DEPTH = 32

/** `\uD800`-`\uDFFF` escapes: the only way a lone surrogate can enter through valid UTF-8 JSON text. */
const SURROGATE_ESCAPE = /\\u[dD][89abcdefABCDEF]/

/**
 * The path of the first string (key or value) of a parsed JSON value that is not well-formed UTF-16, or
 * undefined. `text` is the JSON it was parsed from: without a surrogate escape in it, there is nothing to
 * look for. Depth is bounded by scanJson (json-scan.ts) beforehand.
 */
export function illFormedString(value: unknown, text: string): string | undefined {
  if (!SURROGATE_ESCAPE.test(text)) return undefined
  return find(value, '')
}

function find(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.isWellFormed() ? undefined : path || '(body)'
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = find(value[i], `${path}[${i}]`)
      if (found !== undefined) return found
    }
    return undefined
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key
      if (!key.isWellFormed()) return path || '(a key)'
      const found = find(item, at)
      if (found !== undefined) return found
    }
  }
  return undefined
}

/**
 * A number written with a large exponent or over 308 digits: the only texts JSON.parse turns into
 * ±Infinity (RFC 8259 §6 leaves a number's range to the implementation).
 */
const HUGE_NUMBER = /\d[eE]\+?\d{3,}|\d{309,}/

/**
 * The path of the first number of a parsed JSON value that overflowed to ±Infinity (`1e999`), or
 * undefined: refused with its path, since every later step would report it as `null` (its JSON). `text`
 * is the JSON it was parsed from; without a huge number in it, there is nothing to look for.
 */
export function infiniteNumber(value: unknown, text: string): string | undefined {
  if (!HUGE_NUMBER.test(text)) return undefined
  return findInfinite(value, '')
}

function findInfinite(value: unknown, path: string): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path || '(body)'
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findInfinite(value[i], `${path}[${i}]`)
      if (found !== undefined) return found
    }
    return undefined
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const found = findInfinite(item, path ? `${path}.${key}` : key)
      if (found !== undefined) return found
    }
  }
  return undefined
}

/**
 * C0 and C1 control characters and DEL (Unicode category Cc): never part of a name, an id or an address.
 * Returns the first one's code point as `U+XXXX`, or undefined.
 */
export function controlCharacter(text: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const found = /[\u0000-\u001f\u007f-\u009f]/.exec(text)
  return found
    ? `U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`
    : undefined
}
