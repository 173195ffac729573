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

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { req: requestSerializer },
    },
    destination ?? process.stdout,
  )
}

export type { Logger }
