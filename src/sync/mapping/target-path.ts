// A target attribute as Entra's mapping screen names it and as Entra then sends it as a PATCH path:
// `userName`, `name.givenName`, `emails[type eq "work"].value`, `roles[primary eq "True"].value`,
// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department` (RFC 7644 §3.5.2 paths with
// one `eq` value filter, the only form Entra's attribute list holds).

export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User'
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group'
export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

export interface TargetPath {
  /** As written in the mapping, and as PATCH paths carry it. */
  readonly text: string
  /** The extension schema URN (enterprise, custom) the attribute lives in; undefined for the core. */
  readonly schema?: string
  readonly attribute: string
  /** A value filter `[attribute eq "value"]` selecting one element of a multi-valued attribute. */
  readonly filter?: { readonly attribute: string; readonly value: string }
  readonly sub?: string
}

export class TargetPathError extends Error {}

const NAME = '[A-Za-z][A-Za-z0-9_$-]*'
const SIMPLE = new RegExp(`^(${NAME})(?:\\.(${NAME}))?$`)
const FILTERED = new RegExp(
  `^(${NAME})\\[\\s*(${NAME})\\s+eq\\s+(?:"((?:[^"\\\\]|\\\\.)*)"|([^\\s\\]"]+))\\s*\\](?:\\.(${NAME}))?$`,
  'i',
)

export function parseTargetPath(text: string): TargetPath {
  const trimmed = text.trim()
  if (trimmed === '') throw new TargetPathError('The target attribute is empty.')
  let schema: string | undefined
  let rest = trimmed
  if (/^urn:/i.test(trimmed)) {
    const cut = trimmed.search(/:[^:]*$/)
    schema = trimmed.slice(0, cut)
    rest = trimmed.slice(cut + 1)
    if (
      schema.toLowerCase() === CORE_USER.toLowerCase() ||
      schema.toLowerCase() === CORE_GROUP.toLowerCase()
    )
      schema = undefined
    if (rest === '') throw new TargetPathError(`${trimmed} names a schema but no attribute.`)
  }
  const simple = SIMPLE.exec(rest)
  if (simple)
    return {
      text: trimmed,
      ...(schema !== undefined ? { schema } : {}),
      attribute: simple[1] as string,
      ...(simple[2] !== undefined ? { sub: simple[2] } : {}),
    }
  const filtered = FILTERED.exec(rest)
  if (filtered) {
    const value =
      filtered[3] !== undefined ? filtered[3].replace(/\\(.)/g, '$1') : (filtered[4] as string)
    return {
      text: trimmed,
      ...(schema !== undefined ? { schema } : {}),
      attribute: filtered[1] as string,
      filter: { attribute: filtered[2] as string, value },
      ...(filtered[5] !== undefined ? { sub: filtered[5] } : {}),
    }
  }
  const seedStyle = /^(\w+)\[\s*(\w+)\s*=\s*'([^']*)'\s*\](?:\.(\w+))?$/.exec(rest)
  if (seedStyle)
    throw new TargetPathError(
      `${trimmed} is not a SCIM path: write ${seedStyle[1]}[${seedStyle[2]} eq "${seedStyle[3]}"]${seedStyle[4] ? `.${seedStyle[4]}` : ''} (RFC 7644 value filters use eq and double quotes).`,
    )
  throw new TargetPathError(
    `${trimmed} is not a target attribute Entra can send: write attribute, attribute.subAttribute, attribute[type eq "work"].value or urn:…:attribute.`,
  )
}

/** The path's text; for display. */
export const printTargetPath = (path: TargetPath): string => path.text
