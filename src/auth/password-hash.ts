// User passwords are stored as scrypt hashes (node:crypto; N=2^15, r=8, p=1, 16-byte salt, 32-byte key),
// encoded `scrypt$N$r$p$salt$key` so parameters can be raised later without breaking stored hashes.
//
// scrypt is made to be slow (tens of milliseconds and 32 MiB each): run unbounded on the libuv pool, a
// tenant's burst of password writes would take both cores (and the pool the fsyncs need) from everyone.
// So hashes run one at a time per process, taken round-robin across tenants, and a tenant with more
// than MAX_WAITING hashes waiting gets 503 with Retry-After (its own requests wait, nobody else's).
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { ScimError } from '../scim/errors.js'

const N = 2 ** 15
const R = 8
const P = 1
const KEY_LENGTH = 32
/** Hashes waiting per tenant beyond which a new one is refused (503). */
export const MAX_WAITING = 8

interface Job {
  readonly run: () => Promise<Buffer>
  readonly settle: (result: { key: Buffer } | { error: unknown }) => void
}

/** Round-robin over the keys' queues; one job running at a time. */
const waiting = new Map<string, Job[]>()
let running = false

function schedule(key: string, run: () => Promise<Buffer>): Promise<Buffer> {
  const queue = waiting.get(key) ?? []
  if (queue.length >= MAX_WAITING) {
    return Promise.reject(
      ScimError.unavailable(
        'Too many password changes are being processed for this tenant; retry in a moment.',
        1,
      ),
    )
  }
  return new Promise((resolve, reject) => {
    queue.push({ run, settle: (r) => ('key' in r ? resolve(r.key) : reject(r.error)) })
    waiting.set(key, queue)
    next()
  })
}

function next(): void {
  if (running) return
  // Map iteration follows insertion order: the first key is served, then moved to the end.
  const first = waiting.entries().next()
  if (first.done) return
  const [key, queue] = first.value
  const job = queue.shift()
  waiting.delete(key)
  if (queue.length > 0) waiting.set(key, queue)
  if (!job) return next()
  running = true
  job
    .run()
    .then(
      (value) => job.settle({ key: value }),
      (error: unknown) => job.settle({ error }),
    )
    .finally(() => {
      running = false
      next()
    })
}

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem: scrypt needs 128·N·r bytes; allow twice that.
    scrypt(password, salt, KEY_LENGTH, { N: n, r, p, maxmem: 256 * n * r }, (error, key) =>
      error ? reject(error) : resolve(key),
    )
  })
}

/** `fairness`: whose queue the hash waits in (the tenant's id). */
export async function hashPassword(password: string, fairness = ''): Promise<string> {
  const salt = randomBytes(16)
  const key = await schedule(fairness, () => derive(password, salt, N, R, P))
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export async function verifyPassword(
  password: string,
  encoded: string,
  fairness = '',
): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = encoded.split('$')
  if (scheme !== 'scrypt' || !salt || !key) return false
  // Only parameters Roster writes (or stronger ones within scrypt's memory bound) are run.
  const cost = { n: Number(n), r: Number(r), p: Number(p) }
  if (![cost.n, cost.r, cost.p].every(Number.isSafeInteger) || cost.n > 2 ** 20) return false
  const expected = Buffer.from(key, 'base64url')
  const actual = await schedule(fairness, () =>
    derive(password, Buffer.from(salt, 'base64url'), cost.n, cost.r, cost.p),
  )
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}
