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

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
    destination ?? process.stdout,
  )
}

export type { Logger }
