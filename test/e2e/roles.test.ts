import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext } from 'playwright-core'
import { startTestServer, type TestServer } from '../support/server.js'
import { makeUser, type TestUser } from '../support/users.js'
import { HAS_CHROMIUM, SCREENSHOTS, VIEWPORTS, buildClient, launchBrowser } from './support/browser.js'
import { realErrors, signedIn } from './support/people.js'

/** The real Peru sheet as exported from Word: its import leaves notes (an agency alias, placeholders). */
const PERU_SOURCE = { name: 'peru.txt', mimeType: 'text/plain', buffer: readFileSync('db/seed/peru-industrias-creativas.txt') }
const SHEET = 'MDGF-2081'

describe.skipIf(!HAS_CHROMIUM)('each role is offered only what it may do', () => {
  let server: TestServer
  let browser: Browser
  let coordinator: TestUser
  let evaluator: TestUser
  let viewer: TestUser
  let officer: TestUser
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    buildClient()
    server = await startTestServer({ env: { SEED_EXAMPLE: '1' } })
    browser = await launchBrowser()
    coordinator = await makeUser(server, { programme: SHEET, programmeRole: 'coordinator' })
    evaluator = await makeUser(server, { programme: SHEET, programmeRole: 'evaluator' })
    viewer = await makeUser(server, { programme: SHEET, programmeRole: 'viewer' })
    officer = await makeUser(server, { role: 'secretariat' })
  }, 120_000)
  afterAll(async () => {
    for (const context of contexts) await context.close()
    await browser?.close()
    await server?.stop(true)
  })

  for (const viewport of VIEWPORTS) {
    const size = { width: viewport.width, height: viewport.height }

    it(`at ${viewport.width} px: a coordinator may only update their sheet by import, never create one; the secretariat may do both`, async () => {
      const person = await signedIn(browser, server, coordinator, '/', { viewport: size })
      contexts.push(person.context)
      const form = person.page.locator('form[data-import]')
      await form.waitFor({ timeout: 10_000 })
      expect(await person.page.locator('ficha-new-sheet-form').count()).toBe(0)
      // The sheet to update is chosen among theirs (one: preselected); the creation fields are not there.
      await form.locator('[data-import-update-only]').waitFor()
      expect(await form.locator('select[name=code] option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).toEqual([SHEET])
      expect(await form.locator('input[name=title], input[name=country]').count()).toBe(0)
      await person.page.screenshot({ path: `${SCREENSHOTS}/roles-coordinator-portfolio-${viewport.name}.png`, fullPage: true })
      expect(realErrors(person.errors)).toEqual([])

      const secretariat = await signedIn(browser, server, officer, '/', { viewport: size })
      contexts.push(secretariat.context)
      await secretariat.page.locator('form[data-import] input[name=title]').waitFor({ timeout: 10_000 })
      await secretariat.page.locator('ficha-new-sheet-form form').waitFor()
      expect(await secretariat.page.locator('[data-import-update-only]').count()).toBe(0)
    })

    it(`at ${viewport.width} px: errors come from the catalog in the person's language, and required fields are marked before sending`, async () => {
      const secretariat = await signedIn(browser, server, officer, '/', { viewport: size })
      contexts.push(secretariat.context)
      const { page } = secretariat
      const form = page.locator('form[data-import]')
      await form.waitFor({ timeout: 10_000 })
      // Marked before sending: the legend, and an asterisk on exactly the required fields.
      for (const selector of ['form[data-import]', 'form[data-new-sheet]']) {
        const legend = page.locator(`${selector} .required-legend`)
        expect(await legend.textContent()).toContain('obligatorio')
        const marked = await page.locator(`${selector} label`).evaluateAll((labels) =>
          labels.map((label) => {
            const control = document.getElementById((label as HTMLLabelElement).htmlFor) as HTMLInputElement | null
            return { required: control?.required ?? false, marked: label.querySelector('.required-mark') !== null }
          }),
        )
        expect(marked.length).toBeGreaterThan(0)
        for (const field of marked) expect(field.marked).toBe(field.required)
      }
      // A file that is not a fact sheet: the server's reason, said in Spanish with its params.
      await form.locator('input[type=file]').setInputFiles({ name: 'notas.txt', mimeType: 'text/plain', buffer: Buffer.from('Resumen\tUn texto suelto\nNada más') })
      await form.locator('input[name=code]').fill('MDGF-9999')
      await form.locator('button[type=submit]').click()
      const alert = form.locator('[role=alert]')
      await alert.waitFor({ timeout: 10_000 })
      const text = (await alert.textContent())!
      expect(text).toContain('No es una ficha: solo tiene')
      expect(text).not.toMatch(/Not a fact sheet|found only/)
      await form.screenshot({ path: `${SCREENSHOTS}/roles-import-error-es-${viewport.name}.png` })

      // The same refusal in English once the person switches the interface.
      await page.locator('select[data-lang-switch]').selectOption('en')
      await form.locator('input[type=file]').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('\u0000\u0001binary') })
      await form.locator('button[type=submit]').click()
      await expect.poll(() => form.locator('[role=alert]').textContent(), { timeout: 10_000 }).toContain('The file is binary')

      // What an import decided (an alias read, a placeholder read as empty) is told in Spanish too.
      await page.locator('select[data-lang-switch]').selectOption('es')
      await form.locator('input[type=file]').setInputFiles(PERU_SOURCE)
      await form.locator('input[name=code]').fill(`NOTAS-${viewport.name}`)
      await form.locator('button[type=submit]').click()
      const notes = form.locator('li[data-import-note]')
      await expect.poll(() => notes.count(), { timeout: 15_000 }).toBeGreaterThan(0)
      const said = await notes.allTextContents()
      expect(said).toContainEqual(expect.stringContaining('«WTO» se lee como UNWTO'))
      for (const note of said) expect(note).not.toMatch(/ read as | kept as typed| left empty/)
      // Chromium logs each refused upload (422) as a failed resource: those are the answers asked for.
      expect(realErrors(secretariat.errors).filter((e) => !e.includes('status of 422'))).toEqual([])
    })

    it(`at ${viewport.width} px: an evaluator and a viewer see no import form; the evaluator is told they can comment and record findings`, async () => {
      for (const [who, account] of [['evaluator', evaluator], ['viewer', viewer]] as const) {
        const person = await signedIn(browser, server, account, '/', { viewport: size })
        contexts.push(person.context)
        await person.page.locator('tr[data-programme]').first().waitFor({ timeout: 10_000 })
        expect(await person.page.locator('form[data-import], ficha-new-sheet-form').count()).toBe(0)
        await person.page.goto(`${server.url}/programmes/${SHEET}`)
        const notice = person.page.locator('[data-readonly-notice]')
        await notice.waitFor({ timeout: 15_000 })
        const text = await notice.textContent()
        if (who === 'evaluator') {
          expect(text).toContain('comentar')
          expect(text).toContain('hallazgos')
          await person.page.screenshot({ path: `${SCREENSHOTS}/roles-evaluator-sheet-${viewport.name}.png` })
        } else {
          expect(text).not.toContain('comentar')
        }
        expect(realErrors(person.errors)).toEqual([])
      }
    })
  }
})
