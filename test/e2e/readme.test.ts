// The README's commands, run in the order a new admin meets them, on a fresh database with the server
// running (as after `npm ci && npm start`): every `npx roster …` line of its sh blocks must succeed.
// Optional parts (`[--all]`) are run too; placeholders take the ids printed by the commands before
// them; lines that need an Entra host or a Graph export (`<your host>`, `$TOKEN`) are left out.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { it } from 'node:test'
import { ROOT, sandbox } from '../process.js'

/** The `npx roster` command lines of the README's sh blocks, continuation lines joined, comments cut. */
export function readmeCommands(markdown: string): string[] {
  const lines: string[] = []
  let inBlock = false
  let pending = ''
  for (const raw of markdown.split('\n')) {
    const line = raw.trim()
    if (line.startsWith('```')) {
      inBlock = line === '```sh'
      continue
    }
    if (!inBlock) continue
    const joined = pending + line
    if (joined.endsWith('\\')) {
      pending = `${joined.slice(0, -1)} `
      continue
    }
    pending = ''
    if (joined.startsWith('npx roster ')) lines.push(joined.replace(/\s{2,}#.*$/, '').trim())
  }
  return lines
}

function sh(line: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', line], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c))
    child.stderr.setEncoding('utf8').on('data', (c: string) => (out += c))
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve({ code, out })
    })
  })
}

it("runs the README's commands in order on a fresh database", { timeout: 900_000 }, async (t) => {
  const box = sandbox((fn) => t.after(fn), { fresh: true })
  await box.serve()
  const commands = readmeCommands(readFileSync(join(ROOT, 'README.md'), 'utf8'))
  assert.ok(commands.length > 40, `${commands.length} commands found`)
  const ids: Record<string, string> = {}
  let ran = 0
  for (const command of commands) {
    if (/<your host>|\$TOKEN|directory\.json/.test(command)) continue
    const line = command
      .replace(/\[(--[^\]]*)\]/g, '$1')
      .replace(/\s*\|\s*jq .*$/, '')
      .replace('<id>', ids['token'] ?? '<id>')
      .replace('<client_id>', ids['client'] ?? '<client_id>')
      .replace(/^npx roster /, `${process.execPath} dist/cli/main.js `)
    const result = await sh(line, box.env)
    assert.equal(result.code, 0, `${command}\n${result.out}`)
    ids['token'] = /^Created token (\S+) /m.exec(result.out)?.[1] ?? ids['token'] ?? ''
    ids['client'] = /^client_id: (\S+)$/m.exec(result.out)?.[1] ?? ids['client'] ?? ''
    ran++
  }
  assert.ok(ran > 35, `${ran} commands ran`)
})
