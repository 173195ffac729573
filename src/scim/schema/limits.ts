// Page-size bounds of list and search requests (RFC 7644 §3.4.2.4); documented in README "Limits".
export const DEFAULT_COUNT = 100
/** A larger `count` is clamped to this (the RFC lets a server return fewer results than asked). */
export const MAX_COUNT = 1000
/** RFC 9865 §3: how long a cursor stays valid (cursorTimeout in /ServiceProviderConfig). */
export const CURSOR_TIMEOUT_SECONDS = 3600
