import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { TEST_ADMIN, startTestServer, type TestServer } from '../support/server.js'
import { makeUser, type TestUser } from '../support/users.js'
import { HAS_CHROMIUM, SCREENSHOTS, buildClient, launchBrowser, watchErrors } from './support/browser.js'
import { answerConfirm, realErrors, signInOnPage, signedIn } from './support/people.js'

const SHEET = 'MDGF-2081'
const OTHER = 'MDGF-9999'

describe.skipIf(!HAS_CHROMIUM)('accounts and access in Chromium', () => {
  let server: TestServer
  let browser: Browser
  let coordinator: TestUser
  let viewer: TestUser
  const contexts: BrowserContext[] = []

  const sheetJson = async () => (await (await server.api(`/api/programmes/${SHEET}`)).json()).sheet
  const status = (page: Page) => page.locator('[data-sync-status]').first()
  const nameOf = async (user: TestUser): Promise<string> =>
    (await (await server.api('/api/auth/me', { headers: { authorization: `Bearer ${user.token}` } })).json()).user.name

  async function open(account: { email: string; password: string }, path: string, lang: 'es' | 'en' = 'es') {
    const person = await signedIn(browser, server, account, path, { lang })
    contexts.push(person.context)
    return person
  }

  beforeAll(async () => {
    buildClient()
    server = await startTestServer({ env: { SEED_EXAMPLE: '1' } })
    browser = await launchBrowser()
    // A second programme the coordinator does not belong to: the list must leave it out.
    const created = await server.api('/api/programmes', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: OTHER, title: 'Otro programa', country: 'Bolivia' }),
    })
    expect(created.status).toBe(201)
    coordinator = await makeUser(server, { programme: SHEET, programmeRole: 'coordinator' })
    viewer = await makeUser(server, { programme: SHEET, programmeRole: 'viewer' })
  }, 120_000)
  afterAll(async () => {
    for (const context of contexts) await context.close()
    await browser?.close()
    await server?.stop(true)
  })

  it('a wrong password is refused on the sign-in page, in the interface language', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    contexts.push(context)
    await context.addInitScript(() => localStorage.setItem('ficha.lang', 'es'))
    const page = await context.newPage()
    const errors = watchErrors(page)
    await page.goto(`${server.url}/programmes/${SHEET}`)
    // Without a session every page leads to sign-in, remembering where the person was going.
    await page.waitForURL((url) => url.pathname === '/signin' && url.searchParams.get('next') === `/programmes/${SHEET}`)
    await page.locator('form[data-signin]').waitFor()
    await page.screenshot({ path: `${SCREENSHOTS}/signin.png` })

    await signInOnPage(page, { email: coordinator.email, password: 'not the password at all' })
    const error = page.locator('[data-signin-error]')
    await expect.poll(() => error.textContent()).toContain('Correo o contraseña incorrectos.')
    expect(await page.locator('form[data-signin] input[name=password]').inputValue()).toBe('')
    await page.screenshot({ path: `${SCREENSHOTS}/signin-error.png` })

    // The right password then opens the sheet the person was going to.
    await signInOnPage(page, coordinator)
    await page.waitForURL((url) => url.pathname === `/programmes/${SHEET}`)
    await expect.poll(() => status(page).getAttribute('data-sync-status'), { timeout: 15_000 }).toBe('online')
    expect(realErrors(errors).filter((e) => !/status of 401/.test(e))).toEqual([])
  })

  it('a coordinator sees only their programme, opens it, edits a field, and the edit is stored and audited', async () => {
    const { page, errors } = await open(coordinator, '/')
    await page.locator(`[data-programme="${SHEET}"]`).waitFor()
    await expect.poll(() => page.locator('[data-programme]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-programme')))).toEqual([SHEET])
    // The admin sees both: the filtering is the server's, by membership.
    const all = (await (await server.api('/api/programmes')).json()).programmes.map((p: { id: string }) => p.id)
    expect(all.sort()).toEqual([OTHER, SHEET].sort())

    await page.locator(`[data-programme="${SHEET}"] a`).first().click()
    await page.waitForURL((url) => url.pathname === `/programmes/${SHEET}`)
    await expect.poll(() => status(page).getAttribute('data-sync-status'), { timeout: 15_000 }).toBe('online')
    const field = page.locator('[data-field="evaluation.evaluator"]')
    await expect.poll(() => field.isDisabled(), { timeout: 15_000 }).toBe(false)
    expect(await page.locator('[data-readonly-notice]').count()).toBe(0)
    await field.fill('Evaluadora del navegador')
    await field.press('Enter')
    await expect.poll(async () => (await sheetJson()).evaluation.evaluator, { timeout: 10_000 }).toBe('Evaluadora del navegador')

    // Presence carries the account's name, not a typed one.
    const name = await nameOf(coordinator)
    await expect.poll(() => page.locator('[data-presence-me="true"]').getAttribute('data-presence-user')).toBe(name)

    // The change history names the coordinator and the field (the log is written every few seconds).
    const audit = page.locator('[data-audit]')
    await audit.locator('summary').click()
    // The seed's import wrote that field too, as the server (no person): look for the coordinator's entry.
    const entry = audit.locator(`[data-audit-field="evaluation.evaluator"][data-audit-user="${name}"]`)
    await expect
      .poll(
        async () => {
          if ((await entry.count()) === 0) await audit.locator('[data-audit-refresh]').click()
          return entry.count()
        },
        { timeout: 15_000, interval: 1_000 },
      )
      .toBeGreaterThan(0)
    const text = await entry.first().textContent()
    expect(text).toContain('Evaluador/a')
    expect(text).toContain(name)
    await audit.scrollIntoViewIfNeeded()
    await audit.screenshot({ path: `${SCREENSHOTS}/audit.png` })

    // Members are visible to every member, read-only for a coordinator.
    const members = page.locator('[data-members]')
    await members.locator('summary').click()
    await expect.poll(() => members.locator('[data-member]').count()).toBe(2)
    expect(await members.locator('form[data-member-add]').count()).toBe(0)
    expect(realErrors(errors)).toEqual([])
  })

  it('a viewer sees the read-only notice, cannot type anywhere, and the stored sheet does not change', async () => {
    const before = await sheetJson()
    const { page, errors } = await open(viewer, `/programmes/${SHEET}`)
    await expect.poll(() => status(page).getAttribute('data-sync-status'), { timeout: 15_000 }).toBe('online')
    const notice = page.locator('[data-readonly-notice]')
    await notice.waitFor()
    expect(await notice.textContent()).toContain('lectura')
    await page.screenshot({ path: `${SCREENSHOTS}/readonly.png` })

    // Every input of the sheet is disabled, every narrative is not editable.
    const inputs = page.locator('ficha-sheet-editor input.ficha-input, ficha-sheet-editor select.ficha-input')
    expect(await inputs.count()).toBeGreaterThan(10)
    expect(await inputs.evaluateAll((els) => els.filter((e) => !(e as HTMLInputElement).disabled).length)).toBe(0)
    const narratives = page.locator('ficha-sheet-editor [contenteditable]')
    expect(await narratives.count()).toBeGreaterThan(5)
    expect(await narratives.evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('contenteditable')))])).toEqual(['false'])
    expect(await page.locator('ficha-sheet-editor [data-add-row]').count()).toBe(0)

    // Trying anyway changes nothing, here or on the server.
    const summary = page.locator('[data-narrative="summary"]')
    const shown = await summary.textContent()
    await summary.click()
    await page.keyboard.type('El visor escribe. ')
    // Focused, not clicked: a click on a disabled input does nothing either, but a forced one fails
    // outright if the page's layout moves between Playwright's scroll and its click (seen under load).
    await page.locator('[data-field="budget.total"]').focus()
    await page.keyboard.type('1')
    expect(await summary.textContent()).toBe(shown)
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    const after = await sheetJson()
    expect(after.summary).toEqual(before.summary)
    expect(after.budget).toEqual(before.budget)
    expect(realErrors(errors)).toEqual([])
  })

  it('a role changed while the sheet is open applies at once (4509): the viewer becomes a coordinator', async () => {
    const promoted = await makeUser(server, { programme: SHEET, programmeRole: 'viewer' })
    const { page, errors } = await open(promoted, `/programmes/${SHEET}`)
    await page.locator('[data-readonly-notice]').waitFor({ timeout: 15_000 })
    const field = page.locator('[data-field="evaluation.evaluator"]')
    expect(await field.isDisabled()).toBe(true)
    const granted = await server.api(`/api/programmes/${SHEET}/members`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: promoted.email, role: 'coordinator' }),
    })
    expect(granted.ok).toBe(true)
    await expect.poll(() => field.isDisabled(), { timeout: 15_000 }).toBe(false)
    expect(await page.locator('[data-readonly-notice]').count()).toBe(0)
    await expect.poll(() => status(page).getAttribute('data-sync-status'), { timeout: 15_000 }).toBe('online')
    expect(realErrors(errors)).toEqual([])
  })

  it('a session ended elsewhere closes the sheet with 4401 and leads to sign-in, then back', async () => {
    const { page } = await open(coordinator, `/programmes/${SHEET}`)
    await expect.poll(() => status(page).getAttribute('data-sync-status'), { timeout: 15_000 }).toBe('online')
    // As if signed out in another tab: the server revokes the session and closes its sockets.
    await page.evaluate(async () => {
      const me = await (await fetch('/api/auth/me')).json()
      await fetch('/api/auth/logout', { method: 'POST', headers: { 'X-CSRF-Token': me.csrfToken } })
    })
    await page.waitForURL((url) => url.pathname === '/signin' && url.searchParams.get('next') === `/programmes/${SHEET}`, { timeout: 15_000 })
    await signInOnPage(page, coordinator)
    await page.waitForURL((url) => url.pathname === `/programmes/${SHEET}`)
    await expect.poll(() => status(page).getAttribute('data-sync-status'), { timeout: 15_000 }).toBe('online')
  })

  it('someone who is not a member is told so, with the way back', async () => {
    const outsider = await makeUser(server)
    const { page } = await open(outsider, `/programmes/${SHEET}`)
    const failure = page.locator('[data-sync-failure="forbidden"]')
    await failure.waitFor({ timeout: 15_000 })
    expect(await failure.textContent()).toContain('No es miembro de este programa')
    expect(await failure.locator('a[href="/"]').count()).toBe(1)
  })

  it('the admin manages members in the panel', async () => {
    const { page, errors } = await open(TEST_ADMIN, `/programmes/${SHEET}`, 'en')
    const members = page.locator('[data-members]')
    await members.locator('summary').click()
    await expect.poll(() => members.locator('[data-member]').count(), { timeout: 15_000 }).toBeGreaterThan(0)
    const newcomer = await makeUser(server)
    const form = members.locator('form[data-member-add]')
    await form.locator('input[name=email]').fill(newcomer.email)
    await form.locator('select[name=role]').selectOption('evaluator')
    await form.locator('button[type=submit]').click()
    await members.locator(`[data-member="${newcomer.email}"]`).waitFor()
    const stored = (await (await server.api(`/api/programmes/${SHEET}/members`)).json()).members
    expect(stored.find((m: { email: string }) => m.email === newcomer.email)?.role).toBe('evaluator')

    // An unknown email is refused beside the form.
    await form.locator('input[name=email]').fill('nobody@test.local')
    await form.locator('button[type=submit]').click()
    await expect.poll(() => members.locator('[data-members-error]').textContent()).toContain('No account has this email')
    await members.scrollIntoViewIfNeeded()
    await members.screenshot({ path: `${SCREENSHOTS}/members.png` })
    expect(realErrors(errors).filter((e) => !/status of 404/.test(e))).toEqual([])
  })

  it('the admin creates an account (its password shown once), and disables it', async () => {
    const { page, errors } = await open(TEST_ADMIN, '/admin', 'en')
    await page.locator('[data-admin]').waitFor()
    const email = `new-${Date.now()}@test.local`
    const form = page.locator('form[data-user-create]')
    await form.locator('input[name=name]').fill('Nueva Persona')
    await form.locator('input[name=email]').fill(email)
    await form.locator('button[type=submit]').click()
    const secret = page.locator('[data-secret] input')
    await secret.waitFor()
    const password = await secret.inputValue()
    expect(password.length).toBeGreaterThanOrEqual(10)
    await page.locator(`[data-user="${email}"]`).waitFor()
    await page.screenshot({ path: `${SCREENSHOTS}/admin.png`, fullPage: true })
    // The password works: the new person signs in through the API.
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })
    expect(login.status).toBe(200)

    await page.locator(`[data-user="${email}"] button`, { hasText: 'Disable' }).click()
    await page.locator(`[data-user="${email}"] button`, { hasText: 'Enable' }).waitFor()
    const users = (await (await server.api('/api/users')).json()).users
    expect(users.find((u: { email: string }) => u.email === email)?.disabled).toBe(true)
    expect(realErrors(errors)).toEqual([])
  })

  it('after five failed sign-ins the page says how long to wait (429, Retry-After)', async () => {
    // Its own address, so that the lock does not reach the other tests' sign-ins.
    const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '10.9.9.9' } })
    contexts.push(context)
    await context.addInitScript(() => localStorage.setItem('ficha.lang', 'es'))
    const page = await context.newPage()
    await page.goto(`${server.url}/signin`)
    const error = page.locator('[data-signin-error]')
    for (let attempt = 1; attempt <= 5; attempt++) {
      await signInOnPage(page, { email: 'locked@test.local', password: `wrong ${attempt}` })
      await expect.poll(() => error.textContent()).toContain('Correo o contraseña incorrectos.')
      await expect.poll(() => page.locator('form[data-signin] button[type=submit]').isDisabled()).toBe(false)
    }
    await signInOnPage(page, { email: 'locked@test.local', password: 'wrong 6' })
    await expect.poll(() => error.textContent()).toMatch(/Demasiados intentos\. Vuelva a intentarlo dentro de 15 minutos\./)
  })

  it('a person creates an API token on their account page (its secret shown once, and it works), then revokes it', async () => {
    const { page, errors } = await open(viewer, '/account')
    const panel = page.locator('[data-tokens]')
    await panel.locator('input[name=name]').fill('Informe mensual')
    await panel.locator('button[type=submit]').click()
    const secret = await panel.locator('[data-secret] input').inputValue()
    expect(secret).not.toBe('')
    const asBearer = () => fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${secret}` } })
    expect((await asBearer()).status).toBe(200)
    const row = panel.locator('tr[data-token]', { hasText: 'Informe mensual' })
    await expect.poll(() => row.textContent()).toContain('activo')

    await row.locator('button').click()
    expect(await answerConfirm(page, 'confirm')).toContain('Informe mensual')
    await expect.poll(() => row.textContent()).toContain('revocado')
    // The secret is no longer shown, and no longer opens the API.
    expect(await panel.locator('[data-secret]').count()).toBe(0)
    expect((await asBearer()).status).toBe(401)
    expect(realErrors(errors)).toEqual([])
  })

  it('signing out returns to the sign-in page and ends the session', async () => {
    const { page } = await open(coordinator, '/account')
    await page.locator('[data-account]').waitFor()
    await page.screenshot({ path: `${SCREENSHOTS}/account.png`, fullPage: true })
    await page.locator('[data-signout]').click()
    await page.waitForURL((url) => url.pathname === '/signin')
    await page.locator('form[data-signin]').waitFor()
    expect((await page.request.get(`${server.url}/api/auth/me`)).status()).toBe(401)
    // Going back to a page asks for sign-in again.
    await page.goto(`${server.url}/programmes/${SHEET}`)
    await page.waitForURL((url) => url.pathname === '/signin')
  })
})
