// parseUser against the attribute profile (product.md): the cases are data in user-rules.cases.ts.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ScimError } from '../errors.js'
import type { UserData } from '../resource/user.js'
import { userRegistry } from '../schema/registry.js'
import { DEFAULT_SETTINGS } from './settings.js'
import type { TenantSettings } from './settings.js'
import { parseUser, unsupportedError } from './user-rules.js'
import { ACCEPTED, FULL_USER, REJECTED } from './user-rules.cases.js'

const settingsOf = (changes: Partial<TenantSettings> = {}): TenantSettings => ({
  ...DEFAULT_SETTINGS,
  ...changes,
})

describe('parseUser accepts', () => {
  for (const c of ACCEPTED) {
    it(c.name, () => {
      const input = parseUser(c.body, userRegistry(), settingsOf(c.settings))
      if (c.whole) {
        assert.deepEqual(input.data, c.data)
      } else {
        for (const [key, expected] of Object.entries(c.data)) {
          assert.deepEqual(input.data[key as keyof UserData], expected, key)
          if (expected === undefined) assert.ok(!(key in input.data), `${key} is absent`)
        }
      }
      assert.equal(input.password, c.password)
      assert.deepEqual(input.ignored, c.ignored ?? [])
      assert.ok(!('password' in input.data), 'the password is never part of the data')
    })
  }
})

describe('parseUser rejects', () => {
  for (const c of REJECTED) {
    it(c.name, () => {
      assert.throws(
        () => parseUser(c.body, userRegistry(), settingsOf(c.settings)),
        (error: unknown) => {
          assert.ok(error instanceof ScimError, String(error))
          assert.equal(error.status, 400)
          assert.equal(error.scimType, c.scimType)
          const prefix = /^(\d+) problems: /.exec(error.detail)
          assert.equal(prefix ? Number(prefix[1]) : 1, c.problems, error.detail)
          for (const text of c.detail)
            assert.ok(error.detail.includes(text), `${error.detail}\n  lacks: ${text}`)
          for (const text of c.absent ?? [])
            assert.ok(!error.detail.includes(text), `${error.detail}\n  has: ${text}`)
          return true
        },
      )
    })
  }
})

describe('parseUser is pure', () => {
  it('does not change the body', () => {
    const body = structuredClone(FULL_USER)
    parseUser(body, userRegistry(), DEFAULT_SETTINGS)
    assert.deepEqual(body, FULL_USER)
  })

  it('gives the same result for the same body', () => {
    const a = parseUser(FULL_USER, userRegistry(), DEFAULT_SETTINGS)
    const b = parseUser(structuredClone(FULL_USER), userRegistry(), DEFAULT_SETTINGS)
    assert.deepEqual(a, b)
  })

  it('reports unsupported attributes together with the other problems in reject mode', () => {
    assert.throws(
      () => parseUser({ userName: '', displayName: 'x' }, userRegistry(), DEFAULT_SETTINGS),
      (error: unknown) =>
        error instanceof ScimError &&
        /^2 problems: This directory does not support the attribute displayName/.test(
          error.detail,
        ) &&
        /userName: is required/.test(error.detail),
    )
  })
})

describe('unsupportedError', () => {
  const CASES: readonly { paths: readonly string[]; detail: string }[] = [
    { paths: ['displayName'], detail: 'the attribute displayName. Remove it from' },
    {
      paths: ['displayName', 'title'],
      detail: 'the attributes displayName, title. Remove them from',
    },
    {
      paths: ['emails.location', 'emails.location'],
      detail: 'the attribute emails.location. Remove it from',
    },
  ]
  for (const c of CASES) {
    it(c.paths.join(', '), () => {
      const error = unsupportedError(c.paths)
      assert.equal(error.status, 400)
      assert.equal(error.scimType, 'invalidValue')
      assert.ok(error.detail.includes(c.detail), error.detail)
    })
  }
})
