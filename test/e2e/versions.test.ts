import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext } from 'playwright-core'
import { startTestServer, type TestServer } from '../support/server.js'
import { makeUser, type TestUser } from '../support/users.js'
import { HAS_CHROMIUM, SCREENSHOTS, buildClient, launchBrowser } from './support/browser.js'
import { realErrors, signedIn } from './support/people.js'

const SHEET = 'MDGF-2081'

describe.skipIf(!HAS_CHROMIUM)('versions of a sheet in Chromium', () => {
  let server: TestServer
  let browser: Browser
  let secretariat: TestUser
  let coordinator: TestUser
  const contexts: BrowserContext[] = []
  const sheetJson = async () => (await (await server.api(`/api/programmes/${SHEET}`)).json()).sheet

  const open = async (user: TestUser, path = `/programmes/${SHEET}`) => {
    const person = await signedIn(browser, server, user, path)
    contexts.push(person.context)
    await expect.poll(() => person.page.locator('[data-sync-status]').first().getAttribute('data-sync-status'), { timeout: 15_000 }).toBe('online')
    return person
  }

  beforeAll(async () => {
    buildClient()
    server = await startTestServer({ env: { SEED_EXAMPLE: '1' } })
    browser = await launchBrowser()
    secretariat = await makeUser(server, { role: 'secretariat' })
    coordinator = await makeUser(server, { programme: SHEET, programmeRole: 'coordinator' })
  }, 120_000)
  afterAll(async () => {
    for (const context of contexts) await context.close()
    await browser?.close()
    await server?.stop(true)
  })

  it('the secretariat snapshots a semester, edits, opens the snapshot read-only and compares it with now; the period is locked for a coordinator', async () => {
    const { page, errors } = await open(secretariat)
    await page.locator('[data-narrative="summary"][contenteditable="true"]').waitFor({ timeout: 15_000 })

    // Take the semester snapshot of 2011-1.
    await page.locator('[data-tab="versions"]').click()
    const form = page.locator('form[data-snapshot-form]')
    await form.locator('input[name=period]').fill('2011-1')
    await form.locator('input[name=label]').fill('Primer semestre 2011')
    await form.locator('textarea[name=note]').fill('Cierre para el comité directivo.')
    await form.locator('button[type=submit]').click()
    await page.locator('[data-snapshot-taken]').waitFor()
    const item = page.locator('[data-timeline-semesters] [data-snapshot]')
    await expect.poll(() => item.count()).toBe(1)
    const snapshotId = (await item.first().getAttribute('data-snapshot'))!
    await expect.poll(() => page.locator('[data-locked-periods]').textContent()).toContain('2011-1')

    // Edit the live sheet: a word in the summary and the total budget.
    await page.locator('[data-tab="sheet"]').click()
    const summary = page.locator('[data-narrative="summary"]')
    await summary.click()
    await page.keyboard.press('Control+Home')
    await page.keyboard.type('Palabra insertada ')
    // …and, at its end, a bulleted item with words in bold: the compare view keeps both.
    await page.keyboard.press('Control+End')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Control+Shift+8')
    await page.keyboard.type('Elemento nuevo ')
    await page.keyboard.press('Control+b')
    await page.keyboard.type('en negrita')
    await page.keyboard.press('Control+b')
    const total = page.locator('[data-field="budget.total"]')
    await total.fill('5100000')
    await total.press('Enter')
    await expect.poll(async () => (await sheetJson()).budget.total, { timeout: 10_000 }).toBe(5100000)
    await expect.poll(async () => (await sheetJson()).summary.narrative.text, { timeout: 10_000 }).toContain('Palabra insertada')

    // The timeline, then the snapshot read-only in the same editor.
    await page.locator('[data-tab="versions"]').click()
    await page.locator('[data-timeline]').waitFor()
    await page.screenshot({ path: `${SCREENSHOTS}/timeline.png`, fullPage: true })
    await page.locator(`[data-open-snapshot="${snapshotId}"]`).click()
    await page.waitForURL((url) => url.pathname === `/programmes/${SHEET}/versions/${snapshotId}`)
    await page.locator('[data-version-readonly]').waitFor()
    const frozen = page.locator('ficha-version-page [data-narrative="summary"]')
    await expect.poll(() => frozen.textContent(), { timeout: 10_000 }).toMatch(/programa conjunto/)
    expect(await frozen.textContent()).not.toContain('Palabra insertada')
    expect(await frozen.getAttribute('contenteditable')).toBe('false')
    expect(await page.locator('ficha-version-page [data-field="budget.total"]').isDisabled()).toBe(true)
    expect(await page.locator('[data-restore]').count()).toBe(1)

    // Compare with now: the inserted words highlighted, the total old → new.
    await page.locator('ficha-version-page [data-compare-now]').click()
    await page.waitForURL((url) => url.pathname === `/programmes/${SHEET}/compare`)
    const compare = page.locator('[data-compare]')
    await expect.poll(() => compare.locator('[data-diff-insert]').allTextContents(), { timeout: 10_000 }).toContainEqual(expect.stringContaining('Palabra insertada'))
    const changedTotal = compare.locator('[data-change-field="budget.total"]')
    await expect.poll(() => changedTotal.locator('[data-diff-old]').textContent()).toBe('5.000.000')
    expect(await changedTotal.locator('[data-diff-new]').textContent()).toBe('5.100.000')
    const summaryChange = compare.locator('[data-change-field="text:summary"]')
    expect((await summaryChange.locator('ul > li ins[data-diff-insert]').allTextContents()).join('')).toBe('Elemento nuevo en negrita')
    expect(await summaryChange.locator('ul > li ins strong').textContent()).toBe('en negrita')
    expect(await summaryChange.textContent()).not.toContain('- Elemento')
    await summaryChange.screenshot({ path: `${SCREENSHOTS}/compare-formatting-1366.png` })
    await page.setViewportSize({ width: 390, height: 844 })
    await summaryChange.screenshot({ path: `${SCREENSHOTS}/compare-formatting-390.png` })
    await page.setViewportSize({ width: 1366, height: 900 })
    // Unchanged sections are folded.
    expect(await compare.locator('[data-compare-section="partners"]').evaluate((el) => (el as HTMLDetailsElement).open)).toBe(false)
    expect(await compare.locator('[data-compare-section="summary"]').evaluate((el) => (el as HTMLDetailsElement).open)).toBe(true)
    await page.screenshot({ path: `${SCREENSHOTS}/compare.png`, fullPage: true })
    expect(realErrors(errors)).toEqual([])

    // A coordinator finds the snapshotted period's financial row locked.
    const rows = (await sheetJson()).finance.rows as { id: string; period: string }[]
    const locked = rows.find((r) => r.period === '2011-1')!
    const other = rows.find((r) => r.period !== '2011-1')!
    const coord = await open(coordinator)
    await coord.page.locator('[data-narrative="summary"][contenteditable="true"]').waitFor({ timeout: 15_000 })
    await coord.page.locator('[data-locked-period="2011-1"]').waitFor({ timeout: 10_000 })
    expect(await coord.page.locator(`[data-cell="list:finance/${locked.id}/transferred"]`).isDisabled()).toBe(true)
    expect(await coord.page.locator(`[data-cell="list:finance/${other.id}/transferred"]`).isDisabled()).toBe(false)
    expect(await coord.page.locator('[data-unlock-period]').count()).toBe(0)
    await coord.page.locator('[data-locked-period="2011-1"]').scrollIntoViewIfNeeded()
    await coord.page.screenshot({ path: `${SCREENSHOTS}/locked-period.png` })
    expect(realErrors(coord.errors)).toEqual([])
  })
})
