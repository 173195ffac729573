// xMatters' default roles (../shared/docs/xmatters-reference.md §4.1). A tenant may add and remove roles;
// every user has at least one: the tenant's default role when none is sent.

/** xMatters' administrator role; it grants the admin console (settings key consoleRoles). */
export const CONSOLE_ROLE = 'Company Admin'

export const DEFAULT_ROLES: readonly string[] = [
  'Standard User',
  'Person Supervisor',
  'Group Supervisor',
  'Developer',
  'Subscription Supervisor',
  'Support User',
  'Web Service Supervisor',
  'Company Supervisor',
  'Communication Center User',
  'Conference Bridge Supervisor',
  'Full Access User',
  'Group Monitor',
  'REST Web Service User',
  'No Access User',
  'Read Only User',
  CONSOLE_ROLE,
]

export const DEFAULT_ROLE = 'Standard User'
