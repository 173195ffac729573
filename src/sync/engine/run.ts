// What every step of a cycle shares: the options, the mappings, the target, the links being updated,
// the log, the counters that decide quarantine, and the requests (not sent under --dry-run).
import type { Exchange } from '../../check/client.js'
import type { Clock } from '../expression/context.js'
import { SYSTEM_CLOCK } from '../expression/context.js'
import { evaluateExpression } from '../expression/evaluate.js'
import { objectContext } from '../expression/context.js'
import { ExpressionError, formatExpressionError } from '../expression/errors.js'
import type { Value } from '../expression/value.js'
import { evaluateObject, toFlowValue } from '../mapping/flow.js'
import type { Evaluation } from '../mapping/flow.js'
import type { Mappings, ObjectMapping } from '../mapping/model.js'
import { matchingAttributes } from '../mapping/model.js'
import type { Mode } from '../target/patch.js'
import type { Target } from './http.js'
import { Quarantine } from './http.js'
import type { LogEntry } from './log.js'
import type { PoolControl, Sequencer } from './pool.js'
import { ObjectFailure } from './object-log.js'
import type { ObjectLog } from './object-log.js'
import type { LinkState } from './state.js'

/** Entra's escrow thresholds (S5): quarantine past them. */
export interface QuarantineThresholds {
  /** Evaluation starts at this many failures (5,000). */
  readonly minFailures: number
  /** …and quarantines when more than this share of the objects failed (0.4). */
  readonly ratio: number
  /** Or above this many failures, reference failures excluded (40,000). */
  readonly maxFailures: number
  /** Or at this many failures, reference failures included (60,000). */
  readonly maxAllFailures: number
}

export const ENTRA_THRESHOLDS: QuarantineThresholds = {
  minFailures: 5000,
  ratio: 0.4,
  maxFailures: 40_000,
  maxAllFailures: 60_000,
}

export interface CycleOptions {
  readonly mode: Mode
  readonly dryRun: boolean
  /** Objects processed at once (default 4). */
  readonly concurrency: number
  /** Members per group PATCH (default 100). */
  readonly membersPerRequest: number
  /** The Tenant URL without query: `$ref`s and the paths in log lines are relative to it. */
  readonly tenantUrl: string
  readonly clock?: Clock
  readonly thresholds?: QuarantineThresholds
  /** Aborted (Ctrl-C): no new object is started; those under way finish and the cycle ends. */
  readonly signal?: AbortSignal
}

export interface Observer {
  entry(entry: LogEntry): void
  progress(done: number, total: number): void
}

export type CycleType = 'initial' | 'incremental'

export class Run {
  readonly clock: Clock
  processed = 0
  failures = 0
  referenceFailures = 0
  quarantine: string | undefined
  done = 0
  total = 0

  constructor(
    readonly options: CycleOptions,
    readonly mappings: Mappings,
    readonly target: Target,
    readonly observer: Observer,
    readonly cycle: number,
    readonly cycleType: CycleType,
    readonly users: Map<string, LinkState>,
    readonly groups: Map<string, LinkState>,
    /** Digests of objects seen without a link (skipped), so later cycles skip them silently. */
    readonly unlinked: Map<string, string>,
  ) {
    this.clock = options.clock ?? SYSTEM_CLOCK
    this.control = {
      concurrency: options.concurrency,
      stopped: () => this.stopped,
      tick: () => this.tick(),
      route: (sequencer) => {
        this.sequencer = sequencer
      },
      emit: (entry) => this.observer.entry(entry),
    }
  }

  /** Where entries go while a step runs (pool.ts): they are put in the source's order there. */
  private sequencer: Sequencer | undefined

  get interrupted(): boolean {
    return this.options.signal?.aborted === true
  }

  get stopped(): boolean {
    return this.quarantine !== undefined || this.interrupted
  }

  /** The pool's hold on this run (pool.ts). */
  readonly control: PoolControl

  /** A request; writes are not sent under --dry-run (a create answers a placeholder id). */
  async request(method: string, path: string, body?: unknown, sourceId = ''): Promise<Exchange> {
    if (this.options.dryRun && method !== 'GET') {
      const created = method === 'POST' ? { id: `(id of ${sourceId})` } : undefined
      return {
        method,
        url: `${this.options.tenantUrl}${path}`,
        ...(body !== undefined ? { requestBody: body } : {}),
        status: method === 'POST' ? 201 : method === 'DELETE' ? 204 : 200,
        contentType: null,
        text: '',
        body: created,
        dryRun: true,
      } as Exchange
    }
    return this.target.send(method, path, body)
  }

  /** Records a finished object: its log entry, the counters, quarantine past the thresholds. */
  finish(entry: LogEntry, referenceFailure = false): void {
    this.processed++
    if (entry.status === 'failure') {
      this.failures++
      if (referenceFailure) this.referenceFailures++
    }
    if (this.sequencer) this.sequencer.add(entry)
    else this.observer.entry(entry)
    const t = this.options.thresholds ?? ENTRA_THRESHOLDS
    const counted = this.failures - this.referenceFailures
    if (
      (counted >= t.minFailures && counted / this.processed > t.ratio) ||
      counted > t.maxFailures ||
      this.failures >= t.maxAllFailures
    )
      this.quarantine ??= `EncounteredEscrowProportionThreshold: ${this.failures} of ${this.processed} objects failed (${counted} not counting reference failures); Entra quarantines a job past 40% of its objects once 5,000 have failed, past 40,000 failures, or at 60,000 with reference failures. Fix the errors these entries show and run again.`
  }

  /**
   * The mappings' values for an object, its redactions and warnings logged; a mapping that cannot be
   * evaluated fails the object (ExpressionEvaluationFailed), as Entra fails the export.
   */
  evaluate(
    mapping: ObjectMapping,
    attributes: ReadonlyMap<string, Value>,
    creating: boolean,
    log: ObjectLog,
  ): Evaluation {
    const evaluation = evaluateObject(mapping, attributes, { creating, clock: this.clock })
    log.redact(evaluation.redacted)
    if (evaluation.error) {
      log.step(
        'Processing',
        'failure',
        `the mapping of ${evaluation.error.mapping.targetAttribute} failed`,
      )
      throw new ObjectFailure('ExpressionEvaluationFailed', evaluation.error.message)
    }
    for (const warning of evaluation.warnings) log.step('Processing', 'warning', warning)
    return evaluation
  }

  tick(): void {
    this.done++
    this.observer.progress(this.done, this.total)
  }

  /**
   * Matches the object in the target (§2.3, §3.1): each matching attribute in precedence order, a filter
   * `eq` query per attribute with a value, stopping at the first that finds one. Returns the resource,
   * or undefined when nothing matches.
   */
  async match(
    kind: 'User' | 'Group',
    mapping: ObjectMapping,
    attributes: ReadonlyMap<string, Value>,
    log: ObjectLog,
  ): Promise<Record<string, unknown> | undefined> {
    const ctx = objectContext(attributes, this.clock)
    let tried = 0
    for (const m of matchingAttributes(mapping)) {
      let raw: Value
      try {
        raw =
          m.mappingType === 'Direct'
            ? ctx.attribute(m.sourceAttribute as string)
            : m.mappingType === 'Constant'
              ? (m.constantValue ?? null)
              : evaluateExpression(m.expression as NonNullable<typeof m.expression>, ctx)
      } catch (error) {
        if (!(error instanceof ExpressionError)) throw error
        log.step('Matching', 'failure', `${m.targetAttribute} could not be evaluated`)
        throw new ObjectFailure(
          'ExpressionEvaluationFailed',
          `${m.targetAttribute}: ${formatExpressionError(m.expression?.source ?? '', error)}`,
        )
      }
      const value = toFlowValue(raw)
      if (value === null || value === '') continue
      if (typeof value !== 'string' && typeof value !== 'boolean') {
        log.step('Matching', 'failure', `${m.targetAttribute} has several values`)
        throw new ObjectFailure(
          'SchemaPropertyCanOnlyAcceptValue',
          `the matching attribute ${m.targetAttribute} has several values; a filter needs one.`,
        )
      }
      tried++
      const text = typeof value === 'boolean' ? (value ? 'True' : 'False') : value
      const filter = `${m.target.text} eq ${JSON.stringify(text)}`
      const query = encodeURIComponent(filter).replace(/%20/g, '+')
      const path =
        kind === 'User'
          ? `/Users?filter=${query}`
          : `/Groups?excludedAttributes=members&filter=${query}`
      const exchange = await this.target.send('GET', path)
      if (exchange.status === 404)
        throw new Quarantine(
          `SCIM compliance issue: an HTTP/404 Not Found response was returned rather than the expected HTTP/200 OK response (with an empty list) to GET ${path}.`,
        )
      if (exchange.status !== 200)
        throw log.failed('Matching', `${filter} could not be queried`, exchange)
      const body = exchange.body as { Resources?: unknown; totalResults?: unknown } | undefined
      const resources = Array.isArray(body?.Resources)
        ? (body.Resources as Record<string, unknown>[])
        : undefined
      if (resources === undefined) {
        log.step('Matching', 'failure', `the answer to ${filter} is not a ListResponse`, exchange)
        throw new ObjectFailure(
          'SystemForCrossDomainIdentityManagementServiceIncompatible',
          'a filter query must answer a ListResponse with Resources (RFC 7644 §3.4.2).',
        )
      }
      if (resources.length > 1) {
        log.step(
          'Matching',
          'failure',
          `${resources.length} target objects have ${filter}`,
          exchange,
        )
        throw new ObjectFailure(
          'DuplicateTargetEntries',
          `${resources.length} target objects match ${filter}.`,
        )
      }
      const found = resources[0]
      if (found === undefined) {
        log.step('Matching', 'success', `no ${kind.toLowerCase()} where ${filter}`, exchange)
        continue
      }
      if (kind === 'Group' && Array.isArray(found['members']) && found['members'].length > 0) {
        log.step('Matching', 'failure', 'the group came back with its members', exchange)
        throw new ObjectFailure(
          'SystemForCrossDomainIdentityManagementMultipleEntriesInResponse',
          'the target returned members despite excludedAttributes=members.',
        )
      }
      log.step(
        'Matching',
        'success',
        `matched the target ${kind.toLowerCase()} ${String(found['id'])} where ${filter}`,
        exchange,
      )
      return found
    }
    if (tried === 0) {
      log.step('Matching', 'failure', 'no matching attribute has a value')
      throw new ObjectFailure(
        'MissingMatchingValue',
        `none of the matching attributes (${matchingAttributes(mapping)
          .map((m) => m.targetAttribute)
          .join(', ')}) has a value for this object.`,
      )
    }
    return undefined
  }
}
