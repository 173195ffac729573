// Entra's default attribute mappings for a non-gallery SCIM application ("customappsso"), as its
// mapping screen shows them for a new application and as docs/sync.md lists them. The group mapping is
// entra-client-behaviour.md §2.2's: displayName (matching), objectId → externalId, members.
import { ENTERPRISE_USER } from './target-path.js'

/** A mapping row as the mapping file writes it (mapping/file.ts reads both). */
export interface MappingRow {
  readonly targetAttribute: string
  readonly mappingType: 'Direct' | 'Constant' | 'Expression' | 'None'
  readonly sourceAttribute?: string
  readonly expression?: string
  readonly constantValue?: string
  readonly defaultValue?: string
  readonly matchObjects?: boolean
  readonly matchingPrecedence?: number
  readonly applyMapping?: 'Always' | 'OnlyDuringCreation'
}

const direct = (targetAttribute: string, sourceAttribute: string): MappingRow => ({
  targetAttribute,
  mappingType: 'Direct',
  sourceAttribute,
})

export const DEFAULT_USER_ROWS: readonly MappingRow[] = [
  { ...direct('userName', 'userPrincipalName'), matchObjects: true, matchingPrecedence: 1 },
  {
    targetAttribute: 'active',
    mappingType: 'Expression',
    expression: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")',
  },
  direct('displayName', 'displayName'),
  direct('title', 'jobTitle'),
  direct('emails[type eq "work"].value', 'mail'),
  direct('preferredLanguage', 'preferredLanguage'),
  direct('name.givenName', 'givenName'),
  direct('name.familyName', 'surname'),
  {
    targetAttribute: 'name.formatted',
    mappingType: 'Expression',
    expression: 'Join(" ", [givenName], [surname])',
  },
  direct('addresses[type eq "work"].formatted', 'physicalDeliveryOfficeName'),
  direct('addresses[type eq "work"].streetAddress', 'streetAddress'),
  direct('addresses[type eq "work"].locality', 'city'),
  direct('addresses[type eq "work"].region', 'state'),
  direct('addresses[type eq "work"].postalCode', 'postalCode'),
  direct('addresses[type eq "work"].country', 'country'),
  direct('phoneNumbers[type eq "work"].value', 'telephoneNumber'),
  direct('phoneNumbers[type eq "mobile"].value', 'mobile'),
  direct('phoneNumbers[type eq "fax"].value', 'facsimileTelephoneNumber'),
  direct('externalId', 'mailNickname'),
  direct(`${ENTERPRISE_USER}:employeeNumber`, 'employeeId'),
  direct(`${ENTERPRISE_USER}:department`, 'department'),
  direct(`${ENTERPRISE_USER}:manager`, 'manager'),
]

export const DEFAULT_GROUP_ROWS: readonly MappingRow[] = [
  { ...direct('displayName', 'displayName'), matchObjects: true, matchingPrecedence: 1 },
  direct('externalId', 'objectId'),
  direct('members', 'members'),
]
