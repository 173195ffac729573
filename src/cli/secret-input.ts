// A secret typed by the operator, never given on the command line (where `ps` and shell history would
// keep it): on a terminal, a prompt on stderr that echoes nothing, asked twice; from a pipe, the first
// line of stdin.
import { CliError } from './context.js'

/** The secret: from the terminal when stdin is one (asked twice, both must match), else from stdin. */
export async function readSecret(prompt: string): Promise<string> {
  if (process.stdin.isTTY) {
    const [first, again] = await promptHidden([`${prompt}: `, `${prompt} (again): `])
    if (first !== again) throw new CliError('The two entries differ; nothing was changed.')
    return first ?? ''
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

/**
 * Reads one line per prompt from the terminal in raw mode, echoing nothing. Raw mode is on before the
 * first prompt is written and stays on until the last line is read, so nothing typed ahead is ever
 * echoed by the terminal. Ctrl-C aborts; Ctrl-D ends a line (aborts an empty one).
 */
async function promptHidden(prompts: readonly string[]): Promise<string[]> {
  const input = process.stdin
  input.setRawMode(true)
  input.setEncoding('utf8')
  input.resume()
  let pending = ''
  const waiting: (() => void)[] = []
  const onData = (chunk: string): void => {
    pending += chunk
    waiting.shift()?.()
  }
  input.on('data', onData)
  const nextChar = async (): Promise<string> => {
    while (pending === '') await new Promise<void>((resolve) => waiting.push(resolve))
    const [char = ''] = pending
    pending = pending.slice(char.length)
    return char
  }
  const line = async (): Promise<string> => {
    let value = ''
    for (;;) {
      const char = await nextChar()
      if (char === '\r' || char === '\n') return value
      if (char === '\u0003') throw new CliError('Interrupted; nothing was changed.')
      if (char === '\u0004') {
        if (value === '') throw new CliError('No password given; nothing was changed.')
        return value
      }
      if (char === '\u007f' || char === '\b') value = [...value].slice(0, -1).join('')
      else if (char >= ' ') value += char
    }
  }
  const values: string[] = []
  try {
    for (const prompt of prompts) {
      process.stderr.write(prompt)
      try {
        values.push(await line())
      } finally {
        process.stderr.write('\n')
      }
    }
    return values
  } finally {
    input.off('data', onData)
    input.setRawMode(false)
    input.pause()
  }
}
