// Requests and errors per minute as an SVG bar chart rendered on the server (no script, no other host),
// from the pre-aggregated per-minute counts; the pages give the same figures as text beside it.
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

/** Room for the axes' labels when they are drawn. */
const LEFT = 40
const BOTTOM = 18

export function chart(
  points: readonly MinuteCount[],
  options: { width: number; height: number; label: string; axes?: boolean },
): Node {
  const left = options.axes ? LEFT : 0
  const bottom = options.axes ? BOTTOM : 0
  const plotW = options.width - left
  const plotH = options.height - bottom
  const max = Math.max(1, ...points.map((p) => p.requests))
  const step = plotW / Math.max(1, points.length)
  const bar = Math.max(2, step)
  const y = (n: number): number => plotH - (n / max) * (plotH - 2)
  const ticks = options.axes
    ? points.flatMap((p, i) =>
        i % 360 === 0 ? [{ x: left + i * step, text: `${p.minute.slice(11)}` }] : [],
      )
    : []
  return html`<svg
    class="chart"
    viewBox=${`0 0 ${options.width} ${options.height}`}
    width=${options.width}
    height=${options.height}
    role="img"
    aria-label=${options.label}
  >
    ${points.map((p, i) =>
      p.requests === 0
        ? null
        : html`<rect
              class="requests"
              x=${(left + i * step).toFixed(1)}
              y=${y(p.requests).toFixed(1)}
              width=${bar.toFixed(1)}
              height=${(plotH - y(p.requests)).toFixed(1)}
            />
            ${
              p.errors > 0
                ? html`<rect
                    class="errors"
                    x=${(left + i * step).toFixed(1)}
                    y=${y(p.errors).toFixed(1)}
                    width=${bar.toFixed(1)}
                    height=${(plotH - y(p.errors)).toFixed(1)}
                  />`
                : null
            }`,
    )}
    ${
      options.axes
        ? html`<line class="axis" x1=${left} y1=${plotH} x2=${options.width} y2=${plotH} />
            <line class="axis" x1=${left} y1="0" x2=${left} y2=${plotH} />
            <text x=${left - 4} y="12" text-anchor="end">${max}</text>
            <text x=${left - 4} y=${plotH} text-anchor="end">0</text>
            ${ticks.map((t) => html`<text x=${t.x} y=${options.height - 4}>${t.text}</text>`)}`
        : null
    }
  </svg>`
}
