import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LoginThrottle } from '../../server/auth/login-throttle.js'
import { startTestServer, TEST_ADMIN, type TestServer } from '../support/server.js'

// Issue #23.2 and the sign-in part of #23.5: the throttle counts an attempt before the password is
// checked, keys by the real socket address (X-Forwarded-For only under TRUST_PROXY), never lets a
// stranger lock someone else out, and sign-in takes JSON from our own site only.

interface Answer {
  status: number
  body: string
}

/**
 * `POST /api/auth/login` over a real socket bound to `from`: every 127.x address reaches the
 * server on 127.0.0.1, and the server sees each as a different client.
 */
function login(server: TestServer, body: unknown, options: { from?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const url = new URL('/api/auth/login', server.url)
  const payload = typeof body === 'string' ? body : JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', localAddress: options.from ?? '127.0.0.1', agent: false, headers: { 'content-type': 'application/json', ...options.headers } },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode!, body: text }))
      },
    )
    req.on('error', reject)
    req.end(payload)
  })
}

const wrong = (email: string) => ({ email, password: 'not the password at all' })
const statuses = (answers: Answer[]) => answers.map((a) => a.status)

describe('sign-in throttle', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(() => server.stop(true))

  it('cuts a burst of concurrent guesses at the limit before checking passwords, so a right guess among them does not sign in', async () => {
    const guesses = Array.from({ length: 40 }, (_, i) => (i === 20 ? { email: TEST_ADMIN.email, password: TEST_ADMIN.password } : wrong(TEST_ADMIN.email)))
    const answers = await Promise.all(guesses.map((guess) => login(server, guess, { from: '127.0.0.10' })))
    const evaluated = answers.filter((a) => a.status !== 429)
    expect(evaluated.length).toBeLessThanOrEqual(5)
    expect(statuses(answers).filter((s) => s === 429).length).toBeGreaterThanOrEqual(35)
    expect(answers[20]!.status).toBe(429)
  })

  it('keys by the socket address: a stranger failing for the admin does not lock the admin out', async () => {
    const stranger = []
    for (let i = 0; i < 6; i++) stranger.push((await login(server, wrong(TEST_ADMIN.email), { from: '127.0.0.11' })).status)
    expect(stranger.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
    expect(stranger[5]).toBe(429)
    expect((await login(server, { email: TEST_ADMIN.email, password: TEST_ADMIN.password }, { from: '127.0.0.12' })).status).toBe(200)
  })

  it('ignores X-Forwarded-For unless TRUST_PROXY is set: rotating it does not dodge the per-address limit', async () => {
    const seen: number[] = []
    for (let i = 0; i < 22; i++) {
      const answer = await login(server, wrong(`nobody${i}@test.local`), { from: '127.0.0.13', headers: { 'x-forwarded-for': `198.51.100.${i}` } })
      seen.push(answer.status)
    }
    expect(seen.slice(0, 20).every((s) => s === 401)).toBe(true)
    expect(seen.slice(20)).toEqual([429, 429])
  })

  it('never lets failures for unknown emails lock a real account', async () => {
    for (let i = 0; i < 5; i++) expect((await login(server, wrong(`ghost${i}@test.local`), { from: '127.0.0.14' })).status).toBe(401)
    expect((await login(server, { email: TEST_ADMIN.email, password: TEST_ADMIN.password }, { from: '127.0.0.14' })).status).toBe(200)
  })

  it('refuses a body that is not JSON (415) and a foreign Origin (403 csrf), and takes its own origin', async () => {
    const credentials = { email: TEST_ADMIN.email, password: TEST_ADMIN.password }
    const plain = await login(server, JSON.stringify(credentials), { from: '127.0.0.15', headers: { 'content-type': 'text/plain' } })
    expect(plain.status).toBe(415)
    expect(JSON.parse(plain.body).error.code).toBe('unsupported_media_type')
    for (const origin of ['https://evil.example', 'null', 'garbage', server.url.replace('http:', 'https:'), 'http://127.0.0.1:1']) {
      const foreign = await login(server, credentials, { from: '127.0.0.15', headers: { origin } })
      expect(foreign.status, origin).toBe(403)
      expect(JSON.parse(foreign.body).error.code).toBe('csrf')
    }
    expect((await login(server, credentials, { from: '127.0.0.15', headers: { origin: server.url } })).status).toBe(200)
    // The throttle keys on the email: an absurd one is refused before it can cost memory.
    expect((await login(server, wrong(`${'a'.repeat(100_000)}@test.local`), { from: '127.0.0.15' })).status).toBe(422)
  })
})

describe('sign-in behind a trusted proxy (TRUST_PROXY=1)', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ env: { TRUST_PROXY: '1' } })
  })
  afterAll(() => server.stop(true))

  it('keys by the address the proxy saw, and takes the scheme it names for the cookie', async () => {
    // One proxy on 127.0.0.20 relays two clients: one guessing, one the real admin.
    const via = (client: string) => ({ from: '127.0.0.20', headers: { 'x-forwarded-for': `203.0.113.9, ${client}`, 'x-forwarded-proto': 'https' } })
    for (let i = 0; i < 5; i++) expect((await login(server, wrong(TEST_ADMIN.email), via('192.0.2.1'))).status).toBe(401)
    expect((await login(server, wrong(TEST_ADMIN.email), via('192.0.2.1'))).status).toBe(429)
    const admin = await new Promise<{ status: number; cookie: string }>((resolve, reject) => {
      const req = request(new URL('/api/auth/login', server.url), { method: 'POST', localAddress: '127.0.0.20', agent: false, headers: { 'content-type': 'application/json', ...via('192.0.2.2').headers } }, (res) => {
        res.resume()
        res.on('end', () => resolve({ status: res.statusCode!, cookie: String(res.headers['set-cookie'] ?? '') }))
      })
      req.on('error', reject)
      req.end(JSON.stringify({ email: TEST_ADMIN.email, password: TEST_ADMIN.password }))
    })
    expect(admin.status).toBe(200)
    expect(admin.cookie).toMatch(/;\s*Secure/i)
  })
})

describe('the throttle table', () => {
  it('stays bounded under a flood of distinct addresses', () => {
    const throttle = new LoginThrottle({ maxKeys: 1000 })
    for (let i = 0; i < 20_000; i++) throttle.begin('admin@ficha.local', `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`)
    expect(throttle.size).toBeLessThanOrEqual(1000)
  })

  it('holds off many addresses guessing one email, but not the addresses it signed in from', () => {
    const throttle = new LoginThrottle({ maxPerEmail: 3 })
    const home = throttle.begin('admin@x', '10.0.0.1')
    if (!('attempt' in home)) throw new Error('first attempt refused')
    throttle.succeeded(home.attempt)
    for (let i = 0; i < 3; i++) throttle.begin('admin@x', `192.0.2.${i}`)
    expect('wait' in throttle.begin('admin@x', '192.0.2.99')).toBe(true)
    expect('attempt' in throttle.begin('admin@x', '10.0.0.1')).toBe(true)
    expect('attempt' in throttle.begin('someone-else@x', '192.0.2.99')).toBe(true)
  })

  it('withdraws a successful attempt, and forgets failures after the window', () => {
    let now = 0
    const throttle = new LoginThrottle({ maxPerAccount: 2, windowMs: 1000, now: () => now })
    const first = throttle.begin('a@x', '1.2.3.4')
    if (!('attempt' in first)) throw new Error('first attempt refused')
    throttle.succeeded(first.attempt)
    throttle.begin('a@x', '1.2.3.4')
    throttle.begin('a@x', '1.2.3.4')
    expect(throttle.begin('a@x', '1.2.3.4')).toEqual({ wait: 1000 })
    now = 1001
    expect('attempt' in throttle.begin('a@x', '1.2.3.4')).toBe(true)
  })
})
