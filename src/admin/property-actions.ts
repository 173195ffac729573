// The Settings page's custom-property changes (`properties.add|rename|remove`), validated like `roster
// properties` (scim/schema/property-input.ts) and applied through the same store calls, so a change
// moves the configuration version and applies to the tenant's next SCIM request, and a rename or a forced
// removal moves the holders' ETags. A refused change throws a SettingError whose message the page shows.
import { ScimError } from '../scim/errors.js'
import type { AuditEvent } from '../scim/log/audit.js'
import {
  definitionOf,
  heldMessage,
  parseMaxLength,
  propertyEvents,
  splitList,
} from '../scim/schema/property-input.js'
import type { FieldLabels } from '../scim/schema/property-input.js'
import type { TenantStore } from '../store/store.js'
import { SettingError } from './setting-error.js'

type Form = Readonly<Record<string, string | undefined>>

/** The console's names of the fields (the labels of the "Add a property" form). */
export const FORM_LABELS: FieldLabels = {
  type: 'Type',
  values: 'List values',
  maxLength: 'Max length',
  alias: 'Aliases',
  description: 'Description',
}

/** The words of the removal's confirmation checkbox (the refusal names it). */
export const FORCE_LABEL = 'Also delete the values users hold'

const field = (form: Form, key: string): string => (form[key] ?? '').trim()
const ticked = (form: Form, key: string): boolean => form[key] !== undefined && form[key] !== ''

function named(form: Form, key: string, label: string): string {
  const value = field(form, key)
  if (value === '') throw new SettingError(`Fill in ${label}.`)
  return value
}

/** Store and validation refusals (4xx ScimErrors) become the page's message. */
async function refusing<T>(change: () => Promise<T>): Promise<T> {
  try {
    return await change()
  } catch (error) {
    if (error instanceof ScimError && error.status < 500) throw new SettingError(error.detail)
    throw error
  }
}

export function isPropertyAction(action: string): boolean {
  return action.startsWith('properties.')
}

/** Applies one custom-property change; returns the audit event (the CLI's words). */
export async function applyPropertyChange(data: TenantStore, form: Form): Promise<AuditEvent> {
  switch (form['action']) {
    case 'properties.add': {
      const name = named(form, 'name', 'Name')
      const values = field(form, 'values')
      const maxLength = field(form, 'maxLength')
      return refusing(async () => {
        const def = definitionOf(
          {
            name,
            type: form['type'] ?? '',
            values: values === '' ? undefined : values,
            multi: ticked(form, 'multi'),
            required: ticked(form, 'required'),
            // A bad number reaches the shared check as NaN, which names the field and its range.
            maxLength: maxLength === '' ? undefined : (parseMaxLength(maxLength) ?? Number.NaN),
            caseExact: ticked(form, 'caseExact'),
            aliases: splitList(field(form, 'aliases'), /[\s,]+/),
            description: form['description'],
          },
          await data.properties(),
          FORM_LABELS,
        )
        return propertyEvents.added(await data.addProperty(def))
      })
    }
    case 'properties.rename': {
      const name = named(form, 'name', 'the property to rename')
      const newName = named(form, 'newName', 'New name')
      return refusing(async () => {
        const renamed = await data.renameProperty(name, newName)
        if (!renamed) throw new SettingError(`'${name}' is not a property of this tenant.`)
        return propertyEvents.renamed(name, renamed)
      })
    }
    case 'properties.remove': {
      const name = named(form, 'name', 'the property to remove')
      const result = await refusing(() => data.removeProperty(name, ticked(form, 'force')))
      if (!result.removed && result.holders === 0)
        throw new SettingError(`'${name}' is not a property of this tenant.`)
      if (!result.removed)
        throw new SettingError(
          heldMessage(
            name,
            result.holders,
            `tick '${FORCE_LABEL}' on its removal page to delete those values too`,
          ),
        )
      return propertyEvents.removed(name, result.holders)
    }
    default:
      throw new SettingError('Unknown change.')
  }
}
