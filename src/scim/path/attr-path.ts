// RFC 7644 §3.4.2.2 `attrPath = [URI ":"] ATTRNAME *1subAttr`, shared by the filter parser and PATCH paths.
import type { AttrPath } from '../filter/ast.js'

const NAME = /^[A-Za-z$][A-Za-z0-9_$-]*$/

/** Parses one attrPath token, or returns undefined when it is not one (the caller reports where). */
export function parseAttrPath(text: string): AttrPath | undefined {
  let uri: string | undefined
  let rest = text
  if (/^urn:/i.test(text)) {
    // The URN ends at the last ':'; what follows is the attribute (RFC 7644 §3.10).
    const colon = text.lastIndexOf(':')
    uri = text.slice(0, colon)
    rest = text.slice(colon + 1)
  }
  const parts = rest.split('.')
  if (parts.length > 2) return undefined
  const [attr = '', sub] = parts
  if (!NAME.test(attr) || (sub !== undefined && !NAME.test(sub))) return undefined
  return Object.freeze({ ...(uri ? { uri } : {}), attr, ...(sub !== undefined ? { sub } : {}) })
}

export function printAttrPath(path: AttrPath): string {
  const name = path.sub === undefined ? path.attr : `${path.attr}.${path.sub}`
  return path.uri ? `${path.uri}:${name}` : name
}
