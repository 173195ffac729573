// A secret typed by the operator, never given on the command line (where `ps` and shell history would
// keep it): on a terminal, a prompt on stderr that echoes nothing, asked twice; from a pipe, the first
// line of stdin.
import { CliError } from './context.js'

/** The secret: from the terminal when stdin is one (asked twice, both must match), else from stdin. */
export async function readSecret(prompt: string): Promise<string> {
  if (process.stdin.isTTY) {
    const first = await promptHidden(`${prompt}: `)
    const again = await promptHidden(`${prompt} (again): `)
    if (first !== again) throw new CliError('The two entries differ; nothing was changed.')
    return first
  }
  return firstLine(await readAll(process.stdin))
}

/**
 * The one line piped in, without its line ending (`\n` or `\r\n`). Empty input and more than one line
 * are refused: a stray second line would otherwise be silently dropped.
 */
export function firstLine(text: string): string {
  const line = text.replace(/\r?\n$/, '')
  if (line === '')
    throw new CliError(
      'No password on stdin: run the command in a terminal to be asked, or pipe one line (printf \'%s\\n\' "$PASSWORD" | roster users password NAME).',
    )
  if (/[\r\n]/.test(line))
    throw new CliError('stdin holds more than one line; pipe the password alone, on one line.')
  return line
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer))
  return Buffer.concat(chunks).toString('utf8')
}

/** Reads one line from the terminal in raw mode, echoing nothing; Ctrl-C and Ctrl-D abort. */
function promptHidden(prompt: string): Promise<string> {
  const input = process.stdin
  process.stderr.write(prompt)
  input.setRawMode(true)
  input.resume()
  input.setEncoding('utf8')
  return new Promise((resolve, reject) => {
    let value = ''
    const done = (error?: Error): void => {
      input.off('data', onData)
      input.setRawMode(false)
      input.pause()
      process.stderr.write('\n')
      if (error) reject(error)
      else resolve(value)
    }
    const onData = (chunk: string): void => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return done()
        if (char === '\u0003') return done(new CliError('Interrupted; nothing was changed.'))
        if (char === '\u0004') {
          if (value === '') return done(new CliError('No password given; nothing was changed.'))
          return done()
        }
        if (char === '\u007f' || char === '\b') value = [...value].slice(0, -1).join('')
        else if (char >= ' ') value += char
      }
    }
    input.on('data', onData)
  })
}
