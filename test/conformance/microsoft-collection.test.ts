// Microsoft's SCIM reference collection (vendored in test/conformance/microsoft-scim-reference) run through newman
// against a real `roster serve` on 127.0.0.1 with an empty tenant, once per mode of the tenant setting
// unsupportedAttributes. Every assertion must pass except the deliberate deviations listed in
// microsoft-deviations.ts (and shown in docs/conformance.md); a listed deviation that passes fails too.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { ROOT, SCIM_BASE, createToken, sandbox } from '../process.js'
import { MICROSOFT_DEVIATIONS, MODES } from './microsoft-deviations.js'
import type { Deviation, Mode } from './microsoft-deviations.js'

/** Vendored from ../shared/suites/microsoft-scim-reference (see the README beside it). */
const COLLECTION = join(
  ROOT,
  'test',
  'conformance',
  'microsoft-scim-reference',
  'PostmanCollection.json',
)
/** The folder that calls the reference server's own /Token route and overwrites `token`. */
const TOKEN_FOLDER = 'Get Token'
/** Per request; the whole run takes a few seconds. */
const REQUEST_TIMEOUT_MS = 10_000
const RUN_TIMEOUT_MS = 40_000

// newman ships no type declarations: load it through require and describe the little this file uses.
const require = createRequire(import.meta.url)

interface NewmanAssertion {
  readonly assertion: string
  readonly skipped?: boolean
  readonly error?: { readonly message: string }
}

interface NewmanError {
  readonly name: string
  readonly message: string
}

interface NewmanExecution {
  readonly item: { readonly name: string }
  readonly requestError?: NewmanError
  readonly assertions?: readonly NewmanAssertion[]
  /** Errors thrown by a script outside pm.test (a body that is not JSON, for instance). */
  readonly prerequestScript?: readonly { readonly error: NewmanError }[]
  readonly testScript?: readonly { readonly error: NewmanError }[]
}

interface NewmanSummary {
  readonly run: { readonly executions: readonly NewmanExecution[] }
}

interface Newman {
  run(
    options: {
      collection: unknown
      environment: { values: { key: string; value: string }[] }
      reporters: string[]
      timeout: number
      timeoutRequest: number
    },
    callback: (error: Error | null, summary: NewmanSummary) => void,
  ): unknown
}

const newman = require('newman') as Newman

/** A request of the collection, in run order. */
interface CollectionRequest {
  /** Folder path and name joined with ' / '; ' #n' marks the n-th of requests sharing that label. */
  readonly label: string
  readonly name: string
  /** How many pm.test calls its test script makes. */
  readonly tests: number
}

interface Outcome {
  readonly request: string
  readonly assertion: string
  readonly passed: boolean
  readonly message: string
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The collection without the "Get Token" folder, as newman takes it. */
function loadCollection(): Record<string, unknown> & { item: unknown[] } {
  const collection: unknown = JSON.parse(readFileSync(COLLECTION, 'utf8'))
  if (!isRecord(collection) || !Array.isArray(collection['item']))
    throw new Error(`${COLLECTION} is not a Postman collection`)
  const item = collection['item'].filter(
    (entry) => !isRecord(entry) || entry['name'] !== TOKEN_FOLDER,
  )
  return { ...collection, item }
}

function countTests(item: Record<string, unknown>): number {
  const events = Array.isArray(item['event']) ? item['event'] : []
  let count = 0
  for (const event of events) {
    if (!isRecord(event) || event['listen'] !== 'test' || !isRecord(event['script'])) continue
    const exec = event['script']['exec']
    const source = Array.isArray(exec) ? exec.join('\n') : String(exec ?? '')
    count += source.match(/\bpm\.test\(/g)?.length ?? 0
  }
  return count
}

/** The requests in the order newman runs them (depth first), with labels unique within the collection. */
function flatten(items: readonly unknown[]): CollectionRequest[] {
  const found: { base: string; name: string; tests: number }[] = []
  const walk = (entries: readonly unknown[], folders: readonly string[]): void => {
    for (const entry of entries) {
      if (!isRecord(entry) || typeof entry['name'] !== 'string') continue
      const name = entry['name']
      if (Array.isArray(entry['item'])) walk(entry['item'], [...folders, name])
      else found.push({ base: [...folders, name].join(' / '), name, tests: countTests(entry) })
    }
  }
  walk(items, [])
  const total = new Map<string, number>()
  for (const { base } of found) total.set(base, (total.get(base) ?? 0) + 1)
  const seen = new Map<string, number>()
  return found.map(({ base, name, tests }) => {
    const n = (seen.get(base) ?? 0) + 1
    seen.set(base, n)
    return { label: (total.get(base) ?? 0) > 1 ? `${base} #${n}` : base, name, tests }
  })
}

function runNewman(collection: unknown, port: number, token: string): Promise<NewmanSummary> {
  const values = [
    { key: 'Protocol', value: 'http' },
    { key: 'Server', value: '127.0.0.1' },
    { key: 'Port', value: `:${port}` },
    { key: 'Api', value: SCIM_BASE.slice(1) },
    { key: 'token', value: token },
  ]
  return new Promise((resolve, reject) => {
    newman.run(
      {
        collection,
        environment: { values },
        reporters: [],
        timeout: RUN_TIMEOUT_MS,
        timeoutRequest: REQUEST_TIMEOUT_MS,
      },
      (error, summary) => (error ? reject(error) : resolve(summary)),
    )
  })
}

const key = (entry: { request: string; assertion: string }): string =>
  `${entry.request} › ${entry.assertion}`

/** Runs the collection against a fresh server whose tenant has `mode`; every assertion's outcome. */
async function run(
  register: (cleanup: () => Promise<void>) => void,
  mode: Mode,
): Promise<{ requests: CollectionRequest[]; outcomes: Outcome[]; errors: string[] }> {
  const box = sandbox(register)
  // 'reject' is the default: that run uses a tenant nobody configured.
  if (mode !== 'reject') {
    const policy = await box.cli('policy', 'set', 'unsupportedAttributes', mode)
    assert.equal(policy.code, 0, policy.stderr)
  }
  const server = await box.serve()
  const { token } = await createToken(box, 'newman')
  const collection = loadCollection()
  const requests = flatten(collection.item)
  const summary = await runNewman(collection, server.port, token)

  const executions = summary.run.executions
  assert.deepEqual(
    executions.map((execution) => execution.item.name),
    requests.map((request) => request.name),
    'newman ran the requests in another order than the collection lists them',
  )
  const outcomes: Outcome[] = []
  const errors: string[] = []
  executions.forEach((execution, i) => {
    const request = requests[i] as CollectionRequest
    if (execution.requestError)
      errors.push(`${request.label}: request failed: ${execution.requestError.message}`)
    for (const { error } of [
      ...(execution.prerequestScript ?? []),
      ...(execution.testScript ?? []),
    ])
      errors.push(`${request.label}: script error: ${error.name}: ${error.message}`)
    for (const { assertion, skipped, error } of execution.assertions ?? [])
      outcomes.push({
        request: request.label,
        assertion,
        passed: !skipped && error === undefined,
        message: skipped ? 'skipped' : (error?.message ?? ''),
      })
  })
  await server.stop()
  return { requests, outcomes, errors }
}

describe("Microsoft's SCIM reference collection (newman)", () => {
  for (const mode of MODES) {
    const deviations: readonly Deviation[] = MICROSOFT_DEVIATIONS[mode]

    it(`passes every assertion but the listed deviations (unsupportedAttributes ${mode})`, async (t) => {
      const { requests, outcomes, errors } = await run((fn) => t.after(fn), mode)
      const expectedAssertions = requests.reduce((sum, request) => sum + request.tests, 0)
      const failed = outcomes.filter((outcome) => !outcome.passed)
      t.diagnostic(
        `${requests.length} requests, ${outcomes.length} assertions, ` +
          `${outcomes.length - failed.length} passed, ${failed.length} failed ` +
          `(${deviations.length} deliberate deviations listed)`,
      )

      const listed = new Set(deviations.map(key))
      assert.equal(listed.size, deviations.length, 'a deviation is listed twice')
      const failing = new Set(failed.map(key))
      const known = new Set(outcomes.map(key))
      assert.equal(known.size, outcomes.length, 'two assertions share a request label and name')
      assert.deepEqual(
        {
          errors,
          assertions: outcomes.length,
          // A Roster bug, or a deliberate difference missing from microsoft-deviations.ts.
          unexpectedFailures: failed
            .filter((outcome) => !listed.has(key(outcome)))
            .map((outcome) => `${key(outcome)}: ${outcome.message}`),
          // Listed, but passing now (or no longer in the collection): remove it from the list and the docs.
          listedButNotFailing: deviations.map(key).filter((k) => !failing.has(k)),
        },
        {
          errors: [],
          assertions: expectedAssertions,
          unexpectedFailures: [],
          listedButNotFailing: [],
        },
      )
    })
  }

  it('docs/conformance.md shows exactly the listed deviations', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'conformance.md'), 'utf8')
    const start = docs.indexOf("\n## Microsoft's reference collection")
    assert.notEqual(
      start,
      -1,
      'docs/conformance.md has no section "Microsoft\'s reference collection"',
    )
    const end = docs.indexOf('\n## ', start + 1)
    const section = docs.slice(start, end === -1 ? undefined : end)
    const shown: Record<string, string[]> = {}
    let mode: string | undefined
    for (const line of section.split('\n')) {
      const heading = /^### Mode `(\w+)`/.exec(line)
      if (heading) mode = heading[1]
      const cells = line.startsWith('|') ? line.split('|').slice(1, -1) : []
      if (mode === undefined || cells.length !== 3) continue
      const [request, assertion, reason] = cells.map((cell) => cell.trim())
      if (request === 'request' || /^:?-+:?$/.test(request ?? '')) continue
      ;(shown[mode] ??= []).push(`${request} › ${assertion} › ${reason}`)
    }
    const listed: Record<string, string[]> = {}
    for (const m of MODES) listed[m] = MICROSOFT_DEVIATIONS[m].map((d) => `${key(d)} › ${d.reason}`)
    assert.deepEqual(shown, listed)
  })
})
