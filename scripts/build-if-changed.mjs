// `npm start`'s build step: runs `npm run build` only when something it reads changed since the last
// build (a file under src/, package.json, the tsconfig files, the asset script), so a start with nothing
// changed costs a directory walk instead of a TypeScript compile. dist/.build-stamp marks the last build.
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const STAMP = 'dist/.build-stamp'
const INPUTS = [
  'src',
  'package.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'scripts/build-admin.mjs',
]

/** The newest modification time under `path` (a file or a folder), in milliseconds. */
function newest(path) {
  const stat = statSync(path, { throwIfNoEntry: false })
  if (!stat) return 0
  if (!stat.isDirectory()) return stat.mtimeMs
  let latest = stat.mtimeMs
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)))
  return latest
}

const built = statSync(STAMP, { throwIfNoEntry: false })?.mtimeMs ?? 0
const changed = Math.max(...INPUTS.map(newest))
if (changed > built) {
  process.stderr.write('roster: building (something changed since the last build)\n')
  const result = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}
