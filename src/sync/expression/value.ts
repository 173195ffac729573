// What an expression evaluates to. Source attributes are strings, booleans, numbers or multi-valued
// strings; functions add date-times (CDate, Now, DateAdd), the user's app role assignments, and
// IGNORE_FLOW (IgnoreFlowIfNullOrEmpty: drop the attribute from the flow). null is "no value": Entra
// never provisions a null (entra-client-behaviour.md §2.2).
import { formatDateTime } from './dates.js'

/** A UTC instant, written `M/d/yyyy h:mm:ss tt` as Entra's date functions return it (S8). */
export class DateTime {
  constructor(readonly ms: number) {}
  toString(): string {
    return formatDateTime(this.ms, 'M/d/yyyy h:mm:ss tt', 0)
  }
}

export interface AppRole {
  /** The app role's value (Graph appRoleAssignment.appRoleValue): the role name a target gets. */
  readonly value: string
  readonly id?: string
  readonly displayName?: string
}

/** The user's app role assignments ([appRoleAssignments]), for the two role functions. */
export class AppRoles {
  constructor(readonly roles: readonly AppRole[]) {}
}

export const IGNORE_FLOW: unique symbol = Symbol('IgnoreFlowIfNullOrEmpty')

export type Value =
  null | string | number | boolean | readonly string[] | DateTime | AppRoles | typeof IGNORE_FLOW

export const isMulti = (value: Value): value is readonly string[] => Array.isArray(value)

/** Null, IGNORE_FLOW, "" and an empty multi-valued attribute are all "null or empty" to Entra. */
export function isNullOrEmpty(value: Value): boolean {
  return (
    value === null ||
    value === IGNORE_FLOW ||
    value === '' ||
    (isMulti(value) && value.length === 0) ||
    (value instanceof AppRoles && value.roles.length === 0)
  )
}

/** How a single value reads as text (.NET's ToString: True/False, invariant numbers). */
export function scalarText(value: string | number | boolean | DateTime): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False'
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value)
  return value.toString()
}

/** A value for messages: strings quoted, multi-valued as a JSON array. */
export function describeValue(value: Value): string {
  if (value === null) return 'null'
  if (value === IGNORE_FLOW) return '(ignored)'
  if (isMulti(value)) return JSON.stringify(value)
  if (value instanceof AppRoles)
    return `app roles ${JSON.stringify(value.roles.map((r) => r.value))}`
  if (typeof value === 'string') return JSON.stringify(value)
  return scalarText(value)
}
