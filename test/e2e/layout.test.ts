import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { listDef } from '../../shared/sheet/schema.js'
import { startTestServer, type TestServer } from '../support/server.js'
import { makeUser, sendJson, type TestUser } from '../support/users.js'
import { HAS_CHROMIUM, SCREENSHOTS, VIEWPORTS, buildClient, launchBrowser, watchErrors } from './support/browser.js'
import { realErrors, signedIn } from './support/people.js'

const SHEET = 'MDGF-2081'
const LOCKED = '2010-1'
const SNAPSHOT_PERIOD = '2011-1'
/** Every column of the financial table, from the schema (the amounts and the period). */
const FINANCE_COLUMNS = listDef('finance')!.columns.filter((c) => c.kind !== 'narrative').map((c) => ({ id: c.id, label: c.label.es }))
/** The portfolio's columns, as the table names its cells (`data-column`). */
const PORTFOLIO_COLUMNS = ['title', 'country', 'window', 'status', 'total', 'execution', 'warnings']

/**
 * What is wrong with the layout of the page as shown, as sentences (empty when nothing is):
 * the document scrolling sideways, a table cell past the screen's edge without a scroller to
 * reach it (and, in a scroller, the row's first cell not staying in view), a financial input not
 * showing its whole value, a button of the financial table outside its card.
 */
function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = []
    const root = document.documentElement
    const width = root.clientWidth
    const describe = (el: Element) => {
      const data = [...el.attributes].filter((a) => a.name.startsWith('data-')).map((a) => `[${a.name}="${a.value}"]`).join('')
      return `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}${data}`
    }
    const shown = (el: Element) => {
      const box = el.getBoundingClientRect()
      return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden'
    }
    if (root.scrollWidth > width) {
      const wide = [...document.body.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > width + 1 && !el.closest('.table-scroll, .ficha-table-scroll, .ficha-sheet__toc'))
      problems.push(`the page scrolls sideways: ${root.scrollWidth} px in ${width} px (${wide.slice(-3).map(describe).join(', ')})`)
    }
    // A cell past the edge must sit in a horizontal scroller that is itself on screen, and its
    // row's first cell must stay in view (sticky) so the person knows which row they read.
    for (const cell of document.querySelectorAll('main td, main th')) {
      if (!shown(cell) || cell.closest('.visually-hidden, .ficha-visually-hidden')) continue
      const box = cell.getBoundingClientRect()
      if (box.right <= width + 1 && box.left >= -1) continue
      let scroller: Element | null = cell.parentElement
      while (scroller && !['auto', 'scroll'].includes(getComputedStyle(scroller).overflowX)) scroller = scroller.parentElement
      if (!scroller || scroller === root || scroller.getBoundingClientRect().right > width + 1) {
        problems.push(`${describe(cell)} "${cell.textContent?.trim().slice(0, 30)}" lies past the screen (${Math.round(box.left)}–${Math.round(box.right)} of ${width}) with no scroller`)
        continue
      }
      const first = cell.parentElement!.firstElementChild!
      if (first !== cell && getComputedStyle(first).position !== 'sticky') problems.push(`${describe(first)}: the first cell of a scrolled row does not stay in view`)
    }
    for (const table of document.querySelectorAll('ficha-finance-table')) {
      for (const input of table.querySelectorAll<HTMLInputElement>('input.ficha-input')) {
        if (input.scrollWidth > input.clientWidth) problems.push(`${describe(input)} shows part of "${input.value}" (${input.scrollWidth} px in ${input.clientWidth} px)`)
      }
      const card = table.closest('.ficha-section') ?? table
      const edge = card.getBoundingClientRect()
      for (const button of table.querySelectorAll('button')) {
        if (!shown(button)) continue
        const box = button.getBoundingClientRect()
        if (box.left < edge.left - 0.5 || box.right > edge.right + 0.5 || box.top < edge.top - 0.5 || box.bottom > edge.bottom + 0.5) {
          problems.push(`${describe(button)} "${button.textContent?.trim()}" is outside its card (${Math.round(box.left)}–${Math.round(box.right)} in ${Math.round(edge.left)}–${Math.round(edge.right)})`)
        }
      }
    }
    return problems
  })
}

/**
 * On a phone every column of the rows under `rowSelector` must be there for the person to read:
 * each cell `cellOf(column)` with its visible label (`[data-column-label]`) inside the screen.
 */
function hiddenColumns(page: Page, rowSelector: string, columns: { id: string; label?: string }[], cellSelector: string): Promise<string[]> {
  return page.evaluate(
    ({ rowSelector, columns, cellSelector }) => {
      const width = document.documentElement.clientWidth
      const inView = (el: Element | null) => {
        if (!el) return false
        const box = el.getBoundingClientRect()
        return box.width > 0 && box.height > 0 && box.left >= -1 && box.right <= width + 1 && getComputedStyle(el).visibility !== 'hidden'
      }
      const problems: string[] = []
      const rows = [...document.querySelectorAll(rowSelector)]
      if (rows.length === 0) problems.push(`no rows ${rowSelector}`)
      for (const row of rows) {
        for (const column of columns) {
          const cell = row.querySelector(cellSelector.replaceAll('{column}', column.id))
          const label = cell?.querySelector('[data-column-label]')
          if (!inView(cell)) problems.push(`${rowSelector} ${column.id}: the cell is not on screen`)
          else if (!inView(label ?? null)) problems.push(`${rowSelector} ${column.id}: the column's label is not on screen`)
          else if (column.label && label!.textContent!.trim() !== column.label) problems.push(`${rowSelector} ${column.id}: labelled "${label!.textContent}"`)
        }
      }
      return problems
    },
    { rowSelector, columns, cellSelector },
  )
}

describe.skipIf(!HAS_CHROMIUM)('every page fits the screen, at 1366 px and on a 390 px phone', () => {
  let server: TestServer
  let browser: Browser
  let officer: TestUser
  let admin: TestUser
  let snapshotId: string
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    buildClient()
    server = await startTestServer({ env: { SEED_EXAMPLE: '1' } })
    browser = await launchBrowser()
    // A secretariat officer who also coordinates the sheet: they see the Unlock buttons and are
    // responsible for an action of the improvement plan (their own page lists it).
    officer = await makeUser(server, { role: 'secretariat', programme: SHEET, programmeRole: 'coordinator' })
    admin = await makeUser(server, { role: 'admin' })
    const evaluator = await makeUser(server, { programme: SHEET, programmeRole: 'evaluator' })
    const post = (user: TestUser, path: string, body: unknown, method = 'POST') => sendJson(server, user, `/api/programmes/${SHEET}${path}`, body, method)
    const { evaluation } = await post(evaluator, '/evaluations', { kind: 'mid-term', evaluators: 'Evaluadora Externa', periodStart: '2011-09', periodEnd: '2011-11', reportUrl: 'https://example.org/informe.pdf' })
    const { finding } = await post(evaluator, '/findings', { evaluationId: evaluation.id, criterion: 'efficiency', finding: 'La ejecución financiera va retrasada respecto al plan.', recommendation: 'Acelerar los desembolsos de las agencias.', priority: 'high' })
    await post(officer, `/findings/${finding.id}/response`, { decision: 'partially-accepted', reason: 'Depende de la contraparte nacional.' }, 'PUT')
    await post(officer, '/actions', { findingId: finding.id, description: 'Revisar el calendario de desembolsos con las agencias participantes', responsible: 'Coordinación', responsibleUserId: officer.id, dueDate: '2012-01-31', status: 'in-progress' })
    await post(officer, '/threads', { anchor: { kind: 'field', field: 'budget.total' }, body: '¿Incluye el aporte de la contraparte nacional?' })
    // One period locked by hand, one by a semester snapshot: both rows show the lock and Unlock.
    await post(officer, `/periods/${LOCKED}/lock`, { reason: 'Cifras revisadas por el comité' })
    snapshotId = (await post(officer, '/snapshots', { period: SNAPSHOT_PERIOD, label: 'Primer semestre 2011' })).snapshot.id
  }, 120_000)
  afterAll(async () => {
    for (const context of contexts) await context.close()
    await browser?.close()
    await server?.stop(true)
  })

  for (const viewport of VIEWPORTS) {
    const size = { width: viewport.width, height: viewport.height }
    const phone = viewport.width < 600

    it(`at ${viewport.width}×${viewport.height}: the sheet's financial table shows whole periods, fits its card and, on a phone, every column`, async () => {
      const { context, page, errors } = await signedIn(browser, server, officer, `/programmes/${SHEET}`, { viewport: size })
      contexts.push(context)
      await expect.poll(() => page.locator('[data-sync-status]').first().getAttribute('data-sync-status'), { timeout: 15_000 }).toBe('online')
      await page.locator('[data-narrative="summary"][contenteditable="true"]').waitFor({ timeout: 15_000 })
      await page.locator(`[data-locked-period="${LOCKED}"]`).waitFor({ timeout: 10_000 })
      await page.locator(`[data-locked-period="${SNAPSHOT_PERIOD}"]`).waitFor({ timeout: 10_000 })
      await page.locator(`[data-unlock-period="${LOCKED}"]`).waitFor()
      const periods = await page.locator('ficha-finance-table input[data-cell$="/period"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))
      expect(periods).toEqual(expect.arrayContaining([LOCKED, SNAPSHOT_PERIOD]))
      expect.soft(await layoutProblems(page), 'page').toEqual([])
      if (phone) expect.soft(await hiddenColumns(page, 'ficha-finance-table tr[data-row-id]', FINANCE_COLUMNS, 'td[data-column="{column}"]')).toEqual([])
      const finance = page.locator('#section-finance')
      await finance.scrollIntoViewIfNeeded()
      await finance.screenshot({ path: `${SCREENSHOTS}/layout-sheet-finance-${viewport.name}.png` })
      await page.screenshot({ path: `${SCREENSHOTS}/layout-sheet-${viewport.name}.png`, fullPage: true })

      // Follow-up and versions, on the same page.
      await page.locator('[data-tab="findings"]').click()
      await page.locator('[data-plan]').waitFor()
      expect.soft(await layoutProblems(page), 'page').toEqual([])
      await page.screenshot({ path: `${SCREENSHOTS}/layout-findings-${viewport.name}.png`, fullPage: true })
      await page.locator('[data-tab="versions"]').click()
      await page.locator('[data-timeline]').waitFor()
      expect.soft(await layoutProblems(page), 'page').toEqual([])
      await page.screenshot({ path: `${SCREENSHOTS}/layout-versions-${viewport.name}.png`, fullPage: true })

      // The snapshot, read-only: its periods read whole too.
      await page.goto(`${server.url}/programmes/${SHEET}/versions/${snapshotId}`)
      await page.locator('[data-version-readonly]').waitFor()
      await expect.poll(() => page.locator('ficha-version-page ficha-finance-table input[data-cell$="/period"]').count(), { timeout: 10_000 }).toBeGreaterThan(0)
      expect.soft(await layoutProblems(page), 'page').toEqual([])
      if (phone) expect.soft(await hiddenColumns(page, 'ficha-finance-table tr[data-row-id]', FINANCE_COLUMNS, 'td[data-column="{column}"]')).toEqual([])
      await page.screenshot({ path: `${SCREENSHOTS}/layout-version-${viewport.name}.png`, fullPage: true })

      await page.goto(`${server.url}/programmes/${SHEET}/compare?from=${snapshotId}&to=now`)
      await page.locator('[data-compare]').waitFor()
      expect.soft(await layoutProblems(page), 'page').toEqual([])
      await page.screenshot({ path: `${SCREENSHOTS}/layout-compare-${viewport.name}.png`, fullPage: true })
      expect(realErrors(errors)).toEqual([])
    })

    it(`at ${viewport.width}×${viewport.height}: the portfolio, the person's own page, the account, the accounts admin and sign-in fit, and the portfolio shows every column`, async () => {
      const { context, page, errors } = await signedIn(browser, server, officer, '/', { viewport: size })
      contexts.push(context)
      await page.locator('tr[data-programme]').first().waitFor({ timeout: 10_000 })
      expect.soft(await layoutProblems(page), 'page').toEqual([])
      if (phone) expect.soft(await hiddenColumns(page, 'tr[data-programme]', PORTFOLIO_COLUMNS.map((id) => ({ id })), '[data-column="{column}"]')).toEqual([])
      await page.screenshot({ path: `${SCREENSHOTS}/layout-portfolio-${viewport.name}.png`, fullPage: true })

      await page.goto(`${server.url}/me`)
      await page.locator('[data-my-threads] tr[data-thread]').waitFor({ timeout: 10_000 })
      await page.locator('[data-my-actions] tr[data-action]').waitFor()
      expect.soft(await layoutProblems(page), 'page').toEqual([])
      await page.screenshot({ path: `${SCREENSHOTS}/layout-me-${viewport.name}.png`, fullPage: true })

      await page.goto(`${server.url}/account`)
      await page.locator('[data-account]').waitFor()
      expect.soft(await layoutProblems(page), 'page').toEqual([])
      await page.screenshot({ path: `${SCREENSHOTS}/layout-account-${viewport.name}.png`, fullPage: true })
      expect(realErrors(errors)).toEqual([])

      const administrator = await signedIn(browser, server, admin, '/admin', { viewport: size })
      contexts.push(administrator.context)
      await administrator.page.locator('[data-admin] tr[data-user]').first().waitFor({ timeout: 10_000 })
      expect.soft(await layoutProblems(administrator.page), 'administrator.page').toEqual([])
      await administrator.page.screenshot({ path: `${SCREENSHOTS}/layout-admin-${viewport.name}.png`, fullPage: true })
      expect(realErrors(administrator.errors)).toEqual([])

      const visitor = await browser.newContext({ viewport: size })
      contexts.push(visitor)
      const signin = await visitor.newPage()
      const signinErrors = watchErrors(signin)
      await signin.goto(`${server.url}/signin`)
      await signin.locator('form[data-signin]').waitFor()
      expect.soft(await layoutProblems(signin), 'signin').toEqual([])
      await signin.screenshot({ path: `${SCREENSHOTS}/layout-signin-${viewport.name}.png`, fullPage: true })
      expect(realErrors(signinErrors)).toEqual([])
    })
  }
})
