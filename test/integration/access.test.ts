import { readFileSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { readDocument } from '../../db/repositories/documents.js'
import { CloseCode } from '../../shared/protocol.js'
import { setField } from '../../shared/sheet/layout.js'
import { connectClient, sameState, waitUntil, type Client } from '../support/clients.js'
import { startTestServer, type TestServer } from '../support/server.js'
import { as, makeUser, signIn, type TestUser } from '../support/users.js'

const SEED = readFileSync('db/seed/peru-industrias-creativas.txt', 'utf8')

describe('who may do what', () => {
  let server: TestServer
  let coordinator: TestUser
  let viewer: TestUser
  let evaluator: TestUser
  let outsider: TestUser
  const clients: Client[] = []
  const connect = (user: { token: string }, name: string, token = user.token) => {
    const client = connectClient({ syncUrl: server.syncUrl, token }, name)
    clients.push(client)
    return client
  }
  const closedWith = (client: Client) =>
    new Promise<number>((resolve) => client.provider.on('connection-close', (event) => event && resolve(event.code)))
  const stored = (name: string) => {
    const { state, updates } = readDocument(server.db, name)
    return Buffer.concat([state ?? Buffer.alloc(0), ...updates].map((u) => Buffer.from(u))).toString('hex')
  }

  beforeAll(async () => {
    server = await startTestServer()
    for (const code of ['OURS', 'THEIRS']) {
      await server.api('/api/programmes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, title: code, country: 'Peru' }) })
    }
    coordinator = await makeUser(server, { programme: 'OURS', programmeRole: 'coordinator' })
    viewer = await makeUser(server, { programme: 'OURS', programmeRole: 'viewer' })
    evaluator = await makeUser(server, { programme: 'OURS', programmeRole: 'evaluator' })
    outsider = await makeUser(server, { programme: 'THEIRS', programmeRole: 'coordinator' })
  })
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy()
  })
  afterAll(() => server.stop(true))

  it('REST without identity answers 401 and discloses nothing', async () => {
    for (const [method, path] of [
      ['GET', '/api/programmes'],
      ['GET', '/api/programmes/OURS'],
      ['GET', '/api/programmes/OURS/export?format=json'],
      ['GET', '/api/programmes/OURS/audit'],
      ['GET', '/api/programmes/OURS/members'],
      ['POST', '/api/programmes'],
      ['POST', '/api/import'],
      ['GET', '/api/metrics'],
      ['GET', '/api/users'],
    ] as const) {
      const response = await fetch(`${server.url}${path}`, { method, ...(method === 'POST' ? { body: '{}' } : {}) })
      expect([path, response.status]).toEqual([path, 401])
    }
  })

  it("a coordinator's list holds only their programmes; a foreign programme is 404 everywhere", async () => {
    const list = await (await as(server, coordinator, '/api/programmes')).json()
    expect(list.programmes.map((p: { id: string }) => p.id)).toEqual(['OURS'])
    // Each item says what the person may do there, so the client offers only that.
    expect(list.programmes[0].access).toMatchObject({ read: true, edit: true, comment: true, respond: true, evaluate: false, manageMembers: false })
    expect((await (await as(server, viewer, '/api/programmes')).json()).programmes[0].access).toMatchObject({ read: true, edit: false, comment: false })
    for (const path of ['/api/programmes/THEIRS', '/api/programmes/THEIRS/export?format=html', '/api/programmes/THEIRS/audit', '/api/programmes/THEIRS/members']) {
      expect((await as(server, coordinator, path)).status).toBe(404)
    }
    const all = await (await server.api('/api/programmes')).json()
    expect(all.programmes.map((p: { id: string }) => p.id).sort()).toEqual(['OURS', 'THEIRS'])
  })

  it('only the secretariat creates sheets and manages members; readers may not import over a sheet', async () => {
    const create = await as(server, coordinator, '/api/programmes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'NEW-1', title: 't', country: 'c' }) })
    expect(create.status).toBe(403)
    const grant = await as(server, coordinator, '/api/programmes/OURS/members', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: outsider.email, role: 'viewer' }) })
    expect(grant.status).toBe(403)
    const before = stored('OURS')
    expect((await as(server, viewer, '/api/import?code=OURS', { method: 'POST', body: SEED })).status).toBe(403)
    expect((await as(server, outsider, '/api/import?code=OURS', { method: 'POST', body: SEED })).status).toBe(404)
    expect(stored('OURS')).toBe(before)
    const access = (await (await as(server, viewer, '/api/programmes/OURS')).json()).access
    expect(access).toMatchObject({ role: 'viewer', read: true, edit: false })
  })

  it('sockets: no identity → 4401, a bad token → 4401, a foreign programme → 4403', async () => {
    expect(await closedWith(connect({ token: '' }, 'OURS'))).toBe(CloseCode.unauthenticated)
    expect(await closedWith(connect({ token: 'ficha_forged' }, 'OURS'))).toBe(CloseCode.unauthenticated)
    expect(await closedWith(connect(outsider, 'OURS'))).toBe(CloseCode.forbidden)
    expect(await closedWith(connect(outsider, 'NO-SUCH'))).toBe(CloseCode.forbidden)
  })

  it("a viewer's and an evaluator's updates are never applied, broadcast or stored", async () => {
    const editor = connect(coordinator, 'OURS')
    const readers = [connect(viewer, 'OURS'), connect(evaluator, 'OURS')]
    await Promise.all([editor, ...readers].map((c) => c.synced()))
    setField(editor.doc, 'budget.total', '5000000')
    await waitUntil(() => readers.every((r) => sameState(r.doc, editor.doc)), 'readers in sync')
    const before = stored('OURS')
    for (const reader of readers) {
      setField(reader.doc, 'budget.total', '1')
      reader.doc.getText('vandalism').insert(0, 'x')
    }
    await waitUntil(() => server.logs.events('connection.update_refused').length >= 2, 'the refusals')
    expect(stored('OURS')).toBe(before)
    expect(editor.doc.getMap('fields').get('budget.total')).toBe('5000000')
    expect(server.registry.get('OURS')!.doc.getText('vandalism').length).toBe(0)
  })

  it('signing out and losing a membership close the open sockets', async () => {
    const person = await makeUser(server, { programme: 'OURS', programmeRole: 'rco' })
    const session = await signIn(server, person.email, person.password)
    // A browser's socket rides on the session cookie; here the same session as a token would not do.
    const tokenSocket = connect(person, 'OURS')
    await tokenSocket.synced()
    const removed = closedWith(tokenSocket)
    expect((await server.api(`/api/programmes/OURS/members/${person.id}`, { method: 'DELETE' })).status).toBe(200)
    expect(await removed).toBe(CloseCode.forbidden)

    const coordinatorSocket = connect(coordinator, 'OURS')
    await coordinatorSocket.synced()
    const revoked = closedWith(coordinatorSocket)
    const tokens = await (await as(server, coordinator, '/api/tokens')).json()
    await as(server, coordinator, `/api/tokens/${tokens.tokens[0].id}`, { method: 'DELETE' })
    expect(await revoked).toBe(CloseCode.unauthenticated)
    expect(session.cookie).toMatch(/^ficha_session=/)
  })

  it('attributes every change to its author in the audit log, coalescing bursts per field', async () => {
    const author = await makeUser(server, { programme: 'OURS', programmeRole: 'coordinator' })
    const client = connect(author, 'OURS')
    await client.synced()
    for (const value of ['1', '12', '123', '1234']) setField(client.doc, 'dates.start', `2009-12-${value.padStart(2, '0').slice(0, 2)}`)
    setField(client.doc, 'identity.country', 'Perú')
    // The audit log is written every 2 s.
    let entries: { field: string; user: { email: string } | null; changes: number }[] = []
    for (let i = 0; i < 40 && !entries.some((e) => e.field === 'identity.country' && e.user?.email === author.email); i++) {
      entries = (await (await server.api('/api/programmes/OURS/audit')).json()).entries
      await new Promise((r) => setTimeout(r, 200))
    }
    const mine = entries.filter((e) => e.user?.email === author.email)
    expect(mine.map((e) => e.field).sort()).toEqual(['dates.start', 'identity.country'])
    expect(mine.find((e) => e.field === 'dates.start')!.changes).toBeGreaterThanOrEqual(2)
    const rows = server.db.sqlite.prepare("select count(*) n from doc_log where doc_name = 'OURS' and user_id = ?").get(author.id) as { n: number }
    expect(rows.n).toBeGreaterThanOrEqual(3)
  })
})
