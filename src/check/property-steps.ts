// `roster check --property NAME=VALUE`: what Entra does with a custom attribute an admin added to
// customappsso's attribute list and mapped (entra-client-behaviour.md §2.2, Q9, Q10): it creates a user
// with it (the extension object, its URN absent from `schemas`), matches on it (when it is the matching
// attribute), re-sends it (a URN path in default mode, a path-less URN-qualified key in flag mode), and
// clears it. NAME is a property of Roster's extension or a full URN-qualified attribute path.
import { randomUUID } from 'node:crypto'
import type { CheckContext, Step } from './steps.js'
import { expectList, expectStatus, fail, need, newName, op, patch, userBody } from './steps.js'

export const ROSTER_USER_EXTENSION = 'urn:ietf:params:scim:schemas:extension:roster:2.0:User'

export interface CheckedProperty {
  /** The extension's URN, `urn:…:roster:2.0:User` for a bare name. */
  readonly urn: string
  readonly name: string
  readonly value: string
}

/** `NAME=VALUE` → the property, or undefined when it is not of that form. */
export function parseProperty(text: string): CheckedProperty | undefined {
  const at = text.indexOf('=')
  if (at <= 0) return undefined
  const path = text.slice(0, at).trim()
  const value = text.slice(at + 1)
  const split = path.lastIndexOf(':')
  const urn = split < 0 ? ROSTER_USER_EXTENSION : path.slice(0, split)
  const name = split < 0 ? path : path.slice(split + 1)
  if (!/^[A-Za-z][\w-]*$/.test(name) || value === '') return undefined
  return { urn, name, value }
}

const q = (filter: string): string => encodeURIComponent(filter)

/** The property's value in a user as read, or undefined. */
function valueOf(user: Record<string, unknown>, p: CheckedProperty): unknown {
  const extension = user[p.urn]
  if (typeof extension !== 'object' || extension === null) return undefined
  const found = Object.entries(extension).find(([k]) => k.toLowerCase() === p.name.toLowerCase())
  return found?.[1]
}

function expectValue(user: Record<string, unknown>, p: CheckedProperty, wanted: unknown): void {
  const got = valueOf(user, p)
  if (JSON.stringify(got) !== JSON.stringify(wanted))
    fail(
      `${p.urn}:${p.name} reads back as ${JSON.stringify(got) ?? 'nothing'}; expected ${JSON.stringify(wanted) ?? 'nothing'} (Entra re-sends any difference on every cycle)`,
    )
}

export function propertySteps(p: CheckedProperty): Step[] {
  const path = `${p.urn}:${p.name}`
  return [
    {
      name: `property: create a user with ${p.name} in the extension object (its URN absent from schemas)`,
      async run(ctx: CheckContext) {
        const body = {
          ...userBody(newName('roster-check-property'), randomUUID()),
          [p.urn]: { [p.name]: p.value },
        }
        const user = expectStatus(await ctx.client.send('POST', '/Users', body), 201)
        if (typeof user['id'] !== 'string') fail('the response has no id')
        ctx.state.set('propertyUserId', user['id'])
        ctx.created.push(`/Users/${user['id']}`)
        expectValue(user, p, p.value)
        const schemas = user['schemas']
        if (!Array.isArray(schemas) || !schemas.includes(p.urn))
          fail(`schemas does not list ${p.urn} although the user has a value of it`)
      },
    },
    {
      name: `property: match on ${p.name} (as Entra does when it is the matching attribute)`,
      needs: ['propertyUserId'],
      async run(ctx) {
        const id = need(ctx, 'propertyUserId')
        const found = expectList(
          await ctx.client.send('GET', `/Users?filter=${q(`${path} eq "${p.value}"`)}`),
          1,
        )
        if (found[0]?.['id'] !== id) fail(`the filter found ${String(found[0]?.['id'])}, not ${id}`)
      },
    },
    {
      name: `property: re-send ${p.name} with PATCH (a URN path, or a path-less URN key in flag mode)`,
      needs: ['propertyUserId'],
      async run(ctx) {
        const id = need(ctx, 'propertyUserId')
        const operation =
          ctx.mode === 'default'
            ? { op: op(ctx, 'replace'), path, value: p.value }
            : { op: op(ctx, 'replace'), value: { [path]: p.value } }
        const user = expectStatus(
          await ctx.client.send('PATCH', `/Users/${id}`, patch([operation])),
          200,
          204,
        )
        const read =
          Object.keys(user).length > 0
            ? user
            : expectStatus(await ctx.client.send('GET', `/Users/${id}`), 200)
        expectValue(read, p, p.value)
      },
    },
    {
      name: `property: clear ${p.name}`,
      needs: ['propertyUserId'],
      async run(ctx) {
        const id = need(ctx, 'propertyUserId')
        const operation =
          ctx.mode === 'default'
            ? { op: op(ctx, 'remove'), path }
            : { op: op(ctx, 'replace'), value: { [path]: '' } }
        expectStatus(await ctx.client.send('PATCH', `/Users/${id}`, patch([operation])), 200, 204)
        const read = expectStatus(await ctx.client.send('GET', `/Users/${id}`), 200)
        expectValue(read, p, undefined)
      },
    },
  ]
}
