// The import rules of docs/architecture.md, enforced by reading every import of src/ (style.md §4).
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'
import { describe, it } from 'node:test'

const SRC = 'src'

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    return e.isDirectory()
      ? files(path)
      : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
        ? [path]
        : []
  })
}

/** Every module an import or export names: a path relative to src/ for our files, the package otherwise. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const specifiers = [
    ...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
    // Dynamic imports (the CLI loads its heavy modules when a command runs) follow the same rules;
    // one written inside a string (a worker's source) is not an import of this file.
    ...text.matchAll(/(?<![`'"])\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1] as string)
  return specifiers.map((s) =>
    s.startsWith('.')
      ? relative(SRC, normalize(join(dirname(file), s))).replace(/\.js$/, '.ts')
      : s,
  )
}

/** The imports evaluated when the file loads (no `import type`, no dynamic import). */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return [
    ...text.matchAll(/^\s*(?:import|export)(?!\s+type\b)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
  ]
    .map((m) => m[1] as string)
    .map((s) =>
      s.startsWith('.')
        ? relative(SRC, normalize(join(dirname(file), s))).replace(/\.js$/, '.ts')
        : s,
    )
}

interface Rule {
  readonly folder: (file: string) => boolean
  readonly allowed: (target: string) => boolean
  readonly description: string
}

const PURE_LIBRARIES = ['libphonenumber-js', 'validator']
const isOurs = (t: string): boolean => !t.startsWith('node:') && /\.ts$/.test(t)
const under = (prefix: string) => (t: string) => t.startsWith(prefix)

const RULES: Rule[] = [
  {
    description: 'scim/ imports only scim/, node:* and pure libraries',
    folder: under('scim/'),
    allowed: (t) =>
      under('scim/')(t) ||
      t.startsWith('node:') ||
      PURE_LIBRARIES.some((p) => t === p || t.startsWith(`${p}/`)),
  },
  {
    description: 'auth/ imports scim/, store/store.ts, auth/, jose and node:*',
    folder: under('auth/'),
    allowed: (t) =>
      under('scim/')(t) ||
      under('auth/')(t) ||
      t === 'store/store.ts' ||
      t === 'jose' ||
      t.startsWith('node:'),
  },
  {
    description: 'store/ imports scim/, store/ and kysely; each driver only in its own folder',
    folder: under('store/'),
    allowed: (t) =>
      under('scim/')(t) ||
      under('store/')(t) ||
      t === 'kysely' ||
      t.startsWith('kysely/helpers/') ||
      t.startsWith('node:') ||
      t in DRIVERS,
  },
  {
    description:
      'http/ imports scim/, auth/, admin/, provisioning/, the store ports, log.ts, metrics.ts, fastify and its plugins, rate-limiter-flexible; never a concrete store, kysely or a driver',
    folder: under('http/'),
    allowed: (t) =>
      under('scim/')(t) ||
      under('auth/')(t) ||
      under('http/')(t) ||
      t === 'store/store.ts' ||
      t === 'store/log.ts' ||
      t === 'log.ts' ||
      t === 'metrics.ts' ||
      under('provisioning/')(t) ||
      under('admin/')(t) ||
      under('check/')(t) ||
      t === 'fastify' ||
      t.startsWith('@fastify/') ||
      t === 'rate-limiter-flexible' ||
      t.startsWith('node:'),
  },
  {
    description:
      'check/ (the roster check client) imports only check/ and node:*: it speaks to any SCIM endpoint over HTTP, never to our store',
    folder: under('check/'),
    allowed: (t) => under('check/')(t) || t.startsWith('node:'),
  },
  {
    description:
      'shared-limits.ts (part of the composition root) imports the rate-limit stores and their clients',
    folder: (f) => f === 'shared-limits.ts',
    allowed: (t) =>
      ['http/rate-limits.ts', 'log.ts', 'ioredis', 'pg', 'rate-limiter-flexible'].includes(t),
  },
  {
    description:
      'provisioning/ (the log recorder and pruner) imports scim/, the store ports and node:*',
    folder: under('provisioning/'),
    allowed: (t) =>
      under('scim/')(t) ||
      under('provisioning/')(t) ||
      t === 'store/store.ts' ||
      t === 'store/log.ts' ||
      t.startsWith('node:'),
  },
  {
    description:
      'admin/ (the console views) imports scim/, admin/, the store ports, preact, htm and preact-render-to-string',
    folder: under('admin/'),
    allowed: (t) =>
      under('scim/')(t) ||
      under('admin/')(t) ||
      t === 'store/store.ts' ||
      t === 'store/log.ts' ||
      t === 'preact' ||
      t === 'htm/preact' ||
      t === 'preact-render-to-string' ||
      t.startsWith('node:'),
  },
  {
    description: 'metrics.ts imports only prom-client',
    folder: (f) => f === 'metrics.ts',
    allowed: (t) => t === 'prom-client',
  },
  {
    description:
      'sync/ (roster sync) imports sync/, the check/ client, node:*, csv-parse and cli-progress: it speaks to any SCIM endpoint over HTTP, never to our store',
    folder: under('sync/'),
    allowed: (t) =>
      under('sync/')(t) ||
      t === 'check/client.ts' ||
      t.startsWith('node:') ||
      t === 'csv-parse/sync' ||
      t === 'cli-progress',
  },
  {
    description:
      'open.ts imports config.ts, the store ports and the adapters (dynamically: the start-up rule below)',
    folder: (f) => f === 'open.ts',
    allowed: (t) =>
      ['config.ts', 'store/store.ts', 'store/log.ts'].includes(t) ||
      /^store\/(sqlite|postgres)\/[a-z-]+\.ts$/.test(t),
  },
  {
    description: 'log.ts imports only pino',
    folder: (f) => f === 'log.ts',
    allowed: (t) => t === 'pino',
  },
]

const DRIVERS: Record<string, string> = { 'better-sqlite3': 'store/sqlite/', pg: 'store/postgres/' }

describe('architecture: imports point inward', () => {
  const all = files(SRC).map((f) => relative(SRC, f))
  for (const rule of RULES) {
    it(rule.description, () => {
      const violations = all.filter(rule.folder).flatMap((f) =>
        imports(join(SRC, f))
          .filter((t) => !rule.allowed(t))
          .map((t) => `${f} → ${t}`),
      )
      assert.deepEqual(violations, [])
    })
  }

  it('database drivers are imported only by their adapter folder (and tests, and the shared rate limits)', () => {
    const violations = all.flatMap((f) =>
      imports(join(SRC, f))
        .filter(
          (t) =>
            DRIVERS[t] !== undefined &&
            !f.startsWith(DRIVERS[t] as string) &&
            !(f === 'shared-limits.ts' && t === 'pg'),
        )
        .map((t) => `${f} → ${t}`),
    )
    assert.deepEqual(violations, [])
  })

  it('only main.ts, open.ts and cli/ choose a concrete store adapter', () => {
    const violations = all
      .filter(
        (f) =>
          f !== 'main.ts' && f !== 'open.ts' && !f.startsWith('cli/') && !f.startsWith('store/'),
      )
      .flatMap((f) =>
        imports(join(SRC, f))
          .filter((t) => isOurs(t) && /^store\/(sqlite|postgres)\//.test(t))
          .map((t) => `${f} → ${t}`),
      )
    assert.deepEqual(violations, [])
  })

  it("the CLI's start-up (what cli/main.ts imports statically) loads no server, database, kysely, jose or sync engine: commands import them when they run", () => {
    // config.ts reads two settings defined beside the server (origin.ts, timeouts.ts): small, and
    // walked like every other import.
    const light = new Set(['http/origin.ts', 'http/timeouts.ts'])
    const heavy = (t: string): boolean =>
      ['fastify', 'kysely', 'jose', 'pg', 'better-sqlite3', 'pino', 'prom-client'].includes(t) ||
      t.startsWith('@fastify/') ||
      [
        'main.ts',
        'http/',
        'store/sql/',
        'store/sqlite/',
        'store/postgres/',
        'sync/',
        'check/',
      ].some((p) => t === p || t.startsWith(p))
    const seen = new Set<string>()
    const path = new Map<string, string>([['cli/main.ts', 'cli/main.ts']])
    const queue = ['cli/main.ts']
    const violations: string[] = []
    while (queue.length > 0) {
      const file = queue.shift() as string
      if (seen.has(file)) continue
      seen.add(file)
      for (const target of staticImports(join(SRC, file))) {
        if (heavy(target) && !light.has(target)) violations.push(`${path.get(file)} → ${target}`)
        else if (isOurs(target) && !seen.has(target)) {
          path.set(target, `${path.get(file)} → ${target}`)
          queue.push(target)
        }
      }
    }
    assert.ok(seen.has('cli/program.ts') && seen.has('cli/token.ts'), 'walked the command modules')
    assert.deepEqual(violations, [])
  })

  it('scanned a real tree (guards against a broken scanner)', () => {
    assert.ok(all.length > 40)
    assert.ok(imports(join(SRC, 'http/app.ts')).includes('fastify'))
    assert.ok(imports(join(SRC, 'http/app.ts')).includes('store/store.ts'))
    assert.ok(imports(join(SRC, 'open.ts')).includes('store/sqlite/sqlite-store.ts'))
  })
})
