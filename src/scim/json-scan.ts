// One pass over untrusted JSON text before it is parsed, for what JSON.parse cannot say: how deep it
// nests (no later step, all recursive, meets more than MAX_JSON_DEPTH levels) and whether an object names
// a member twice. RFC 8259 §4 says names SHOULD be unique and leaves a repeat's meaning to the parser;
// JSON.parse keeps the last, so `{"userName":"a","userName":"b"}` would silently be "b". A repeat is
// the same name once escapes are decoded (`"user\u004eame"` is `"userName"`); the same name in two
// objects (two elements of an array) is no repeat. Linear in the text: strings are skipped with
// indexOf, each object's names go in a Set dropped when it closes, and only names holding an escape
// are decoded. The text need not be valid JSON (JSON.parse judges that afterwards): the scan never
// throws and stops at the end of the text.
import { MAX_JSON_DEPTH } from './json.js'

/** What the scan found: nothing, nesting too deep, or the first repeated name and its path. */
export type JsonScan =
  | { readonly kind: 'ok' }
  | { readonly kind: 'tooDeep' }
  /** The name (cut to 100 characters) and the path to it, as `emails[0].value`. */
  | { readonly kind: 'repeated'; readonly name: string; readonly path: string }

interface ObjectFrame {
  readonly object: true
  readonly names: Set<string>
  /** Whether the next string is a name (after `{` or `,`). */
  expectName: boolean
  name: string
}

interface ArrayFrame {
  readonly object: false
  index: number
}

/** Names in a path are cut to this many characters (a name may be as long as the body). */
const NAME_SHOWN = 100

export function scanJson(text: string, maxDepth: number = MAX_JSON_DEPTH): JsonScan {
  const stack: (ObjectFrame | ArrayFrame)[] = []
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x22) {
      const end = stringEnd(text, i)
      const top = stack[stack.length - 1]
      if (top?.object && top.expectName) {
        const name = decodeName(text, i + 1, end)
        if (top.names.has(name))
          return { kind: 'repeated', name: shorten(name), path: pathOf(stack, name) }
        top.names.add(name)
        top.name = name
        top.expectName = false
      }
      i = end
    } else if (c === 0x7b || c === 0x5b) {
      if (stack.length >= maxDepth) return { kind: 'tooDeep' }
      stack.push(
        c === 0x7b
          ? { object: true, names: new Set(), expectName: true, name: '' }
          : { object: false, index: 0 },
      )
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop()
    } else if (c === 0x2c) {
      const top = stack[stack.length - 1]
      if (top?.object) top.expectName = true
      else if (top) top.index++
    }
  }
  return { kind: 'ok' }
}

/** The index of the quote closing the string opened at `open` (the text's length if none does). */
function stringEnd(text: string, open: number): number {
  let at = open + 1
  for (;;) {
    const quote = text.indexOf('"', at)
    if (quote < 0) return text.length
    // Escaped when an odd number of backslashes precede it.
    let slashes = 0
    while (text.charCodeAt(quote - 1 - slashes) === 0x5c) slashes++
    if (slashes % 2 === 0) return quote
    at = quote + 1
  }
}

/** The name between `start` and `end`, escapes decoded; as written when they are not valid JSON. */
function decodeName(text: string, start: number, end: number): string {
  const raw = text.slice(start, end)
  if (!raw.includes('\\')) return raw
  try {
    return JSON.parse(`"${raw}"`) as string
  } catch {
    return raw
  }
}

/** `emails[0].value`: the members and indexes leading to `name` in its object. */
function pathOf(stack: readonly (ObjectFrame | ArrayFrame)[], name: string): string {
  let path = ''
  for (let depth = 0; depth < stack.length; depth++) {
    const frame = stack[depth] as ObjectFrame | ArrayFrame
    const last = depth === stack.length - 1
    if (!frame.object) path += `[${frame.index}]`
    else {
      const shown = shorten(last ? name : frame.name)
      path += path === '' ? shown : `.${shown}`
    }
  }
  return path
}

function shorten(name: string): string {
  if (name.length <= NAME_SHOWN) return name
  // Never between the two halves of a surrogate pair.
  const cut = /[\uD800-\uDBFF]/.test(name.charAt(NAME_SHOWN - 1)) ? NAME_SHOWN - 1 : NAME_SHOWN
  return `${name.slice(0, cut)}…`
}
