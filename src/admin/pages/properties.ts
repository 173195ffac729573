// Custom properties in the console (issue 14): the Settings section (the tenant's definitions with how
// many users hold a value, add, rename, remove after a confirmation), and a user's values for the People
// pages. Labels in plain words, the SCIM path beside them for whoever maps it in Entra.
import type { AttrPath, Filter } from '../../scim/filter/ast.js'
import type { Json } from '../../scim/resource/coerce.js'
import type { UserRecord } from '../../scim/resource/user.js'
import {
  PROPERTY_TYPES,
  PROPERTY_VALUE_MAX,
  ROSTER_USER_EXTENSION,
} from '../../scim/schema/extension.js'
import type { PropertyDef, PropertyType } from '../../scim/schema/extension.js'
import { PROPERTY_DESCRIPTION_MAX, propertyPath } from '../../scim/schema/property-input.js'
import { FORCE_LABEL, FORM_LABELS } from '../property-actions.js'
import { html } from '../html.js'
import type { Node } from '../html.js'
import { csrfField } from '../layout.js'

/** A definition as the console lists it: what the store holds, with its id. */
export type PropertyDefinition = PropertyDef & { readonly id: string }
type Definition = PropertyDefinition

export const TYPE_LABELS: Readonly<Record<PropertyType, string>> = {
  string: 'Text',
  integer: 'Whole number',
  decimal: 'Decimal number',
  boolean: 'Yes/No',
  dateTime: 'Date and time',
}

function typeText(p: PropertyDef): string {
  const words = [p.canonicalValues.length > 0 ? 'List' : TYPE_LABELS[p.type]]
  if (p.maxLength !== undefined) words.push(`at most ${p.maxLength} characters`)
  if (p.caseExact) words.push('case-exact')
  return words.join(', ')
}

const dash = (text: string): string => (text === '' ? '—' : text)

/** A SCIM path in code that wraps at its colons, not inside a name. */
function pathCode(path: string): Node {
  return html`<code
    >${path.split(':').map((part, i) => (i === 0 ? part : html`:<wbr />${part}`))}</code
  >`
}

/** Items separated by commas (htm drops whitespace between elements on separate lines). */
function commaList(items: readonly Node[]): Node {
  return items.map((item, i) => (i === 0 ? item : html`, ${item}`))
}

/** People whose value of `name` is present: the People search for it. */
export function holdersLink(base: string, name: string): string {
  return `${base}/people?q=${encodeURIComponent(`${propertyPath(name)} pr`)}`
}

function definitionsTable(
  base: string,
  defs: readonly Definition[],
  holders: ReadonlyMap<string, number>,
): Node {
  if (defs.length === 0)
    return html`<p class="empty">No custom properties yet: add one below, then map it in Entra.</p>`
  return html`<table class="properties">
    <caption>
      ${defs.length} ${defs.length === 1 ? 'property' : 'properties'}; Entra maps each to its SCIM
      path
    </caption>
    <thead>
      <tr>
        <th scope="col">Name and SCIM path</th>
        <th scope="col">Type</th>
        <th scope="col">Several values</th>
        <th scope="col">Required</th>
        <th scope="col">List values</th>
        <th scope="col">Aliases</th>
        <th scope="col">Description</th>
        <th scope="col" class="num">People with a value</th>
        <th scope="col"><span class="visually-hidden">Actions</span></th>
      </tr>
    </thead>
    <tbody>
      ${defs.map((p) => {
        const n = holders.get(p.id) ?? 0
        return html`<tr>
          <th scope="row">${p.name}<br />${pathCode(propertyPath(p.name))}</th>
          <td>${typeText(p)}</td>
          <td>${p.multiValued ? 'yes' : 'no'}</td>
          <td>${p.required ? 'yes' : 'no'}</td>
          <td class="detail">${dash(p.canonicalValues.join(', '))}</td>
          <td class="detail">
            ${p.aliases.length === 0 ? '—' : commaList(p.aliases.map((a) => pathCode(a)))}
          </td>
          <td class="detail">${dash(p.description)}</td>
          <td class="num">
            ${
              n === 0
                ? '0'
                : html`<a href=${holdersLink(base, p.name)}
                    >${n}<span class="visually-hidden"> with ${p.name}</span></a
                  >`
            }
          </td>
          <td>
            <a
              class="danger"
              href=${`${base}/settings/properties/remove?name=${encodeURIComponent(p.name)}`}
              >Remove<span class="visually-hidden"> ${p.name}</span></a
            >
          </td>
        </tr>`
      })}
    </tbody>
  </table>`
}

function hidden(csrf: string, action: string): Node {
  return html`${csrfField(csrf)}<input type="hidden" name="action" value=${action} />`
}

function addForm(base: string, csrf: string): Node {
  return html`<form method="post" action=${`${base}/settings`} class="fields">
    ${hidden(csrf, 'properties.add')}
    <fieldset>
      <legend>Add a property</legend>
      <p>
        <label for="prop-name">Name</label>
        <input
          id="prop-name"
          name="name"
          required
          maxlength="64"
          aria-describedby="prop-name-hint"
          placeholder="costCenter"
        />
        <span id="prop-name-hint" class="hint">A letter, then letters, digits, - or _</span>
      </p>
      <p>
        <label for="prop-type">${FORM_LABELS.type}</label>
        <select id="prop-type" name="type">
          ${PROPERTY_TYPES.map((t) => html`<option value=${t}>${TYPE_LABELS[t]} (${t})</option>`)}
        </select>
      </p>
      <p class="wide">
        <label for="prop-values">${FORM_LABELS.values}</label>
        <input
          id="prop-values"
          name="values"
          aria-describedby="prop-values-hint"
          placeholder="Day, Night"
        />
        <span id="prop-values-hint" class="hint"
          >Optional, comma-separated: only these values are accepted (any case)</span
        >
      </p>
      <p>
        <label for="prop-max">${FORM_LABELS.maxLength}</label>
        <input
          id="prop-max"
          name="maxLength"
          type="number"
          min="1"
          max=${PROPERTY_VALUE_MAX}
          aria-describedby="prop-max-hint"
        />
        <span id="prop-max-hint" class="hint">Text only; default ${PROPERTY_VALUE_MAX}</span>
      </p>
      <p class="wide">
        <label for="prop-aliases">${FORM_LABELS.alias}</label>
        <input
          id="prop-aliases"
          name="aliases"
          aria-describedby="prop-aliases-hint"
          placeholder="title"
        />
        <span id="prop-aliases-hint" class="hint"
          >Optional, separated by spaces: other attributes Entra may send as this property
          (${commaList([
            html`<code>title</code>`,
            pathCode('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department'),
          ])})</span
        >
      </p>
      <p class="wide">
        <label for="prop-description">${FORM_LABELS.description}</label>
        <input id="prop-description" name="description" maxlength=${PROPERTY_DESCRIPTION_MAX} />
      </p>
      <div class="checks">
        <span
          ><input type="checkbox" id="prop-multi" name="multi" /><label for="prop-multi"
            >Several values per person</label
          ></span
        >
        <span
          ><input type="checkbox" id="prop-required" name="required" /><label for="prop-required"
            >Required when Entra creates or replaces a person</label
          ></span
        >
        <span
          ><input type="checkbox" id="prop-case" name="caseExact" /><label for="prop-case"
            >Searches compare case</label
          ></span
        >
      </div>
      <button type="submit">Add property</button>
    </fieldset>
  </form>`
}

function renameForm(base: string, csrf: string, defs: readonly Definition[]): Node {
  if (defs.length === 0) return null
  return html`<form method="post" action=${`${base}/settings`} class="inline">
    ${hidden(csrf, 'properties.rename')}
    <label for="prop-rename">Property to rename</label>
    <select id="prop-rename" name="name">
      ${defs.map((p) => html`<option value=${p.name}>${p.name}</option>`)}
    </select>
    <label for="prop-new-name">New name</label>
    <input id="prop-new-name" name="newName" required maxlength="64" />
    <button type="submit">Rename</button>
  </form>`
}

/** The Settings page's "Custom properties" section. */
export function propertiesSection(
  base: string,
  csrf: string,
  defs: readonly Definition[],
  holders: ReadonlyMap<string, number>,
): Node {
  return html`<section aria-labelledby="properties-h">
    <h2 id="properties-h">Custom properties</h2>
    <p>
      Attributes of your own for each person (cost center, shift, badge number). In Entra, add each
      to the attribute list ("Edit attribute list for customappsso") under its SCIM path and map a
      source attribute to it. A change here applies to the next provisioning request.
    </p>
    ${definitionsTable(base, defs, holders)} ${addForm(base, csrf)} ${renameForm(base, csrf, defs)}
    ${
      defs.length === 0
        ? null
        : html`<p class="hint">
            People keep their values when a property is renamed; their ETag changes, and Entra must
            send the new SCIM path: update its attribute list and mapping too.
          </p>`
    }
  </section>`
}

/** The confirmation before a removal; when people hold values, deleting them must be ticked. */
export function confirmRemovePropertyPage(
  base: string,
  csrf: string,
  def: Definition,
  holders: number,
): Node {
  return html`<p>
      Remove the property <strong>${def.name}</strong> (${pathCode(propertyPath(def.name))})?
      Requests that still send it are then refused, or the value is dropped, as Unsupported
      attributes says: remove its mapping in Entra first.
    </p>
    ${
      holders === 0
        ? html`<p>Nobody holds a value of it.</p>`
        : html`<p class="notice error" role="alert">
            ${holders} ${holders === 1 ? 'person holds' : 'people hold'} a value of ${def.name} (<a
              href=${holdersLink(base, def.name)}
              >see who</a
            >). Removing the property deletes those values; this cannot be undone.
          </p>`
    }
    <form method="post" action=${`${base}/settings`} class="inline">
      ${hidden(csrf, 'properties.remove')}
      <input type="hidden" name="name" value=${def.name} />
      ${
        holders === 0
          ? null
          : html`<span
              ><input type="checkbox" id="force" name="force" required /><label for="force"
                >${FORCE_LABEL} (${holders})</label
              ></span
            >`
      }
      <button type="submit" class="danger">Remove ${def.name}</button>
      <a href=${`${base}/settings`}>Cancel</a>
    </form>`
}

function valueText(value: Json | undefined): string {
  if (value === undefined || value === null) return '—'
  if (Array.isArray(value)) return value.map((v) => valueText(v)).join(', ')
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

/** A person's custom properties: every defined property, its value as sent or "—", and its path. */
export function personProperties(defs: readonly PropertyDef[], user: UserRecord): Node {
  if (defs.length === 0)
    return html`<p class="empty">No custom properties are defined (Settings).</p>`
  return html`<table>
    <thead>
      <tr>
        <th scope="col">Property</th>
        <th scope="col">Value</th>
        <th scope="col">SCIM path</th>
      </tr>
    </thead>
    <tbody>
      ${defs.map((p) => {
        const alias = user.propertyAliases?.[p.name]
        return html`<tr>
          <th scope="row">${p.name}</th>
          <td>${valueText(user.properties?.[p.name])}</td>
          <td>
            <code>${alias ?? propertyPath(p.name)}</code>${
              alias ? html` <span class="hint">(sent under this alias)</span>` : null
            }
          </td>
        </tr>`
      })}
    </tbody>
  </table>`
}

/** A value for the People list's column of a property. */
export function propertyCell(user: UserRecord, name: string): string {
  return valueText(user.properties?.[name])
}

/** The most property columns the People list adds for a search. */
export const MAX_PROPERTY_COLUMNS = 4

function pathsOf(filter: Filter): AttrPath[] {
  switch (filter.kind) {
    case 'compare':
    case 'present':
      return [filter.path]
    case 'valuePath':
      return [filter.path, ...pathsOf(filter.filter)]
    case 'not':
      return pathsOf(filter.filter)
    case 'and':
    case 'or':
      return [...pathsOf(filter.left), ...pathsOf(filter.right)]
  }
}

/**
 * The properties a People search filters on (by their SCIM path, name or an alias), in the filter's
 * order: the list shows a column for each, so "who has costCenter 42" shows the values it matched.
 */
export function propertiesInFilter(
  filter: Filter | undefined,
  defs: readonly PropertyDef[],
): PropertyDef[] {
  if (!filter) return []
  const found: PropertyDef[] = []
  for (const path of pathsOf(filter)) {
    const uri = path.uri?.toLowerCase()
    const attr = path.attr.toLowerCase()
    const full = uri === undefined ? attr : `${uri}:${attr}`
    const def = defs.find(
      (p) =>
        ((uri === undefined || uri === ROSTER_USER_EXTENSION.toLowerCase()) &&
          p.name.toLowerCase() === attr) ||
        p.aliases.some((a) => a.toLowerCase() === full),
    )
    if (def && !found.includes(def)) found.push(def)
  }
  return found.slice(0, MAX_PROPERTY_COLUMNS)
}
