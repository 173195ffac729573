import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isValidHost, normalizePublicUrl } from './origin.js'

describe('isValidHost (RFC 9112 §3.2, RFC 3986 §3.2.2)', () => {
  const cases: [string, boolean][] = [
    ['roster.example.com', true],
    ['roster.example.com:8443', true],
    ['localhost', true],
    ['127.0.0.1:8080', true],
    ['[::1]:8080', true],
    ['[2001:db8::1]', true],
    ['under_score.internal', true],
    ['a'.repeat(253), true],
    ['a'.repeat(254), false],
    ['', false],
    ['host:65535', true],
    ['host:65536', false],
    ['host:123456', false],
    ['host:', false],
    ['evil.com/path', false],
    ['evil.com"><script>', false],
    ['evil.com?x=1', false],
    ['evil.com#frag', false],
    ['user@evil.com', false],
    ['evil .com', false],
    ['-leading.example', false],
    ['[::1', false],
    ['::1', false],
    ['exa\u00e9mple.com', false],
  ]
  for (const [host, valid] of cases) {
    it(`${JSON.stringify(host.length > 40 ? `${host.slice(0, 10)}…(${host.length})` : host)} → ${valid}`, () => {
      assert.equal(isValidHost(host), valid)
    })
  }
})

describe('normalizePublicUrl', () => {
  const good: [string, string][] = [
    ['https://roster.example.com', 'https://roster.example.com'],
    ['https://roster.example.com/', 'https://roster.example.com'],
    ['https://Roster.Example.com:443/', 'https://roster.example.com'],
    ['http://10.0.0.5:8080/roster//', 'http://10.0.0.5:8080/roster'],
  ]
  for (const [text, expected] of good) {
    it(`${text} → ${expected}`, () => assert.equal(normalizePublicUrl(text), expected))
  }
  const bad = [
    'roster.example.com',
    'ftp://roster.example.com',
    'https://u:p@roster.example.com',
    'https://r.example?x=1',
    'https://r.example/#top',
  ]
  for (const text of bad) {
    it(`refuses ${text}`, () => assert.throws(() => normalizePublicUrl(text), /ROSTER_PUBLIC_URL/))
  }
})
