// Builds one provisioning-log entry while an object is processed: its steps in order, then the action
// and status it ended with.
import type { Exchange } from '../../check/client.js'
import { errorCode, FIXES, loggedExchange } from './log.js'
import type { Action, LogEntry, LoggedExchange, Status, Step, StepName } from './log.js'

export interface EntryHeader {
  readonly cycle: number
  readonly cycleType: 'initial' | 'incremental'
  readonly objectType: 'User' | 'Group'
  readonly sourceId: string
  readonly name: string
  readonly dryRun: boolean
}

/** A failure of the object: the log entry's error code and message (the exchange is in the steps). */
export class ObjectFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly reference = false,
  ) {
    super(message)
  }
}

export class ObjectLog {
  private readonly steps: Step[] = []
  targetId: string | undefined
  private redactions: readonly string[] = []

  constructor(
    private readonly header: EntryHeader,
    private readonly base: string,
  ) {}

  /** Values (Redact) to show as [Redact] in this entry's exchanges. */
  redact(values: Iterable<string>): void {
    this.redactions = [...this.redactions, ...values].filter((v) => v !== '')
  }

  private hide = (text: string): string => {
    let out = text
    for (const value of this.redactions) {
      out = out.split(value).join('[Redact]')
      const json = JSON.stringify(value).slice(1, -1)
      if (json !== value) out = out.split(json).join('[Redact]')
    }
    return out
  }

  step(name: StepName, status: Status, description: string, exchange?: Exchange): void {
    this.steps.push({
      name,
      status,
      description,
      ...(exchange ? { exchange: this.exchange(exchange) } : {}),
    })
  }

  exchange(exchange: Exchange): LoggedExchange {
    const logged = loggedExchange(
      exchange,
      this.base,
      this.redactions.length > 0 ? this.hide : undefined,
    )
    if (!(exchange as { dryRun?: boolean }).dryRun) return logged
    const { status: _status, response: _response, ...unsent } = logged
    return unsent
  }

  /** Fails the step that sent `exchange` with Entra's code for its answer. */
  failed(name: StepName, description: string, exchange: Exchange, cachedId = false): ObjectFailure {
    const code = errorCode(exchange, cachedId)
    this.step(name, 'failure', description, exchange)
    const detail = detailOf(exchange)
    return new ObjectFailure(
      code,
      `${exchange.method} answered ${exchange.status === 0 ? 'nothing' : exchange.status}${detail ? `: ${detail}` : ''}`,
    )
  }

  entry(action: Action, status: Status, extra: Partial<LogEntry> = {}): LogEntry {
    const fix = extra.errorCode ? FIXES[extra.errorCode] : undefined
    return {
      ...this.header,
      action,
      status,
      ...(this.targetId !== undefined ? { targetId: this.targetId } : {}),
      ...(fix !== undefined ? { fix } : {}),
      ...extra,
      ...(extra.errorMessage !== undefined ? { errorMessage: this.hide(extra.errorMessage) } : {}),
      steps: this.steps,
      ...(this.header.dryRun ? { dryRun: true } : {}),
    }
  }
}

/** The SCIM error detail of an answer (RFC 7644 §3.12), or the start of its text. */
export function detailOf(exchange: Exchange): string {
  const body = exchange.body
  if (typeof body === 'object' && body !== null) {
    const detail = (body as Record<string, unknown>)['detail']
    if (typeof detail === 'string') return detail
  }
  if (exchange.status === 0) return exchange.text
  return exchange.text.length > 300 ? `${exchange.text.slice(0, 300)}…` : exchange.text
}
