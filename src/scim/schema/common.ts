// RFC 7643 §3.1: attributes common to every resource; not part of any schema's attribute list.
import { attribute } from './attribute.js'
import type { AttributeDef } from './attribute.js'

export const COMMON_ATTRIBUTES: readonly AttributeDef[] = [
  attribute('id', 'string', {
    description: 'Server-assigned identifier.',
    mutability: 'readOnly',
    returned: 'always',
    caseExact: true,
    uniqueness: 'server',
  }),
  attribute('externalId', 'string', {
    description: "The client's identifier for the resource; at most 250 characters.",
    caseExact: true,
  }),
  attribute('meta', 'complex', {
    description: 'Resource metadata.',
    mutability: 'readOnly',
    subAttributes: [
      attribute('resourceType', 'string', { mutability: 'readOnly', caseExact: true }),
      attribute('created', 'dateTime', { mutability: 'readOnly' }),
      attribute('lastModified', 'dateTime', { mutability: 'readOnly' }),
      attribute('location', 'reference', { mutability: 'readOnly', referenceTypes: ['uri'] }),
      attribute('version', 'string', { mutability: 'readOnly', caseExact: true }),
    ],
  }),
]
