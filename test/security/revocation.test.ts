import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CloseCode } from '../../shared/protocol.js'
import { setField } from '../../shared/sheet/layout.js'
import { connectClient, openEvents, openRawSocket, waitUntil, type Client, type EventStream } from '../support/clients.js'
import { startTestServer, type TestServer } from '../support/server.js'
import { as, makeUser, signIn, type TestUser } from '../support/users.js'

// Issue #23: a revocation (role, membership, session, token, reset, disabling) takes effect on
// open sockets and event streams when the request that made it returns. The periodic recheck is
// set far longer than any test here, so it cannot be what closes them.
const NEVER = String(3600_000)
const P = 'REVOKE-P'
const run = promisify(execFile)
const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })


describe('revocation takes effect at once', () => {
  let server: TestServer
  const clients: Client[] = []
  const streams: EventStream[] = []
  const connect = (token: string) => {
    const client = connectClient({ syncUrl: server.syncUrl, token }, P)
    clients.push(client)
    return client
  }
  const events = async (headers: Record<string, string>) => {
    const stream = await openEvents(`${server.url}/api/programmes/${P}/events`, headers)
    streams.push(stream)
    return stream
  }
  const bearer = (user: { token: string }) => ({ authorization: `Bearer ${user.token}` })
  /** The first close code the provider reports. */
  const closedWith = (client: Client) =>
    new Promise<number>((resolve) => client.provider.on('connection-close', (event) => event && resolve(event.code)))
  const storedBy = (userId: string) =>
    (server.db.sqlite.prepare('select count(*) n from doc_log where doc_name = ? and user_id = ?').get(P, userId) as { n: number }).n
  const setRole = (user: TestUser, role: string) => server.api(`/api/users/${user.id}`, json('PATCH', { role }))

  beforeAll(async () => {
    server = await startTestServer({ env: { ACCESS_RECHECK_MS: NEVER } })
    expect((await server.api('/api/programmes', json('POST', { code: P, title: P, country: 'Peru' }))).status).toBe(201)
  })
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy()
    for (const stream of streams.splice(0)) stream.close()
  })
  afterAll(() => server.stop(true))

  it('a global role removed closes the socket (4403) and an edit sent after the PATCH is never applied or stored', async () => {
    const person = await makeUser(server, { role: 'secretariat' })
    const client = connect(person.token)
    await client.synced()
    setField(client.doc, 'budget.total', '100')
    await waitUntil(() => storedBy(person.id) === 1, 'the edit made while secretariat to be stored')
    const closed = closedWith(client)

    expect((await setRole(person, 'none')).status).toBe(200)
    setField(client.doc, 'budget.total', '666')
    expect(await closed).toBe(CloseCode.forbidden)
    expect(server.registry.get(P)!.doc.getMap('fields').get('budget.total')).toBe('100')
    expect(storedBy(person.id)).toBe(1)
  })

  it('secretariat lowered to a viewer membership reconnects read-only (4509): their edits are refused', async () => {
    const person = await makeUser(server, { role: 'secretariat', programme: P, programmeRole: 'viewer' })
    const client = connect(person.token)
    await client.synced()
    const closed = closedWith(client)
    expect((await setRole(person, 'none')).status).toBe(200)
    expect(await closed).toBe(CloseCode.accessChanged)
    await waitUntil(() => server.logs.events('connection.opened').some((l) => l.user === person.id && l.readOnly === true), 'the read-only reconnection')
    await client.synced()
    setField(client.doc, 'identity.title', 'vandalised')
    await waitUntil(() => server.logs.events('connection.update_refused').some((l) => l.user === person.id), 'the refusal')
    expect(storedBy(person.id)).toBe(0)
  })

  it('a role removed that still leaves editing closes the socket too (4509): locks are no longer bypassed', async () => {
    const person = await makeUser(server, { role: 'secretariat', programme: P, programmeRole: 'coordinator' })
    const client = connect(person.token)
    await client.synced()
    const closed = closedWith(client)
    expect((await setRole(person, 'none')).status).toBe(200)
    expect(await closed).toBe(CloseCode.accessChanged)
  })

  it('a role raised takes effect at once (4509), and the reconnected socket edits', async () => {
    const person = await makeUser(server, { programme: P, programmeRole: 'viewer' })
    const client = connect(person.token)
    await client.synced()
    const closed = closedWith(client)
    expect((await setRole(person, 'secretariat')).status).toBe(200)
    expect(await closed).toBe(CloseCode.accessChanged)
    await waitUntil(() => server.logs.events('connection.opened').some((l) => l.user === person.id && l.readOnly === false), 'the editing reconnection')
    await client.synced()
    setField(client.doc, 'identity.country', 'Perú')
    await waitUntil(() => storedBy(person.id) === 1, 'the edit to be stored')
  })

  it('an admin lowered to secretariat keeps a socket whose access did not change', async () => {
    const person = await makeUser(server, { role: 'admin' })
    const client = connect(person.token)
    await client.synced()
    expect((await setRole(person, 'secretariat')).status).toBe(200)
    setField(client.doc, 'identity.title', 'still here')
    await waitUntil(() => storedBy(person.id) === 1, 'the edit to be stored')
    expect(server.logs.events('connection.opened').filter((l) => l.user === person.id)).toHaveLength(1)
  })

  it('the event stream ends at sign-out, and when another session changes the password', async () => {
    const person = await makeUser(server, { programme: P, programmeRole: 'viewer' })
    const first = await signIn(server, person.email, person.password)
    const stream = await events({ cookie: first.cookie })
    const logout = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie: first.cookie, 'x-csrf-token': first.csrfToken } })
    expect(logout.status).toBe(200)
    await waitUntil(() => stream.ended, 'the stream to end at sign-out')

    const other = await signIn(server, person.email, person.password)
    const changer = await signIn(server, person.email, person.password)
    const otherStream = await events({ cookie: other.cookie })
    const changed = await fetch(`${server.url}/api/auth/password`, {
      ...json('POST', { currentPassword: person.password, newPassword: 'another long enough password' }),
      headers: { 'content-type': 'application/json', cookie: changer.cookie, 'x-csrf-token': changer.csrfToken },
    })
    expect(changed.status).toBe(200)
    await waitUntil(() => otherStream.ended, 'the other session’s stream to end')
  })

  it('the event stream ends when its token is deleted', async () => {
    const person = await makeUser(server, { programme: P, programmeRole: 'viewer' })
    const stream = await events(bearer(person))
    const { tokens } = await (await as(server, person, '/api/tokens')).json()
    expect((await as(server, person, `/api/tokens/${tokens[0].id}`, { method: 'DELETE' })).status).toBe(200)
    await waitUntil(() => stream.ended, 'the stream to end')
  })

  it('the event stream ends when the membership is removed, and stays open when it only changes', async () => {
    const person = await makeUser(server, { programme: P, programmeRole: 'viewer' })
    const stream = await events(bearer(person))
    expect((await server.api(`/api/programmes/${P}/members`, json('PUT', { email: person.email, role: 'coordinator' }))).status).toBe(200)
    const thread = await (await server.api(`/api/programmes/${P}/threads`, json('POST', { anchor: { kind: 'field', field: 'dates.start' }, body: 'still open' }))).json()
    await waitUntil(() => stream.received.includes(thread.thread.id), 'an event after the role changed')
    expect((await server.api(`/api/programmes/${P}/members/${person.id}`, { method: 'DELETE' })).status).toBe(200)
    await waitUntil(() => stream.ended, 'the stream to end')
    expect((await as(server, person, `/api/programmes/${P}/events`)).status).toBe(404)
  })

  it('the event stream ends when the global role that let it read is removed', async () => {
    const person = await makeUser(server, { role: 'secretariat' })
    const stream = await events(bearer(person))
    expect((await setRole(person, 'none')).status).toBe(200)
    await waitUntil(() => stream.ended, 'the stream to end')
  })

  it('a password reset revokes the API tokens too: 401 on REST and on the socket; sockets and streams close', async () => {
    const person = await makeUser(server, { programme: P, programmeRole: 'coordinator' })
    const client = connect(person.token)
    await client.synced()
    const closed = closedWith(client)
    const stream = await events(bearer(person))

    expect((await server.api(`/api/users/${person.id}/reset-password`, { method: 'POST' })).status).toBe(200)
    expect(await closed).toBe(CloseCode.unauthenticated)
    await waitUntil(() => stream.ended, 'the stream to end')
    expect((await as(server, person, '/api/auth/me')).status).toBe(401)
    const raw = await openRawSocket(server.syncUrl, P, person.token)
    expect((await raw.closed).code).toBe(CloseCode.unauthenticated)
  })

  it('disabling revokes sessions and tokens: re-enabling brings neither back', async () => {
    const person = await makeUser(server, { programme: P, programmeRole: 'coordinator' })
    const session = await signIn(server, person.email, person.password)
    const stream = await events(bearer(person))
    const client = connect(person.token)
    await client.synced()
    const closed = closedWith(client)

    expect((await server.api(`/api/users/${person.id}`, json('PATCH', { disabled: true }))).status).toBe(200)
    expect(await closed).toBe(CloseCode.unauthenticated)
    await waitUntil(() => stream.ended, 'the stream to end')
    expect((await server.api(`/api/users/${person.id}`, json('PATCH', { disabled: false }))).status).toBe(200)
    expect((await as(server, person, '/api/auth/me')).status).toBe(401)
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { cookie: session.cookie } })).status).toBe(401)
  })
})

describe('the periodic recheck, for changes made by the admin command', () => {
  let server: TestServer
  const admin = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'server/cli/admin.ts', ...args], { env: { ...process.env, DATA_DIR: server.dataDir } })
  beforeAll(async () => {
    server = await startTestServer({ env: { ACCESS_RECHECK_MS: '1000' } })
    expect((await server.api('/api/programmes', json('POST', { code: P, title: P, country: 'Peru' }))).status).toBe(201)
  })
  afterAll(() => server.stop(true))

  it('ends the event stream of a membership the command revoked', async () => {
    const person = await makeUser(server, { programme: P, programmeRole: 'viewer' })
    const stream = await openEvents(`${server.url}/api/programmes/${P}/events`, { authorization: `Bearer ${person.token}` })
    try {
      await admin('revoke', person.email, P)
      await waitUntil(() => stream.ended, 'the recheck to end the stream')
    } finally {
      stream.close()
    }
  })

  it("a password reset by the command revokes the person's tokens: 401 on REST, the open socket closed", async () => {
    const person = await makeUser(server, { programme: P, programmeRole: 'coordinator' })
    const client = connectClient({ syncUrl: server.syncUrl, token: person.token }, P)
    try {
      await client.synced()
      const closed = new Promise<number>((resolve) => client.provider.on('connection-close', (event) => event && resolve(event.code)))
      await admin('user', 'reset-password', person.email)
      expect((await as(server, person, '/api/auth/me')).status).toBe(401)
      expect(await closed).toBe(CloseCode.unauthenticated)
    } finally {
      client.destroy()
    }
  })
})
