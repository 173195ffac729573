// Tables for the provisioning log's pure functions: request → operation, error → causes.
import type { Operation } from './entry.js'
import type { RequestShape } from './operation.js'

const USERS = '/api/xm/1/scim/v2/Users'
const GROUPS = '/t/:tenant/scim/v2/Groups'

export const OPERATION_CASES: readonly { shape: RequestShape; operation: Operation }[] = [
  { shape: { method: 'POST', route: USERS, body: { userName: 'a' } }, operation: 'create' },
  {
    shape: { method: 'GET', route: USERS, filter: 'userName eq "a@b.c"' },
    operation: 'match',
  },
  { shape: { method: 'GET', route: USERS, filter: 'externalId eq x1' }, operation: 'match' },
  {
    shape: { method: 'GET', route: USERS, filter: 'userName eq "a" or userName eq "b"' },
    operation: 'read',
  },
  { shape: { method: 'GET', route: USERS }, operation: 'read' },
  { shape: { method: 'GET', route: `${USERS}/:id` }, operation: 'read' },
  {
    shape: { method: 'POST', route: `${USERS}/.search`, body: { filter: 'userName eq "a"' } },
    operation: 'match',
  },
  { shape: { method: 'DELETE', route: `${USERS}/:id` }, operation: 'delete' },
  {
    shape: { method: 'PUT', route: `${USERS}/:id`, body: { active: 'False' } },
    operation: 'disable',
  },
  { shape: { method: 'PUT', route: `${USERS}/:id`, body: { active: true } }, operation: 'update' },
  {
    shape: {
      method: 'PATCH',
      route: `${USERS}/:id`,
      body: { Operations: [{ op: 'Replace', path: 'active', value: 'False' }] },
    },
    operation: 'disable',
  },
  {
    shape: {
      method: 'PATCH',
      route: `${USERS}/:id`,
      body: { Operations: [{ op: 'replace', value: { active: false } }] },
    },
    operation: 'disable',
  },
  {
    shape: {
      method: 'PATCH',
      route: `${GROUPS}/:id`,
      body: { Operations: [{ op: 'Add', path: 'members', value: [{ value: 'x' }] }] },
    },
    operation: 'member add',
  },
  {
    shape: {
      method: 'PATCH',
      route: `${GROUPS}/:id`,
      body: { Operations: [{ op: 'Remove', path: 'members[value eq "x"]' }] },
    },
    operation: 'member remove',
  },
  {
    shape: {
      method: 'PATCH',
      route: `${GROUPS}/:id`,
      body: {
        Operations: [
          { op: 'Add', path: 'members', value: [] },
          { op: 'Replace', path: 'displayName', value: 'x' },
        ],
      },
    },
    operation: 'update',
  },
  { shape: { method: 'PATCH', route: `${USERS}/:id`, body: 'nonsense' }, operation: 'update' },
]
