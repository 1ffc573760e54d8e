import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startTestServer, type TestServer } from '../support/server.js'
import { makeUser, sendJson, type TestUser } from '../support/users.js'
import { HAS_CHROMIUM, SCREENSHOTS, buildClient, launchBrowser } from './support/browser.js'
import { realErrors, signedIn } from './support/people.js'

const SHEET = 'MDGF-2081'

describe.skipIf(!HAS_CHROMIUM)('comment threads and findings in Chromium', () => {
  let server: TestServer
  let browser: Browser
  let evaluator: TestUser
  let coordinator: TestUser
  const contexts: BrowserContext[] = []

  const open = async (user: TestUser, path = `/programmes/${SHEET}`) => {
    const person = await signedIn(browser, server, user, path)
    contexts.push(person.context)
    await expect.poll(() => person.page.locator('[data-sync-status]').first().getAttribute('data-sync-status'), { timeout: 15_000 }).toBe('online')
    return person
  }
  const highlight = (page: Page) => page.locator('[data-narrative="summary"] [data-thread-highlight]')
  const highlightText = (page: Page) => highlight(page).evaluateAll((els) => els.map((e) => e.textContent).join(''))

  beforeAll(async () => {
    buildClient()
    server = await startTestServer({ env: { SEED_EXAMPLE: '1' } })
    browser = await launchBrowser()
    evaluator = await makeUser(server, { programme: SHEET, programmeRole: 'evaluator' })
    coordinator = await makeUser(server, { programme: SHEET, programmeRole: 'coordinator' })
  }, 120_000)
  afterAll(async () => {
    for (const context of contexts) await context.close()
    await browser?.close()
    await server?.stop(true)
  })

  it('an evaluator comments on a span of the summary; the coordinator sees it live, edits before it, replies and resolves', async () => {
    const coord = await open(coordinator)
    await coord.page.locator('[data-narrative="summary"][contenteditable="true"]').waitFor({ timeout: 15_000 })
    const ev = await open(evaluator)
    // The sheet is read-only for the evaluator, yet they may comment.
    await ev.page.locator('[data-readonly-notice]').waitFor()
    const summary = ev.page.locator('[data-narrative="summary"]')
    await expect.poll(() => summary.textContent(), { timeout: 15_000 }).toMatch(/\w{6,}/)

    // Select the third word of the first paragraph of at least 6 letters.
    const quote = await summary.evaluate((root) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
      let node: Node | null
      while ((node = walker.nextNode())) {
        const text = node.textContent ?? ''
        const words = [...text.matchAll(/[\p{L}]{6,}/gu)]
        const word = words[2] ?? words[0]
        if (!word) continue
        const range = document.createRange()
        range.setStart(node, word.index!)
        range.setEnd(node, word.index! + word[0].length)
        const selection = getSelection()!
        selection.removeAllRanges()
        selection.addRange(range)
        return word[0]
      }
      return ''
    })
    expect(quote).not.toBe('')
    await ev.page.locator('[data-comment-selection]').click()
    const draft = ev.page.locator('[data-thread-draft]')
    await draft.locator('textarea').fill('¿Esta cifra está verificada?')
    await draft.locator('button[type=submit]').click()
    await expect.poll(() => highlightText(ev.page), { timeout: 10_000 }).toBe(quote)

    // The coordinator sees the highlight, the thread and the count without reloading.
    const started = Date.now()
    await expect.poll(() => highlightText(coord.page), { timeout: 5_000, interval: 100 }).toBe(quote)
    expect(Date.now() - started).toBeLessThan(5_000)
    await expect.poll(() => coord.page.locator('[data-toc-threads="summary"]').textContent()).toBe('1')
    await expect.poll(() => coord.page.locator('[data-thread-item]').count()).toBe(1)

    // The coordinator types before the span: the highlight still covers the same words, for both.
    const editor = coord.page.locator('[data-narrative="summary"]')
    await editor.click()
    await coord.page.keyboard.press('Control+Home')
    await coord.page.keyboard.type('Texto nuevo delante. ')
    await expect.poll(() => ev.page.locator('[data-narrative="summary"]').textContent(), { timeout: 10_000 }).toContain('Texto nuevo delante.')
    await expect.poll(() => highlightText(coord.page)).toBe(quote)
    await expect.poll(() => highlightText(ev.page)).toBe(quote)
    await ev.page.screenshot({ path: `${SCREENSHOTS}/thread-on-span.png` })

    // A click on the highlight opens the thread; the coordinator replies, the evaluator sees it.
    await highlight(coord.page).first().click()
    const thread = coord.page.locator('[data-threads-panel] [data-thread]')
    await thread.waitFor()
    await thread.locator('ficha-comment-form textarea').fill('Sí, la verificamos con el informe semestral.')
    await thread.locator('ficha-comment-form button[type=submit]').click()
    const evThread = ev.page.locator('[data-threads-panel] [data-thread]')
    await expect.poll(() => evThread.locator('[data-comment]').count(), { timeout: 5_000 }).toBe(2)
    await ev.page.screenshot({ path: `${SCREENSHOTS}/thread-reply.png` })

    // Resolving: the highlight and the count go away for both.
    await thread.locator('[data-thread-resolve="resolve"]').click()
    for (const page of [coord.page, ev.page]) {
      await expect.poll(() => page.locator('[data-toc-threads="summary"]').count(), { timeout: 5_000 }).toBe(0)
      await expect.poll(() => highlight(page).count()).toBe(0)
    }
    await evThread.locator('[data-thread-resolve="reopen"]').click()
    await expect.poll(() => coord.page.locator('[data-toc-threads="summary"]').textContent(), { timeout: 5_000 }).toBe('1')
    expect(realErrors([...coord.errors, ...ev.errors])).toEqual([])
  })

  it('the findings panel shows findings, the response, and the improvement plan with overdue actions', async () => {
    const post = (user: TestUser, path: string, body: unknown, method = 'POST') => sendJson(server, user, `/api/programmes/${SHEET}${path}`, body, method)
    const { evaluation } = await post(evaluator, '/evaluations', { kind: 'mid-term', evaluators: 'Evaluadora Externa', periodStart: '2011-09', periodEnd: '2011-11', reportUrl: 'https://example.org/informe.pdf' })
    const { finding } = await post(evaluator, '/findings', { evaluationId: evaluation.id, criterion: 'efficiency', finding: 'La ejecución financiera va retrasada respecto al plan.', recommendation: 'Acelerar los desembolsos de las agencias.', priority: 'high' })
    await post(coordinator, `/findings/${finding.id}/response`, { decision: 'partially-accepted', reason: 'Depende de la contraparte nacional.' }, 'PUT')
    await post(coordinator, '/actions', { findingId: finding.id, description: 'Revisar el calendario de desembolsos', responsible: 'Coordinación', dueDate: '2012-01-31', status: 'in-progress' })
    await post(coordinator, '/actions', { findingId: finding.id, description: 'Informe trimestral al CGP', responsible: 'PNUD', dueDate: '2099-06-30', status: 'not-started' })

    const coord = await open(coordinator)
    await coord.page.locator('[data-tab="findings"]').click()
    const panel = coord.page.locator('[data-findings]')
    await panel.locator(`[data-finding="${finding.id}"]`).waitFor()
    await expect.poll(() => panel.locator('[data-plan] tbody tr').count()).toBe(2)
    await expect.poll(() => panel.locator('[data-plan] tr[data-overdue]').count()).toBe(1)

    // The evaluator comments on the finding from another browser; the coordinator sees it live.
    const ev = await open(evaluator)
    await ev.page.locator('[data-tab="findings"]').click()
    await ev.page.locator(`[data-comment-finding="${finding.id}"]`).click()
    await ev.page.locator(`[data-finding="${finding.id}"] ficha-comment-form textarea`).fill('¿Qué plazo proponen?')
    await ev.page.locator(`[data-finding="${finding.id}"] ficha-comment-form button[type=submit]`).click()
    await expect.poll(() => panel.locator(`[data-finding="${finding.id}"] [data-thread]`).count(), { timeout: 5_000 }).toBe(1)

    // A new action appears live for the evaluator.
    await post(coordinator, '/actions', { findingId: finding.id, description: 'Taller con las agencias', responsible: 'OCR', dueDate: '2012-03-01', status: 'done' })
    await expect.poll(() => ev.page.locator('[data-plan] tbody tr').count(), { timeout: 5_000 }).toBe(3)
    await coord.page.screenshot({ path: `${SCREENSHOTS}/findings.png`, fullPage: true })

    // "My threads and actions" from the header.
    await ev.page.locator('[data-me-link]').click()
    await ev.page.waitForURL((url) => url.pathname === '/me')
    await expect.poll(() => ev.page.locator('[data-my-threads] [data-thread]').count(), { timeout: 5_000 }).toBeGreaterThan(0)
    expect(realErrors([...coord.errors, ...ev.errors])).toEqual([])
  })
})
