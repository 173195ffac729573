// The order a Bulk request's operations run in, and what each one runs with (RFC 7644 §3.7.2). Operations
// run in request order, except that one referring to a bulkId waits until the POST that defines it has
// run (a forward reference, which §3.7.2 allows): each time, the first waiting operation whose references
// are all settled runs next. A reference to a POST that failed fails with 409; when nothing can run but
// operations wait, they wait on each other (a circular reference, §3.7.1) and the first of them fails
// with 409, which settles its bulkId for the others. Pure: the caller runs each step and settles it.
import { ScimError } from '../errors.js'
import type { Json } from '../resource/coerce.js'
import { BULK_ID_PREFIX, resolveReferences } from './request.js'
import type { BulkOperation } from './request.js'

/** The next operation, with its references resolved, or the error it is answered with unrun. */
export type BulkStep = BulkRun | BulkRefusal
/** An operation to run: its target id and data with every bulkId reference resolved. */
export interface BulkRun {
  readonly op: BulkOperation
  readonly id?: string
  readonly data?: Json
}
/** An operation answered with an error, unrun. */
export interface BulkRefusal {
  readonly op: BulkOperation
  readonly error: ScimError
}

export class BulkPlan {
  private readonly waiting: BulkOperation[]
  /** bulkId → the id its POST created, or null when that POST failed. */
  private readonly settled = new Map<string, string | null>()
  private readonly created = new Map<string, string>()

  constructor(operations: readonly BulkOperation[]) {
    this.waiting = [...operations]
  }

  /** Operations not yet taken by next(). */
  remaining(): readonly BulkOperation[] {
    return this.waiting
  }

  /** The next step; undefined once every operation was taken. */
  next(): BulkStep | undefined {
    if (this.waiting.length === 0) return undefined
    const ready = this.waiting.findIndex(
      (op) => op.error !== undefined || op.references.every((ref) => this.settled.has(ref)),
    )
    if (ready === -1) {
      const [op] = this.waiting.splice(0, 1) as [BulkOperation]
      const open = op.references.filter((ref) => !this.settled.has(ref))
      return {
        op,
        error: ScimError.conflict(
          `Operations[${op.index}] waits on ${open.map((ref) => JSON.stringify(BULK_ID_PREFIX + ref)).join(', ')}, whose POST waits in turn on this operation or on another that does: circular bulkId references are not resolved (RFC 7644 §3.7.1). Create the resources first, then link them in a later PATCH.`,
        ),
      }
    }
    const [op] = this.waiting.splice(ready, 1) as [BulkOperation]
    if (op.error) return { op, error: op.error }
    const failed = op.references.find((ref) => this.settled.get(ref) === null)
    if (failed !== undefined) {
      return {
        op,
        error: ScimError.conflict(
          `Operations[${op.index}] refers to ${JSON.stringify(BULK_ID_PREFIX + failed)}, whose POST failed: there is no resource to refer to.`,
        ),
      }
    }
    const id =
      op.id?.startsWith(BULK_ID_PREFIX) === true
        ? this.created.get(op.id.slice(BULK_ID_PREFIX.length))
        : op.id
    return {
      op,
      ...(id !== undefined ? { id } : {}),
      ...(op.data !== undefined
        ? { data: op.references.length ? resolveReferences(op.data, this.created) : op.data }
        : {}),
    }
  }

  /** Records how a step ended: the id a POST created, or nothing when it failed. */
  settle(op: BulkOperation, createdId: string | undefined): void {
    if (op.defines === undefined) return
    this.settled.set(op.defines, createdId ?? null)
    if (createdId !== undefined) this.created.set(op.defines, createdId)
  }
}
