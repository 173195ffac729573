import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ScimError } from '../scim/errors.js'
import { hashPassword, MAX_WAITING, verifyPassword } from './password-hash.js'

describe('password hashes', () => {
  it('verify the password they were made from, and no other', async () => {
    const hash = await hashPassword('Correct-Horse-9', 't1')
    assert.match(hash, /^scrypt\$32768\$8\$1\$/)
    assert.equal(await verifyPassword('Correct-Horse-9', hash, 't1'), true)
    assert.equal(await verifyPassword('correct-horse-9', hash, 't1'), false)
    assert.equal(await verifyPassword('x', 'scrypt$99999999999$8$1$a$b'), false)
  })

  it('run one at a time, round-robin across tenants: a burst of one tenant does not hold up another', async () => {
    const done: string[] = []
    const burst = Array.from({ length: MAX_WAITING }, (_, i) =>
      hashPassword(`burst-${i}`, 'busy').then(() => done.push(`busy${i}`)),
    )
    const other = hashPassword('other', 'quiet').then(() => done.push('quiet'))
    await Promise.all([...burst, other])
    // The quiet tenant's hash is the second one served (after the hash already running), not the last.
    assert.ok(done.indexOf('quiet') <= 2, done.join(' '))
  })

  it(`refuse a tenant's hash beyond ${MAX_WAITING} waiting with 503 and Retry-After`, async () => {
    const accepted = Array.from({ length: MAX_WAITING + 1 }, (_, i) =>
      hashPassword(`p${i}`, 'flood'),
    )
    await assert.rejects(hashPassword('one too many', 'flood'), (error: unknown) => {
      assert.ok(error instanceof ScimError)
      assert.equal(error.status, 503)
      assert.equal(error.headers['retry-after'], '1')
      return true
    })
    // Another tenant is still served meanwhile.
    await hashPassword('another tenant', 'calm')
    await Promise.all(accepted)
  })
})
