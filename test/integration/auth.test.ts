import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { captureLog, startTestServer, tempDataDir, TEST_ADMIN, type TestServer } from '../support/server.js'
import { as, makeUser, signIn } from '../support/users.js'
import { firstAdmin, DEFAULT_ADMIN_EMAIL } from '../../server/commands/first-admin.js'
import { openDatabase } from '../../db/connection.js'
import { migrateToLatest } from '../../db/migrate.js'
import { join } from 'node:path'

describe('accounts and sessions', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(() => server.stop(true))

  const login = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })

  it('signs in with an HttpOnly SameSite cookie and answers who is signed in', async () => {
    const response = await login(TEST_ADMIN)
    expect(response.status).toBe(200)
    const cookie = response.headers.get('set-cookie')!
    expect(cookie).toMatch(/^ficha_session=[\w-]{43}; /)
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Lax')
    expect(cookie).toContain('Path=/')
    expect(cookie).not.toContain('Secure')
    const body = await response.json()
    expect(body.user).toMatchObject({ email: TEST_ADMIN.email, role: 'admin' })
    expect(body.user).not.toHaveProperty('password_hash')
    const me = await fetch(`${server.url}/api/auth/me`, { headers: { cookie: cookie.split(';')[0]! } })
    expect((await me.json()).user.email).toBe(TEST_ADMIN.email)
  })

  it('answers the same for an unknown email and a wrong password, and throttles guessing', async () => {
    const person = await makeUser(server)
    const unknown = await login({ email: 'nobody@test.local', password: 'whatever it is' }, { 'x-forwarded-for': '10.0.0.1' })
    const wrong = await login({ email: person.email, password: 'not the password' }, { 'x-forwarded-for': '10.0.0.2' })
    expect(unknown.status).toBe(401)
    expect(wrong.status).toBe(401)
    expect(await unknown.json()).toEqual(await wrong.json())

    for (let i = 0; i < 4; i++) await login({ email: person.email, password: 'guess ' + i }, { 'x-forwarded-for': '10.0.0.3' })
    const throttled = await login({ email: person.email, password: person.password }, { 'x-forwarded-for': '10.0.0.4' })
    expect(throttled.status).toBe(429)
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('signing out ends the session; changing the password ends the other sessions', async () => {
    const person = await makeUser(server)
    const a = await signIn(server, person.email, person.password)
    const b = await signIn(server, person.email, person.password)
    const me = (s: { cookie: string }) => fetch(`${server.url}/api/auth/me`, { headers: { cookie: s.cookie } })
    const changed = await fetch(`${server.url}/api/auth/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: a.cookie, 'x-csrf-token': a.csrfToken },
      body: JSON.stringify({ currentPassword: person.password, newPassword: 'a brand new long password' }),
    })
    expect(changed.status).toBe(200)
    expect((await me(b)).status).toBe(401)
    expect((await me(a)).status).toBe(200)
    await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie: a.cookie, 'x-csrf-token': a.csrfToken } })
    expect((await me(a)).status).toBe(401)
  })

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const session = await signIn(server, TEST_ADMIN.email, TEST_ADMIN.password)
    const body = JSON.stringify({ code: 'CSRF-1', title: 't', country: 'c' })
    const forged = await fetch(`${server.url}/api/programmes`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: session.cookie }, body })
    expect(forged.status).toBe(403)
    expect((await forged.json()).error.code).toBe('csrf')
    expect((await server.api('/api/programmes/CSRF-1')).status).toBe(404)
    const real = await fetch(`${server.url}/api/programmes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrfToken },
      body,
    })
    expect(real.status).toBe(201)
  })

  it('personal tokens: shown once, listed without the secret, revocable', async () => {
    const person = await makeUser(server)
    expect(person.token).toMatch(/^ficha_/)
    const listed = await (await as(server, person, '/api/tokens')).json()
    expect(JSON.stringify(listed)).not.toContain(person.token)
    const id = listed.tokens[0].id
    expect((await as(server, person, `/api/tokens/${id}`, { method: 'DELETE' })).status).toBe(200)
    expect((await as(server, person, '/api/auth/me')).status).toBe(401)
  })

  it('sends security headers with every answer', async () => {
    for (const path of ['/api/health', '/']) {
      const response = await fetch(`${server.url}${path}`)
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'")
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    }
  })

  it('creates the first admin with a one-time password printed once, never logged', async () => {
    const dir = tempDataDir()
    const db = openDatabase(join(dir, 'f.sqlite'))
    await migrateToLatest(db.kysely)
    const printed: string[] = []
    const logs = captureLog()
    await firstAdmin(db, logs, {}, (line) => printed.push(line))
    await firstAdmin(db, logs, {}, (line) => printed.push(line))
    expect(printed).toHaveLength(1)
    const password = /One-time password:\s+(\S+)/.exec(printed[0]!)![1]!
    expect(printed[0]).toContain(DEFAULT_ADMIN_EMAIL)
    expect(JSON.stringify(logs.lines)).not.toContain(password)
    await db.close()
  })
})
