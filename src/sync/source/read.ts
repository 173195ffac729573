// Reads a source file: CSV when it is named *.csv, Graph JSON otherwise.
import { readFile } from 'node:fs/promises'
import type { Directory } from './directory.js'
import { SourceError } from './directory.js'
import { parseGraphJson } from './graph-json.js'
import { parseUsersCsv } from './users-csv.js'

export async function readSource(file: string): Promise<Directory> {
  let content: string
  try {
    content = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new SourceError(
      code === 'ENOENT'
        ? `There is no source file ${file}.`
        : `Cannot read the source file ${file} (${code}).`,
    )
  }
  return /\.csv$/i.test(file) ? parseUsersCsv(file, content) : parseGraphJson(file, content)
}
