// The User schema of Roster's xMatters profile (docs: ../shared/docs/product.md, "The attribute profile").
// /Schemas advertises exactly these attributes; anything else is "unsupported" (tenant setting).
import { attribute } from './attribute.js'
import type { AttributeDef } from './attribute.js'

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User'

/** Sub-attributes of emails and phoneNumbers: `type` names a device of the tenant (Work Email, ...). */
function deviceSubAttributes(valueDescription: string): AttributeDef[] {
  return [
    attribute('value', 'string', { description: valueDescription, required: true }),
    attribute('type', 'string', {
      description:
        'A device name of the tenant (Work Email, Work Phone, ...) or a SCIM canonical type mapped to one.',
    }),
    attribute('primary', 'boolean', { description: 'At most one element is primary.' }),
    attribute('display', 'string', { description: 'A label for the value.' }),
  ]
}

export const USER_ATTRIBUTES: readonly AttributeDef[] = [
  attribute('userName', 'string', {
    description: 'Unique per tenant ignoring case; 1 to 100 printable characters.',
    required: true,
    uniqueness: 'server',
  }),
  attribute('name', 'complex', {
    description: "The user's name.",
    subAttributes: [
      attribute('givenName', 'string', { description: 'First name.' }),
      attribute('familyName', 'string', { description: 'Last name.' }),
    ],
  }),
  attribute('active', 'boolean', {
    description: 'Inactive users keep their data but cannot log in or be notified.',
  }),
  attribute('preferredLanguage', 'string', {
    description:
      'A language enabled for the tenant: a code (en, pt_BR), a BCP 47 tag (pt-BR) or a name (English).',
  }),
  attribute('timezone', 'string', {
    description:
      'An IANA time zone or link (America/Los_Angeles, US/Pacific) enabled for the tenant.',
  }),
  attribute('password', 'string', {
    description: "Checked against the tenant's password policy; never returned.",
    mutability: 'writeOnly',
    returned: 'never',
    caseExact: true,
  }),
  attribute('emails', 'complex', {
    description: 'Email devices, at most one per device name.',
    multiValued: true,
    subAttributes: deviceSubAttributes('An email address.'),
  }),
  attribute('phoneNumbers', 'complex', {
    description: 'Phone devices in E.164 format, at most one per device name.',
    multiValued: true,
    subAttributes: deviceSubAttributes('An E.164 phone number such as +14155550123.'),
  }),
  attribute('roles', 'complex', {
    description: 'Roles defined for the tenant; the default role when none is given.',
    multiValued: true,
    subAttributes: [
      attribute('value', 'string', {
        description: 'The name of a role of the tenant.',
        required: true,
      }),
      attribute('type', 'string', { description: 'A label such as Primary.' }),
      attribute('primary', 'boolean', { description: 'At most one role is primary.' }),
      attribute('display', 'string', { description: 'A label for the role.' }),
    ],
  }),
  attribute('groups', 'complex', {
    description: 'The groups the user belongs to (read-only).',
    multiValued: true,
    mutability: 'readOnly',
    subAttributes: [
      attribute('value', 'string', { mutability: 'readOnly', description: 'The id of the group.' }),
      attribute('$ref', 'reference', {
        mutability: 'readOnly',
        referenceTypes: ['Group'],
        description: 'The URI of the group.',
      }),
      attribute('display', 'string', { mutability: 'readOnly', description: 'The group name.' }),
      attribute('type', 'string', {
        mutability: 'readOnly',
        canonicalValues: ['direct', 'indirect'],
        description: 'direct or indirect membership.',
      }),
    ],
  }),
]
