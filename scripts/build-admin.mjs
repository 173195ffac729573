// Builds the console's browser assets into dist/admin/assets: the enhancement script bundled by
// esbuild (no network: esbuild's binary comes with its npm package) and the stylesheet. Run by
// `npm run build` (and so by `npm ci`'s prepare) and by the test runner.
import { copyFileSync, mkdirSync } from 'node:fs'
import { build } from 'esbuild'

const out = 'dist/admin/assets'
mkdirSync(out, { recursive: true })
await build({
  entryPoints: ['src/admin/client/console.ts'],
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  outfile: `${out}/console.js`,
  logLevel: 'warning',
})
copyFileSync('src/admin/assets/console.css', `${out}/console.css`)
