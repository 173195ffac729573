// Requests and errors per minute as an SVG chart rendered on the server (no script, no other host),
// from the pre-aggregated per-minute counts; a table beside it gives the same figures in words.
import type { MinuteCount } from '../store/log.js'
import { html } from './html.js'
import type { Node } from './html.js'

/** One slot per minute from `from` (inclusive) for `minutes` minutes. */
export function slots(counts: readonly MinuteCount[], from: Date, minutes: number): MinuteCount[] {
  const byMinute = new Map(counts.map((c) => [c.minute, c]))
  return Array.from({ length: minutes }, (_, i) => {
    const minute = new Date(from.getTime() + i * 60_000).toISOString().slice(0, 16)
    return byMinute.get(minute) ?? { minute, requests: 0, errors: 0 }
  })
}

export function chart(
  points: readonly MinuteCount[],
  options: { width: number; height: number; label: string; axes?: boolean },
): Node {
  const { width, height } = options
  const max = Math.max(1, ...points.map((p) => p.requests))
  const step = width / Math.max(1, points.length - 1)
  const line = (pick: (p: MinuteCount) => number): string =>
    points
      .map(
        (p, i) =>
          `${(i * step).toFixed(1)},${(height - (pick(p) / max) * (height - 4) - 2).toFixed(1)}`,
      )
      .join(' ')
  return html`<svg
    class="chart"
    viewBox=${`0 0 ${width} ${height}`}
    width=${width}
    height=${height}
    role="img"
    aria-label=${options.label}
    preserveAspectRatio="none"
  >
    ${
      options.axes
        ? html`<line x1="0" y1=${height - 1} x2=${width} y2=${height - 1} class="axis" />`
        : null
    }
    <polyline class="requests" points=${line((p) => p.requests)} />
    <polyline class="errors" points=${line((p) => p.errors)} />
  </svg>`
}
