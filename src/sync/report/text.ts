// Log entries and summaries as text, one line per object, in the spirit of Entra's provisioning logs:
// action, status, object, target id, and for a failure (or with --verbose, or what --dry-run would
// send) every step with its request (>) and response (<) and what to fix.
import type { Counts, Summary } from '../engine/cycle.js'
import type { LogEntry, LoggedExchange } from '../engine/log.js'

/** Bodies in text lines are cut here. */
const BODY_LIMIT = 2000

const cut = (text: string): string =>
  text.length > BODY_LIMIT ? `${text.slice(0, BODY_LIMIT)}…` : text

function exchangeLines(exchange: LoggedExchange, indent: string): string[] {
  const sent = exchange.status !== undefined
  return [
    `${indent}${sent ? '>' : 'would send'} ${exchange.method} ${exchange.path}`,
    ...(exchange.requestBody !== undefined
      ? [`${indent}> ${cut(JSON.stringify(exchange.requestBody))}`]
      : []),
    ...(sent
      ? [
          `${indent}< ${exchange.status === 0 ? 'no response' : exchange.status}${exchange.response ? ` ${cut(exchange.response)}` : ''}`,
        ]
      : []),
  ]
}

export function entryLines(entry: LogEntry, verbose: boolean): string[] {
  const target = entry.targetId !== undefined ? ` → ${entry.targetId}` : ''
  const changed = entry.changed && entry.changed.length > 0 ? ` (${entry.changed.join(', ')})` : ''
  const tail =
    entry.status === 'failure'
      ? `  ${entry.errorCode}: ${entry.errorMessage ?? ''}`
      : entry.reason
        ? `: ${entry.reason}`
        : ''
  const head = `${entry.action.padEnd(8)} ${entry.status.padEnd(8)} ${entry.objectType} ${entry.name}${target}${changed}${entry.dryRun ? ' [dry run]' : ''}${tail}`
  const unsent = entry.steps.filter((s) => s.exchange && s.exchange.status === undefined)
  const detailed = verbose || entry.status === 'failure' || entry.status === 'warning'
  const steps = detailed ? entry.steps : unsent
  const lines = [head]
  for (const step of steps) {
    lines.push(`  ${step.name.padEnd(20)}${step.status.padEnd(9)}${step.description}`)
    if (step.exchange && (detailed || step.exchange.status === undefined))
      lines.push(...exchangeLines(step.exchange, '      '))
  }
  if (entry.status === 'failure' && entry.fix) lines.push(`  Fix: ${entry.fix}`)
  return lines
}

const counts = (c: Counts): string =>
  `created ${c.created}, updated ${c.updated}, disabled ${c.disabled}, deleted ${c.deleted}, skipped ${c.skipped}, failed ${c.failed}`

export function summaryLines(summary: Summary, mode: string): string[] {
  const kind = summary.cycleType === 'initial' ? 'Initial' : 'Incremental'
  const rate = summary.seconds > 0 ? (summary.requests / summary.seconds).toFixed(1) : '0'
  return [
    `${kind} cycle ${summary.cycle} (${mode})${summary.dryRun ? ', dry run: no write was sent and the state was not saved' : ''}: ${summary.requests} requests in ${summary.seconds.toFixed(1)} s (${rate}/s), ${summary.retries} retried`,
    `  users:  ${counts(summary.users)}`,
    `  groups: ${counts(summary.groups)}`,
    ...(summary.quarantine ? [`Quarantined: ${summary.quarantine}`] : []),
    ...(summary.interrupted
      ? [
          `Stopped (Ctrl-C) after ${summary.interrupted.done} of ${summary.interrupted.total} objects: the state keeps what was done; the next run ${summary.cycleType === 'initial' ? 'is an initial cycle again and matches' : 'takes up'} the rest.`,
        ]
      : []),
    `${counts(summary)}, requests ${summary.requests}, seconds ${summary.seconds.toFixed(1)}`,
  ]
}
