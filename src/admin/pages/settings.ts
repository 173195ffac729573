// Settings: custom properties (properties.ts), roles (and which grant the console), languages, time
// zones, devices, password policy, unsupported attributes, log retention. Each form is one change
// (settings-actions.ts).
import { LANGUAGES } from '../../scim/profile/languages.js'
import type { TenantSettings } from '../../scim/profile/settings.js'
import { html } from '../html.js'
import type { Node } from '../html.js'
import { csrfField, notice } from '../layout.js'
import { propertiesSection } from './properties.js'
import type { PropertyDefinition } from './properties.js'

function form(base: string, csrf: string, action: string, body: Node, label: string): Node {
  return html`<form method="post" action=${`${base}/settings`} class="inline">
    ${csrfField(csrf)}
    <input type="hidden" name="action" value=${action} />
    ${body}
    <button type="submit">${label}</button>
  </form>`
}

/** A labelled select; an option is a value, or a value and its label. */
function select(
  id: string,
  name: string,
  label: string,
  options: readonly (string | readonly [string, string])[],
  selected?: string,
): Node {
  return html`<label for=${id}>${label}</label>
    <select id=${id} name=${name}>
      ${options.map((o) => {
        const [value, text] = typeof o === 'string' ? [o, o] : o
        return html`<option value=${value} selected=${value === selected}>${text}</option>`
      })}
    </select>`
}

export function settingsPage(
  base: string,
  csrf: string,
  s: TenantSettings,
  message: { kind: 'ok' | 'error'; text: string } | undefined,
  properties: readonly PropertyDefinition[],
  holders: ReadonlyMap<string, number>,
): Node {
  const enabled = new Set(s.languages)
  const disabled = LANGUAGES.filter((l) => !enabled.has(l.code)).map(
    (l) => [l.code, `${l.name} (${l.code})`] as const,
  )
  return html`${message ? notice(message.kind, message.text) : null}
    <section aria-labelledby="unsupported-h">
      <h2 id="unsupported-h">Unsupported attributes</h2>
      <p>
        What Roster does with attributes it does not hold (displayName, addresses, …):${' '}
        <strong>reject</strong> answers a 400 naming them (fix the mapping in Entra);${' '}
        <strong>ignore</strong> accepts and drops them (noted in the provisioning log).
      </p>
      ${form(base, csrf, 'unsupportedAttributes', select('unsupported', 'value', 'Action', ['reject', 'ignore'], s.unsupportedAttributes), 'Save')}
    </section>
    <section aria-labelledby="roles-h">
      <h2 id="roles-h">Roles</h2>
      <p>${s.roles.join(', ')}. Default role: <strong>${s.defaultRole}</strong>.</p>
      ${form(base, csrf, 'roles.add', html`<label for="role-add">New role</label><input id="role-add" name="name" required maxlength="100" />`, 'Add role')}
      ${form(base, csrf, 'roles.remove', select('role-remove', 'name', 'Role to remove', s.roles), 'Remove role')}
      ${form(base, csrf, 'roles.default', select('role-default', 'name', 'Default role', s.roles, s.defaultRole), 'Set default')}
      <form method="post" action=${`${base}/settings`}>
        ${csrfField(csrf)}
        <input type="hidden" name="action" value="consoleRoles" />
        <fieldset>
          <legend>Roles that may sign in to this console</legend>
          <div class="checks">
            ${s.roles.map(
              (r, i) =>
                html`<span>
                  <input
                    type="checkbox"
                    id=${`console-${i}`}
                    name=${`role:${r}`}
                    checked=${s.consoleRoles.includes(r)}
                  />
                  <label for=${`console-${i}`}>${r}</label>
                </span>`,
            )}
          </div>
          <button type="submit">Save console roles</button>
        </fieldset>
      </form>
    </section>
    ${propertiesSection(base, csrf, properties, holders)}
    <section aria-labelledby="password-h">
      <h2 id="password-h">Password policy</h2>
      ${form(
        base,
        csrf,
        'password',
        html`<label for="min-length">Minimum length</label>
          <input
            id="min-length"
            name="minLength"
            type="number"
            min="1"
            max="30"
            value=${s.passwordPolicy.minLength}
          />
          ${select('complexity', 'complexity', 'Complexity', ['none', 'non-alpha', 'strong'], s.passwordPolicy.complexity)}`,
        'Save',
      )}
      ${form(base, csrf, 'requireNames', select('require-names', 'value', 'First and last name required', ['false', 'true'], String(s.requireNames)), 'Save')}
    </section>
    <section aria-labelledby="languages-h">
      <h2 id="languages-h">Languages</h2>
      <p>${s.languages.length} of ${LANGUAGES.length} enabled.</p>
      ${
        disabled.length === 0
          ? null
          : form(
              base,
              csrf,
              'languages.enable',
              select('lang-enable', 'language', 'Language to enable', disabled),
              'Enable',
            )
      }
      ${form(
        base,
        csrf,
        'languages.disable',
        select(
          'lang-disable',
          'language',
          'Language to disable',
          LANGUAGES.filter((l) => enabled.has(l.code)).map(
            (l) => [l.code, `${l.name} (${l.code})`] as const,
          ),
        ),
        'Disable',
      )}
    </section>
    <section aria-labelledby="zones-h">
      <h2 id="zones-h">Time zones</h2>
      <p>
        ${s.timezones === 'all' ? 'Every IANA time zone is enabled.' : `Enabled: ${s.timezones.join(', ')}.`}
      </p>
      ${form(base, csrf, 'timezones.enable', html`<label for="zone">Zone</label><input id="zone" name="zone" required placeholder="America/Los_Angeles" />`, 'Enable zone')}
      ${s.timezones === 'all' ? null : form(base, csrf, 'timezones.all', null, 'Enable every zone')}
    </section>
    <section aria-labelledby="devices-h">
      <h2 id="devices-h">Devices</h2>
      <p>${s.devices.map((d) => `${d.name} (${d.kind})`).join(', ')}</p>
      ${form(
        base,
        csrf,
        'devices.add',
        html`<label for="device-name">New device</label
          ><input id="device-name" name="name" required maxlength="100" />
          ${select('device-kind', 'kind', 'Kind', ['email', 'phone'])}`,
        'Add device',
      )}
      ${form(
        base,
        csrf,
        'devices.remove',
        select(
          'device-remove',
          'name',
          'Device to remove',
          s.devices.map((d) => d.name),
        ),
        'Remove device',
      )}
    </section>
    <section aria-labelledby="retention-h">
      <h2 id="retention-h">Provisioning log retention</h2>
      ${form(
        base,
        csrf,
        'retention',
        html`<label for="days">Days kept</label>
          <input
            id="days"
            name="logRetentionDays"
            type="number"
            min="1"
            max="3650"
            value=${s.logRetentionDays}
          />
          <label for="rows">Entries kept at most</label>
          <input id="rows" name="logMaxRows" type="number" min="1" value=${s.logMaxRows} />`,
        'Save',
      )}
    </section>`
}
