import { connect, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { CloseCode } from '../../shared/protocol.js'
import { waitUntil } from '../support/clients.js'
import { startTestServer, TEST_ADMIN, type TestServer } from '../support/server.js'
import { signIn } from '../support/users.js'

// Issue #23.5, the network edge: the Origin check compares scheme, host and port (one function for
// the socket, sign-in and cookie writes), `Origin: null` or garbage is refused with 4403 instead of
// failing with 500, header-only sockets are dropped after HEADERS_TIMEOUT_MS, and one address holds
// at most MAX_CONNECTIONS_PER_ADDRESS connections.

const P = 'EDGE-P'
const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

/** A WebSocket to the sheet with the session cookie and the given Origin: how it ended, or 'open'. */
function socketWith(server: TestServer, cookie: string, origin: string): Promise<number | 'open' | `http ${string}`> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${server.syncUrl}/${P}`, { headers: { cookie, origin } })
    socket.on('unexpected-response', (_req, res) => resolve(`http ${res.statusCode}`))
    socket.on('error', () => {})
    socket.on('close', (code) => resolve(code))
    // A socket accepted for syncing gets the server's first sync message.
    socket.on('message', () => {
      resolve('open')
      socket.close()
    })
  })
}

describe('Origin checks', () => {
  let server: TestServer
  let session: { cookie: string; csrfToken: string }
  beforeAll(async () => {
    server = await startTestServer()
    expect((await server.api('/api/programmes', json('POST', { code: P, title: P, country: 'Peru' }))).status).toBe(201)
    session = await signIn(server, TEST_ADMIN.email, TEST_ADMIN.password)
  })
  afterAll(() => server.stop(true))

  it('closes a cookie socket from a foreign, null or garbage Origin with 4403, and opens one from our own', async () => {
    const own = new URL(server.url)
    const foreign = ['null', 'garbage', 'http://[', 'https://evil.example', `https://${own.host}`, `http://${own.hostname}:1`, `ws://${own.host}`]
    for (const origin of foreign) expect(await socketWith(server, session.cookie, origin), origin).toBe(CloseCode.forbidden)
    expect(await socketWith(server, session.cookie, server.url)).toBe('open')
    expect(await socketWith(server, session.cookie, `http://${own.host.toUpperCase()}/`)).toBe('open')
  })

  it('refuses a cookie write from another origin even with the CSRF token', async () => {
    const write = (origin: string) =>
      fetch(`${server.url}/api/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrfToken, origin },
        body: JSON.stringify({ name: 'edge' }),
      })
    const refused = await write(`https://${new URL(server.url).host}`)
    expect(refused.status).toBe(403)
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('csrf')
    expect((await write(server.url)).status).toBe(201)
  })
})

/** A raw TCP connection to the server; resolves on connect. */
function raw(server: TestServer, from = '127.0.0.1'): Promise<{ socket: Socket; received: () => string; closed: () => boolean }> {
  const url = new URL(server.url)
  return new Promise((resolve, reject) => {
    let text = ''
    let ended = false
    const socket = connect({ host: url.hostname, port: Number(url.port), localAddress: from }, () => resolve({ socket, received: () => text, closed: () => ended }))
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => (text += chunk))
    socket.on('close', () => (ended = true))
    socket.on('error', reject)
  })
}

describe('slow and piled-up connections', () => {
  let server: TestServer
  const sockets: Socket[] = []
  beforeAll(async () => {
    server = await startTestServer({ env: { HEADERS_TIMEOUT_MS: '1000', MAX_CONNECTIONS_PER_ADDRESS: '3' } })
  })
  afterAll(async () => {
    for (const socket of sockets) socket.destroy()
    await server.stop(true)
  })

  it('drops a connection whose headers never finish, as it would a stalled upgrade', async () => {
    for (const start of ['GET /api/health HTTP/1.1\r\nHost: x\r\n', 'GET /sync/EDGE HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n']) {
      const connection = await raw(server, '127.0.0.30')
      sockets.push(connection.socket)
      connection.socket.write(start)
      // Node's default held it ~80 s; the test's own timeout is 30 s.
      await waitUntil(connection.closed, 'the server to drop the stalled request', 15_000)
      expect(connection.received()).toMatch(/^(HTTP\/1.1 408|$)/)
    }
  })

  it('caps the connections of one address (429) and leaves other addresses alone', async () => {
    const held = await Promise.all([1, 2, 3].map(() => raw(server, '127.0.0.31')))
    sockets.push(...held.map((h) => h.socket))
    const fourth = await raw(server, '127.0.0.31')
    sockets.push(fourth.socket)
    await waitUntil(fourth.closed, 'the fourth connection to be refused')
    expect(fourth.received()).toMatch(/^HTTP\/1.1 429/)
    const response = await fetch(`${server.url}/api/health`)
    expect(response.status).toBeLessThan(500)
    // A freed slot is taken again.
    held[0]!.socket.destroy()
    await waitUntil(() => held[0]!.closed(), 'the first connection to close')
    const again = await raw(server, '127.0.0.31')
    sockets.push(again.socket)
    again.socket.write('GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    await waitUntil(again.closed, 'the answer')
    expect(again.received()).not.toMatch(/^HTTP\/1.1 429/)
  })
})
