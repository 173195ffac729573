// Validation problems are data (zod's idea): a path into the request and a message. They are collected,
// then turned into one 400 whose detail lists every problem, so an admin fixes them all in one pass.
import { ScimError } from '../errors.js'
import type { ScimType } from '../errors.js'

export interface Issue {
  readonly path: string
  readonly message: string
  /** RFC 7644 §3.12 type to report when this is the only kind of problem; invalidValue by default. */
  readonly scimType?: ScimType
}

export function issuesToError(issues: readonly Issue[]): ScimError {
  const first = issues[0]
  const scimType = issues.every((i) => i.scimType === first?.scimType) ? first?.scimType : undefined
  const text = issues
    .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message).replace(/\.$/, ''))
    .join('; ')
  // A message ending in '?' or '!' (a "did you mean" hint) keeps its own mark instead of gaining a '.'.
  const end = /[?!]$/.test(text) ? '' : '.'
  const detail = issues.length === 1 ? `${text}${end}` : `${issues.length} problems: ${text}${end}`
  return new ScimError(400, scimType ?? 'invalidValue', detail, {}, issues)
}

export function throwIfIssues(issues: readonly Issue[]): void {
  if (issues.length > 0) throw issuesToError(issues)
}
