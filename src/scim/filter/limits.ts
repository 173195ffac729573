// Bounds on what a client may ask the filter parser to do; documented in README "Limits".
export const MAX_FILTER_LENGTH = 4096
/** Parentheses, brackets and `not` nested deeper than this are refused (400 invalidFilter). */
export const MAX_FILTER_DEPTH = 32
