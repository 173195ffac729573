// RFC 7644 §3.7.3: the BulkResponse. Each operation that ran (or was refused) is answered with its method,
// bulkId, the resource's version and location when it succeeded, its HTTP status (a string, as in the
// RFC's examples), and the error body it would have had alone when it failed. Successful operations
// carry no response body (the RFC lets a server omit it; it keeps the response small). Operations are
// listed in request order; those left undone after failOnErrors are not listed (§3.7.3).
import { toScimErrorBody } from '../errors.js'
import type { ScimError } from '../errors.js'
import type { Json, JsonObject } from '../resource/coerce.js'
import type { BulkOperation } from './request.js'
import { BULK_RESPONSE_SCHEMA } from './request.js'

export interface BulkOutcome {
  readonly op: BulkOperation
  readonly status: number
  readonly location?: string
  readonly version?: string
  /** The error body (RFC 7644 §3.12) of a failed operation. */
  readonly response?: Json
  /** The id a successful POST created (what its bulkId stands for in later operations). */
  readonly created?: string
}

/** An operation answered without running: its own fault, or a reference that cannot be resolved. */
export function refused(op: BulkOperation, error: ScimError): BulkOutcome {
  return { op, status: error.status, response: toScimErrorBody(error) as unknown as JsonObject }
}

export function bulkResponse(outcomes: readonly BulkOutcome[]): JsonObject {
  return {
    schemas: [BULK_RESPONSE_SCHEMA],
    Operations: [...outcomes]
      .sort((a, b) => a.op.index - b.op.index)
      .map((o): JsonObject => ({
        ...(o.op.method !== undefined ? { method: o.op.method.toUpperCase() } : {}),
        ...(o.op.bulkId !== undefined ? { bulkId: o.op.bulkId } : {}),
        ...(o.version !== undefined ? { version: o.version } : {}),
        ...(o.location !== undefined ? { location: o.location } : {}),
        status: String(o.status),
        ...(o.response !== undefined ? { response: o.response } : {}),
      })),
  }
}

/** Whether an outcome counts toward failOnErrors. */
export function isError(outcome: BulkOutcome): boolean {
  return outcome.status >= 400
}
