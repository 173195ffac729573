// Bounds Node's HTTP parser applies before Fastify sees a request; documented in README "Limits".
import { MAX_FILTER_LENGTH } from '../scim/filter/limits.js'

/**
 * The request line and headers together (Node's maxHeaderSize; beyond it a 431). Room for a filter of
 * MAX_FILTER_LENGTH UTF-16 units in the URL whatever its characters (a three-byte character is nine
 * bytes percent-encoded: 36 KiB), with the rest of the query and the headers; Node's default, 16 KiB,
 * refused a filter within its documented length.
 */
export const MAX_HEADER_BYTES = 64 * 1024

// The arithmetic above, checked where the two limits meet.
if (MAX_FILTER_LENGTH * 9 > MAX_HEADER_BYTES - 16 * 1024)
  throw new Error('MAX_HEADER_BYTES leaves too little room for a filter of MAX_FILTER_LENGTH')
