// product.md, phoneNumbers: `value` must be E.164 and a possible number; it is stored and returned as sent.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { userRegistry } from '../schema/registry.js'
import { phoneProblem } from './phone.js'
import { DEFAULT_SETTINGS } from './settings.js'
import { parseUser } from './user-rules.js'

const E164 = /is not in E\.164 format/
const IMPOSSIBLE = /is not a possible phone number for its country code/

const CASES: readonly { value: string; why: string; problem?: RegExp }[] = [
  { value: '+14155550123', why: 'US (NANP)' },
  { value: '+447700900123', why: 'UK mobile' },
  { value: '+61491570156', why: 'Australian mobile' },
  { value: '+33612345678', why: 'French mobile' },
  { value: '4155550123', why: 'no +', problem: E164 },
  { value: '+1 415 555 0123', why: 'spaces', problem: E164 },
  { value: '+1-415-555-0123', why: 'hyphens', problem: E164 },
  { value: '(415) 555-0123', why: 'national format', problem: E164 },
  { value: '+0123', why: 'country codes never start with 0', problem: E164 },
  { value: '+1415', why: 'too short for +1', problem: IMPOSSIBLE },
  { value: '+999123456789', why: 'unassigned country code', problem: IMPOSSIBLE },
  { value: '', why: 'empty', problem: E164 },
  { value: '+14155550123x5', why: 'extension', problem: E164 },
  { value: '+1415555012345678', why: 'more than 15 digits', problem: E164 },
]

describe('phoneProblem', () => {
  for (const c of CASES) {
    if (c.problem === undefined) {
      it(`accepts ${c.value} (${c.why})`, () => {
        assert.equal(phoneProblem(c.value), undefined)
      })
    } else {
      const pattern = c.problem
      it(`rejects ${JSON.stringify(c.value)} (${c.why})`, () => {
        const problem = phoneProblem(c.value)
        assert.match(problem ?? '', pattern)
        // The admin sees the offending value quoted.
        assert.ok(problem?.startsWith(`'${c.value}' `), problem)
      })
    }
  }
  it('answers a number checked before as it did the first time (the answers are remembered)', () => {
    for (const c of [...CASES, ...CASES]) {
      const problem = phoneProblem(c.value)
      if (c.problem === undefined) assert.equal(problem, undefined, c.value)
      else assert.match(problem ?? '', c.problem)
    }
  })
})

// Each accepted number under a different device type: the value, and the type, come back as sent.
const STORED: readonly { value: string; type: string; device: string }[] = [
  { value: '+14155550123', type: 'Work Phone', device: 'Work Phone' },
  { value: '+447700900123', type: 'mobile', device: 'Mobile Phone' },
  { value: '+61491570156', type: 'HOME', device: 'Home Phone' },
  { value: '+33612345678', type: 'sms phone', device: 'SMS Phone' },
]

describe('phone values are never rewritten', () => {
  for (const row of STORED) {
    it(`stores ${row.value} (type ${row.type}) exactly as sent`, () => {
      const input = parseUser(
        { userName: 'joy', phoneNumbers: [{ type: row.type, value: row.value }] },
        userRegistry(),
        DEFAULT_SETTINGS,
      )
      assert.deepEqual(input.data.phoneNumbers, [row])
    })
  }
})
