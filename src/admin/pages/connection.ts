// What to paste into Entra (the Tenant URL), its credentials (secret tokens and OAuth clients: create
// with the secret shown once, revoke after a confirmation).
import type { ClientInfo, TokenInfo } from '../../store/store.js'
import { html, when } from '../html.js'
import type { Node } from '../html.js'
import { csrfField } from '../layout.js'

export interface Minted {
  readonly label: string
  readonly lines: readonly (readonly [string, string])[]
}

function status(t: { revokedAt: string | null; expiresAt?: string | null }, now: number): string {
  if (t.revokedAt) return `revoked ${when(t.revokedAt)}`
  if (t.expiresAt && Date.parse(t.expiresAt) <= now) return `expired ${when(t.expiresAt)}`
  return 'active'
}

export function connectionPage(
  base: string,
  csrf: string,
  tenantUrl: string,
  tokens: readonly TokenInfo[],
  clients: readonly ClientInfo[],
  minted: Minted | undefined,
  now: number,
  check?: readonly string[],
): Node {
  return html`<section aria-labelledby="url-h">
      <h2 id="url-h">Tenant URL</h2>
      <p>Paste it into Entra: <em>Provisioning > Admin Credentials > Tenant URL</em>.</p>
      <p class="copyable">
        <label for="tenant-url">Tenant URL</label>
        <input id="tenant-url" readonly value=${tenantUrl} size="60" />
        <button type="button" data-copy="tenant-url">Copy</button>
      </p>
    </section>
    ${
      minted
        ? html`<section class="secret" aria-labelledby="secret-h" role="alert">
            <h2 id="secret-h">${minted.label}</h2>
            <p>
              <strong>Copy it now: it is shown only this once.</strong> Roster keeps only its hash.
            </p>
            ${minted.lines.map(
              ([label, value], i) =>
                html`<p class="copyable">
                  <label for=${`secret-${i}`}>${label}</label>
                  <input id=${`secret-${i}`} readonly value=${value} size="60" />
                  <button type="button" data-copy=${`secret-${i}`}>Copy</button>
                </p>`,
            )}
          </section>`
        : null
    }
    <section aria-labelledby="check-h">
      <h2 id="check-h">Check the connection</h2>
      <p>
        Runs what Entra does (Test Connection, then a user's and a group's lifecycle) against the
        Tenant URL, with a token made for the run and revoked after it; the test users and groups
        are deleted.
      </p>
      <form method="post" action=${`${base}/check`} class="inline">
        ${csrfField(csrf)}
        <button type="submit">Run the check</button>
      </form>
      ${check ? checkResults(check) : null}
    </section>
    <section aria-labelledby="tokens-h">
      <h2 id="tokens-h">Secret tokens</h2>
      <form method="post" action=${`${base}/tokens`} class="inline">
        ${csrfField(csrf)}
        <label for="token-name">Name</label>
        <input id="token-name" name="name" required maxlength="100" placeholder="entra" />
        <button type="submit">Create token</button>
      </form>
      ${credentialTable(
        base,
        csrf,
        'tokens',
        tokens.map((t) => ({
          id: t.id,
          name: t.name,
          created: t.created,
          lastUsed: t.lastUsedAt,
          status: status(t, now),
          active: status(t, now) === 'active',
        })),
      )}
    </section>
    <section aria-labelledby="clients-h">
      <h2 id="clients-h">OAuth clients</h2>
      <form method="post" action=${`${base}/clients`} class="inline">
        ${csrfField(csrf)}
        <label for="client-name">Name</label>
        <input id="client-name" name="name" required maxlength="100" placeholder="entra" />
        <label for="client-scope">Scope</label>
        <select id="client-scope" name="scope">
          <option value="scim">scim</option>
          <option value="admin">admin (also mints tokens)</option>
        </select>
        <button type="submit">Create client</button>
      </form>
      ${credentialTable(
        base,
        csrf,
        'clients',
        clients.map((c) => ({
          id: c.id,
          name: `${c.name} (${c.scope})`,
          created: c.created,
          lastUsed: c.lastUsedAt,
          status: status(c, now),
          active: c.revokedAt === null,
        })),
      )}
    </section>`
}

/** The check's lines: one per step (PASS, FAIL with the exchange, SKIP), then the sum. */
function checkResults(lines: readonly string[]): Node {
  const summary = lines[lines.length - 1] ?? ''
  const failed = !/ 0 failed, 0 skipped$/.test(summary)
  return html`<div class="check" role="status">
    <p class=${`notice ${failed ? 'error' : 'ok'}`}>${summary}</p>
    <ol class="steps">
      ${lines.slice(0, -1).map((line) => {
        const kind = line.startsWith('PASS')
          ? 'ok'
          : line.startsWith('FAIL')
            ? 'error'
            : line.startsWith('SKIP')
              ? 'skip'
              : 'more'
        return html`<li class=${kind}><code>${line}</code></li>`
      })}
    </ol>
  </div>`
}

interface Row {
  readonly id: string
  readonly name: string
  readonly created: string
  /** When a request last authenticated with it (written at most once a minute), or null. */
  readonly lastUsed: string | null
  readonly status: string
  readonly active: boolean
}

function credentialTable(base: string, csrf: string, kind: string, rows: readonly Row[]): Node {
  if (rows.length === 0) return html`<p class="empty">None yet.</p>`
  return html`<table>
    <thead>
      <tr>
        <th scope="col">Name</th>
        <th scope="col">Id</th>
        <th scope="col">Created (UTC)</th>
        <th scope="col">Last used (UTC)</th>
        <th scope="col">Status</th>
        <th scope="col"><span class="visually-hidden">Actions</span></th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (r) =>
          html`<tr>
            <td>${r.name}</td>
            <td><code>${r.id}</code></td>
            <td>${when(r.created)}</td>
            <td>${r.lastUsed ? when(r.lastUsed) : 'never'}</td>
            <td>${r.status}</td>
            <td>
              ${
                r.active
                  ? html`<a
                      class="danger"
                      href=${`${base}/${kind}/${encodeURIComponent(r.id)}/revoke`}
                      >Revoke<span class="visually-hidden"> ${r.name}</span></a
                    >`
                  : null
              }
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`
}

export function confirmRevokePage(
  base: string,
  csrf: string,
  kind: string,
  id: string,
  name: string,
): Node {
  return html`<p>
      Revoke <strong>${name}</strong> (<code>${id}</code>)? Requests with it fail at once; this
      cannot be undone.
    </p>
    <form method="post" action=${`${base}/${kind}/${encodeURIComponent(id)}/revoke`} class="inline">
      ${csrfField(csrf)}
      <button type="submit" class="danger">Revoke</button>
      <a href=${`${base}/connection`}>Cancel</a>
    </form>`
}
