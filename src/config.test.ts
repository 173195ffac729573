// Configuration from the environment: defaults, and a clear error for a bad value (the process exits
// before it serves anything). ROSTER_TRUST_PROXY never means "trust every hop".
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { databaseConfig, defaultMaxConnections, describeDatabase, loadConfig } from './config.js'

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
  const PUBLIC: [string, string | undefined | RegExp][] = [
    ['', undefined],
    ['https://roster.example.com', 'https://roster.example.com'],
    ['https://roster.example.com/', 'https://roster.example.com'],
    ['http://10.0.0.5:8080/directory/', 'http://10.0.0.5:8080/directory'],
    ['roster.example.com', /ROSTER_PUBLIC_URL must be an http\(s\) URL/],
    ['ftp://roster.example.com', /ROSTER_PUBLIC_URL/],
    ['https://roster.example.com/?a=1', /without query/],
  ]
  for (const [text, expected] of PUBLIC) {
    it(`ROSTER_PUBLIC_URL=${JSON.stringify(text)}`, () => {
      if (expected instanceof RegExp)
        assert.throws(() => loadConfig({ ROSTER_PUBLIC_URL: text }), expected)
      else assert.equal(loadConfig({ ROSTER_PUBLIC_URL: text }).publicUrl, expected)
    })
  }
  it('keeps the documented defaults', () => {
    const config = loadConfig({})
    assert.equal(config.port, 8080)
    assert.equal(config.host, '127.0.0.1')
    assert.equal(config.bodyLimit, 1_048_576)
    assert.deepEqual(config.timeouts, { requestMs: 30_000, headersMs: 10_000, keepAliveMs: 5_000 })
    assert.equal(config.statementTimeoutMs, 5_000)
    assert.equal(config.sqliteCacheMiB, 16)
    assert.equal(config.logCacheMiB, 64)
    assert.ok(config.maxConnections >= 16 && config.maxConnections <= 10_000)
  })
  it('reads timeouts in seconds and refuses what Node would refuse', () => {
    const config = loadConfig({
      ROSTER_REQUEST_TIMEOUT: '2.5',
      ROSTER_HEADERS_TIMEOUT: '1',
      ROSTER_KEEPALIVE_TIMEOUT: '0.5',
      ROSTER_STATEMENT_TIMEOUT: '0.25',
      ROSTER_MAX_CONNECTIONS: '100',
      ROSTER_SQLITE_CACHE: '4',
      ROSTER_LOG_CACHE: '8',
    })
    assert.deepEqual(config.timeouts, { requestMs: 2500, headersMs: 1000, keepAliveMs: 500 })
    assert.equal(config.statementTimeoutMs, 250)
    assert.equal(config.maxConnections, 100)
    assert.equal(config.sqliteCacheMiB, 4)
    assert.equal(config.logCacheMiB, 8)
    for (const [name, value] of [
      ['ROSTER_REQUEST_TIMEOUT', '0'],
      ['ROSTER_REQUEST_TIMEOUT', 'never'],
      ['ROSTER_HEADERS_TIMEOUT', '60'],
      ['ROSTER_STATEMENT_TIMEOUT', '-1'],
      ['ROSTER_MAX_CONNECTIONS', '0'],
      ['ROSTER_SQLITE_CACHE', '0'],
      ['ROSTER_SQLITE_CACHE', '2.5'],
      ['ROSTER_LOG_CACHE', '-64'],
    ] as const) {
      assert.throws(() => loadConfig({ [name]: value }), new RegExp(name))
    }
  })
  it('gives the CLI the SQLite caches with the database (ROSTER_SQLITE_CACHE=256 roster users import)', () => {
    const config = databaseConfig({ ROSTER_SQLITE_CACHE: '256' })
    assert.equal(config.sqliteCacheMiB, 256)
    assert.equal(config.logCacheMiB, 64)
  })
  it('prepares PostgreSQL statements unless ROSTER_PG_PREPARE is off', () => {
    for (const [value, expected] of [
      [undefined, true],
      ['on', true],
      ['OFF', false],
      ['0', false],
    ] as const)
      assert.equal(
        loadConfig(value === undefined ? {} : { ROSTER_PG_PREPARE: value }).pgPrepare,
        expected,
      )
    assert.throws(
      () => loadConfig({ ROSTER_PG_PREPARE: 'sometimes' }),
      /ROSTER_PG_PREPARE must be on or off/,
    )
  })
  it('caps connections below the file-descriptor limit', () => {
    assert.equal(defaultMaxConnections('/nonexistent'), 10_000)
  })
  it('takes a known LOG_LEVEL in any case and refuses another with the list', () => {
    assert.equal(loadConfig({ LOG_LEVEL: 'WARN' }).logLevel, 'warn')
    assert.throws(
      () => loadConfig({ LOG_LEVEL: 'verbose' }),
      /^Error: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not 'verbose'\.$/,
    )
    assert.equal(loadConfig({ LOG_FORMAT: 'json' }).logFormat, 'json')
    assert.equal(loadConfig({}).logFormat, undefined)
    assert.throws(
      () => loadConfig({ LOG_FORMAT: 'xml' }),
      /LOG_FORMAT must be json, pretty or auto/,
    )
  })
  it('names the database without a password', () => {
    assert.equal(describeDatabase({ dbFile: '/srv/roster.db' }), 'SQLite /srv/roster.db')
    assert.equal(
      describeDatabase({ dbFile: 'x', databaseUrl: 'postgres://roster:s3cret@db.internal/roster' }),
      'PostgreSQL db.internal:5432/roster',
    )
  })
})

describe('ROSTER_CONFIG', () => {
  const withFile = (text: string, check: (file: string, dir: string) => void): void => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-config-'))
    try {
      const file = join(dir, 'roster.env')
      writeFileSync(file, text)
      check(file, dir)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  it('sets variables under the environment; ROSTER_DB relative to the file', () => {
    withFile('# Roster\nPORT=9090\nROSTER_DB=data/r.db\nLOG_LEVEL="debug"\n', (file, dir) => {
      const config = loadConfig({ ROSTER_CONFIG: file })
      assert.equal(config.port, 9090)
      assert.equal(config.dbFile, join(dir, 'data/r.db'))
      assert.equal(config.logLevel, 'debug')
      assert.equal(loadConfig({ ROSTER_CONFIG: file, PORT: '7070' }).port, 7070)
      assert.equal(databaseConfig({ ROSTER_CONFIG: file }).dbFile, join(dir, 'data/r.db'))
    })
  })
  it('refuses a variable Roster does not read (a typo) and a missing file', () => {
    withFile('ROSTER_DATABASE=x.db\n', (file) => {
      assert.throws(
        () => loadConfig({ ROSTER_CONFIG: file }),
        /sets ROSTER_DATABASE, which Roster does not read; it may set PORT, HOST, ROSTER_DB/,
      )
    })
    assert.throws(
      () => databaseConfig({ ROSTER_CONFIG: '/nonexistent/roster.env' }),
      /ROSTER_CONFIG names \/nonexistent\/roster\.env, which cannot be read \(ENOENT\)/,
    )
  })
})
