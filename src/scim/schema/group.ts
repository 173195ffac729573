// RFC 7643 §4.2: the Group schema, served at /Groups. Members are users or groups of the same tenant,
// stored as rows (store/sql/group-store.ts), never as one array.
import { attribute } from './attribute.js'
import type { AttributeDef } from './attribute.js'

export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group'

export const GROUP_ATTRIBUTES: readonly AttributeDef[] = [
  attribute('displayName', 'string', {
    description: 'Unique per tenant ignoring case.',
    required: true,
    uniqueness: 'server',
  }),
  attribute('members', 'complex', {
    description: 'Users or groups of the same tenant.',
    multiValued: true,
    subAttributes: [
      attribute('value', 'string', {
        description: 'The id of the member.',
        mutability: 'immutable',
        caseExact: true,
      }),
      attribute('$ref', 'reference', {
        description: 'The URI of the member.',
        mutability: 'immutable',
        referenceTypes: ['User', 'Group'],
      }),
      attribute('type', 'string', {
        description: 'User or Group.',
        mutability: 'immutable',
        canonicalValues: ['User', 'Group'],
      }),
      attribute('display', 'string', { description: "The member's name.", mutability: 'readOnly' }),
    ],
  }),
]
