// The first screen answers three questions (shared/docs/console.md): is provisioning healthy, what is
// failing and what do I change, who changed what.
import type { StoredEntry } from '../../scim/log/entry.js'
import type { CauseGroup, MinuteCount } from '../../store/log.js'
import { chart } from '../chart.js'
import { html, when } from '../html.js'
import type { Node } from '../html.js'
import { causesTable, entriesTable } from './log.js'

export interface Health {
  readonly last?: StoredEntry
  readonly hour: { requests: number; errors: number }
  readonly day: { requests: number; errors: number }
  readonly minutes: readonly MinuteCount[]
}

function rate(counts: { requests: number; errors: number }): string {
  return counts.requests === 0 ? '—' : `${((counts.errors / counts.requests) * 100).toFixed(1)} %`
}

export function overviewPage(
  base: string,
  health: Health,
  causes: readonly CauseGroup[],
  changes: readonly StoredEntry[],
): Node {
  const dayRate = health.day.requests === 0 ? 0 : health.day.errors / health.day.requests
  return html`<section aria-labelledby="health-h">
      <h2 id="health-h">Is provisioning healthy?</h2>
      <div class="cards">
        <div class="card">
          <h3>Last call</h3>
          <p class="big">${health.last ? when(health.last.time) : 'never'}</p>
          <p>
            ${health.last ? `${health.last.actor} · ${health.last.operation} · ${health.last.status}` : 'No identity provider has called yet: see Connection.'}
          </p>
        </div>
        <div class="card">
          <h3>Last hour</h3>
          <p class="big">${health.hour.requests} requests</p>
          <p>${health.hour.errors} errors (${rate(health.hour)})</p>
        </div>
        <div class="card">
          <h3>Last day</h3>
          <p class="big">${health.day.requests} requests</p>
          <p>${health.day.errors} errors (${rate(health.day)})</p>
        </div>
        <div class="card">
          <h3>Error rate Entra sees</h3>
          <p class=${`big ${dayRate > 0.4 ? 'bad' : ''}`}>${rate(health.day)}</p>
          <p>
            ${dayRate > 0.4 ? 'Above 40 %: Entra may quarantine the job.' : 'Entra quarantines a job above 40 % failures.'}
          </p>
        </div>
      </div>
      <p>
        ${chart(health.minutes, { width: 720, height: 60, label: 'Requests (blue) and errors (red) per minute, last 24 hours' })}
        <a href=${`${base}/activity`}>Activity per minute</a>
      </p>
    </section>
    <section aria-labelledby="failing-h">
      <h2 id="failing-h">What is failing, and what do I change?</h2>
      ${causesTable(base, causes)}
    </section>
    <section aria-labelledby="changes-h">
      <h2 id="changes-h">Who changed what?</h2>
      ${entriesTable(base, changes, 'Latest creates, updates, disables, deletes and console or CLI changes')}
    </section>`
}
