// The file `roster users import` reads: JSON Lines (what `export --json` writes) or CSV (xMatters' User
// Upload columns, what `export --csv` writes), told apart by content. Read as a stream, twice: a first
// pass checks the syntax of the whole file, so a malformed file (a line that is not JSON, a broken
// quote, an unknown column) is refused before anything is imported; the second yields one row at a
// time, so memory does not grow with the file.
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs'
import type { ReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { parse } from 'csv-parse'
import type { Info } from 'csv-parse'
import type { JsonObject } from '../scim/resource/coerce.js'
import { isObject } from '../scim/resource/coerce.js'
import type { Issue } from '../scim/resource/issues.js'
import { csvToUser, readCsvHeader } from '../scim/profile/user-csv.js'
import type { Column, CsvProfile } from '../scim/profile/user-csv.js'
import { CliError } from './context.js'

export type FileFormat = 'jsonl' | 'csv'

/** One row of the file: where it starts, the SCIM User body it stands for, its own problems. */
export interface FileRow {
  readonly line: number
  readonly body: JsonObject
  readonly issues: readonly Issue[]
  /** CSV: the column each SCIM path came from (user-csv.ts problemPlace). */
  readonly columns?: ReadonlyMap<string, string>
  /** CSV: ignored columns (Site, …) that had a value in this row. */
  readonly ignored?: readonly string[]
}

/**
 * JSON Lines when the first character after a BOM and white space is `{`, or when there is none (what
 * `export --json` writes for a tenant without users: no rows); CSV otherwise.
 */
export function detectFormat(file: string): FileFormat {
  let size: number
  try {
    const stat = statSync(file)
    if (!stat.isFile()) throw new CliError(`${file} is not a file.`)
    size = stat.size
  } catch (error) {
    if (error instanceof CliError) throw error
    throw new CliError(
      `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}).`,
    )
  }
  const fd = openSync(file, 'r')
  try {
    const head = Buffer.alloc(Math.min(size, 4096))
    readSync(fd, head, 0, head.length, 0)
    const text = head
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart()
    return text === '' || text.startsWith('{') ? 'jsonl' : 'csv'
  } finally {
    closeSync(fd)
  }
}

/** The file as a stream; `onBytes` hears how many bytes were read so far (the progress bar). */
function open(file: string, onBytes?: (bytes: number) => void): ReadStream {
  const stream = createReadStream(file)
  if (onBytes) stream.on('data', () => onBytes(stream.bytesRead))
  return stream
}

/** Refuses a file whose syntax is broken anywhere, naming the line; CSV also checks its header. */
export async function checkFile(
  file: string,
  format: FileFormat,
  profile: CsvProfile,
): Promise<void> {
  if (format === 'jsonl') {
    for await (const row of jsonRows(file)) void row
    return
  }
  for await (const row of csvRows(file, profile)) void row
}

/** The rows of a file whose syntax checkFile accepted. */
export function fileRows(
  file: string,
  format: FileFormat,
  profile: CsvProfile,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<FileRow> {
  return format === 'jsonl' ? jsonRows(file, onBytes) : csvRows(file, profile, onBytes)
}

async function* jsonRows(file: string, onBytes?: (bytes: number) => void): AsyncGenerator<FileRow> {
  const lines = createInterface({ input: open(file, onBytes), crlfDelay: Infinity })
  let line = 0
  for await (const text of lines) {
    line++
    const trimmed = (line === 1 ? text.replace(/^\uFEFF/, '') : text).trim()
    if (trimmed === '') continue
    let body: unknown
    try {
      body = JSON.parse(trimmed)
    } catch (error) {
      throw new CliError(
        `${file} line ${line} is not JSON (${(error as Error).message}); each line must be one user as roster users export --json writes it. Nothing was imported.`,
      )
    }
    if (!isObject(body))
      throw new CliError(
        `${file} line ${line} is not a JSON object; each line must be one user as roster users export --json writes it. Nothing was imported.`,
      )
    yield { line, body, issues: [] }
  }
}

async function* csvRows(
  file: string,
  profile: CsvProfile,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<FileRow> {
  const parser = open(file, onBytes).pipe(
    parse({
      bom: true,
      info: true,
      // A row with more or fewer fields is that row's problem, not the file's.
      relax_column_count: true,
      skip_empty_lines: true,
      // Spaces around a field go; spaces inside quotes stay.
      trim: true,
    }),
  )
  let columns: readonly Column[] | undefined
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[]
      info: Info
    }>) {
      // info.lines is the line the record ends on; fields may span lines.
      const newlines = record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0)
      const line = info.lines - newlines
      if (!columns) {
        const header = readCsvHeader(record, profile)
        if ('problem' in header)
          throw new CliError(`${file} line ${line}: ${header.problem}. Nothing was imported.`)
        columns = header.columns
        continue
      }
      const user = csvToUser(record, columns)
      yield {
        line,
        body: user.body,
        issues: user.issues,
        columns: user.columns,
        ignored: user.ignored,
      }
    }
  } catch (error) {
    if (error instanceof CliError) throw error
    const lines = (error as { lines?: unknown }).lines
    throw new CliError(
      `${file}${typeof lines === 'number' ? ` line ${lines}` : ''} is not valid CSV (${(error as Error).message}). Nothing was imported.`,
    )
  }
  if (!columns) throw new CliError(`${file} has no header line. Nothing was imported.`)
}
