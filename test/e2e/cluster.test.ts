import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgres, type PostgresDb } from '../../db/connection.js'
import { startBalancer, type Balancer } from '../../server/cli/balancer.js'
import { renderSheet } from '../../shared/sheet/render.js'
import { processHarness, type ServerProcess } from '../support/process.js'
import { storedDocPostgres } from '../support/stored.js'
import { HAS_SERVICES, startPostgres, startRedis, type TestPostgres, type TestRedis } from '../support/services.js'
import { makeUser, type TestUser } from '../support/users.js'
import { HAS_CHROMIUM, SCREENSHOTS, buildClient, launchBrowser } from './support/browser.js'
import { realErrors, signedIn } from './support/people.js'

const SHEET = 'MDGF-2081'

// What the README promises of several processes: browsers attached to different processes co-edit
// one sheet; one process is killed; its people carry on through another, and nothing is lost.
describe.skipIf(!HAS_CHROMIUM || !HAS_SERVICES)('two Ficha processes on PostgreSQL and Redis, in Chromium', () => {
  let postgres: TestPostgres
  let redis: TestRedis
  let db: PostgresDb
  let browser: Browser
  const harness = processHarness()
  const proxies: Balancer[] = []
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    buildClient()
    ;[postgres, redis] = await Promise.all([startPostgres(), startRedis()])
    db = openPostgres(postgres.url)
    browser = await launchBrowser()
  }, 120_000)
  afterAll(async () => {
    for (const context of contexts) await context.close()
    for (const proxy of proxies) await proxy.close()
    await browser?.close()
    await db?.close()
    await redis?.stop()
    await postgres?.stop()
  })

  const status = (page: Page) => page.locator('[data-sync-status]').first()
  const summary = (page: Page) => page.locator('[data-narrative="summary"]')
  const port = (server: ServerProcess) => Number(new URL(server.url).port)
  const typeInSummary = async (page: Page, text: string) => {
    await summary(page).click()
    await page.keyboard.press('Control+End')
    await page.keyboard.type(text)
  }

  it('co-editing from browsers on different processes; one process killed, its editor carries on through the other, nothing lost', async () => {
    const env = { DATABASE_URL: postgres.url, REDIS_URL: redis.url, DATA_DIR: harness.dataDir() }
    const a = await harness.spawn({ ...env, SEED_EXAMPLE: '1' })
    const b = await harness.spawn(env)
    // Each person's nearest proxy prefers one process and fails over to the other.
    const prefer = (...servers: ServerProcess[]) => startBalancer({ port: 0, upstreams: () => servers.map(port), order: 'in order' })
    const [toA, toB] = await Promise.all([prefer(a, b), prefer(b, a)])
    proxies.push(toA, toB)
    const people: TestUser[] = []
    for (let i = 0; i < 2; i++) people.push(await makeUser(a, { programme: SHEET, programmeRole: 'coordinator' }))
    const ana = await signedIn(browser, { url: toA.url }, people[0]!, `/programmes/${SHEET}`)
    const ben = await signedIn(browser, { url: toB.url }, people[1]!, `/programmes/${SHEET}`)
    contexts.push(ana.context, ben.context)
    for (const { page } of [ana, ben]) {
      await expect.poll(() => status(page).getAttribute('data-sync-status'), { timeout: 15_000 }).toBe('online')
      await page.locator('[data-narrative="summary"][contenteditable="true"]').waitFor({ timeout: 15_000 })
    }
    // Which process each page's socket is on, from the servers' own logs.
    const connectedTo = (server: ServerProcess, user: TestUser) => server.lines.some((l) => l.event === 'connection.opened' && l.doc === SHEET && l.user === user.id)
    expect([connectedTo(a, people[0]!), connectedTo(b, people[1]!), connectedTo(b, people[0]!), connectedTo(a, people[1]!)]).toEqual([true, true, false, false])

    await typeInSummary(ana.page, ' Ana, en el proceso A.')
    await typeInSummary(ben.page, ' Ben, en el proceso B.')
    for (const { page } of [ana, ben]) await expect.poll(() => summary(page).textContent(), { timeout: 10_000 }).toMatch(/Ana, en el proceso A\.[\s\S]*Ben, en el proceso B\.|Ben, en el proceso B\.[\s\S]*Ana, en el proceso A\./)

    // A dies; Ana types on while her page reconnects, through her proxy, to B.
    a.child.kill('SIGKILL')
    await a.exited
    await expect.poll(() => status(ana.page).getAttribute('data-sync-status'), { timeout: 10_000 }).not.toBe('online')
    await typeInSummary(ana.page, ' Escrito mientras A caía.')
    await typeInSummary(ben.page, ' Ben sigue.')
    await expect.poll(() => status(ana.page).getAttribute('data-sync-status'), { timeout: 20_000 }).toBe('online')
    expect(connectedTo(b, people[0]!)).toBe(true)
    await expect.poll(() => status(ana.page).getAttribute('data-pending'), { timeout: 10_000 }).toBe('0')
    const written = ['Ana, en el proceso A.', 'Ben, en el proceso B.', 'Escrito mientras A caía.', 'Ben sigue.']
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
    // Ana's page saw its process die: its socket and its event stream cut short, and nothing else.
    expect(realErrors(ana.errors).filter((e) => !/WebSocket|ERR_CONNECTION|ERR_INCOMPLETE_CHUNKED_ENCODING/.test(e))).toEqual([])
    expect(realErrors(ben.errors)).toEqual([])
  }, 120_000)
})
