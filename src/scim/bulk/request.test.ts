// parseBulkRequest over the table in request.cases.ts, and BulkPlan: the order
// operations run in, references resolved, references to failed POSTs and circular ones refused.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ScimError } from '../errors.js'
import type { Json } from '../resource/coerce.js'
import { BulkPlan } from './plan.js'
import { BULK_CASES } from './request.cases.js'
import type { ExpectedError } from './request.cases.js'
import { parseBulkRequest, resolveReferences } from './request.js'
import type { BulkOperation } from './request.js'
import { bulkResponse, refused } from './response.js'

function assertError(error: unknown, expected: ExpectedError): void {
  assert.ok(error instanceof ScimError, `expected a ScimError, got ${String(error)}`)
  assert.equal(error.status, expected.status)
  assert.equal(error.scimType, expected.scimType)
  assert.ok(
    error.detail.includes(expected.detail),
    `detail ${JSON.stringify(error.detail)} lacks ${JSON.stringify(expected.detail)}`,
  )
}

describe('parseBulkRequest: table', () => {
  for (const row of BULK_CASES) {
    it(row.name, () => {
      if (row.error) {
        assert.throws(
          () => parseBulkRequest(row.body, row.maxOperations ?? 1000),
          (error: unknown) => {
            assertError(error, row.error as ExpectedError)
            return true
          },
        )
        return
      }
      const request = parseBulkRequest(row.body, row.maxOperations ?? 1000)
      assert.equal(request.failOnErrors, row.failOnErrors)
      assert.equal(request.operations.length, row.operations?.length)
      row.operations?.forEach((expected, i) => {
        const op = request.operations[i] as BulkOperation
        assert.equal(op.index, i)
        if (expected.error) assertError(op.error, expected.error)
        else assert.equal(op.error, undefined, op.error?.detail)
        if (expected.resource) assert.equal(op.resource, expected.resource)
        if (expected.id) assert.equal(op.id, expected.id)
        if (expected.defines) assert.equal(op.defines, expected.defines)
        if (expected.references) assert.deepEqual([...op.references].sort(), expected.references)
      })
    })
  }
})

const parse = (...operations: Json[]) => parseBulkRequest({ Operations: operations }, 1000)
const post = (bulkId: string, path: string, data: Json): Json => ({
  method: 'POST',
  path,
  bulkId,
  data,
})

/** Runs a plan to the end: POSTs succeed with id `id-{bulkId}` unless their bulkId is in `failing`. */
function play(operations: readonly BulkOperation[], failing: readonly string[] = []) {
  const plan = new BulkPlan(operations)
  const log: { index: number; id?: string; data?: Json; error?: ScimError }[] = []
  for (let step = plan.next(); step !== undefined; step = plan.next()) {
    if ('error' in step) {
      log.push({ index: step.op.index, error: step.error })
      plan.settle(step.op, undefined)
    } else {
      log.push({
        index: step.op.index,
        ...(step.id !== undefined ? { id: step.id } : {}),
        ...(step.data !== undefined ? { data: step.data } : {}),
      })
      const fails = step.op.defines !== undefined && failing.includes(step.op.defines)
      plan.settle(step.op, fails ? undefined : `id-${step.op.defines}`)
    }
  }
  return log
}

describe('BulkPlan', () => {
  it('runs in request order when nothing refers forward', () => {
    const { operations } = parse(
      post('u1', '/Users', { userName: 'a' }),
      { method: 'DELETE', path: '/Users/x' },
      post('g1', '/Groups', { displayName: 'G', members: [{ value: 'bulkId:u1' }] }),
    )
    const log = play(operations)
    assert.deepEqual(
      log.map((l) => l.index),
      [0, 1, 2],
    )
    assert.deepEqual(log[2]?.data, { displayName: 'G', members: [{ value: 'id-u1' }] })
  })

  it('a forward reference waits for the POST it names, the rest keep their order', () => {
    const { operations } = parse(
      post('g1', '/Groups', { displayName: 'G', members: [{ value: 'bulkId:u2' }] }),
      post('u1', '/Users', { userName: 'a' }),
      post('u2', '/Users', { userName: 'b' }),
      { method: 'PATCH', path: '/Groups/bulkId:g1', data: { Operations: [] } },
    )
    const log = play(operations)
    assert.deepEqual(
      log.map((l) => l.index),
      [1, 2, 0, 3],
    )
    assert.deepEqual(log[2]?.data, { displayName: 'G', members: [{ value: 'id-u2' }] })
    assert.equal(log[3]?.id, 'id-g1')
  })

  it('a reference to a POST that failed is a 409 without running', () => {
    const { operations } = parse(post('u1', '/Users', { userName: 'a' }), {
      method: 'DELETE',
      path: '/Users/bulkId:u1',
    })
    const log = play(operations, ['u1'])
    assertError(log[1]?.error, { status: 409, detail: '"bulkId:u1", whose POST failed' })
  })

  it('circular references fail each operation of the cycle with 409, and what waits on them', () => {
    const { operations } = parse(
      post('g1', '/Groups', { displayName: 'A', members: [{ value: 'bulkId:g2' }] }),
      post('g2', '/Groups', { displayName: 'B', members: [{ value: 'bulkId:g1' }] }),
      { method: 'DELETE', path: '/Groups/bulkId:g2' },
      post('u1', '/Users', { userName: 'free' }),
    )
    const log = play(operations)
    assert.deepEqual(
      log.map((l) => l.index),
      [3, 0, 1, 2],
    )
    assertError(log[1]?.error, { status: 409, detail: 'circular bulkId references' })
    for (const entry of log.slice(2)) assertError(entry.error, { status: 409, detail: 'failed' })
  })

  it('a POST referring to its own bulkId is circular', () => {
    const { operations } = parse(post('u1', '/Users', { userName: 'a', externalId: 'bulkId:u1' }))
    assertError(play(operations)[0]?.error, { status: 409, detail: 'circular' })
  })

  it('an operation refused by the reader settles its bulkId as failed', () => {
    const { operations } = parse(post('u1', '/Users/oops', { userName: 'a' }), {
      method: 'DELETE',
      path: '/Users/bulkId:u1',
    })
    const log = play(operations)
    assertError(log[0]?.error, { status: 400, scimType: 'invalidPath', detail: 'a POST creates' })
    assertError(log[1]?.error, { status: 409, detail: 'whose POST failed' })
  })
})

describe('resolveReferences', () => {
  it('replaces exact bulkId:x strings at any depth, never keys, and copies', () => {
    const data: Json = { a: 'bulkId:u1', 'bulkId:u1': 1, b: [{ c: ['bulkId:u1', 'x bulkId:u1'] }] }
    const resolved = resolveReferences(data, new Map([['u1', 'ID']]))
    assert.deepEqual(resolved, { a: 'ID', 'bulkId:u1': 1, b: [{ c: ['ID', 'x bulkId:u1'] }] })
    assert.equal(data['a' as keyof typeof data], 'bulkId:u1')
  })
})

describe('bulkResponse', () => {
  it('lists outcomes in request order with status as a string and the error body', () => {
    const { operations } = parse(post('u1', '/Users', {}), { method: 'get', path: '/Users' })
    const [first, second] = operations as [BulkOperation, BulkOperation]
    const body = bulkResponse([
      refused(second, second.error as ScimError),
      { op: first, status: 201, location: 'https://x/Users/1', version: 'W/"1"', created: '1' },
    ])
    assert.deepEqual(body, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkResponse'],
      Operations: [
        {
          method: 'POST',
          bulkId: 'u1',
          version: 'W/"1"',
          location: 'https://x/Users/1',
          status: '201',
        },
        {
          method: 'GET',
          status: '400',
          response: {
            schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
            status: '400',
            scimType: 'invalidValue',
            detail: 'Operations[1]: method must be POST, PUT, PATCH or DELETE, not "get".',
          },
        },
      ],
    })
  })
})
