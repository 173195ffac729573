// `npm start` builds only when an input changed since the last build (scripts/build-if-changed.mjs), so
// a start with nothing changed does not compile. Run in a scratch project whose build counts its runs.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'node:test'
import { ROOT } from '../process.js'

it('npm start builds on the first start and after a change, never when nothing changed', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'roster-start-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const build =
    "const fs=require('node:fs');fs.mkdirSync('dist',{recursive:true});fs.appendFileSync('builds','x');fs.writeFileSync('dist/.build-stamp','')"
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'scratch', private: true, scripts: { build: `node -e "${build}"` } }),
  )
  mkdirSync(join(dir, 'src'))
  writeFileSync(join(dir, 'src', 'a.ts'), 'export {}\n')
  const start = (): string => {
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts/build-if-changed.mjs')], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
    })
    assert.equal(run.status, 0, run.stderr)
    return run.stderr
  }
  const builds = (): number => readFileSync(join(dir, 'builds'), 'utf8').length
  assert.match(start(), /building/)
  assert.equal(builds(), 1)
  assert.equal(start(), '', 'nothing changed: no build')
  assert.equal(builds(), 1)
  // A change after the last build: the build's stamp is older than the source.
  const earlier = new Date(Date.now() - 60_000)
  utimesSync(join(dir, 'dist', '.build-stamp'), earlier, earlier)
  assert.match(start(), /building/)
  assert.equal(builds(), 2)
  assert.equal(start(), '')
  assert.equal(builds(), 2)
})
