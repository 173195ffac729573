// The provisioning log: errors first, grouped by cause with the fix; then every entry, newest first,
// filtered on the server (time, outcome, user, credential); one entry's detail.
import type { StoredEntry } from '../../scim/log/entry.js'
import type { CauseGroup } from '../../store/log.js'
import { html, when } from '../html.js'
import type { Node } from '../html.js'
import { pager } from '../layout.js'

export interface LogFilter {
  readonly since: string
  readonly outcome: string
  readonly user: string
  readonly client: string
}

export const SINCE_CHOICES: readonly (readonly [string, string])[] = [
  ['1h', 'Last hour'],
  ['24h', 'Last day'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
]

export function causesTable(base: string, causes: readonly CauseGroup[]): Node {
  if (causes.length === 0) return html`<p class="empty">No errors in this period.</p>`
  return html`<table class="causes">
    <caption>
      Errors by cause, largest first
    </caption>
    <thead>
      <tr>
        <th scope="col">Fix</th>
        <th scope="col" class="num">Errors</th>
        <th scope="col" class="num">Users</th>
        <th scope="col">Last</th>
        <th scope="col">Example</th>
      </tr>
    </thead>
    <tbody>
      ${causes.map(
        (c) =>
          html`<tr>
            <td class="fix">${c.fix}</td>
            <td class="num">${c.count}</td>
            <td class="num">${c.users}</td>
            <td>${when(c.lastTime)}</td>
            <td><a href=${`${base}/log/${c.exampleSeq}`}>request #${c.exampleSeq}</a></td>
          </tr>`,
      )}
    </tbody>
  </table>`
}

export function outcome(e: StoredEntry): Node {
  if (e.kind === 'audit') return html`<span class="badge audit">change</span>`
  const error = (e.status ?? 0) >= 400
  return html`<span class=${`badge ${error ? 'error' : 'ok'}`}
    >${error ? 'Failure' : 'Success'} ${e.status}</span
  >`
}

export function entriesTable(base: string, entries: readonly StoredEntry[], caption: string): Node {
  if (entries.length === 0) return html`<p class="empty">Nothing recorded yet.</p>`
  return html`<table class="entries">
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        <th scope="col">Date (UTC)</th>
        <th scope="col">Identity</th>
        <th scope="col">Action</th>
        <th scope="col">Status</th>
        <th scope="col">By</th>
        <th scope="col">Detail</th>
      </tr>
    </thead>
    <tbody>
      ${entries.map(
        (e) =>
          html`<tr>
            <td><a href=${`${base}/log/${e.seq}`}>${when(e.time)}</a></td>
            <td>${e.target ?? e.resourceId ?? (e.resource ? e.resource : '—')}</td>
            <td>${e.operation}${e.resource && e.kind === 'request' ? ` ${e.resource}` : ''}</td>
            <td>${outcome(e)}</td>
            <td>${e.actor}</td>
            <td class="detail">${e.detail ?? e.changes.map((c) => c.path).join(', ')}</td>
          </tr>`,
      )}
    </tbody>
  </table>`
}

export function logPage(
  base: string,
  filter: LogFilter,
  causes: readonly CauseGroup[],
  entries: readonly StoredEntry[],
  next: string | undefined,
): Node {
  return html`<section aria-labelledby="errors-h">
      <h2 id="errors-h">What is failing</h2>
      <div data-live="causes">${causesTable(base, causes)}</div>
    </section>
    <section aria-labelledby="entries-h">
      <h2 id="entries-h">Requests and changes</h2>
      <form method="get" action=${`${base}/log`} class="filters">
        <p>
          <label for="since">Time</label>
          <select id="since" name="since">
            ${SINCE_CHOICES.map(
              ([value, label]) =>
                html`<option value=${value} selected=${filter.since === value}>${label}</option>`,
            )}
          </select>
        </p>
        <p>
          <label for="outcome">Outcome</label>
          <select id="outcome" name="outcome">
            ${[
              ['all', 'All'],
              ['errors', 'Failures'],
              ['success', 'Successes'],
              ['changes', 'Console and CLI changes'],
            ].map(
              ([value, label]) =>
                html`<option value=${value} selected=${filter.outcome === value}>${label}</option>`,
            )}
          </select>
        </p>
        <p>
          <label for="user">User or group</label>
          <input id="user" name="user" value=${filter.user} placeholder="userName or id" />
        </p>
        <p>
          <label for="client">Credential</label>
          <input id="client" name="client" value=${filter.client} placeholder="token entra" />
        </p>
        <p><button type="submit">Filter</button></p>
      </form>
      <div data-live="log">${entriesTable(base, entries, 'Newest first')}</div>
      ${pager(undefined, next)}
    </section>`
}

export function entryPage(e: StoredEntry): Node {
  const rows: [string, Node][] = [
    ['Date (UTC)', when(e.time)],
    ['Action', e.operation],
    ['Outcome', outcome(e)],
    ['By', e.actor],
    ['Request', e.method ? `${e.method} ${e.path ?? ''}` : '—'],
    ['Resource', [e.resource, e.resourceId].filter(Boolean).join(' ') || '—'],
    ['Identity', e.target ?? '—'],
    ['SCIM error', e.scimType ?? '—'],
    ['Detail', e.detail ?? '—'],
    ['Attributes at fault', e.attributes.join(', ') || '—'],
    ['Duration', e.durationMs === undefined ? '—' : `${e.durationMs} ms`],
    ['Request id', e.requestId ?? '—'],
  ]
  return html`<dl class="facts">
      ${rows.map(
        ([k, v]) =>
          html`<dt>${k}</dt>
            <dd>${v}</dd>`,
      )}
    </dl>
    ${
      e.causes.length > 0
        ? html`<h2>How to fix it</h2>
            <ul class="fixes">
              ${e.causes.map((c) => html`<li>${c.fix}</li>`)}
            </ul>`
        : null
    }
    <h2>Changed attributes</h2>
    ${changesTable(e)}`
}

export function changesTable(e: StoredEntry): Node {
  if (e.changes.length === 0) return html`<p class="empty">No attribute changed.</p>`
  return html`<table>
    <caption>
      Old and new values
    </caption>
    <thead>
      <tr>
        <th scope="col">Attribute</th>
        <th scope="col">Old</th>
        <th scope="col">New</th>
      </tr>
    </thead>
    <tbody>
      ${e.changes.map(
        (c) =>
          html`<tr>
            <td><code>${c.path}</code></td>
            <td>${c.old ?? '—'}</td>
            <td>${c.new ?? '—'}</td>
          </tr>`,
      )}
    </tbody>
  </table>`
}
