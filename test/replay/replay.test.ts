// Replays Entra's documented traffic (entra.fixtures.ts) in both Entra modes and the SCIM Validator's
// scenarios (validator.fixtures.ts) against the real `roster serve` over HTTP on 127.0.0.1: one server
// for the file, scenarios one after another, first under the default unsupportedAttributes setting
// (reject) and then, for scenarios with steps specific to a setting, under `ignore` (set with `roster
// policy set`, as an admin does). Each step is one test named `<scenario> / <step id>`; a failure lists
// every mismatch with the request and the response.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { Agent, request as httpRequest } from 'node:http'
import type { IncomingHttpHeaders } from 'node:http'
import { after, before, describe, it } from 'node:test'
import { isDeepStrictEqual } from 'node:util'
import { createToken, sandbox, SCIM_BASE } from '../process.js'
import type { Sandbox, Server } from '../process.js'
import { ENTRA_SCENARIOS } from './entra.fixtures.js'
import { ERROR, LIST_RESPONSE, POLICIES, isMatcher, isObject, stepsOf } from './fixture.js'
import type { Expected, HttpStep, Json, Mode, Scenario } from './fixture.js'
import { customProperty } from './properties.fixtures.js'
import { VALIDATOR_SCENARIOS } from './validator.fixtures.js'

const SCENARIOS: readonly Scenario[] = [...ENTRA_SCENARIOS, customProperty, ...VALIDATOR_SCENARIOS]
const MODES: readonly { readonly mode: Mode; readonly label: string }[] = [
  { mode: 'default', label: 'Entra default mode' },
  { mode: 'flag', label: 'Entra flag mode (aadOptscim062020)' },
  { mode: 'validator', label: 'SCIM Validator' },
]
interface Reply {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  readonly text: string
  readonly body: Json | undefined
}

interface Sent {
  readonly method: string
  /** http://127.0.0.1:<port> */
  readonly origin: string
  /** Path and query exactly as they go on the wire. */
  readonly path: string
  readonly headers: Record<string, string>
  readonly body?: string
}

/** Keep-alive, as Entra and the validator hold their connections. */
const agent = new Agent({ keepAlive: true })
after(() => agent.destroy())

/** node:http with `path` sends it byte for byte (a URL string or fetch would encode the raw quotes). */
function send(sent: Sent): Promise<Reply> {
  const { hostname, port } = new URL(sent.origin)
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      hostname,
      port,
      path: sent.path,
      method: sent.method,
      headers: sent.headers,
      agent,
      timeout: 10_000,
    })
    req.on('timeout', () => req.destroy(new Error('no response within 10 s')))
    req.on('error', reject)
    req.on('response', (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('error', reject)
      res.on('end', () => {
        let body: Json | undefined
        try {
          body = text === '' ? undefined : (JSON.parse(text) as Json)
        } catch {
          body = undefined
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body })
      })
    })
    req.end(sent.body)
  })
}

type Vars = Map<string, string>

/** `{name}` → its value; a placeholder without one names the capture that is missing. */
function fill(text: string, vars: Vars): string {
  return text.replace(/\{(\w+)\}/g, (_all, name: string) => {
    const value = vars.get(name)
    if (value === undefined)
      throw new Error(`{${name}} has no value: the step that captures it did not succeed`)
    return value
  })
}

function fillJson(value: Json, vars: Vars): Json {
  if (typeof value === 'string') return fill(value, vars)
  if (Array.isArray(value)) return value.map((v: Json) => fillJson(v, vars))
  if (isObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillJson(v, vars)]))
  return value
}

/**
 * A query value as the client puts it on the wire (entra-client-behaviour.md §2.3): Entra encodes it
 * with spaces as `+` and quotes as `%22`; the validator leaves the quotes as they are.
 */
function encode(value: string, mode: Mode): string {
  const entra = encodeURIComponent(value).replace(/%20/g, '+')
  return mode === 'validator' ? entra.replace(/%22/g, '"') : entra
}

function wirePath(path: string, mode: Mode, vars: Vars): string {
  const at = path.indexOf('?')
  const route = fill(at < 0 ? path : path.slice(0, at), vars)
  const query = at < 0 ? [] : path.slice(at + 1).split('&')
  const params = query.map((part) => {
    const eq = part.indexOf('=')
    return eq < 0 ? part : `${part.slice(0, eq)}=${encode(fill(part.slice(eq + 1), vars), mode)}`
  })
  // §4.1: the flag rides on the Tenant URL; Roster must ignore it wherever it arrives.
  if (mode === 'flag') params.push('aadOptscim062020')
  return params.length === 0 ? route : `${route}?${params.join('&')}`
}

/** Q1: flag mode sends every PATCH op in lower case. */
function lowerOps(body: Json): Json {
  const operations = isObject(body) ? body['Operations'] : undefined
  if (!isObject(body) || !Array.isArray(operations)) return body
  return {
    ...body,
    Operations: operations.map((o: Json) =>
      isObject(o) && typeof o['op'] === 'string' ? { ...o, op: o['op'].toLowerCase() } : o,
    ),
  }
}

function toWire(step: HttpStep, mode: Mode, origin: string, token: string, vars: Vars): Sent {
  const { request } = step
  const path = (request.root ?? SCIM_BASE) + wirePath(request.path, mode, vars)
  const headers: Record<string, string> = { authorization: `Bearer ${token}` }
  let body: string | undefined
  if (request.body !== undefined) {
    const filled = fillJson(request.body, vars)
    body = JSON.stringify(mode === 'flag' ? lowerOps(filled) : filled)
    // §5.1: Entra's requests carry application/scim+json; the validator adds a charset.
    headers['content-type'] =
      mode === 'validator' ? 'application/scim+json; charset=utf-8' : 'application/scim+json'
  }
  for (const [name, value] of Object.entries(request.headers ?? {}))
    headers[name.toLowerCase()] = value
  return { method: request.method, origin, path, headers, ...(body !== undefined ? { body } : {}) }
}

/** The value at `a.b[0]["c.d"]`, or `found: false`. */
function read(body: Json | undefined, path: string): { found: boolean; value?: Json } {
  let current: Json | undefined = body
  let rest = path
  while (rest !== '') {
    const m = /^\.?([^.[\]"]+)|^\[(\d+)\]|^\["([^"]+)"\]/.exec(rest)
    if (!m) throw new Error(`bad property path '${path}'`)
    rest = rest.slice(m[0].length)
    const key = m[1] ?? m[3]
    if (key !== undefined) {
      if (!isObject(current) || !(key in current)) return { found: false }
      current = current[key]
    } else {
      const index = Number(m[2])
      if (!Array.isArray(current) || index >= current.length) return { found: false }
      current = (current as readonly Json[])[index]
    }
  }
  return { found: true, value: current as Json }
}

/** Every property of `expected` holds in `actual` (objects compared partially, the rest exactly). */
function holds(actual: Json | undefined, expected: Json): boolean {
  if (isObject(expected)) {
    return (
      isObject(actual) &&
      Object.entries(expected).every(([k, v]) => k in actual && holds(actual[k], v))
    )
  }
  return isDeepStrictEqual(actual, expected)
}

/** Why the value at `path` does not meet `expected`, or undefined when it does. */
function mismatch(
  body: Json | undefined,
  path: string,
  expected: Expected,
  vars: Vars,
): string | undefined {
  const { found, value } = read(body, path)
  const text = found ? JSON.stringify(value) : 'absent'
  // The whole response follows the list of mismatches; each mismatch shows the start of its value.
  const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text
  if (!isMatcher(expected)) {
    const want = fillJson(expected, vars)
    return found && isDeepStrictEqual(value, want)
      ? undefined
      : `${path}: expected ${JSON.stringify(want)}, got ${shown}`
  }
  const fail = (what: string): string => `${path}: expected ${what}, got ${shown}`
  const list = Array.isArray(value) ? (value as readonly Json[]) : undefined
  switch (expected.$match) {
    case 'present':
      return found ? undefined : fail('present')
    case 'absent':
      return found ? fail('absent') : undefined
    case 'absentOrEmpty':
      return !found || list?.length === 0 ? undefined : fail('absent or []')
    case 'string':
    case 'boolean':
    case 'number':
      return found && typeof value === expected.$match ? undefined : fail(`a ${expected.$match}`)
    case 'contains': {
      const text = fill(expected.text, vars)
      return typeof value === 'string' && value.includes(text)
        ? undefined
        : fail(`text containing ${JSON.stringify(text)}`)
    }
    case 'length':
      return list?.length === expected.length ? undefined : fail(`${expected.length} elements`)
    case 'includes': {
      const element = fillJson(expected.element, vars)
      return list?.some((e) => holds(e, element))
        ? undefined
        : fail(`an element with ${JSON.stringify(element)}`)
    }
    case 'excludes': {
      const element = fillJson(expected.element, vars)
      return !found || (list !== undefined && !list.some((e) => holds(e, element)))
        ? undefined
        : fail(`no element with ${JSON.stringify(element)}`)
    }
  }
}

/**
 * What every answer must be, whatever the step: a body is application/scim+json (§5.1); an error body
 * is RFC 7644 §3.12's with the status as a string (§5.2); a ListResponse's itemsPerPage counts its
 * Resources (RFC 7644 §3.4.2); a 204 has no body.
 */
function envelope(reply: Reply): string[] {
  const problems: string[] = []
  if (reply.status === 204 && reply.text !== '') problems.push('a 204 with a body')
  if (reply.text !== '' && !/^application\/scim\+json/.test(String(reply.headers['content-type'])))
    problems.push(
      `content-type ${String(reply.headers['content-type'])}, not application/scim+json`,
    )
  const body = reply.body
  if (reply.status >= 400) {
    if (
      !isObject(body) ||
      !isDeepStrictEqual(body['schemas'], [ERROR]) ||
      body['status'] !== String(reply.status)
    )
      problems.push('an error without the SCIM Error schema and its status as a string')
  }
  if (isObject(body) && isDeepStrictEqual(body['schemas'], [LIST_RESPONSE])) {
    const resources = body['Resources']
    if (!Array.isArray(resources) || body['itemsPerPage'] !== resources.length)
      problems.push('a ListResponse whose itemsPerPage is not the number of its Resources')
  }
  return problems
}

function report(sent: Sent, reply: Reply, problems: readonly string[]): string {
  const headers = Object.entries(reply.headers)
    .filter(([name]) => ['content-type', 'location', 'etag'].includes(name))
    .map(([name, value]) => `${name}: ${String(value)}`)
  return [
    ...problems.map((p) => `- ${p}`),
    '',
    `request: ${sent.method} ${sent.origin}${sent.path}`,
    ...Object.entries(sent.headers)
      .filter(([name]) => name !== 'authorization')
      .map(([name, value]) => `${name}: ${value}`),
    ...(sent.body !== undefined ? [sent.body] : []),
    '',
    `response: ${reply.status}`,
    ...headers,
    reply.text,
  ].join('\n')
}

async function replay(
  step: HttpStep,
  mode: Mode,
  server: Server,
  token: string,
  vars: Vars,
): Promise<void> {
  const sent = toWire(step, mode, server.origin, token, vars)
  const reply = await send(sent)
  for (const [name, path] of Object.entries(step.capture ?? {})) {
    const { found, value } = read(reply.body, path)
    if (found && typeof value === 'string') vars.set(name, value)
  }
  const problems = [
    ...(reply.status === step.expect.status
      ? []
      : [`status: expected ${step.expect.status}, got ${reply.status}`]),
    ...envelope(reply),
    ...(step.expect.body ?? []).flatMap(
      ([path, expected]) => mismatch(reply.body, path, expected, vars) ?? [],
    ),
  ]
  if (problems.length > 0) assert.fail(report(sent, reply, problems))
}

async function administer(box: Sandbox, args: readonly string[]): Promise<void> {
  const result = await box.cli(...args)
  assert.equal(result.code, 0, `roster ${args.join(' ')}: ${result.stderr}`)
}

describe('Replay of Entra’s documented traffic and the SCIM Validator (real process)', () => {
  const box: Sandbox = sandbox((fn) => after(fn))
  let server: Server
  let token: string
  before(async () => {
    // The CLI and the server may open a new database together (the migration holds the write lock).
    const [created, served] = await Promise.all([createToken(box, 'replay'), box.serve()])
    token = created.token
    server = served
  })

  for (const policy of POLICIES) {
    describe(`unsupportedAttributes ${policy}`, () => {
      before(() => administer(box, ['policy', 'set', 'unsupportedAttributes', policy]))
      for (const { mode, label } of MODES) {
        describe(label, () => {
          SCENARIOS.forEach((scenario, index) => {
            const steps = stepsOf(scenario, mode, policy)
            if (steps.length === 0) return
            describe(scenario.name, () => {
              // `{run}` keeps names unique across runs on the one tenant: lower-case letters and digits.
              const vars: Vars = new Map([
                ['run', `${policy[0]}${mode[0]}${index}`],
                ['uuid', randomUUID()],
              ])
              for (const step of steps) {
                it(`${scenario.name} / ${step.id}`, () =>
                  'admin' in step
                    ? administer(box, step.admin)
                    : replay(step, mode, server, token, vars))
              }
            })
          })
        })
      }
    })
  }
})
