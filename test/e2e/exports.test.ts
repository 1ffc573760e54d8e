import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext } from 'playwright-core'
import { startTestServer, type TestServer } from '../support/server.js'
import { makeUser, sendJson, type TestUser } from '../support/users.js'
import { HAS_CHROMIUM, SCREENSHOTS, VIEWPORTS, buildClient, launchBrowser } from './support/browser.js'
import { realErrors, signedIn } from './support/people.js'

const SHEET = 'MDGF-2081'

describe.skipIf(!HAS_CHROMIUM)('exports hold the whole assessment', () => {
  let server: TestServer
  let browser: Browser
  let viewer: TestUser
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    buildClient()
    server = await startTestServer({ env: { SEED_EXAMPLE: '1' } })
    browser = await launchBrowser()
    const officer = await makeUser(server, { role: 'secretariat' })
    const evaluator = await makeUser(server, { programme: SHEET, programmeRole: 'evaluator' })
    // A viewer: the follow-up is exported to whoever may read the sheet.
    viewer = await makeUser(server, { programme: SHEET, programmeRole: 'viewer' })
    const post = (user: TestUser, path: string, body: unknown, method = 'POST') => sendJson(server, user, `/api/programmes/${SHEET}${path}`, body, method)
    const { evaluation } = await post(evaluator, '/evaluations', { kind: 'mid-term', evaluators: 'Evaluadora Externa', periodStart: '2011-09', periodEnd: '2011-11' })
    const { finding } = await post(evaluator, '/findings', { evaluationId: evaluation.id, criterion: 'sustainability', finding: 'Las contrapartes locales aún no asumen los costos.', recommendation: 'Acordar un plan de transición con los gobiernos regionales.', priority: 'medium' })
    await post(officer, `/findings/${finding.id}/response`, { decision: 'accepted', reason: '' }, 'PUT')
    await post(officer, '/actions', { findingId: finding.id, description: 'Firmar el plan de transición con Cusco y Puno', responsible: 'Coordinación', dueDate: '2030-06-30', status: 'not-started' })
  }, 120_000)
  afterAll(async () => {
    for (const context of contexts) await context.close()
    await browser?.close()
    await server?.stop(true)
  })

  for (const viewport of VIEWPORTS) {
    it(`at ${viewport.width} px: the sheet's export links carry the follow-up choice, and the HTML export shows evaluations, findings, response and plan`, async () => {
      const { context, page, errors } = await signedIn(browser, server, viewer, `/programmes/${SHEET}`, { viewport: { width: viewport.width, height: viewport.height } })
      contexts.push(context)
      const toggle = page.locator('input[data-export-follow-up]')
      await toggle.waitFor({ timeout: 15_000 })
      const href = (format: string) => page.locator(`a[data-export="${format}"]`).getAttribute('href')
      expect(await toggle.isChecked()).toBe(true)
      expect(await href('html')).toContain('followUp=1')
      expect(await href('docx')).toContain('followUp=1')
      expect(await href('csv')).not.toContain('followUp')
      await toggle.uncheck()
      expect(await href('html')).toContain('followUp=0')
      await toggle.check()
      await page.locator('.exports').screenshot({ path: `${SCREENSHOTS}/exports-links-${viewport.name}.png` })

      const exported = await context.newPage()
      await exported.goto(`${server.url}${await href('html')}`)
      const section = exported.locator('#s-evaluations')
      await section.waitFor()
      expect(await section.textContent()).toContain('Acordar un plan de transición con los gobiernos regionales.')
      expect(await section.textContent()).toContain('Aceptada')
      const plan = exported.locator('#s-improvement-plan')
      expect(await plan.textContent()).toContain('Firmar el plan de transición con Cusco y Puno')
      expect(await plan.textContent()).toContain('30 de junio de 2030')
      await section.screenshot({ path: `${SCREENSHOTS}/exports-html-follow-up-${viewport.name}.png` })
      await plan.screenshot({ path: `${SCREENSHOTS}/exports-html-plan-${viewport.name}.png` })
      expect(realErrors(errors)).toEqual([])
    })
  }
})
