import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Locator } from 'playwright-core'
import { startTestServer, type TestServer } from '../support/server.js'
import { as, makeUser, sendJson, type TestUser } from '../support/users.js'
import { HAS_CHROMIUM, SCREENSHOTS, VIEWPORTS, buildClient, launchBrowser } from './support/browser.js'
import { realErrors, signedIn } from './support/people.js'

const SHEET = 'MDGF-2081'

describe.skipIf(!HAS_CHROMIUM)('a change history a person can read (#24.6)', () => {
  let server: TestServer
  let browser: Browser
  let secretariat: TestUser
  let coordinator: TestUser
  let coordinatorName: string
  let secretariatName: string
  const contexts: BrowserContext[] = []

  /**
   * Refreshes the history until `entry` is listed reading `text` (the log is written every 2 s,
   * and a burst still being typed grows between two reads).
   */
  const listed = async (audit: Locator, entry: Locator, text: RegExp = /./) => {
    await expect.poll(async () => {
      const shown = (await entry.count()) > 0 ? await entry.first().innerText() : ''
      if (!text.test(shown)) await audit.locator('[data-audit-refresh]').click()
      return shown
    }, { timeout: 15_000, interval: 1_000 }).toMatch(text)
  }

  beforeAll(async () => {
    buildClient()
    server = await startTestServer({ env: { SEED_EXAMPLE: '1' } })
    browser = await launchBrowser()
    secretariat = await makeUser(server, { role: 'secretariat' })
    coordinator = await makeUser(server, { programme: SHEET, programmeRole: 'coordinator' })
    coordinatorName = (await (await as(server, coordinator, '/api/auth/me')).json()).user.name
    secretariatName = (await (await as(server, secretariat, '/api/auth/me')).json()).user.name
  }, 120_000)
  afterAll(async () => {
    for (const context of contexts) await context.close()
    await browser?.close()
    await server?.stop(true)
  })

  it('shows old → new for figures with their section, an excerpt of narrative edits, and a restore with its sections and source', async () => {
    const { snapshot } = await sendJson(server, secretariat, `/api/programmes/${SHEET}/snapshots`, { period: '2011-1', label: 'Primer semestre 2011', note: '' })

    const person = await signedIn(browser, server, coordinator, `/programmes/${SHEET}`, { viewport: VIEWPORTS[0] })
    contexts.push(person.context)
    const { page, errors } = person
    await expect.poll(() => page.locator('[data-sync-status]').first().getAttribute('data-sync-status'), { timeout: 15_000 }).toBe('online')
    const total = page.locator('[data-field="budget.total"]')
    await total.fill('5100000')
    await total.press('Enter')
    await page.locator('[data-narrative="summary"]').click()
    await page.keyboard.press('Control+Home')
    await page.keyboard.type('Palabras del coordinador. ')
    const sheetTotal = async () => (await (await as(server, coordinator, `/api/programmes/${SHEET}`)).json()).sheet.budget.total
    await expect.poll(sheetTotal, { timeout: 10_000 }).toBe(5100000)

    // The secretariat restores the budget section of the snapshot: the coordinator's total goes back.
    await sendJson(server, secretariat, `/api/snapshots/${snapshot.id}/restore`, { sections: ['budget'] })
    await expect.poll(sheetTotal, { timeout: 10_000 }).toBe(5000000)

    const audit = page.locator('[data-audit]')
    await audit.locator('summary').click()
    const mine = audit.locator(`[data-audit-field="budget.total"][data-audit-user="${coordinatorName}"]`)
    await listed(audit, mine, /5\.100\.000/)
    expect(await mine.locator('[data-audit-old]').textContent()).toBe('5.000.000')
    expect(await mine.locator('[data-audit-new]').textContent()).toBe('5.100.000')
    expect(await mine.locator('[data-audit-section]').textContent()).toBe('Presupuesto')

    const narrative = audit.locator(`[data-audit-field="text:summary"][data-audit-user="${coordinatorName}"]`)
    await listed(audit, narrative, /coordinador\./)
    expect(await narrative.locator('[data-audit-inserted]').textContent()).toContain('«Palabras del coordinador.»')
    // A narrative named after its section is not named twice.
    expect(await narrative.locator('[data-audit-section]').count()).toBe(0)

    const restore = audit.locator('[data-audit-field="restore"]')
    await listed(audit, restore)
    expect(await restore.locator('[data-audit-restore]').textContent()).toMatch(/^restauró Presupuesto desde «Primer semestre 2011» \(tomada \d/)
    expect(await restore.locator('td').first().textContent()).toBe('Restauración')
    // The restore's own change of the total, old → new, by the person who restored.
    const restored = audit.locator(`[data-audit-field="budget.total"][data-audit-user="${secretariatName}"]`)
    await listed(audit, restored)
    expect(await restored.locator('[data-audit-old]').textContent()).toBe('5.100.000')
    expect(await restored.locator('[data-audit-new]').textContent()).toBe('5.000.000')

    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport)
      await audit.scrollIntoViewIfNeeded()
      await audit.screenshot({ path: `${SCREENSHOTS}/history-${viewport.name}.png` })
      // On a phone the table scrolls inside its box; the page does not.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width)
    }
    expect(realErrors(errors)).toEqual([])
  })

  it('reads entries written before details existed, and a damaged detail, without breaking the list', async () => {
    const now = Date.now()
    const insert = server.db.sqlite.prepare('insert into audit_entries (doc_name, user_id, field, first_at, last_at, changes, note, detail) values (?, null, ?, ?, ?, 1, ?, ?)')
    insert.run(SHEET, 'restore', now, now, 'restored dates from "antes" (2026-12-01T10:00:00.000Z)', null)
    insert.run(SHEET, 'budget.total', now + 1, now + 1, null, '{not json')
    insert.run(SHEET, 'dates.end', now + 2, now + 2, null, JSON.stringify({ kind: 'value', from: 42, to: ['x'] }))
    const answer = await as(server, coordinator, `/api/programmes/${SHEET}/audit?limit=5`)
    expect(answer.status).toBe(200)
    const entries = (await answer.json()).entries as { field: string; note: string | null; detail: unknown }[]
    expect(entries.slice(0, 3).map((e) => [e.field, e.detail])).toEqual([['dates.end', null], ['budget.total', null], ['restore', null]])
    expect(entries[2]!.note).toContain('restored dates')

    const person = await signedIn(browser, server, coordinator, `/programmes/${SHEET}`, { viewport: VIEWPORTS[1] })
    contexts.push(person.context)
    const audit = person.page.locator('[data-audit]')
    await audit.locator('summary').click()
    const old = audit.locator('[data-audit-field="restore"]').filter({ has: person.page.locator('[data-audit-note]') })
    await listed(audit, old)
    expect(await old.locator('[data-audit-note]').textContent()).toContain('restored dates')
    expect(realErrors(person.errors)).toEqual([])
  })
})
