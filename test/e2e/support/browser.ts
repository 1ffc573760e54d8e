import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'

/** Debian's Chromium (`apt-get install chromium`); playwright-core never downloads a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const HAS_CHROMIUM = existsSync(CHROMIUM_PATH)

if (!HAS_CHROMIUM) {
  // Said plainly, once per file: only the browser tests are skipped; CI installs Chromium.
  console.warn(`\n  Chromium not found at ${CHROMIUM_PATH}: the browser tests are SKIPPED. Install it with \`apt-get install -y chromium\` (.ci/run does).\n`)
}

export const SCREENSHOTS = 'test/e2e/screenshots'

/** The two screens every page is checked and pictured on: a laptop and a phone (#24). */
export const VIEWPORTS = [
  { name: '1366', width: 1366, height: 900 },
  { name: '390', width: 390, height: 844 },
] as const

/** Builds the web client if its sources changed since the last build (as `npm start` does). */
export function buildClient(): void {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'client/build-if-stale.ts'], { stdio: 'inherit' })
  if (result.status !== 0) throw new Error('the web client did not build')
}

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

/** Collects console errors and page errors, to assert a clean run. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  return errors
}
