// One error type for the expression language: a message and the span of the expression it is about
// (0-based offset and length), rendered with the line of the expression and a caret under the span.

export class ExpressionError extends Error {
  constructor(
    message: string,
    /** 0-based offset of the first character the error is about. */
    readonly pos: number,
    /** How many characters the caret underlines (at least 1). */
    readonly length = 1,
  ) {
    super(message)
  }
}

/** How many characters of a long line are shown on each side of the caret. */
const WINDOW = 60

/**
 * The error as an admin reads it: `position P (line L, column C): message`, then the line of the
 * expression that holds the span and a line of carets under it. Long lines are cut around the span.
 */
export function formatExpressionError(source: string, error: ExpressionError): string {
  const pos = Math.min(Math.max(error.pos, 0), source.length)
  const lineStart = source.lastIndexOf('\n', pos - 1) + 1
  const nextBreak = source.indexOf('\n', pos)
  const lineEnd = nextBreak === -1 ? source.length : nextBreak
  const line = source.slice(lineStart, lineEnd).replace(/\r$/, '')
  const column = pos - lineStart
  const lineNumber = source.slice(0, lineStart).split('\n').length
  const from = Math.max(0, column - WINDOW)
  const to = Math.min(line.length, column + WINDOW)
  const shown = `${from > 0 ? '…' : ''}${line.slice(from, to)}${to < line.length ? '…' : ''}`
  const offset = column - from + (from > 0 ? 1 : 0)
  const width = Math.max(1, Math.min(error.length, line.length - column, to - column))
  const where = source.includes('\n')
    ? `position ${pos + 1} (line ${lineNumber}, column ${column + 1})`
    : `position ${pos + 1}`
  return `${where}: ${error.message}\n  ${shown.replace(/\t/g, ' ')}\n  ${' '.repeat(offset)}${'^'.repeat(width)}`
}
