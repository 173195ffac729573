// Entra provisioning a custom property (issue 14): the admin adds
// `urn:ietf:params:scim:schemas:extension:roster:2.0:User:costCenter` to customappsso's attribute list and
// maps a source attribute to it. Entra then creates users with it (the extension object, its URN absent
// from `schemas`: entra-client-behaviour.md §2.2, Q10), changes it (a URN path in default mode, a
// path-less value with a URN-qualified key in flag mode: §2.5, Q4, Q9), matches on it when it is the
// matching attribute (§2.3), and clears it.
import { CORE_USER, ENTRA_MODES, absent, length, patch } from './fixture.js'
import type { Scenario } from './fixture.js'

const ROSTER_USER = 'urn:ietf:params:scim:schemas:extension:roster:2.0:User'
const COST_CENTER = `${ROSTER_USER}:costCenter`
/** A body path reading the property in the response. */
const costCenter = `["${ROSTER_USER}"].costCenter`

export const customProperty: Scenario = {
  name: 'issue 14 custom property mapped in Entra',
  modes: ENTRA_MODES,
  steps: [
    {
      id: 'the admin defines costCenter',
      modes: ['default'],
      admin: ['properties', 'add', 'costCenter', '--description', 'Finance cost center'],
    },
    {
      id: '§2.3 match on the property finds nobody yet',
      request: { method: 'GET', path: `/Users?filter=${COST_CENTER} eq "CC-{run}"` },
      expect: { status: 200, body: [['totalResults', 0]] },
    },
    {
      id: '§2.4 create with the extension object, its URN absent from schemas (Q10)',
      request: {
        method: 'POST',
        path: '/Users',
        body: {
          schemas: [CORE_USER],
          externalId: 'cc.{run}',
          userName: 'cc.{run}@contoso.com',
          active: true,
          [ROSTER_USER]: { costCenter: 'CC-{run}' },
        },
      },
      expect: {
        status: 201,
        body: [
          ['schemas', [CORE_USER, ROSTER_USER]],
          [costCenter, 'CC-{run}'],
        ],
      },
      capture: { userId: 'id' },
    },
    {
      id: '§2.3 match on the property (the matching attribute)',
      request: { method: 'GET', path: `/Users?filter=${COST_CENTER} eq "CC-{run}"` },
      expect: {
        status: 200,
        body: [
          ['totalResults', 1],
          ['Resources', length(1)],
          ['Resources[0].id', '{userId}'],
          [`Resources[0]${costCenter}`, 'CC-{run}'],
        ],
      },
    },
    {
      id: '§2.5 change it: a URN-qualified path',
      modes: ['default'],
      request: {
        method: 'PATCH',
        path: '/Users/{userId}',
        body: patch({ op: 'Replace', path: COST_CENTER, value: 'CC-{run}-2' }),
      },
      expect: { status: 200, body: [[costCenter, 'CC-{run}-2']] },
    },
    {
      id: '§4.2 change it: a path-less value with a URN-qualified key',
      modes: ['flag'],
      request: {
        method: 'PATCH',
        path: '/Users/{userId}',
        body: patch({ op: 'Replace', value: { [COST_CENTER]: 'CC-{run}-2' } }),
      },
      expect: { status: 200, body: [[costCenter, 'CC-{run}-2']] },
    },
    {
      id: '§2.1 read back as sent (no perpetual update)',
      request: { method: 'GET', path: '/Users/{userId}' },
      expect: {
        status: 200,
        body: [
          ['schemas', [CORE_USER, ROSTER_USER]],
          [costCenter, 'CC-{run}-2'],
        ],
      },
    },
    {
      id: '§2.3 match on the new value',
      request: { method: 'GET', path: `/Users?filter=${COST_CENTER} eq "cc-{run}-2"` },
      expect: { status: 200, body: [['Resources[0].id', '{userId}']] },
    },
    {
      id: 'clear it: remove by its URN path',
      modes: ['default'],
      request: {
        method: 'PATCH',
        path: '/Users/{userId}',
        body: patch({ op: 'Remove', path: COST_CENTER }),
      },
      expect: { status: 200, body: [[`["${ROSTER_USER}"]`, absent]] },
    },
    {
      id: 'clear it: an empty path-less value',
      modes: ['flag'],
      request: {
        method: 'PATCH',
        path: '/Users/{userId}',
        body: patch({ op: 'Replace', value: { [COST_CENTER]: '' } }),
      },
      expect: { status: 200, body: [[`["${ROSTER_USER}"]`, absent]] },
    },
    {
      id: 'cleared: schemas lists the core schema alone, and the match finds nobody',
      request: {
        method: 'GET',
        path: `/Users?filter=${COST_CENTER} pr and userName eq "cc.{run}@contoso.com"`,
      },
      expect: { status: 200, body: [['totalResults', 0]] },
    },
    {
      id: 'read after clearing',
      request: { method: 'GET', path: '/Users/{userId}' },
      expect: { status: 200, body: [['schemas', [CORE_USER]]] },
    },
    {
      id: '§2.7 delete the user',
      request: { method: 'DELETE', path: '/Users/{userId}' },
      expect: { status: 204 },
    },
    {
      id: 'the admin removes costCenter',
      modes: ['flag'],
      admin: ['properties', 'remove', 'costCenter'],
    },
  ],
}
