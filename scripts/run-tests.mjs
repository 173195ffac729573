// npm test's runner: builds dist/, then node's test runner through tsx on every *.test.ts under src/ and test/ (Node 20's
// --test takes paths, not globs, and finds no .ts file by itself).
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : find(path)
    return entry.name.endsWith('.test.ts') ? [path] : []
  })
}

// Process-level tests run the built CLI (dist/), as `npx roster` does: build it first (incremental).
const build = spawnSync(
  process.execPath,
  ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'],
  {
    stdio: 'inherit',
  },
)
if (build.status !== 0) process.exit(build.status ?? 1)
// The console's stylesheet and script (served from dist/admin/assets).
const assets = spawnSync(process.execPath, ['scripts/build-admin.mjs'], { stdio: 'inherit' })
if (assets.status !== 0) process.exit(assets.status ?? 1)

const only = process.argv.slice(2)
const files = only.length > 0 ? only : [...find('src'), ...find('test')].sort()
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    // ROSTER_TEST_CONCURRENCY: test files run at once (default: Node's, one fewer than the cores).
    ...(process.env.ROSTER_TEST_CONCURRENCY
      ? [`--test-concurrency=${process.env.ROSTER_TEST_CONCURRENCY}`]
      : []),
    ...files,
  ],
  {
    stdio: 'inherit',
  },
)
process.exit(result.status ?? 1)
