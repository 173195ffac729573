// Bounds on expressions. MAX_EXPRESSION_LENGTH is Entra's ("Attribute-mapping expressions are limited to
// 10,000 characters", entra-client-behaviour.md §7); the others are Roster's, so that a pasted
// expression can neither exhaust the stack nor build an unbounded value.
export const MAX_EXPRESSION_LENGTH = 10_000
/** Calls and comparisons nested deeper than this are refused (Entra documents no depth). */
export const MAX_EXPRESSION_DEPTH = 64
/** RandomString's documented maximum length. */
export const MAX_RANDOM_STRING_LENGTH = 256
/** Split, Join and RemoveDuplicates refuse to build more values than this. */
export const MAX_MULTI_VALUES = 100_000
