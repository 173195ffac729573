// Where a cycle's output goes: log entries and warnings as text lines (or JSON lines with --json) on
// stdout, the summary last, the progress bar on stderr when it is a terminal.
import type { Summary } from '../engine/cycle.js'
import type { LogEntry } from '../engine/log.js'
import type { Observer } from '../engine/run.js'
import { progressBar } from './progress.js'
import { entryLines, summaryLines } from './text.js'

export interface Reporter extends Observer {
  warn(message: string): void
  summary(summary: Summary, mode: string): void
  note(message: string): void
}

export interface ReporterOptions {
  readonly json: boolean
  readonly verbose: boolean
  readonly stdout: NodeJS.WriteStream
  readonly stderr: NodeJS.WriteStream
}

export function reporter(options: ReporterOptions): Reporter {
  const { stdout } = options
  const progress = progressBar(options.stderr, Boolean(stdout.isTTY))
  const write = (text: string): void => {
    stdout.write(`${text}\n`)
  }
  const out = (text: string): void => progress.line(text, write)
  const json = (value: unknown): void => out(JSON.stringify(value))
  return {
    entry(entry: LogEntry) {
      if (options.json) json({ type: 'entry', ...entry })
      else for (const line of entryLines(entry, options.verbose)) out(line)
    },
    progress(done, total) {
      progress.update(done, total)
    },
    warn(message) {
      if (options.json) json({ type: 'warning', message })
      else out(`warning: ${message}`)
    },
    note(message) {
      if (options.json) json({ type: 'note', message })
      else out(message)
    },
    summary(summary, mode) {
      progress.stop()
      if (options.json) json({ type: 'summary', mode, ...summary })
      else for (const line of summaryLines(summary, mode)) write(line)
    },
  }
}
