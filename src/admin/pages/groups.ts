// Groups: a paged list searched with the SCIM filter engine; a group's members a page of 100 at a
// time (keyset paging: 100,000-member groups cost the same per page), nested groups linked.
import type { GroupRecord, Member } from '../../scim/resource/group.js'
import { html } from '../html.js'
import type { Node } from '../html.js'
import { notice, pager } from '../layout.js'

export function groupsPage(
  base: string,
  query: string,
  error: string | undefined,
  groups: readonly GroupRecord[],
  total: number,
  prev: string | undefined,
  next: string | undefined,
): Node {
  return html`<form method="get" action=${`${base}/groups`} class="search" role="search">
      <label for="q">Search groups</label>
      <input
        id="q"
        name="q"
        value=${query}
        size="50"
        placeholder='a name, or a SCIM filter: displayName sw "On-call"'
      />
      <button type="submit">Search</button>
    </form>
    ${notice('error', error)}
    <p>${total} ${total === 1 ? 'group' : 'groups'}</p>
    ${
      groups.length === 0
        ? null
        : html`<table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">External id</th>
                <th scope="col">Id</th>
              </tr>
            </thead>
            <tbody>
              ${groups.map(
                (g) =>
                  html`<tr>
                    <td>
                      <a href=${`${base}/groups/${encodeURIComponent(g.id)}`}>${g.displayName}</a>
                    </td>
                    <td>${g.externalId ?? '—'}</td>
                    <td><code>${g.id}</code></td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    ${pager(prev, next)}`
}

export function groupPage(
  base: string,
  group: GroupRecord,
  members: readonly Member[],
  next: string | undefined,
): Node {
  return html`<dl class="facts">
      <dt>Name</dt>
      <dd>${group.displayName}</dd>
      <dt>External id</dt>
      <dd>${group.externalId ?? '—'}</dd>
      <dt>Id</dt>
      <dd><code>${group.id}</code></dd>
    </dl>
    <h2>Members</h2>
    ${
      members.length === 0
        ? html`<p class="empty">No members${next === undefined ? '' : ' on this page'}.</p>`
        : html`<table>
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Type</th>
              </tr>
            </thead>
            <tbody>
              ${members.map(
                (m) =>
                  html`<tr>
                    <td>
                      <a
                        href=${`${base}/${m.type === 'User' ? 'people' : 'groups'}/${encodeURIComponent(m.value)}`}
                        >${m.display}</a
                      >
                    </td>
                    <td>${m.type === 'User' ? 'person' : 'nested group'}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    ${notice('ok', undefined)} ${pager(undefined, next)}`
}
