// The sign-in form: server-rendered, a plain form POST, so it works without JavaScript.
import { html } from '../html.js'
import type { Node } from '../html.js'
import { notice } from '../layout.js'

export function signInPage(base: string, csrf: string, error?: string, userName = ''): Node {
  return html`<div class="signin">
    <p>
      Sign in with a user of this tenant holding a console role (<em>Company Admin</em> by default).
    </p>
    ${notice('error', error)}
    <form method="post" action=${`${base}/sign-in`}>
      <input type="hidden" name="_csrf" value=${csrf} />
      <p>
        <label for="userName">User name</label>
        <input id="userName" name="userName" autocomplete="username" required value=${userName} />
      </p>
      <p>
        <label for="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
        />
      </p>
      <p><button type="submit">Sign in</button></p>
    </form>
    <p class="hint">
      The password is set over SCIM: Entra's <code>password</code> mapping, or a PATCH of${' '}
      <code>password</code>.
    </p>
  </div>`
}
