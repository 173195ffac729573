// The frame of every console page: a skip link, the tenant, the navigation and the signed-in user.
import { html } from './html.js'
import type { Node } from './html.js'

export interface Frame {
  /** `/admin` or `/t/acme/admin`: every link and form starts with it. */
  readonly base: string
  readonly tenantName: string
  readonly userName?: string
  readonly csrf?: string
  readonly title: string
  readonly current?: string
}

export const NAV: readonly (readonly [string, string])[] = [
  ['', 'Overview'],
  ['/connection', 'Connection'],
  ['/people', 'People'],
  ['/groups', 'Groups'],
  ['/log', 'Provisioning log'],
  ['/activity', 'Activity'],
  ['/settings', 'Settings'],
]

export function layout(frame: Frame, body: Node): Node {
  return html`<html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${frame.title} · ${frame.tenantName} · Roster</title>
      <link rel="stylesheet" href=${`${frame.base}/assets/console.css`} />
      <script src=${`${frame.base}/assets/console.js`} defer></script>
    </head>
    <body>
      <a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <span class="brand">Roster</span>
        <span class="tenant">${frame.tenantName}</span>
        ${
          frame.userName
            ? html`<form method="post" action=${`${frame.base}/sign-out`} class="signout">
                <input type="hidden" name="_csrf" value=${frame.csrf} />
                <span>${frame.userName}</span>
                <button type="submit" class="link">Sign out</button>
              </form>`
            : null
        }
      </header>
      ${
        frame.userName
          ? html`<nav aria-label="Console">
              <ul>
                ${NAV.map(
                  ([path, label]) =>
                    html`<li>
                      <a
                        href=${`${frame.base}${path}`}
                        aria-current=${frame.current === path ? 'page' : undefined}
                        >${label}</a
                      >
                    </li>`,
                )}
              </ul>
            </nav>`
          : null
      }
      <main id="main" tabindex="-1">
        <h1>${frame.title}</h1>
        ${body}
      </main>
    </body>
  </html>`
}

/** A form's hidden CSRF field. */
export function csrfField(csrf: string | undefined): Node {
  return html`<input type="hidden" name="_csrf" value=${csrf} />`
}

/** A message above a page's content (after a change, or an error to fix). */
export function notice(kind: 'ok' | 'error', text: string | undefined): Node {
  if (!text) return null
  return html`<p class=${`notice ${kind}`} role=${kind === 'error' ? 'alert' : 'status'}>
    ${text}
  </p>`
}

/** Previous/next links of a paged list. */
export function pager(prev: string | undefined, next: string | undefined): Node {
  if (!prev && !next) return null
  return html`<nav class="pager" aria-label="Pages">
    ${prev ? html`<a href=${prev}>← Previous</a>` : null}
    ${next ? html`<a href=${next}>Next →</a>` : null}
  </nav>`
}
