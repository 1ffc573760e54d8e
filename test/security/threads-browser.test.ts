import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext } from 'playwright-core'
import * as Y from 'yjs'
import { createTextAnchor } from '../../shared/anchors.js'
import { HAS_CHROMIUM, buildClient, launchBrowser } from '../e2e/support/browser.js'
import { realErrors, signedIn } from '../e2e/support/people.js'
import { startTestServer, type TestServer } from '../support/server.js'
import { as, makeUser, type TestUser } from '../support/users.js'

// Issue #23, point 1, in the web client: a thread whose stored anchor is no Yjs position breaks
// neither the comments panel nor the highlights, and the secretariat deletes it from the thread
// view after an in-page confirmation.
const SHEET = 'MDGF-2081'
const position = (json: Record<string, unknown>) => Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromJSON(json))).toString('base64')

describe.skipIf(!HAS_CHROMIUM)('hostile thread anchors in Chromium', () => {
  let server: TestServer
  let browser: Browser
  let secretariat: TestUser
  let coordinator: TestUser
  const contexts: BrowserContext[] = []
  const count = (id: string) => (server.db.sqlite.prepare('SELECT count(*) AS n FROM threads WHERE id = ?').get(id) as { n: number }).n

  beforeAll(async () => {
    buildClient()
    server = await startTestServer({ env: { SEED_EXAMPLE: '1' } })
    browser = await launchBrowser()
    secretariat = await makeUser(server, { role: 'secretariat' })
    coordinator = await makeUser(server, { programme: SHEET, programmeRole: 'coordinator' })
  }, 120_000)
  afterAll(async () => {
    for (const context of contexts) await context.close()
    await browser?.close()
    await server?.stop(true)
  })

  it('a bad stored anchor shows detached, highlights still work, and the secretariat deletes the thread after confirming in the page', async () => {
    // A good thread on the summary's first long word, made from the server's copy of the sheet.
    const { anchor, quote } = await server.registry.use(SHEET, (live) => {
      const text = (live.doc.getXmlFragment('text:summary').get(0) as Y.XmlElement).get(0) as Y.XmlText
      const word = /\p{L}{6,}/u.exec(text.toString())!
      return { anchor: createTextAnchor(text, word.index, word[0].length), quote: word[0] }
    })
    const good = await as(server, coordinator, `/api/programmes/${SHEET}/threads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ anchor: { kind: 'text', field: 'text:summary', ...anchor, quote }, body: 'Un hilo bueno' }),
    })
    expect(good.status).toBe(201)
    // Bad rows as an older server stored them, straight into SQLite.
    const now = Date.now()
    const insert = server.db.sqlite.prepare(
      `INSERT INTO threads (id, programme_id, anchor_kind, finding_id, field, anchor_start, anchor_end, quote, resolved_at, resolved_by, created_by, created_at, updated_at)
       VALUES (?, ?, 'text', NULL, 'text:summary', ?, ?, ?, NULL, NULL, ?, ?, ?)`,
    )
    const bad = [['bad-garbage', 'garbage!!'], ['bad-missing', 'AAAA'], ['bad-root', position({ tname: 'evil', assoc: 0 })]] as const
    for (const [id, value] of bad) insert.run(id, SHEET, value, value, `cita de ${id}`, coordinator.id, now, now)
    server.db.sqlite.prepare("INSERT INTO comments (id, thread_id, author_id, body, created_at, edited_at, deleted_at) VALUES ('bad-garbage-c', 'bad-garbage', ?, 'un hilo roto', ?, NULL, NULL)").run(coordinator.id, now)

    const coord = await signedIn(browser, server, coordinator, `/programmes/${SHEET}`)
    const sec = await signedIn(browser, server, secretariat, `/programmes/${SHEET}`)
    contexts.push(coord.context, sec.context)
    // A native confirm() would block the page: the question must be asked in the page itself.
    const dialogs: string[] = []
    sec.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message())
      void dialog.dismiss()
    })
    for (const { page } of [coord, sec]) {
      await expect.poll(() => page.locator('[data-thread-item]').count(), { timeout: 15_000 }).toBe(4)
      for (const [id] of bad) await expect.poll(() => page.locator(`[data-thread-item="${id}"] [data-detached]`).count()).toBe(1)
      await expect.poll(() => page.locator('[data-narrative="summary"] [data-thread-highlight]').evaluateAll((els) => els.map((e) => e.textContent).join('')), { timeout: 15_000 }).toBe(quote)
    }

    // The coordinator may comment but not delete a thread.
    await coord.page.locator('[data-thread-item="bad-garbage"]').click()
    await coord.page.locator('[data-threads-panel] [data-thread="bad-garbage"]').waitFor()
    expect(await coord.page.locator('[data-thread-delete]').count()).toBe(0)

    await sec.page.locator('[data-thread-item="bad-garbage"]').click()
    const thread = sec.page.locator('[data-threads-panel] [data-thread="bad-garbage"]')
    await thread.locator('[data-detached]').waitFor()
    await thread.locator('[data-thread-delete]').click()
    const question = thread.locator('[data-thread-delete-confirm]')
    await question.waitFor()
    // Cancel first: nothing is deleted.
    await question.locator('[data-thread-delete-no]').click()
    expect(count('bad-garbage')).toBe(1)
    await thread.locator('[data-thread-delete]').click()
    await thread.locator('[data-thread-delete-yes]').click()
    await expect.poll(() => count('bad-garbage'), { timeout: 10_000 }).toBe(0)
    // Back on the list for the secretariat; gone, live, for the coordinator who had it open.
    await expect.poll(() => sec.page.locator('[data-thread-item]').count(), { timeout: 10_000 }).toBe(3)
    await coord.page.locator('[data-thread-gone]').waitFor({ timeout: 10_000 })
    expect(dialogs).toEqual([])
    expect(realErrors([...coord.errors, ...sec.errors])).toEqual([])
  })
})
