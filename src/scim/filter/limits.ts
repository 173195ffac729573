// Bounds on what a client may ask the filter parser to do; documented in README "Limits".
import { ScimError } from '../errors.js'
import type { Filter } from './ast.js'

export const MAX_FILTER_LENGTH = 4096
/** Parentheses, brackets and `not` nested deeper than this are refused (400 invalidFilter). */
export const MAX_FILTER_DEPTH = 32
/**
 * Terms of one request that reach a group's members or a user's groups (`members.display co "x"`,
 * `groups[type eq "indirect"]`, a sort by one, a PATCH removing members by a filter): each walks
 * memberships for every candidate, so their number is bounded.
 */
export const MAX_RELATION_TERMS = 16
/** The attributes whose terms count against MAX_RELATION_TERMS (User.groups and Group.members). */
const RELATIONS = new Set(['groups', 'members'])

/** The comparisons of `filter` on a relation; a value filter on one counts its own comparisons. */
export function relationTerms(filter: Filter, inside = false): number {
  switch (filter.kind) {
    case 'compare':
    case 'present':
      return inside || RELATIONS.has(filter.path.attr.toLowerCase()) ? 1 : 0
    case 'and':
    case 'or':
      return relationTerms(filter.left, inside) + relationTerms(filter.right, inside)
    case 'not':
      return relationTerms(filter.filter, inside)
    case 'valuePath':
      return relationTerms(filter.filter, inside || RELATIONS.has(filter.path.attr.toLowerCase()))
  }
}

/** 400 invalidFilter when a request has more than MAX_RELATION_TERMS terms on relations. */
export function checkRelationTerms(terms: number): void {
  if (terms <= MAX_RELATION_TERMS) return
  throw ScimError.invalidFilter(
    `The request has ${terms} terms on members or groups; at most ${MAX_RELATION_TERMS} are allowed in one request (each walks memberships). Split it into several requests.`,
  )
}

/** Whether an attribute name is a relation (for sortBy). */
export const isRelation = (attr: string): boolean => RELATIONS.has(attr.toLowerCase())
