// Plain aligned columns for list commands.
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  return [line(headers), ...rows.map(line)].join('\n') + '\n'
}

/** JSON Lines (`--json`): one object a line, for jq and scripts. */
export function jsonLines(objects: readonly object[]): string {
  return objects.map((o) => `${JSON.stringify(o)}\n`).join('')
}
