// The Bulk request reader's table (style.md §5.10): a body, and either the whole request's error or, per
// operation, what it reads as (its target, the bulkIds it refers to) or the error it is answered with.
import type { ScimType } from '../errors.js'
import type { Json } from '../resource/coerce.js'
import { BULK_REQUEST_SCHEMA } from './request.js'

export interface ExpectedError {
  readonly status: number
  readonly scimType?: ScimType
  /** A substring of the detail. */
  readonly detail: string
}

export interface ExpectedOperation {
  readonly resource?: 'Users' | 'Groups'
  readonly id?: string
  readonly references?: readonly string[]
  readonly defines?: string
  readonly error?: ExpectedError
}

export interface BulkCase {
  readonly name: string
  readonly body: Json
  /** 1,000 unless given. */
  readonly maxOperations?: number
  readonly failOnErrors?: number
  readonly operations?: readonly ExpectedOperation[]
  readonly error?: ExpectedError
}

const schemas = [BULK_REQUEST_SCHEMA]
const user = { userName: 'a@contoso.com' }
const op = (fields: Record<string, Json>): Json => fields
/** A request of the given operations. */
const ops = (...operations: Json[]): Json => ({ schemas, Operations: operations })
const post = (bulkId: string, path = '/Users', data: Json = user): Json =>
  op({ method: 'POST', path, bulkId, data })

export const BULK_CASES: readonly BulkCase[] = [
  // The request as a whole.
  {
    name: 'not an object',
    body: [],
    error: { status: 400, scimType: 'invalidSyntax', detail: 'JSON object' },
  },
  {
    name: 'no Operations',
    body: { schemas },
    error: { status: 400, scimType: 'invalidSyntax', detail: 'Operations array' },
  },
  {
    name: 'Operations not an array',
    body: { schemas, Operations: {} },
    error: { status: 400, scimType: 'invalidSyntax', detail: 'Operations array' },
  },
  { name: 'no operations at all is an empty Bulk', body: ops(), operations: [] },
  {
    name: 'attribute names ignore case',
    body: { SCHEMAS: schemas, operations: [{ METHOD: 'post', PATH: '/users', BULKID: 'u1' }] },
    operations: [{ resource: 'Users', defines: 'u1', references: [] }],
  },
  {
    name: 'failOnErrors is read',
    body: { schemas, failOnErrors: 2, Operations: [] },
    failOnErrors: 2,
    operations: [],
  },
  {
    name: 'failOnErrors 0',
    body: { schemas, failOnErrors: 0, Operations: [] },
    error: { status: 400, scimType: 'invalidValue', detail: 'failOnErrors must be an integer' },
  },
  {
    name: 'failOnErrors not an integer',
    body: { schemas, failOnErrors: '1', Operations: [] },
    error: { status: 400, scimType: 'invalidValue', detail: 'not "1"' },
  },
  {
    name: 'failOnErrors 1.5',
    body: { schemas, failOnErrors: 1.5, Operations: [] },
    error: { status: 400, scimType: 'invalidValue', detail: 'failOnErrors' },
  },
  {
    name: 'exactly maxOperations (3 here)',
    body: ops(post('a'), post('b'), post('c')),
    maxOperations: 3,
    operations: [{ defines: 'a' }, { defines: 'b' }, { defines: 'c' }],
  },
  {
    name: 'one more than maxOperations is 413 naming the limit',
    body: ops(post('a'), post('b'), post('c'), post('d')),
    maxOperations: 3,
    error: { status: 413, detail: 'maxOperations is 3' },
  },
  // One operation.
  {
    name: 'an operation that is not an object',
    body: ops('DELETE /Users/1'),
    operations: [{ error: { status: 400, scimType: 'invalidSyntax', detail: 'Operations[0]' } }],
  },
  {
    name: 'GET is not a Bulk method',
    body: ops(op({ method: 'GET', path: '/Users' })),
    operations: [{ error: { status: 400, scimType: 'invalidValue', detail: 'not "GET"' } }],
  },
  {
    name: 'no method',
    body: ops(op({ path: '/Users/1' })),
    operations: [{ error: { status: 400, scimType: 'invalidValue', detail: 'not null' } }],
  },
  {
    name: 'method ignores case',
    body: ops(op({ method: 'delete', path: '/Users/1' })),
    operations: [{ resource: 'Users', id: '1', references: [] }],
  },
  {
    name: 'POST without bulkId',
    body: ops(op({ method: 'POST', path: '/Users', data: user })),
    operations: [{ error: { status: 400, scimType: 'invalidSyntax', detail: 'needs a bulkId' } }],
  },
  {
    name: 'empty bulkId',
    body: ops(post('')),
    operations: [{ error: { status: 400, scimType: 'invalidValue', detail: 'must not be empty' } }],
  },
  {
    name: 'bulkId that is not a string',
    body: ops(op({ method: 'POST', path: '/Users', bulkId: 7, data: user })),
    operations: [{ error: { status: 400, scimType: 'invalidValue', detail: 'must be a string' } }],
  },
  {
    name: 'bulkId with a slash',
    body: ops(post('a/b')),
    operations: [{ error: { status: 400, scimType: 'invalidValue', detail: 'must not hold' } }],
  },
  {
    name: 'bulkId of 201 characters',
    body: ops(post('x'.repeat(201))),
    operations: [{ error: { status: 400, scimType: 'invalidValue', detail: 'at most 200' } }],
  },
  {
    name: 'duplicate bulkId: the second is refused, the first defines it',
    body: ops(post('u1'), post('u1')),
    operations: [
      { defines: 'u1' },
      { error: { status: 400, scimType: 'invalidValue', detail: 'already used by Operations[0]' } },
    ],
  },
  {
    name: 'path that is not a resource type',
    body: ops(op({ method: 'DELETE', path: '/Schemas/x' })),
    operations: [{ error: { status: 400, scimType: 'invalidPath', detail: '/Users/{id}' } }],
  },
  {
    name: 'Bulk inside a Bulk',
    body: ops(op({ method: 'POST', path: '/Bulk', bulkId: 'b', data: {} })),
    operations: [{ error: { status: 400, scimType: 'invalidPath', detail: '"/Bulk"' } }],
  },
  {
    name: 'path with a query',
    body: ops(op({ method: 'DELETE', path: '/Users/1?x=y' })),
    operations: [{ error: { status: 400, scimType: 'invalidPath', detail: 'path must be' } }],
  },
  {
    name: 'path with two segments',
    body: ops(op({ method: 'DELETE', path: '/Users/1/2' })),
    operations: [{ error: { status: 400, scimType: 'invalidPath', detail: 'path must be' } }],
  },
  {
    name: 'no path',
    body: ops(op({ method: 'DELETE' })),
    operations: [{ error: { status: 400, scimType: 'invalidPath', detail: 'not null' } }],
  },
  {
    name: 'POST to a resource',
    body: ops(post('u1', '/Users/1')),
    operations: [{ error: { status: 400, scimType: 'invalidPath', detail: 'a POST creates' } }],
  },
  {
    name: 'PUT without an id',
    body: ops(op({ method: 'PUT', path: '/Users', data: user })),
    operations: [{ error: { status: 400, scimType: 'invalidPath', detail: 'a PUT needs' } }],
  },
  {
    name: 'a dot segment as id',
    body: ops(op({ method: 'DELETE', path: '/Groups/..' })),
    operations: [{ error: { status: 400, scimType: 'invalidPath', detail: 'a DELETE needs' } }],
  },
  {
    name: 'path without its slash, any case, a trailing slash',
    body: ops(op({ method: 'DELETE', path: 'GROUPS/g-1/' })),
    operations: [{ resource: 'Groups', id: 'g-1', references: [] }],
  },
  // A path's segments are percent-decoded once, as the router decodes the same path over HTTP.
  {
    name: 'an escaped space in the id',
    body: ops(op({ method: 'DELETE', path: '/Users/abc%20def' })),
    operations: [{ resource: 'Users', id: 'abc def', references: [] }],
  },
  {
    name: 'an escaped slash is part of the id',
    body: ops(op({ method: 'DELETE', path: '/Users/a%2Fb' })),
    operations: [{ resource: 'Users', id: 'a/b', references: [] }],
  },
  {
    name: 'an escaped percent is decoded once',
    body: ops(op({ method: 'DELETE', path: '/Users/a%2520b' })),
    operations: [{ resource: 'Users', id: 'a%20b', references: [] }],
  },
  {
    name: 'escaped UTF-8 and a query character',
    body: ops(op({ method: 'DELETE', path: '/Groups/caf%C3%A9%3Fx' })),
    operations: [{ resource: 'Groups', id: 'café?x', references: [] }],
  },
  {
    name: 'a plus is a plus (paths are not forms)',
    body: ops(op({ method: 'DELETE', path: '/Users/a+b' })),
    operations: [{ resource: 'Users', id: 'a+b', references: [] }],
  },
  {
    name: 'an escaped resource type',
    body: ops(op({ method: 'DELETE', path: '/%55sers/1' })),
    operations: [{ resource: 'Users', id: '1', references: [] }],
  },
  {
    name: 'an escaped colon in a reference',
    body: ops(post('u1'), op({ method: 'DELETE', path: '/Users/bulkId%3Au1' })),
    operations: [{ defines: 'u1' }, { id: 'bulkId:u1', references: ['u1'] }],
  },
  {
    name: 'a malformed escape: the 400 the same path gets over HTTP',
    body: ops(op({ method: 'DELETE', path: '/Users/%zz' })),
    operations: [{ error: { status: 400, detail: 'is malformed: each % must start an escape' } }],
  },
  {
    name: 'a lone percent at the end',
    body: ops(op({ method: 'PATCH', path: '/Groups/abc%', data: {} })),
    operations: [{ error: { status: 400, detail: 'is malformed' } }],
  },
  {
    name: 'escapes that are not UTF-8',
    body: ops(op({ method: 'DELETE', path: '/Users/%C3%28' })),
    operations: [{ error: { status: 400, detail: 'is malformed' } }],
  },
  {
    name: 'a malformed escape in the resource type',
    body: ops(op({ method: 'DELETE', path: '/Us%zzers/1' })),
    operations: [{ error: { status: 400, detail: 'is malformed' } }],
  },
  {
    name: 'an escaped slash in the resource type is no resource type',
    body: ops(op({ method: 'DELETE', path: '/Users%2F1' })),
    operations: [{ error: { status: 400, scimType: 'invalidPath', detail: 'path must be' } }],
  },
  {
    name: 'an escaped dot segment is refused like a dot segment',
    body: ops(op({ method: 'DELETE', path: '/Users/%2E%2E' })),
    operations: [{ error: { status: 400, scimType: 'invalidPath', detail: 'a DELETE needs' } }],
  },
  {
    name: 'version that is not a string',
    body: ops(op({ method: 'DELETE', path: '/Users/1', version: 3 })),
    operations: [{ error: { status: 400, scimType: 'invalidValue', detail: 'version' } }],
  },
  // References.
  {
    name: 'references in the path and in data, each once',
    body: ops(
      post('u1'),
      post('u2'),
      op({
        method: 'PATCH',
        path: '/Groups/bulkId:g1',
        data: {
          Operations: [
            { op: 'add', path: 'members', value: [{ value: 'bulkId:u1' }, { value: 'bulkId:u2' }] },
            { op: 'add', path: 'members', value: [{ value: 'bulkId:u1' }] },
          ],
        },
      }),
      post('g1', '/Groups', { displayName: 'G' }),
    ),
    operations: [
      { defines: 'u1' },
      { defines: 'u2' },
      { resource: 'Groups', id: 'bulkId:g1', references: ['g1', 'u1', 'u2'] },
      { defines: 'g1', references: [] },
    ],
  },
  {
    name: 'a reference to a bulkId no POST defines',
    body: ops(post('g1', '/Groups', { displayName: 'G', members: [{ value: 'bulkId:nobody' }] })),
    operations: [
      {
        defines: 'g1',
        error: {
          status: 400,
          scimType: 'invalidValue',
          detail: '"bulkId:nobody" refers to no POST',
        },
      },
    ],
  },
  {
    name: 'a reference to the bulkId of a DELETE is unknown',
    body: ops(
      op({ method: 'DELETE', path: '/Users/1', bulkId: 'd' }),
      op({ method: 'DELETE', path: '/Users/bulkId:d' }),
    ),
    operations: [
      { references: [] },
      { error: { status: 400, scimType: 'invalidValue', detail: 'refers to no POST' } },
    ],
  },
  {
    name: 'a string that only contains bulkId: is no reference',
    body: ops(post('u1', '/Users', { userName: 'x', nickName: 'see bulkId:u1' })),
    operations: [{ defines: 'u1', references: [] }],
  },
  {
    name: 'data of a DELETE is ignored',
    body: ops(op({ method: 'DELETE', path: '/Users/1', data: { value: 'bulkId:none' } })),
    operations: [{ id: '1', references: [] }],
  },
]
