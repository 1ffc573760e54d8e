import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startTestServer, type TestServer } from '../support/server.js'
import { as, makeUser, sendJson, type TestUser } from '../support/users.js'
import { HAS_CHROMIUM, SCREENSHOTS, buildClient, launchBrowser } from './support/browser.js'
import { answerConfirm, realErrors, signedIn } from './support/people.js'

const SHEET = 'MDGF-2081'
const VIEWPORTS = { desktop: { width: 1366, height: 900 }, phone: { width: 390, height: 844 } } as const
/** A stored day or month printed as stored (2012-01-31, 2011-09) or a timestamp: never what a person should read. */
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b|\b\d{4}-(0[1-9]|1[0-2])\b|\d{2}:\d{2}:\d{2}(\.\d+)?Z/

describe.skipIf(!HAS_CHROMIUM)('one way of showing things, everywhere (#24.8)', () => {
  let server: TestServer
  let browser: Browser
  let evaluator: TestUser
  let coordinator: TestUser
  let secretariat: TestUser
  let coordinatorName: string
  let answered: string
  let unanswered: string
  const contexts: BrowserContext[] = []

  const open = async (user: TestUser, path: string, viewport: { width: number; height: number } = VIEWPORTS.desktop, lang: 'es' | 'en' = 'es') => {
    const person = await signedIn(browser, server, user, path, { viewport, lang })
    contexts.push(person.context)
    return person
  }
  const online = (page: Page) => expect.poll(() => page.locator('[data-sync-status]').first().getAttribute('data-sync-status'), { timeout: 15_000 }).toBe('online')
  const visibleText = (page: Page) => page.evaluate(() => document.body.innerText)
  const budgetTotal = async () => (await (await as(server, coordinator, `/api/programmes/${SHEET}`)).json()).sheet.budget.total
  const post = (user: TestUser, path: string, body: unknown, method = 'POST') => sendJson(server, user, `/api/programmes/${SHEET}${path}`, body, method)

  beforeAll(async () => {
    buildClient()
    server = await startTestServer({ env: { SEED_EXAMPLE: '1' } })
    browser = await launchBrowser()
    evaluator = await makeUser(server, { programme: SHEET, programmeRole: 'evaluator' })
    coordinator = await makeUser(server, { programme: SHEET, programmeRole: 'coordinator' })
    secretariat = await makeUser(server, { role: 'secretariat' })
    coordinatorName = (await (await as(server, coordinator, '/api/auth/me')).json()).user.name
    const { evaluation } = await post(evaluator, '/evaluations', { kind: 'mid-term', evaluators: 'Evaluadora Externa', periodStart: '2011-09', periodEnd: '2011-11' })
    const first = await post(evaluator, '/findings', { evaluationId: evaluation.id, criterion: 'efficiency', finding: 'La ejecución financiera va retrasada.', recommendation: 'Acelerar los desembolsos.', priority: 'high' })
    const second = await post(evaluator, '/findings', { evaluationId: evaluation.id, criterion: 'relevance', finding: 'El enfoque de género es débil.', recommendation: 'Incluir indicadores por sexo.', priority: 'medium' })
    answered = first.finding.id
    unanswered = second.finding.id
    await post(coordinator, `/findings/${answered}/response`, { decision: 'partially-accepted', reason: 'Depende de la contraparte nacional.' }, 'PUT')
    await post(coordinator, '/actions', { findingId: answered, description: 'Revisar el calendario de desembolsos', responsible: 'Coordinación', dueDate: '2012-01-31', status: 'in-progress' })
  }, 120_000)
  afterAll(async () => {
    for (const context of contexts) await context.close()
    await browser?.close()
    await server?.stop(true)
  })

  it('percentages have two decimals on the portfolio and the sheet, in both languages', async () => {
    for (const [lang, pattern] of [['es', /^\d{1,3},\d{2} %$/], ['en', /^\d{1,3}\.\d{2}%$/]] as const) {
      const { page, errors } = await open(coordinator, '/', VIEWPORTS.desktop, lang)
      const figures = page.locator(`[data-programme="${SHEET}"] .execution-figure`)
      await figures.first().waitFor()
      const texts = (await figures.allTextContents()).map((t) => t.replace(/\u00a0|\u202f/g, ' ').trim())
      expect(texts.length).toBeGreaterThan(0)
      for (const text of texts) expect(text).toMatch(pattern)
      await page.goto(`${server.url}/programmes/${SHEET}`)
      const percents = page.locator('ficha-finance-table [data-percent]')
      await expect.poll(() => percents.count(), { timeout: 15_000 }).toBeGreaterThan(0)
      for (const text of await percents.allTextContents()) expect(text.replace(/\u00a0|\u202f/g, ' ').trim()).toMatch(pattern)
      expect(realErrors(errors)).toEqual([])
    }
  })

  it('no stored date or timestamp is printed raw on the sheet, the findings, the versions or my page', async () => {
    for (const viewport of Object.values(VIEWPORTS)) {
      const { page, errors } = await open(coordinator, `/programmes/${SHEET}`, viewport)
      await online(page)
      expect(await visibleText(page)).not.toMatch(ISO_DATE)
      await page.locator('[data-tab="findings"]').click()
      await page.locator(`[data-finding="${answered}"]`).waitFor()
      const findings = await visibleText(page)
      expect(findings).not.toMatch(ISO_DATE)
      // The evaluation period and the due date, as the interface writes dates.
      expect(findings).toContain('sept 2011')
      expect(findings).toContain('31 ene 2012')
      await page.locator('[data-tab="versions"]').click()
      await page.locator('ficha-versions-panel').waitFor()
      expect(await visibleText(page)).not.toMatch(ISO_DATE)
      await page.goto(`${server.url}/me`)
      await page.locator('[data-my-actions], [data-my-threads]').first().waitFor()
      expect(await visibleText(page)).not.toMatch(ISO_DATE)
      expect(realErrors(errors)).toEqual([])
    }
  })

  it('the management response shows once, read-only, with who answered and an Edit button', async () => {
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      const { page, errors } = await open(coordinator, `/programmes/${SHEET}`, viewport)
      await page.locator('[data-tab="findings"]').click()
      const done = page.locator(`[data-finding="${answered}"]`)
      await done.waitFor()
      expect(await done.locator('[data-response-form]').count()).toBe(0)
      // (The desktop round edits it below; the phone round reads the edited reason.)
      expect(await done.locator('[data-response]').textContent()).toContain(name === 'desktop' ? 'Depende de la contraparte nacional.' : 'Depende del ministerio.')
      expect(await done.locator('[data-response-by]').textContent()).toContain(coordinatorName)
      // The finding still without a response offers the form, once.
      expect(await page.locator(`[data-finding="${unanswered}"] [data-response-form]`).count()).toBe(1)
      await done.screenshot({ path: `${SCREENSHOTS}/consistency-response-${name}.png` })
      if (name !== 'desktop') continue
      await done.locator(`[data-edit-response="${answered}"]`).click()
      const form = done.locator('[data-response-form]')
      await form.locator('textarea').fill('Depende del ministerio.')
      await form.locator('button[type=submit]').click()
      await expect.poll(() => done.locator('[data-response]').textContent(), { timeout: 5_000 }).toContain('Depende del ministerio.')
      expect(await done.locator('[data-response-form]').count()).toBe(0)
      expect(realErrors(errors)).toEqual([])
    }
  })

  it('a narrative named by its section opens on its toolbar, with no empty label line above it', async () => {
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      const { page } = await open(coordinator, `/programmes/${SHEET}`, viewport)
      await page.locator('[data-narrative="summary"][contenteditable="true"]').waitFor({ timeout: 15_000 })
      const gap = await page.locator('ficha-narrative').first().evaluate((host) => {
        const box = host.querySelector('.ficha-narrative')!.getBoundingClientRect()
        const toolbar = host.querySelector('.ficha-toolbar')!.getBoundingClientRect()
        return toolbar.top - box.top
      })
      expect(gap).toBeLessThan(2)
      // Still named for assistive technology.
      expect(await page.locator('[data-narrative="summary"]').getAttribute('aria-labelledby')).toBeTruthy()
      const name_ = await page.locator('[data-narrative="summary"]').evaluate((el) => document.getElementById(el.getAttribute('aria-labelledby')!)?.textContent)
      expect(name_).toBe('Resumen')
      await page.locator('ficha-narrative').first().screenshot({ path: `${SCREENSHOTS}/consistency-narrative-${name}.png` })
    }
  })

  it('offline, the pending changes name the fields changed, not the keystrokes', async () => {
    const { page, context, errors } = await open(coordinator, `/programmes/${SHEET}`, VIEWPORTS.phone)
    await online(page)
    await page.locator('[data-narrative="summary"][contenteditable="true"]').waitFor({ timeout: 15_000 })
    await context.setOffline(true)
    const status = page.locator('[data-sync-status]').first()
    await expect.poll(() => status.getAttribute('data-sync-status')).toBe('offline')
    await page.locator('[data-narrative="summary"]').click()
    await page.keyboard.press('Control+Home')
    await page.keyboard.type('Veinte pulsaciones aquí. ')
    await expect.poll(() => status.getAttribute('data-pending')).toBe('1')
    const committed = page.locator('ficha-finance-table input[data-cell$="/committed"]').first()
    await committed.fill('123456')
    await committed.press('Enter')
    await expect.poll(() => status.getAttribute('data-pending')).toBe('2')
    const named = await page.locator('[data-pending-fields]').textContent()
    expect(named).toContain('2 campos sin enviar')
    expect(named).toContain('Resumen')
    expect(named).toContain('Comprometido')
    await page.screenshot({ path: `${SCREENSHOTS}/consistency-pending-phone.png` })
    await context.setOffline(false)
    await expect.poll(() => status.getAttribute('data-pending'), { timeout: 20_000 }).toBe('0')
    expect(await page.locator('[data-pending-fields]').count()).toBe(0)
    // The provider's retries while the browser is offline are logged by Chromium: expected here.
    expect(realErrors(errors).filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([])
  })

  it('Tab goes from finance cell to finance cell; Ctrl+Alt+M opens the comment on the cell', async () => {
    const { page, errors } = await open(coordinator, `/programmes/${SHEET}`, VIEWPORTS.desktop)
    await online(page)
    const table = page.locator('ficha-finance-table')
    const first = table.locator('input[data-cell$="/transferred"]:not([readonly]):not([disabled])').first()
    await first.waitFor({ timeout: 15_000 })
    expect(await table.locator('.ficha-comment-field').count()).toBeGreaterThan(0)
    expect(await table.locator('.ficha-comment-field:not([tabindex="-1"])').count()).toBe(0)
    await first.focus()
    await page.keyboard.press('Tab')
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement
      return { tag: el.tagName, cell: el.getAttribute('data-cell') }
    })
    expect(focused.tag, JSON.stringify(focused)).toBe('INPUT')
    expect(focused.cell).toMatch(/\/committed$/)
    await page.keyboard.press('Control+Alt+M')
    const draft = page.locator('[data-thread-draft]')
    await draft.waitFor({ timeout: 5_000 })
    expect(await draft.textContent()).toContain('Comprometido')
    await page.screenshot({ path: `${SCREENSHOTS}/consistency-comment-shortcut-desktop.png` })
    expect(realErrors(errors)).toEqual([])
  })

  it('versions newest first in the timeline and the compare picker, checkpoints of one minute told apart, restore asked in the app\'s dialog', async () => {
    await post(secretariat, '/snapshots', { period: '2011-1', label: 'Primer semestre 2011', note: '' })
    // Two editing visits a second apart: each leaves an automatic checkpoint when its editor goes.
    for (const value of ['4100000', '4200000']) {
      const { page, context } = await open(coordinator, `/programmes/${SHEET}`)
      await online(page)
      const total = page.locator('[data-field="budget.total"]')
      await total.fill(value)
      await total.press('Enter')
      await expect.poll(budgetTotal, { timeout: 10_000 }).toBe(Number(value))
      await context.close()
      await new Promise((resolve) => setTimeout(resolve, 1_100))
    }
    const listed = async () => (await (await as(server, secretariat, `/api/programmes/${SHEET}/snapshots`)).json()) as { semesters: { id: string; createdAt: string }[]; checkpoints: { id: string; createdAt: string }[] }
    await expect.poll(async () => (await listed()).checkpoints.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2)
    const versions = await listed()
    const newest = [...versions.semesters, ...versions.checkpoints].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((v) => v.id)

    for (const viewport of Object.values(VIEWPORTS)) {
      const { page, errors } = await open(secretariat, `/programmes/${SHEET}`, viewport)
      await page.locator('[data-tab="versions"]').click()
      await page.locator('[data-timeline-checkpoints]').waitFor()
      const times = await page.locator('[data-timeline-checkpoints] time').evaluateAll((els) => els.map((el) => ({ at: el.getAttribute('datetime')!, text: el.textContent!.trim() })))
      expect(times.map((t) => t.at)).toEqual([...times.map((t) => t.at)].sort().reverse())
      // Checkpoints a second or more apart read differently, though they fall in one minute.
      for (const [i, later] of times.entries()) {
        for (const earlier of times.slice(i + 1)) {
          if (Date.parse(later.at) - Date.parse(earlier.at) >= 1_000) expect(later.text, JSON.stringify(times)).not.toBe(earlier.text)
        }
      }
      expect(times[0]!.text).toMatch(/\d{1,2}:\d{2}:\d{2}/)
      // The picker lists the same versions in the same order as the timeline.
      expect(await page.locator('[data-compare-form] select[name=from] option').evaluateAll((els) => els.map((el) => (el as HTMLOptionElement).value))).toEqual(newest)
      expect(await page.locator('[data-compare-form] select[name=to] option').evaluateAll((els) => els.map((el) => (el as HTMLOptionElement).value))).toEqual(['now', ...newest])
      await page.locator('ficha-versions-panel').screenshot({ path: `${SCREENSHOTS}/consistency-versions-${viewport.width}.png` })
      expect(realErrors(errors)).toEqual([])
    }

    // Restoring asks in the app's own dialog; cancelling changes nothing, confirming restores.
    const semester = versions.semesters[0]!.id
    for (const viewport of Object.values(VIEWPORTS)) {
      const { page, errors } = await open(secretariat, `/programmes/${SHEET}/versions/${semester}`, viewport)
      await page.locator('[data-restore] summary').click()
      await page.locator('[data-restore-all]').click()
      const dialog = page.locator('dialog[data-confirm-dialog][open]')
      await dialog.waitFor()
      expect(await dialog.locator('h2').textContent()).toBe('Restaurar en la ficha en vivo')
      expect(await dialog.locator('[data-confirm-ok]').textContent()).toBe('Restaurar')
      // Cancel has the focus: Enter does not overwrite by accident.
      expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-confirm-cancel'))).toBe(true)
      await page.screenshot({ path: `${SCREENSHOTS}/consistency-restore-dialog-${viewport.width}.png` })
      if (viewport.width > 400) {
        expect(await answerConfirm(page, 'cancel')).toContain('Primer semestre 2011')
        expect(await page.locator('[data-restored]').count()).toBe(0)
        continue
      }
      await answerConfirm(page, 'confirm')
      await page.locator('[data-restored]').waitFor({ timeout: 10_000 })
      await expect.poll(budgetTotal, { timeout: 10_000 }).not.toBe(4200000)
      expect(realErrors(errors)).toEqual([])
    }
  })

  it('an invalid cell says so to a screen reader: aria-invalid, and the warning as its description', async () => {
    for (const viewport of Object.values(VIEWPORTS)) {
      const { page, errors } = await open(coordinator, `/programmes/${SHEET}`, viewport)
      await online(page)
      const cell = page.locator('ficha-finance-table input[data-cell$="/disbursed"]:not([disabled])').first()
      await cell.waitFor({ timeout: 15_000 })
      expect(await cell.getAttribute('aria-invalid')).toBeNull()
      await cell.fill('doce mil')
      await cell.press('Enter')
      await expect.poll(() => cell.getAttribute('aria-invalid'), { timeout: 5_000 }).toBe('true')
      const description = await cell.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby')!)?.textContent ?? '')
      expect(description).toContain('doce mil')
      await cell.locator('xpath=ancestor::td[1]').screenshot({ path: `${SCREENSHOTS}/consistency-invalid-cell-${viewport.width}.png` })
      // Corrected, it is valid again.
      await cell.fill('12000')
      await cell.press('Enter')
      await expect.poll(() => cell.getAttribute('aria-invalid'), { timeout: 5_000 }).toBeNull()
      expect(realErrors(errors)).toEqual([])
    }
  })
})
