/**
 * Takes the README's picture (test/e2e/readme-sheet.png): the Peru sheet as a coordinator sees it
 * at 1366×900 while a secretariat officer edits beside them, on a throwaway server with the
 * example data. Run it when the sheet's look changed: `npm run readme-picture`.
 */
import { startTestServer } from '../support/server.js'
import { makeUser } from '../support/users.js'
import { buildClient, launchBrowser } from './support/browser.js'
import { signedIn } from './support/people.js'

const SHEET = 'MDGF-2081'
const OUT = 'test/e2e/readme-sheet.png'
const VIEWPORT = { width: 1366, height: 900 }

buildClient()
const server = await startTestServer({ env: { SEED_EXAMPLE: '1' } })
const browser = await launchBrowser()
try {
  const coordinator = await makeUser(server, { programme: SHEET, programmeRole: 'coordinator', name: 'Lucía Quispe' })
  const officer = await makeUser(server, { role: 'secretariat', name: 'Tomás Herrera' })
  const other = await signedIn(browser, server, officer, `/programmes/${SHEET}`, { viewport: VIEWPORT })
  const me = await signedIn(browser, server, coordinator, `/programmes/${SHEET}`, { viewport: VIEWPORT })
  for (const { page } of [other, me]) {
    await page.locator('[data-narrative="summary"][contenteditable="true"]').waitFor({ timeout: 15_000 })
  }
  // The officer works in the financial table: their marker shows on a cell, as in real use.
  await other.page.locator('ficha-finance-table input[data-cell$="/committed"]').nth(2).focus()
  // The finance section from its heading: the chart, the table and both people's markers.
  await me.page.locator('ficha-finance-table').evaluate((table) => {
    const section = table.closest('section') ?? table
    window.scrollTo(0, section.getBoundingClientRect().top + window.scrollY - 8)
  })
  // Let the other person's marker arrive (presence is live, not awaited by anything visible).
  await me.page.locator('ficha-finance-table [data-focus-user]').first().waitFor({ timeout: 10_000 })
  await me.page.screenshot({ path: OUT })
  console.log(`wrote ${OUT}`)
} finally {
  await browser.close()
  await server.stop(true)
}
