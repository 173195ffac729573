// The pieces `roster users` and `roster groups` share, as tables of cases: --limit/--all, the line saying
// more exist, the SCIM base URL resources are rendered with, keyset paging up to a limit, a piped
// password's one line.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Keyset } from '../scim/cursor.js'
import type { Tenant } from '../store/store.js'
import { CliError } from './context.js'
import { limitOf, moreLine, pages, resolveOne, scimBase } from './directory.js'
import type { ListOptions, Naming, Page } from './directory.js'
import { firstLine } from './secret-input.js'

const tenant = (slug: string): Tenant => ({
  id: 't1',
  slug,
  name: slug,
  created: '2026-01-01T00:00:00.000Z',
  disabled: false,
})

describe('limitOf', () => {
  const cases: [ListOptions, number | undefined | RegExp][] = [
    [{}, 100],
    [{ limit: '5' }, 5],
    [{ limit: ' 2500 ' }, 2500],
    [{ all: true }, undefined],
    [{ limit: '0' }, /from 1, not '0'/],
    [{ limit: '-3' }, /whole number/],
    [{ limit: '1.5' }, /whole number/],
    [{ limit: 'many' }, /whole number/],
    [{ limit: '5', all: true }, /cannot be used together/],
  ]
  for (const [options, expected] of cases) {
    it(JSON.stringify(options), () => {
      if (expected instanceof RegExp)
        assert.throws(
          () => limitOf(options),
          (e: unknown) => e instanceof CliError && expected.test(e.message),
        )
      else assert.equal(limitOf(options), expected)
    })
  }
})

describe('moreLine', () => {
  const cases: [number, number, string | undefined][] = [
    [3, 3, undefined],
    [0, 0, undefined],
    [100, 2345, 'roster: showing 100 of 2345 users; --limit N or --all for more\n'],
  ]
  for (const [shown, total, expected] of cases)
    it(`${shown} of ${total}`, () => assert.equal(moreLine(shown, total, 'users'), expected))
})

describe('scimBase', () => {
  const cases: [string, NodeJS.ProcessEnv, string | RegExp][] = [
    ['default', {}, 'http://127.0.0.1:8080/api/xm/1/scim/v2'],
    ['acme', { HOST: '0.0.0.0', PORT: '9000' }, 'http://0.0.0.0:9000/t/acme/api/xm/1/scim/v2'],
    ['default', { HOST: '::1' }, 'http://[::1]:8080/api/xm/1/scim/v2'],
    [
      'acme',
      { ROSTER_PUBLIC_URL: 'https://r.example/' },
      'https://r.example/t/acme/api/xm/1/scim/v2',
    ],
    [
      'default',
      { ROSTER_PUBLIC_URL: 'ftp://r.example' },
      /ROSTER_PUBLIC_URL must be an http\(s\) URL/,
    ],
  ]
  for (const [slug, env, expected] of cases) {
    it(`${slug} ${JSON.stringify(env)}`, () => {
      if (expected instanceof RegExp)
        assert.throws(
          () => scimBase(tenant(slug), env),
          (e: unknown) => e instanceof CliError && expected.test(e.message),
        )
      else assert.equal(scimBase(tenant(slug), env), expected)
    })
  }
})

describe('pages', () => {
  // A store of `size` rows numbered from 0, read by keyset as listUsers is.
  const store =
    (size: number, reads: [string | undefined, number][]) =>
    async (keyset: Keyset, count: number): Promise<Page<number>> => {
      reads.push([keyset.after?.id, count])
      const from = keyset.after ? Number(keyset.after.id) + 1 : 0
      const items = Array.from(
        { length: Math.max(0, Math.min(count, size - from)) },
        (_, i) => from + i,
      )
      const last = items[items.length - 1]
      return {
        total: size,
        items,
        ...(last !== undefined && last < size - 1 ? { next: { key: null, id: String(last) } } : {}),
      }
    }
  const cases: [number, number | undefined, number, [string | undefined, number][]][] = [
    [0, 100, 0, [[undefined, 100]]],
    [3, 100, 3, [[undefined, 100]]],
    [
      2500,
      undefined,
      2500,
      [
        [undefined, 1000],
        ['999', 1000],
        ['1999', 1000],
      ],
    ],
    [
      2500,
      1500,
      1500,
      [
        [undefined, 1000],
        ['999', 500],
      ],
    ],
    [1000, 1000, 1000, [[undefined, 1000]]],
  ]
  for (const [size, limit, shown, expectedReads] of cases) {
    it(`${size} rows, limit ${limit ?? 'none'}`, async () => {
      const reads: [string | undefined, number][] = []
      const all = pages(store(size, reads), limit)
      const seen: number[] = []
      let step = await all.next()
      while (!step.done) {
        seen.push(...step.value)
        step = await all.next()
      }
      assert.equal(step.value, size, 'the total')
      assert.deepEqual(
        seen,
        Array.from({ length: shown }, (_, i) => i),
      )
      assert.deepEqual(reads, expectedReads)
    })
  }
})

describe('firstLine (a piped password)', () => {
  const cases: [string, string | RegExp][] = [
    ['secret\n', 'secret'],
    ['secret\r\n', 'secret'],
    ['secret', 'secret'],
    [' spaced out \n', ' spaced out '],
    ['', /No password on stdin/],
    ['\n', /No password on stdin/],
    ['a\nb\n', /more than one line/],
    ['a\n\n', /more than one line/],
  ]
  for (const [input, expected] of cases) {
    it(JSON.stringify(input), () => {
      if (expected instanceof RegExp)
        assert.throws(
          () => firstLine(input),
          (e: unknown) => e instanceof CliError && expected.test(e.message),
        )
      else assert.equal(firstLine(input), expected)
    })
  }
})

describe('resolveOne', () => {
  // Two groups: g1 'Ops', and g2 whose displayName is g1's id.
  const groups = [
    { id: 'g1', name: 'Ops' },
    { id: 'g2', name: 'g1' },
  ]
  const lookup = {
    noun: 'group',
    nameAttribute: 'displayName',
    byId: async (id: string) => groups.find((g) => g.id === id),
    byName: async (name: string) => groups.find((g) => g.name.toLowerCase() === name.toLowerCase()),
    label: (g: { name: string }) => g.name,
    hint: 'roster groups list',
  }
  const cases: [string, Naming, string | RegExp][] = [
    ['ops', 'auto', 'g1'],
    ['g2', 'auto', 'g2'],
    [
      'g1',
      'auto',
      /'g1' is ambiguous: it is the id of group Ops and the displayName of group g2; add --by id or --by displayName/,
    ],
    ['g1', 'id', 'g1'],
    ['G1', 'name', 'g2'],
    ['Ops', 'id', /no group with the id 'Ops' \(roster groups list\)/],
    ['g2', 'name', /no group with the displayName 'g2'/],
    ['nope', 'auto', /no group with the displayName or id 'nope'/],
    ['  ', 'auto', /Name a group: its displayName or id/],
  ]
  for (const [text, naming, expected] of cases) {
    it(`${JSON.stringify(text)} ${naming}`, async () => {
      if (expected instanceof RegExp)
        await assert.rejects(
          resolveOne(text, naming, lookup),
          (e: unknown) => e instanceof CliError && expected.test(e.message),
        )
      else assert.equal((await resolveOne(text, naming, lookup)).id, expected)
    })
  }
})
