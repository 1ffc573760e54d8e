import { rmSync } from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgres, type PostgresDb } from '../../db/connection.js'
import { renderSheet } from '../../shared/sheet/render.js'
import { launch, launcherPostgresUrl, stopLauncher, type Launcher } from '../support/launcher.js'
import { adminToken } from '../support/process.js'
import { storedDocPostgres } from '../support/stored.js'
import { HAS_SERVICES } from '../support/services.js'
import { as, makeUser, type TestUser } from '../support/users.js'
import { HAS_CHROMIUM, SCREENSHOTS, buildClient, launchBrowser } from './support/browser.js'
import { realErrors, signedIn } from './support/people.js'

const SHEET = 'MDGF-2081'

// What the README promises of several processes: with `npm run cluster`, browsers attached to
// different processes co-edit one sheet; the process one of them is on is killed; that person
// carries on through another, nothing is lost, and the process is started again.
describe.skipIf(!HAS_CHROMIUM || !HAS_SERVICES)('npm run cluster in Chromium: three processes on PostgreSQL and Redis', () => {
  let cluster: Launcher
  let db: PostgresDb
  let browser: Browser
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    buildClient()
    ;[cluster, browser] = await Promise.all([launch({ processes: 3, env: { SEED_EXAMPLE: '1' } }), launchBrowser()])
    db = openPostgres(await launcherPostgresUrl(cluster))
  }, 120_000)
  afterAll(async () => {
    for (const context of contexts) await context.close()
    await browser?.close()
    await db?.close()
    if (cluster) {
      await stopLauncher(cluster)
      rmSync(cluster.dataDir, { recursive: true, force: true })
    }
  })

  const status = (page: Page) => page.locator('[data-sync-status]').first()
  const summary = (page: Page) => page.locator('[data-narrative="summary"]')
  const typeInSummary = async (page: Page, text: string) => {
    await summary(page).click()
    await page.keyboard.press('Control+End')
    await page.keyboard.type(text)
  }
  /** The processes a person's sockets on the sheet were opened on, in order, from the processes' own logs. */
  const processesOf = (user: TestUser) =>
    cluster.lines.filter((l) => l.event === 'connection.opened' && l.doc === SHEET && l.user === user.id).map((l) => String(l.process))

  it('co-editing from browsers on different processes; the process of one killed, its editor carries on through another, nothing lost', async () => {
    const token = await adminToken(cluster.url)
    const admin = { url: cluster.url, api: (path: string, init?: RequestInit) => as({ url: cluster.url }, { token }, path, init) }
    const people: TestUser[] = []
    for (let i = 0; i < 2; i++) people.push(await makeUser(admin, { programme: SHEET, programmeRole: 'coordinator' }))
    const ana = await signedIn(browser, cluster, people[0]!, `/programmes/${SHEET}`)
    const ben = await signedIn(browser, cluster, people[1]!, `/programmes/${SHEET}`)
    contexts.push(ana.context, ben.context)
    for (const { page } of [ana, ben]) {
      await expect.poll(() => status(page).getAttribute('data-sync-status'), { timeout: 15_000 }).toBe('online')
      await page.locator('[data-narrative="summary"][contenteditable="true"]').waitFor({ timeout: 15_000 })
    }
    // The balancer's turns for sockets put the two pages on two processes.
    const [anas, bens] = [processesOf(people[0]!), processesOf(people[1]!)]
    expect([anas.length, bens.length]).toEqual([1, 1])
    const anasProcess = anas[0]!
    expect(anasProcess).not.toBe(bens[0])

    await typeInSummary(ana.page, ' Ana, en su proceso.')
    await typeInSummary(ben.page, ' Ben, en otro.')
    for (const { page } of [ana, ben]) await expect.poll(() => summary(page).textContent(), { timeout: 10_000 }).toMatch(/Ana, en su proceso\.[\s\S]*Ben, en otro\.|Ben, en otro\.[\s\S]*Ana, en su proceso\./)

    // Ana's process dies; she types on while her page reconnects, through the balancer, to another.
    process.kill(cluster.pids.get(anasProcess)!, 'SIGKILL')
    await expect.poll(() => status(ana.page).getAttribute('data-sync-status'), { timeout: 10_000 }).not.toBe('online')
    await typeInSummary(ana.page, ' Escrito mientras su proceso caía.')
    await typeInSummary(ben.page, ' Ben sigue.')
    await expect.poll(() => status(ana.page).getAttribute('data-sync-status'), { timeout: 20_000 }).toBe('online')
    expect(processesOf(people[0]!).slice(1).filter((name) => name !== anasProcess).length).toBeGreaterThan(0)
    await expect.poll(() => status(ana.page).getAttribute('data-pending'), { timeout: 10_000 }).toBe('0')
    const written = ['Ana, en su proceso.', 'Ben, en otro.', 'Escrito mientras su proceso caía.', 'Ben sigue.']
    // As an object, so that a failure shows what is missing where.
    await expect.poll(async () => {
      const [seenByAna, seenByBen] = [(await summary(ana.page).textContent()) ?? '', (await summary(ben.page).textContent()) ?? '']
      return { same: seenByAna === seenByBen, missingAtAna: written.filter((text) => !seenByAna.includes(text)), missingAtBen: written.filter((text) => !seenByBen.includes(text)) }
    }, { timeout: 20_000 }).toEqual({ same: true, missingAtAna: [], missingAtBen: [] })
    await ana.page.screenshot({ path: `${SCREENSHOTS}/cluster-failover.png` })

    // PostgreSQL holds all of it: the sheet as stored reads as both pages do.
    await expect.poll(async () => {
      const stored = JSON.stringify(renderSheet(await storedDocPostgres(db, SHEET)).summary)
      return written.every((text) => stored.includes(text))
    }, { timeout: 10_000 }).toBe(true)
    // The launcher starts the killed process again.
    await cluster.event('cluster.process_restarted', (l) => l.process === anasProcess)
    // Ana's page saw its process die: its socket and its event stream cut short, and nothing else.
    // Ben's socket was elsewhere, but the balancer may have given his event stream (HTTP) to that
    // process too: cut short, it reconnects; nothing else may fail on his page.
    const cutShort = /ERR_CONNECTION|ERR_INCOMPLETE_CHUNKED_ENCODING/
    expect(realErrors(ana.errors).filter((e) => !/WebSocket/.test(e) && !cutShort.test(e))).toEqual([])
    expect(realErrors(ben.errors).filter((e) => !cutShort.test(e))).toEqual([])
  }, 120_000)
})
