// product.md, timezone: a real IANA zone or link, enabled for the tenant (default: all). A tenant's list
// enables a zone under any of its names: `US/Pacific` enables `America/Los_Angeles` and back.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { allTimeZones, canonicalTimeZone, isTimeZoneEnabled } from './time-zones.js'

const VALID: readonly { input: string; why: string }[] = [
  { input: 'America/Los_Angeles', why: 'canonical zone' },
  { input: 'US/Pacific', why: 'link (backward)' },
  { input: 'UTC', why: 'UTC' },
  { input: 'Etc/GMT+5', why: 'fixed offset zone with a +' },
  { input: 'Etc/GMT-14', why: 'fixed offset zone with a -' },
  { input: 'Asia/Calcutta', why: 'old name' },
  { input: 'Asia/Kolkata', why: 'new name' },
  { input: 'America/Argentina/Buenos_Aires', why: 'three-part name' },
  { input: 'america/los_angeles', why: 'lower case (ECMA-402 names are case insensitive)' },
]

const INVALID: readonly { input: string; why: string }[] = [
  { input: 'US/Los Angeles', why: "the xMatters doc's wording, with a space" },
  { input: 'Foo/Bar', why: 'no such zone' },
  { input: '+05:00', why: 'an offset is not a zone' },
  { input: '', why: 'empty' },
  { input: ' UTC', why: 'leading space' },
  { input: 'PST8PDT;drop', why: 'injection-like text' },
  { input: '../etc/passwd', why: 'a path' },
  { input: 'Z', why: 'ISO 8601 UTC designator' },
  { input: 'America/', why: 'trailing slash' },
]

describe('canonicalTimeZone', () => {
  for (const c of VALID) {
    it(`accepts ${c.input} (${c.why})`, () => {
      const canonical = canonicalTimeZone(c.input)
      assert.equal(typeof canonical, 'string')
      // The canonical name is itself a zone, and its own canonical name.
      assert.equal(canonicalTimeZone(canonical as string), canonical)
    })
  }
  for (const c of INVALID) {
    it(`rejects ${JSON.stringify(c.input)} (${c.why})`, () => {
      assert.equal(canonicalTimeZone(c.input), undefined)
    })
  }
  it('lists region/city zones for `roster timezones list`', () => {
    const all = allTimeZones()
    assert.ok(all.includes(canonicalTimeZone('America/Los_Angeles') as string))
    assert.ok(all.includes(canonicalTimeZone('Europe/Paris') as string))
    for (const zone of all) assert.equal(canonicalTimeZone(zone), zone, zone)
  })
  it('maps a link and its zone to one name', () => {
    assert.equal(canonicalTimeZone('US/Pacific'), canonicalTimeZone('America/Los_Angeles'))
    assert.equal(canonicalTimeZone('Asia/Kolkata'), canonicalTimeZone('Asia/Calcutta'))
    assert.equal(canonicalTimeZone('Etc/UTC'), canonicalTimeZone('UTC'))
    assert.notEqual(canonicalTimeZone('US/Eastern'), canonicalTimeZone('US/Pacific'))
  })
})

const ENABLED_CASES: readonly {
  input: string
  enabled: 'all' | readonly string[]
  expected: boolean
  why: string
}[] = [
  { input: 'America/Los_Angeles', enabled: 'all', expected: true, why: 'all enabled' },
  { input: 'US/Pacific', enabled: 'all', expected: true, why: 'a link, all enabled' },
  { input: 'UTC', enabled: 'all', expected: true, why: 'UTC, all enabled' },
  { input: 'Etc/GMT+5', enabled: 'all', expected: true, why: 'fixed offset, all enabled' },
  { input: 'Asia/Calcutta', enabled: 'all', expected: true, why: 'old name, all enabled' },
  { input: 'Foo/Bar', enabled: 'all', expected: false, why: 'not a zone, all enabled' },
  { input: 'PST8PDT;drop', enabled: 'all', expected: false, why: 'injection-like text' },
  { input: '', enabled: 'all', expected: false, why: 'empty' },
  { input: 'US/Los Angeles', enabled: 'all', expected: false, why: 'not a zone' },
  { input: 'US/Pacific', enabled: ['US/Pacific'], expected: true, why: 'listed as sent' },
  {
    input: 'America/Los_Angeles',
    enabled: ['US/Pacific'],
    expected: true,
    why: 'its link is listed',
  },
  {
    input: 'US/Pacific',
    enabled: ['America/Los_Angeles'],
    expected: true,
    why: 'its zone is listed',
  },
  { input: 'Asia/Kolkata', enabled: ['Asia/Calcutta'], expected: true, why: 'renamed zone' },
  { input: 'UTC', enabled: ['Etc/UTC'], expected: true, why: 'UTC alias' },
  { input: 'us/pacific', enabled: ['America/Los_Angeles'], expected: true, why: 'any case' },
  {
    input: 'Europe/Paris',
    enabled: ['US/Pacific', 'US/Eastern'],
    expected: false,
    why: 'a real zone not listed',
  },
  {
    input: 'US/Eastern',
    enabled: ['US/Pacific', 'US/Eastern'],
    expected: true,
    why: 'second entry',
  },
  { input: 'US/Pacific', enabled: [], expected: false, why: 'nothing enabled' },
  {
    input: 'Foo/Bar',
    enabled: ['Foo/Bar'],
    expected: false,
    why: 'a bogus list entry enables nothing',
  },
  { input: 'Etc/GMT+5', enabled: ['Etc/GMT-5'], expected: false, why: 'opposite offsets differ' },
]

describe('isTimeZoneEnabled', () => {
  for (const c of ENABLED_CASES) {
    it(`${c.input} with ${JSON.stringify(c.enabled)} → ${c.expected} (${c.why})`, () => {
      assert.equal(isTimeZoneEnabled(c.input, c.enabled), c.expected)
    })
  }
})
