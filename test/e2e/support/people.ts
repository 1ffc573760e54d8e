import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { TestServer } from '../../support/server.js'
import { watchErrors } from './browser.js'

/** A person in their own browser profile (cookies, IndexedDB), with the interface in `lang`. */
export interface BrowserPerson {
  context: BrowserContext
  page: Page
  errors: string[]
}

/**
 * Opens `path` in a fresh profile and signs in through the real sign-in page, which the app shows
 * for any path without a session and which returns to that path afterwards.
 */
export async function signedIn(
  browser: Browser,
  server: Pick<TestServer, 'url'>,
  account: { email: string; password: string },
  path = '/',
  options: { lang?: 'es' | 'en'; viewport?: { width: number; height: number } } = {},
): Promise<BrowserPerson> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 } })
  await context.addInitScript((lang) => localStorage.setItem('ficha.lang', lang), options.lang ?? 'es')
  const page = await context.newPage()
  const errors = watchErrors(page)
  await page.goto(`${server.url}${path}`)
  await signInOnPage(page, account)
  await page.waitForURL((url) => url.pathname === path.split('?')[0])
  return { context, page, errors }
}

/** Fills and submits the sign-in form (`data-signin`). */
export async function signInOnPage(page: Page, account: { email: string; password: string }): Promise<void> {
  const form = page.locator('form[data-signin]')
  await form.waitFor()
  await form.locator('input[name=email]').fill(account.email)
  await form.locator('input[name=password]').fill(account.password)
  await form.locator('button[type=submit]').click()
}

/**
 * Console errors a signed-out start produces by design: the first `GET /api/auth/me` answers 401,
 * which Chromium logs as a failed resource. Everything else is a real error.
 */
export function realErrors(errors: string[]): string[] {
  return errors.filter((e) => !/Failed to load resource: the server responded with a status of (401|429)/.test(e))
}

/**
 * Answers the app's confirmation dialog (client/app/confirm-dialog.ts) once it opens: confirms or
 * cancels it, and gives back the question it asked.
 */
export async function answerConfirm(page: Page, answer: 'confirm' | 'cancel'): Promise<string> {
  const dialog = page.locator('dialog[data-confirm-dialog][open]')
  await dialog.waitFor({ timeout: 10_000 })
  const question = (await dialog.locator('#ficha-confirm-message').textContent()) ?? ''
  await dialog.locator(answer === 'confirm' ? '[data-confirm-ok]' : '[data-confirm-cancel]').click()
  await dialog.waitFor({ state: 'detached' })
  return question
}
