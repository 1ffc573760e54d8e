import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startTestServer, type TestServer } from '../support/server.js'
import { makeUser, type TestUser } from '../support/users.js'
import { HAS_CHROMIUM, SCREENSHOTS, buildClient, launchBrowser } from './support/browser.js'
import { answerConfirm, realErrors, signedIn, signInOnPage } from './support/people.js'

const SHEET = 'MDGF-2081'

describe.skipIf(!HAS_CHROMIUM)('the web workspace in Chromium', () => {
  let server: TestServer
  let browser: Browser
  let financeRow: string
  /** Two coordinators of the sheet; presence shows their account names. */
  const people: { ana?: TestUser & { name: string }; ben?: TestUser & { name: string } } = {}
  const contexts: BrowserContext[] = []

  /** A person in their own browser profile, signed in through the sign-in page, on the sheet. */
  async function person(who: 'ana' | 'ben', path = `/programmes/${SHEET}`): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const signed = await signedIn(browser, server, people[who]!, path)
    contexts.push(signed.context)
    return { ...signed, errors: signed.errors }
  }

  const status = (page: Page) => page.locator('[data-sync-status]').first()
  /** The editor is editable once the person's access came back (it starts read-only). */
  const editable = (page: Page) => page.locator('[data-narrative="summary"][contenteditable="true"]').waitFor({ timeout: 15_000 })

  beforeAll(async () => {
    buildClient()
    server = await startTestServer({ env: { SEED_EXAMPLE: '1' } })
    browser = await launchBrowser()
    const sheet = (await (await server.api(`/api/programmes/${SHEET}`)).json()).sheet
    financeRow = sheet.finance.rows.find((r: { period: string }) => r.period === '2011-1').id
    for (const who of ['ana', 'ben'] as const) {
      const user = await makeUser(server, { programme: SHEET, programmeRole: 'coordinator' })
      const { user: account } = await (await server.api(`/api/auth/me`, { headers: { authorization: `Bearer ${user.token}` } })).json()
      people[who] = { ...user, name: account.name }
    }
  }, 120_000)
  afterAll(async () => {
    for (const context of contexts) await context.close()
    await browser?.close()
    await server?.stop(true)
  })

  it('lists the programmes with their figures', async () => {
    const { page, errors } = await person('ana', '/')
    const row = page.locator(`[data-programme="${SHEET}"]`)
    await row.waitFor()
    await expect.poll(() => row.textContent()).toContain('Peru')
    await page.screenshot({ path: `${SCREENSHOTS}/list.png`, fullPage: true })
    expect(realErrors(errors)).toEqual([])
  })

  it('two people co-edit a narrative and a financial cell; each sees the other, the percentage follows, presence shows both', async () => {
    const ana = await person('ana')
    const ben = await person('ben')
    for (const { page } of [ana, ben]) await expect.poll(() => status(page).getAttribute('data-sync-status'), { timeout: 15_000 }).toBe('online')
    for (const { page } of [ana, ben]) await editable(page)

    // Ana types at the start of the summary.
    const summary = ana.page.locator('[data-narrative="summary"]')
    await summary.click()
    await ana.page.keyboard.press('Control+Home')
    await ana.page.keyboard.type('Ana estuvo aquí. ')
    await expect.poll(() => ben.page.locator('[data-narrative="summary"]').textContent(), { timeout: 10_000 }).toContain('Ana estuvo aquí.')

    // Ana changes transferred of 2011-1 from 1,429,667 to 2,500,000: Ben sees 50,00 %.
    const cell = `list:finance/${financeRow}/transferred`
    const percent = ben.page.locator(`[data-percent="${cell}"]`)
    await expect.poll(() => percent.textContent()).toMatch(/28,59/)
    const input = ana.page.locator(`[data-cell="${cell}"]`)
    await input.fill('2500000')
    await input.press('Enter')
    await expect.poll(() => percent.textContent(), { timeout: 10_000 }).toMatch(/50,00/)

    // Presence: each sees both people.
    for (const { page } of [ana, ben]) {
      await expect.poll(() => page.locator('[data-presence-user]').evaluateAll((els) => els.map((e) => e.getAttribute('data-presence-user')).sort())).toEqual([people.ana!.name, people.ben!.name].sort())
    }
    await ana.page.screenshot({ path: `${SCREENSHOTS}/sheet.png`, fullPage: true })
    expect(realErrors([...ana.errors, ...ben.errors])).toEqual([])
    await ana.context.close()
    await ben.context.close()
  })

  it('keeps working offline, across a reload, and converges when the connection returns', async () => {
    const ana = await person('ana')
    const ben = await person('ben')
    for (const { page } of [ana, ben]) await expect.poll(() => status(page).getAttribute('data-sync-status'), { timeout: 15_000 }).toBe('online')
    for (const { page } of [ana, ben]) await editable(page)

    await ben.context.setOffline(true)
    await expect.poll(() => status(ben.page).getAttribute('data-sync-status')).toBe('offline')
    const benSummary = ben.page.locator('[data-narrative="summary"]')
    await benSummary.click()
    await ben.page.keyboard.press('Control+Home')
    await ben.page.keyboard.type('Escrito sin conexión. ')
    await expect.poll(async () => Number(await status(ben.page).getAttribute('data-pending'))).toBeGreaterThan(0)
    // Meanwhile Ana edits too.
    await ana.page.locator('[data-narrative="summary"]').click()
    await ana.page.keyboard.press('Control+End')
    await ana.page.keyboard.type(' Nota de Ana.')

    // Ben reloads while still offline: the page and his edit come back from the browser.
    await ben.page.reload()
    await expect.poll(() => ben.page.locator('[data-narrative="summary"]').textContent(), { timeout: 15_000 }).toContain('Escrito sin conexión.')
    expect(await ana.page.locator('[data-narrative="summary"]').textContent()).not.toContain('Escrito sin conexión.')
    await ben.page.screenshot({ path: `${SCREENSHOTS}/offline.png` })

    await ben.context.setOffline(false)
    await expect.poll(() => status(ben.page).getAttribute('data-sync-status'), { timeout: 20_000 }).toBe('online')
    await expect.poll(() => status(ben.page).getAttribute('data-pending')).toBe('0')
    const both = async () => [await ana.page.locator('[data-narrative="summary"]').textContent(), await ben.page.locator('[data-narrative="summary"]').textContent()]
    await expect.poll(async () => {
      const [a, b] = await both()
      return a === b && a!.includes('Escrito sin conexión.') && a!.includes('Nota de Ana.')
    }, { timeout: 20_000 }).toBe(true)
  })
  it('a removed row can be put back, with its values, for everyone', async () => {
    const ana = await person('ana')
    await expect.poll(() => status(ana.page).getAttribute('data-sync-status'), { timeout: 15_000 }).toBe('online')
    await editable(ana.page)
    const serverRows = async () => (await (await server.api(`/api/programmes/${SHEET}`)).json()).sheet.finance.rows as { id: string; period: string }[]
    const target = (await serverRows()).find((r) => r.period === '2009-2')!
    const row = ana.page.locator(`ficha-finance-table tr[data-row-id="${target.id}"]`)
    await row.locator('.ficha-row-remove').click()
    await expect.poll(async () => (await serverRows()).some((r) => r.id === target.id)).toBe(false)
    const undo = ana.page.locator('ficha-finance-table [data-undo-remove]')
    await undo.click()
    await expect.poll(async () => (await serverRows()).find((r) => r.id === target.id)).toEqual(target)
    await expect.poll(() => row.count()).toBe(1)
    expect(await undo.count()).toBe(0)
    expect(realErrors(ana.errors)).toEqual([])
  })

  /** The sheets this browser keeps: IndexedDB copies and counts of unsent edits. */
  const kept = (page: Page) =>
    page.evaluate(async () => ({
      copies: (await indexedDB.databases()).map((d) => d.name).filter((name) => name?.startsWith('ficha:')),
      pending: Object.keys(localStorage).filter((key) => key.startsWith('ficha.pending:')),
    }))

  /** Ben types into the summary while offline; answers once the page counts the edit as waiting. */
  async function typeOffline(ben: { context: BrowserContext; page: Page }, text: string): Promise<void> {
    await expect.poll(() => status(ben.page).getAttribute('data-sync-status'), { timeout: 15_000 }).toBe('online')
    await editable(ben.page)
    await ben.context.setOffline(true)
    await expect.poll(() => status(ben.page).getAttribute('data-sync-status')).toBe('offline')
    await ben.page.locator('[data-narrative="summary"]').click()
    await ben.page.keyboard.press('Control+Home')
    await ben.page.keyboard.type(text)
    await expect.poll(async () => Number(await status(ben.page).getAttribute('data-pending'))).toBeGreaterThan(0)
  }

  /** The sheet as the server holds it, as text. */
  const serverSheet = async () => JSON.stringify((await (await server.api(`/api/programmes/${SHEET}`)).json()).sheet)

  it('signing out asks before deleting unsent edits, forgets every sheet kept, and ends the session even offline', async () => {
    const ben = await person('ben')
    await typeOffline(ben, 'Nunca enviado. ')
    expect(await kept(ben.page)).toEqual({ copies: [`ficha:${SHEET}`], pending: [`ficha.pending:${SHEET}`] })

    // Declined: nothing changes.
    await ben.page.locator('[data-signout]').click()
    expect(await answerConfirm(ben.page, 'cancel')).toMatch(/aún no llegaron al servidor \(campos: \d+\)/)
    expect(new URL(ben.page.url()).pathname).toBe(`/programmes/${SHEET}`)
    expect(await kept(ben.page)).toEqual({ copies: [`ficha:${SHEET}`], pending: [`ficha.pending:${SHEET}`] })

    // Accepted, still offline: the copies go at once.
    await ben.page.locator('[data-signout]').click()
    await answerConfirm(ben.page, 'confirm')
    await ben.page.waitForURL((url) => url.pathname === '/signin')
    await expect.poll(() => kept(ben.page)).toEqual({ copies: [], pending: [] })

    // Back online, the session the server never heard end is ended before anything else.
    await ben.context.setOffline(false)
    await ben.page.goto(`${server.url}/programmes/${SHEET}`)
    await ben.page.waitForURL((url) => url.pathname === '/signin')
    expect((await ben.page.request.get(`${server.url}/api/auth/me`)).status()).toBe(401)
    await signInOnPage(ben.page, people.ben!)
    await ben.page.waitForURL((url) => url.pathname === `/programmes/${SHEET}`)
    await expect.poll(() => status(ben.page).getAttribute('data-sync-status'), { timeout: 20_000 }).toBe('online')
    expect(await ben.page.locator('[data-narrative="summary"]').textContent()).not.toContain('Nunca enviado.')
    expect(await serverSheet()).not.toContain('Nunca enviado.')
  })

  it('a different person signing in on the same browser never sends, nor sees, what the previous one left unsent', async () => {
    const ben = await person('ben')
    await typeOffline(ben, 'De Ben, sin enviar. ')
    // Ben's session ends without a sign-out (expired or revoked); Ana signs in on his browser.
    await ben.context.clearCookies()
    await ben.context.setOffline(false)
    await ben.page.goto(`${server.url}/programmes/${SHEET}`)
    await signInOnPage(ben.page, people.ana!)
    await ben.page.waitForURL((url) => url.pathname === `/programmes/${SHEET}`)
    await expect.poll(() => status(ben.page).getAttribute('data-sync-status'), { timeout: 20_000 }).toBe('online')
    expect(await ben.page.locator('[data-narrative="summary"]').textContent()).not.toContain('De Ben, sin enviar.')
    expect(await serverSheet()).not.toContain('De Ben, sin enviar.')
    expect((await kept(ben.page)).pending).toEqual([])
  })
})
