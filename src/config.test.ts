// Configuration from the environment: defaults, and a clear error for a bad value (the process exits
// before it serves anything). ROSTER_TRUST_PROXY never means "trust every hop".
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { loadConfig } from './config.js'

describe('loadConfig', () => {
  const TRUST: [string | undefined, false | number | string][] = [
    [undefined, false],
    ['', false],
    ['false', false],
    ['0', false],
    ['true', 1],
    ['2', 2],
    ['10.0.0.1', '10.0.0.1'],
    ['10.0.0.0/8, 192.168.1.5', '10.0.0.0/8, 192.168.1.5'],
  ]
  for (const [text, expected] of TRUST) {
    it(`ROSTER_TRUST_PROXY=${JSON.stringify(text)} → ${JSON.stringify(expected)}`, () => {
      const env = text === undefined ? {} : { ROSTER_TRUST_PROXY: text }
      assert.equal(loadConfig(env).trustProxy, expected)
    })
  }
  it('refuses a ROSTER_TRUST_PROXY that is not a count or addresses', () => {
    assert.throws(() => loadConfig({ ROSTER_TRUST_PROXY: 'yes please' }), /ROSTER_TRUST_PROXY/)
  })
  it('keeps the documented defaults', () => {
    const config = loadConfig({})
    assert.equal(config.port, 8080)
    assert.equal(config.host, '127.0.0.1')
    assert.equal(config.bodyLimit, 1_048_576)
  })
})
