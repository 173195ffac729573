// Debian's Chromium driven by playwright-core (which downloads nothing): headless, no sandbox (tests
// run as root), no GPU, no background traffic, a fresh profile each time. Every request the browser
// makes is kept, so a test can prove that no page asks another host for anything.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { BrowserContext } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'
export const hasChromium = (): boolean => existsSync(CHROMIUM)

export interface Browser {
  readonly context: BrowserContext
  /** Every URL the browser requested. */
  readonly requested: string[]
  close(): Promise<void>
}

export async function openBrowser(options: { javaScript?: boolean } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'roster-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    viewport: { width: 1366, height: 768 },
    javaScriptEnabled: options.javaScript ?? true,
  })
  const requested: string[] = []
  context.on('request', (request) => requested.push(request.url()))
  return {
    context,
    requested,
    async close() {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}
