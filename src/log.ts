// The one logger. Secrets never reach a log line: authorization headers, passwords, client secrets and
// tokens are redacted wherever they appear; SCIM write bodies are never logged whole.
import { pino } from 'pino'
import type { Logger } from 'pino'

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'password',
  '*.password',
  'client_secret',
  '*.client_secret',
  'token',
  '*.token',
  'access_token',
  '*.access_token',
]

interface LoggedRequest {
  readonly method?: string
  readonly url?: string
  readonly host?: string
  readonly ip?: string
  readonly id?: string
}

/**
 * A request in a log line: its path without the query string, because a client may wrongly put a
 * credential there (`?client_secret=…`, `?access_token=…`) and a filter's values are personal data.
 */
export function requestSerializer(req: LoggedRequest): Record<string, unknown> {
  const url = typeof req.url === 'string' ? req.url.split('?')[0] : undefined
  return { method: req.method, url, host: req.host, remoteAddress: req.ip }
}

/**
 * The server's logger: JSON lines (ISO 8601 times) for machines, or one readable line per event for
 * people. `format` unset means pretty when the destination is a terminal and JSON otherwise, so a pipe
 * into `jq` gets only JSON.
 */
export function createLogger(
  level: string,
  destination?: NodeJS.WritableStream,
  format?: 'json' | 'pretty',
): Logger {
  const out = destination ?? process.stdout
  const pretty = format ? format === 'pretty' : (out as { isTTY?: boolean }).isTTY === true
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { req: requestSerializer },
    },
    pretty ? prettyLines(out) : out,
  )
}

const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
}

/** A destination that turns each of pino's JSON lines into `time LEVEL message key=value …`. */
function prettyLines(out: NodeJS.WritableStream): { write(line: string): void } {
  return {
    write(line: string) {
      out.write(`${prettyLine(line)}\n`)
    },
  }
}

/** One JSON log line as a line for people; a line that is not JSON passes through. */
export function prettyLine(line: string): string {
  let entry: Record<string, unknown>
  try {
    entry = JSON.parse(line) as Record<string, unknown>
  } catch {
    return line.trimEnd()
  }
  const { time, level, msg, ...rest } = entry
  const fields = Object.entries(rest)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      const text = typeof value === 'string' ? value : JSON.stringify(value)
      return `${key}=${/[\s"=]/.test(text) ? JSON.stringify(text) : text}`
    })
  const clock = typeof time === 'string' ? time.slice(11, 23) : ''
  const name = (typeof level === 'number' ? LEVEL_NAMES[level] : undefined) ?? String(level)
  return [clock, name.padEnd(5), typeof msg === 'string' ? msg : '', ...fields]
    .filter((part) => part !== '')
    .join(' ')
}

export type { Logger }
