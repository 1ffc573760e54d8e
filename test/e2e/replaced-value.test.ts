import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startTestServer, type TestServer } from '../support/server.js'
import { as, makeUser, type TestUser } from '../support/users.js'
import { HAS_CHROMIUM, SCREENSHOTS, VIEWPORTS, buildClient, launchBrowser } from './support/browser.js'
import { realErrors, signedIn, type BrowserPerson } from './support/people.js'

const SHEET = 'MDGF-2081'

describe.skipIf(!HAS_CHROMIUM)('a value someone else replaced (#24.5)', () => {
  let server: TestServer
  let browser: Browser
  let ana: TestUser
  let luis: TestUser
  const names: Record<string, string> = {}
  const people: BrowserPerson[] = []

  const open = async (user: TestUser, viewport: (typeof VIEWPORTS)[number]) => {
    const person = await signedIn(browser, server, user, `/programmes/${SHEET}`, { viewport })
    people.push(person)
    await expect.poll(() => person.page.locator('[data-sync-status]').first().getAttribute('data-sync-status'), { timeout: 15_000 }).toBe('online')
    return person
  }
  const stored = async () => (await (await as(server, ana, `/api/programmes/${SHEET}`)).json()).sheet.budget.total
  const type = async (page: Page, selector: string, value: string) => {
    const input = page.locator(selector)
    await input.fill(value)
    await input.press('Enter')
  }

  beforeAll(async () => {
    buildClient()
    server = await startTestServer({ env: { SEED_EXAMPLE: '1' } })
    browser = await launchBrowser()
    ana = await makeUser(server, { programme: SHEET, programmeRole: 'coordinator' })
    luis = await makeUser(server, { programme: SHEET, programmeRole: 'coordinator' })
    for (const [key, user] of [['ana', ana], ['luis', luis]] as const) names[key] = (await (await as(server, user, '/api/auth/me')).json()).user.name
  }, 120_000)
  afterAll(async () => {
    for (const person of people) await person.context.close()
    await browser?.close()
    await server?.stop(true)
  })

  it('tells the person whose figure was overwritten who did it and with what, and puts theirs back in one click', async () => {
    const a = await open(ana, VIEWPORTS[0])
    const b = await open(luis, VIEWPORTS[1])
    const total = '[data-field="budget.total"]'
    await type(a.page, total, '5000001')
    await expect.poll(stored, { timeout: 10_000 }).toBe(5000001)
    // Luis has seen Ana's figure before he overwrites it: in turn, not at once.
    await expect.poll(() => b.page.locator(total).inputValue(), { timeout: 10_000 }).toBe('5.000.001')
    await type(b.page, total, '5000002')
    await expect.poll(stored, { timeout: 10_000 }).toBe(5000002)

    const notice = a.page.locator('[data-replaced-for="budget.total"]')
    await notice.waitFor({ timeout: 10_000 })
    expect(await notice.locator('p').textContent()).toBe(`${names['luis']} reemplazó su valor 5.000.001 por 5.000.002.`)
    expect(await notice.getAttribute('role')).toBe('status')
    // The one who overwrote is not told anything.
    expect(await b.page.locator('[data-replaced-for]').count()).toBe(0)
    await notice.locator('xpath=ancestor::ficha-value-field[1]').screenshot({ path: `${SCREENSHOTS}/replaced-value-${VIEWPORTS[0].name}.png` })

    // "Restore my value" writes Ana's figure forward; now Luis is the one told.
    await notice.locator('[data-replaced-restore]').click()
    await expect.poll(stored, { timeout: 10_000 }).toBe(5000001)
    expect(await notice.count()).toBe(0)
    const his = b.page.locator('[data-replaced-for="budget.total"]')
    await his.waitFor({ timeout: 10_000 })
    expect(await his.locator('p').textContent()).toBe(`${names['ana']} reemplazó su valor 5.000.002 por 5.000.001.`)
    await his.locator('xpath=ancestor::ficha-value-field[1]').screenshot({ path: `${SCREENSHOTS}/replaced-value-${VIEWPORTS[1].name}.png` })
    // He keeps hers: the notice goes, nothing is written.
    await his.locator('[data-replaced-keep]').click()
    expect(await his.count()).toBe(0)
    expect(await stored()).toBe(5000001)
    expect(realErrors([...a.errors, ...b.errors])).toEqual([])
  })

  it('two people typing one finance cell at the same moment: the one whose value lost is told', async () => {
    const a = await open(ana, VIEWPORTS[0])
    const b = await open(luis, VIEWPORTS[0])
    const cell = 'ficha-finance-table input[data-cell$="/committed"]:not([disabled])'
    const id = await a.page.locator(cell).first().getAttribute('data-cell')
    const at = `ficha-finance-table input[data-cell="${id}"]`
    // Ana is offline while both type: neither has seen the other's figure when it merges.
    await a.context.setOffline(true)
    await expect.poll(() => a.page.locator('[data-sync-status]').first().getAttribute('data-sync-status')).toBe('offline')
    await type(a.page, at, '700001')
    await type(b.page, at, '700002')
    await a.context.setOffline(false)
    await expect.poll(() => a.page.locator('[data-sync-status]').first().getAttribute('data-sync-status'), { timeout: 20_000 }).toBe('online')
    // One of the two figures won, the same for both.
    const committed = async () => {
      const rows = (await (await as(server, ana, `/api/programmes/${SHEET}`)).json()).sheet.finance.rows as { id: string; committed: { amount: number | null } }[]
      return rows.find((r) => id!.includes(r.id))?.committed.amount
    }
    await expect.poll(committed, { timeout: 10_000 }).toSatisfy((v) => v === 700001 || v === 700002)
    const [loser, winner, lost, won] = (await committed()) === 700002 ? [a, 'luis', '700.001', '700.002'] : [b, 'ana', '700.002', '700.001']
    // Both inputs show it (grouped, or as typed where the input still has the focus).
    for (const person of [a, b]) await expect.poll(async () => (await person.page.locator(at).inputValue()).replace('.', ''), { timeout: 10_000 }).toBe(won.replace('.', ''))
    const notice = loser.page.locator(`[data-replaced-for="${id}"]`)
    await notice.waitFor({ timeout: 10_000 })
    expect(await notice.locator('p').textContent()).toBe(`${names[winner]} reemplazó su valor ${lost} por ${won}.`)
    expect(await (loser === a ? b : a).page.locator('[data-replaced-for]').count()).toBe(0)
  })
})
