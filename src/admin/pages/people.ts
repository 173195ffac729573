// People: search with the SCIM filter engine, paged on the server (a search on a custom property adds
// its column); a user's attributes in plain words (with the SCIM path for those who map it), custom
// properties, devices, roles, groups and history from the log.
import type { StoredEntry } from '../../scim/log/entry.js'
import type { UserRecord } from '../../scim/resource/user.js'
import type { PropertyDef } from '../../scim/schema/extension.js'
import { html } from '../html.js'
import type { Node } from '../html.js'
import { notice, pager } from '../layout.js'
import { entriesTable } from './log.js'
import { personProperties, propertyCell } from './properties.js'

export function peoplePage(
  base: string,
  query: string,
  error: string | undefined,
  users: readonly UserRecord[],
  total: number,
  prev: string | undefined,
  next: string | undefined,
  columns: readonly PropertyDef[] = [],
): Node {
  return html`<form method="get" action=${`${base}/people`} class="search" role="search">
      <label for="q">Search people</label>
      <input
        id="q"
        name="q"
        value=${query}
        size="50"
        placeholder='a name, or a SCIM filter: userName sw "ann"'
        aria-describedby="q-hint"
      />
      <button type="submit">Search</button>
      <span id="q-hint" class="hint"
        >A filter on a custom property (<code>urn:…:roster:2.0:User:costCenter eq "42"</code>) shows
        its column</span
      >
    </form>
    ${notice('error', error)}
    <p>${total} ${total === 1 ? 'person' : 'people'}</p>
    ${
      users.length === 0
        ? null
        : html`<table>
            <thead>
              <tr>
                <th scope="col">User name</th>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Roles</th>
                <th scope="col">Work Email</th>
                ${columns.map((p) => html`<th scope="col">${p.name}</th>`)}
              </tr>
            </thead>
            <tbody>
              ${users.map(
                (u) =>
                  html`<tr>
                    <td>
                      <a href=${`${base}/people/${encodeURIComponent(u.id)}`}>${u.userName}</a>
                    </td>
                    <td>${[u.givenName, u.familyName].filter(Boolean).join(' ') || '—'}</td>
                    <td>${u.active ? 'active' : 'disabled'}</td>
                    <td>${u.roles.map((r) => r.value).join(', ')}</td>
                    <td>${u.emails[0]?.value ?? '—'}</td>
                    ${columns.map((p) => html`<td>${propertyCell(u, p.name)}</td>`)}
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    ${pager(prev, next)}`
}

export function personPage(
  base: string,
  user: UserRecord,
  history: readonly StoredEntry[],
  properties: readonly PropertyDef[],
): Node {
  const facts: [string, string, string][] = [
    ['User name', 'userName', user.userName],
    ['Status', 'active', user.active ? 'active' : 'disabled'],
    ['First name', 'name.givenName', user.givenName ?? '—'],
    ['Last name', 'name.familyName', user.familyName ?? '—'],
    ['External id', 'externalId', user.externalId ?? '—'],
    ['Language', 'preferredLanguage', user.preferredLanguage ?? '—'],
    ['Time zone', 'timezone', user.timezone ?? '—'],
    ['Id', 'id', user.id],
  ]
  const devices = [...user.emails, ...user.phoneNumbers]
  return html`<section aria-labelledby="attrs-h">
      <h2 id="attrs-h">Attributes</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Attribute</th>
            <th scope="col">Value</th>
            <th scope="col">SCIM path</th>
          </tr>
        </thead>
        <tbody>
          ${facts.map(
            ([label, path, value]) =>
              html`<tr>
                <th scope="row">${label}</th>
                <td>${value}</td>
                <td><code>${path}</code></td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>
    <section aria-labelledby="properties-h">
      <h2 id="properties-h">Properties</h2>
      ${personProperties(properties, user)}
    </section>
    <section aria-labelledby="devices-h">
      <h2 id="devices-h">Devices</h2>
      ${
        devices.length === 0
          ? html`<p class="empty">No devices.</p>`
          : html`<table>
              <thead>
                <tr>
                  <th scope="col">Device</th>
                  <th scope="col">Value</th>
                  <th scope="col">SCIM path</th>
                </tr>
              </thead>
              <tbody>
                ${devices.map(
                  (d) =>
                    html`<tr>
                      <th scope="row">${d.device}${d.primary ? ' (primary)' : ''}</th>
                      <td>${d.value}</td>
                      <td>
                        <code
                          >${`${user.emails.includes(d) ? 'emails' : 'phoneNumbers'}[type eq "${d.type ?? d.device}"].value`}</code
                        >
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
    </section>
    <section aria-labelledby="roles-h">
      <h2 id="roles-h">Roles</h2>
      <ul>
        ${user.roles.map((r) => html`<li>${r.value}${r.primary ? ' (primary)' : ''}</li>`)}
      </ul>
    </section>
    <section aria-labelledby="groups-h">
      <h2 id="groups-h">Groups</h2>
      ${
        user.groups.length === 0
          ? html`<p class="empty">Not in any group.</p>`
          : html`<ul>
              ${user.groups.map(
                (g) =>
                  html`<li>
                    <a href=${`${base}/groups/${encodeURIComponent(g.value)}`}>${g.display}</a>
                    (${g.type})
                  </li>`,
              )}
            </ul>`
      }
    </section>
    <section aria-labelledby="history-h">
      <h2 id="history-h">History</h2>
      ${entriesTable(base, history, 'Changes and requests about this user, newest first')}
    </section>`
}
