// The replay fixtures' vocabulary (entra.fixtures.ts, validator.fixtures.ts; run by replay.test.ts). A
// scenario is an ordered list of steps sharing captured ids; a step is one documented request and what
// Roster must answer, or one operator command between requests. Fixtures are data: the builders below
// only expand a step into the variants the tenant's unsupportedAttributes setting calls for.

export type Json =
  null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json }

/**
 * Who sends the traffic (entra-client-behaviour.md §4.1, scim-peers.md §5.1):
 * - `default`: Entra's provisioning service without the flag. Requests go out as the fixture writes them.
 * - `flag`: Entra with `aadOptscim062020` on the Tenant URL. The runner appends the flag to every
 *   request's query string (§4.1 leaves open whether Entra forwards it; Roster must ignore it either way)
 *   and lower-cases every PATCH `op` (Q1), so a body shared by both modes is written once, as the
 *   default-mode form.
 * - `validator`: Microsoft's SCIM Validator, which sends `application/scim+json; charset=utf-8` and
 *   leaves the quotes of a filter unencoded (§2.3, §5.1).
 */
export type Mode = 'default' | 'flag' | 'validator'
export const ENTRA_MODES: readonly Mode[] = ['default', 'flag']

/** The tenant's `unsupportedAttributes` setting (product.md): `reject` is every tenant's default. */
export type Policy = 'reject' | 'ignore'
export const POLICIES: readonly Policy[] = ['reject', 'ignore']

export interface Request {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /**
   * Relative to the Tenant URL and written unencoded, as Microsoft's docs write request lines
   * (`/Users?filter=userName eq "x"`). `{name}` is a placeholder: `{run}` (unique per scenario run, for
   * names that must be unique in the tenant), `{uuid}` (a random GUID per scenario run) or an id captured
   * by an earlier step. Each query value is encoded the way the mode's client encodes it.
   */
  readonly path: string
  /** JSON; its strings may hold placeholders too. */
  readonly body?: Json
  /** Another SCIM root instead of /api/xm/1/scim/v2 (Q17: the legacy `/scim/v2`). */
  readonly root?: string
  /** Headers added to (or replacing) the mode's defaults, such as another Content-Type (§5.1). */
  readonly headers?: Readonly<Record<string, string>>
}

/** A check other than equality, for values a fixture cannot know (ids, dates) or only partly knows. */
export type Matcher =
  | {
      readonly $match: 'present' | 'absent' | 'absentOrEmpty' | 'string' | 'boolean' | 'number'
    }
  /** A string containing `text` (placeholders filled). */
  | { readonly $match: 'contains'; readonly text: string }
  /** An array of exactly this length. */
  | { readonly $match: 'length'; readonly length: number }
  /** An array with (or, for `excludes`, absent or without) an element holding these properties. */
  | { readonly $match: 'includes' | 'excludes'; readonly element: Json }

/** A literal JSON value (compared deeply and exactly) or a matcher. */
export type Expected = Json | Matcher

/**
 * A property of the response body and its expected value. The path reads keys and indexes:
 * `Resources[0].emails[0].value`; a key holding dots or colons is quoted: `["name.givenName"]`.
 */
export type Property = readonly [path: string, expected: Expected]

export interface Expectation {
  /** Exactly this status; where the doc allows two (200 or 204), the one Roster documents. */
  readonly status: number
  readonly body?: readonly Property[]
}

interface StepBase {
  /** Names the source section first: '§2.4 create user (tutorial example)', 'Q6 remove a member'. */
  readonly id: string
  /** Only for these clients (every mode of its scenario when absent). */
  readonly modes?: readonly Mode[]
  /** Only under this setting (both when absent). */
  readonly policy?: Policy
}

export interface HttpStep extends StepBase {
  readonly request: Request
  readonly expect: Expectation
  /** Placeholder name → path in the response body, for later steps (`{ userId: 'id' }`). */
  readonly capture?: Readonly<Record<string, string>>
  /** Why Roster deliberately answers other than the source documents (product.md's profile). */
  readonly deliberate?: string
}

export interface AdminStep extends StepBase {
  /** `roster <args>` run by the tenant's administrator between two requests. */
  readonly admin: readonly string[]
}

export type Step = HttpStep | AdminStep

export interface Scenario {
  readonly name: string
  readonly modes: readonly Mode[]
  /** Replayed under these settings; by default under both when a step is specific to one, else `reject`. */
  readonly policies?: readonly Policy[]
  readonly steps: readonly Step[]
}

/** The settings a scenario is replayed under (see Scenario.policies). */
export function policiesOf(scenario: Scenario): readonly Policy[] {
  if (scenario.policies) return scenario.policies
  return scenario.steps.some((s) => s.policy !== undefined) ? POLICIES : ['reject']
}

/** The steps of a scenario for one client under one setting, in order. */
export function stepsOf(scenario: Scenario, mode: Mode, policy: Policy): readonly Step[] {
  if (!scenario.modes.includes(mode) || !policiesOf(scenario).includes(policy)) return []
  return scenario.steps.filter(
    (s) => (s.modes === undefined || s.modes.includes(mode)) && (s.policy ?? policy) === policy,
  )
}

export const absent: Matcher = { $match: 'absent' }
export const present: Matcher = { $match: 'present' }
/** Absent or `[]`: equal states for a multi-valued attribute (RFC 7643 §2.5). */
export const absentOrEmpty: Matcher = { $match: 'absentOrEmpty' }
export const aString: Matcher = { $match: 'string' }
export const aBoolean: Matcher = { $match: 'boolean' }
export const aNumber: Matcher = { $match: 'number' }
export const contains = (text: string): Matcher => ({ $match: 'contains', text })
export const length = (n: number): Matcher => ({ $match: 'length', length: n })
export const includes = (element: Json): Matcher => ({ $match: 'includes', element })
export const excludes = (element: Json): Matcher => ({ $match: 'excludes', element })

export function isMatcher(value: Expected): value is Matcher {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && '$match' in value
}

export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User'
export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group'
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
export const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'
export const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error'

/** A PatchOp body. */
export function patch(...operations: Json[]): Json {
  return { schemas: [PATCH_OP], Operations: operations }
}

/** RFC 7644 §3.12 error properties: the Error schema, the status as a string, the scimType if any. */
export function error(status: number, scimType?: string, detail?: string): Property[] {
  return [
    ['schemas', [ERROR]],
    ['status', String(status)],
    ...(scimType ? [['scimType', scimType] as const] : []),
    ['detail', detail === undefined ? aString : contains(detail)],
  ]
}

export interface OutsideProfile extends HttpStep {
  /**
   * The attributes of the request that Roster's profile lacks, as Roster names them in its 400:
   * `name.formatted`, `displayName`, an extension object by its URN, or an extension attribute by its
   * URN-qualified path. `expect` is the answer once they are dropped.
   */
  readonly unsupported: readonly string[]
}

/**
 * A documented request carrying attributes outside the xMatters profile, replayed three ways:
 * `[reject]` as sent, answered with the 400 invalidValue naming them (the default setting); `[mapping
 * fixed]` without them, as Entra sends once the admin removed them from the mapping as that 400 asks
 * (left out when nothing would remain to send); and `[ignore]` as sent, accepted with them dropped.
 */
export function outsideProfile(step: OutsideProfile): Step[] {
  const { unsupported, deliberate, ...rest } = step
  const { capture: _capture, ...uncaptured } = rest
  const names = unsupported.join(', ')
  const also = deliberate === undefined ? '' : `; ${deliberate}`
  const mapped = withoutAttributes(step.request.body, unsupported)
  return [
    {
      ...uncaptured,
      id: `${step.id} [reject]`,
      policy: 'reject',
      expect: {
        status: 400,
        body: [
          ...error(400, 'invalidValue'),
          ...unsupported.map((n) => ['detail', contains(n)] as const),
        ],
      },
      deliberate: `${names}: outside the xMatters profile (product.md); the default setting refuses the request naming ${unsupported.length > 1 ? 'them' : 'it'}`,
    },
    ...(mapped === undefined
      ? []
      : [
          {
            ...rest,
            id: `${step.id} [mapping fixed]`,
            policy: 'reject' as const,
            request: { ...step.request, body: mapped },
            deliberate: `sent without ${names}, as the 400 asks the admin to map it${also}`,
          },
        ]),
    {
      ...rest,
      id: `${step.id} [ignore]`,
      policy: 'ignore',
      deliberate: `${names}: accepted and not stored (unsupportedAttributes ignore)${also}`,
    },
  ]
}

/**
 * The request body without the named attributes: a resource loses those keys (`name.formatted` inside
 * `name`, a URN as one key); a PatchOp loses the operations whose path targets one of them and those keys
 * of a path-less value. Undefined when a PatchOp has no operation left (Entra would send nothing).
 */
export function withoutAttributes(
  body: Json | undefined,
  names: readonly string[],
): Json | undefined {
  if (!isObject(body)) return body
  const operations = body['Operations']
  if (!Array.isArray(operations)) return names.reduce<Json>((b, n) => removePath(b, n), body)
  const kept = (operations as readonly Json[]).flatMap((operation): Json[] => {
    if (!isObject(operation)) return [operation]
    const path = operation['path']
    if (typeof path === 'string') return names.some((n) => targets(path, n)) ? [] : [operation]
    const value = operation['value']
    if (!isObject(value)) return [operation]
    const left = Object.fromEntries(
      Object.entries(value).filter(
        ([key]) => !names.some((n) => n.toLowerCase() === key.toLowerCase()),
      ),
    )
    return Object.keys(left).length === 0 ? [] : [{ ...operation, value: left }]
  })
  return kept.length === 0 ? undefined : { ...body, Operations: kept }
}

/** Whether a PATCH path addresses the attribute: itself, a sub-attribute or a value filter of it. */
function targets(path: string, name: string): boolean {
  const p = path.toLowerCase()
  const n = name.toLowerCase()
  return p === n || (!n.startsWith('urn:') && (p.startsWith(`${n}.`) || p.startsWith(`${n}[`)))
}

function removePath(body: Json, name: string): Json {
  if (!isObject(body)) return body
  const [head, ...rest] = name.startsWith('urn:') ? [name] : name.split('.')
  const key = Object.keys(body).find((k) => k.toLowerCase() === (head ?? '').toLowerCase())
  if (key === undefined) return body
  const { [key]: inner, ...others } = body
  if (rest.length === 0 || inner === undefined) return others
  return { ...others, [key]: removePath(inner, rest.join('.')) }
}

export function isObject(value: Json | undefined): value is { readonly [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
