// Requests and errors per minute over the last day, from the pre-aggregated counts, with an hourly
// table as the chart's text alternative.
import type { MinuteCount } from '../../store/log.js'
import { chart } from '../chart.js'
import { html } from '../html.js'
import type { Node } from '../html.js'

export function activityPage(minutes: readonly MinuteCount[]): Node {
  const hours = new Map<string, { requests: number; errors: number }>()
  for (const m of minutes) {
    const hour = m.minute.slice(0, 13)
    const h = hours.get(hour) ?? { requests: 0, errors: 0 }
    h.requests += m.requests
    h.errors += m.errors
    hours.set(hour, h)
  }
  const busy = [...hours].filter(([, h]) => h.requests > 0).reverse()
  return html`<p>
      Requests (<span class="key requests">blue</span>) and errors (<span class="key errors"
        >red</span
      >) per minute, the last 24 hours (UTC).
    </p>
    ${chart(minutes, { width: 1100, height: 220, label: 'Requests and errors per minute, last 24 hours', axes: true })}
    <table>
      <caption>
        Per hour (hours with requests)
      </caption>
      <thead>
        <tr>
          <th scope="col">Hour (UTC)</th>
          <th scope="col" class="num">Requests</th>
          <th scope="col" class="num">Errors</th>
        </tr>
      </thead>
      <tbody>
        ${
          busy.length === 0
            ? html`<tr>
                <td colspan="3">No requests in the last 24 hours.</td>
              </tr>`
            : busy.map(
                ([hour, h]) =>
                  html`<tr>
                    <td>${hour.replace('T', ' ')}:00</td>
                    <td class="num">${h.requests}</td>
                    <td class="num">${h.errors}</td>
                  </tr>`,
              )
        }
      </tbody>
    </table>`
}
