import * as encoding from 'lib0/encoding'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { AWARENESS_LIMITS } from '../../server/collab/awareness-guard.js'
import { CloseCode, MessageType } from '../../shared/protocol.js'
import { connectClient, openRawSocket, waitUntil, type Client } from '../support/clients.js'
import { startTestServer, type TestServer } from '../support/server.js'
import { makeUser, type TestUser } from '../support/users.js'

// Issue #23.4: a connection sets only the presence entries it owns (a viewer cannot rename the
// admin's cursor), and awareness messages are capped in size (4413) and rate (4429), while normal
// presence, read-only members' included, still reaches everyone.

const P = 'AWARE-P'
const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

/** A y-websocket awareness frame carrying `entries` (clientID, clock, state) as a client would encode them. */
function awarenessFrame(entries: Array<{ clientId: number; clock: number; state: unknown }>): Uint8Array {
  const update = encoding.createEncoder()
  encoding.writeVarUint(update, entries.length)
  for (const entry of entries) {
    encoding.writeVarUint(update, entry.clientId)
    encoding.writeVarUint(update, entry.clock)
    encoding.writeVarString(update, JSON.stringify(entry.state))
  }
  const frame = encoding.createEncoder()
  encoding.writeVarUint(frame, MessageType.awareness)
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(update))
  return encoding.toUint8Array(frame)
}

/** The close codes a provider's sockets were closed with, as they happen. */
function closeCodes(client: Client): number[] {
  const codes: number[] = []
  client.provider.on('connection-close', (event) => codes.push(event?.code ?? 0))
  return codes
}

const nameSeen = (client: Client, clientId: number) => (client.provider.awareness.getStates().get(clientId) as { user?: { name?: string } } | undefined)?.user?.name

describe('awareness (presence)', () => {
  let server: TestServer
  let viewer: TestUser
  const clients: Client[] = []
  const open = (token: string) => {
    const client = connectClient({ syncUrl: server.syncUrl, token }, P)
    clients.push(client)
    return client
  }
  beforeAll(async () => {
    server = await startTestServer()
    expect((await server.api('/api/programmes', json('POST', { code: P, title: P, country: 'Peru' }))).status).toBe(201)
    viewer = await makeUser(server, { programme: P, programmeRole: 'viewer' })
  })
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy()
  })
  afterAll(() => server.stop(true))

  it("drops a viewer's forged entry for the admin's clientID; the viewer's own presence still shows", async () => {
    const admin = open(server.token)
    const watcher = open(server.token)
    await Promise.all([admin.synced(), watcher.synced()])
    admin.provider.awareness.setLocalStateField('user', { name: 'Admin' })
    const adminId = admin.doc.clientID
    await waitUntil(() => nameSeen(watcher, adminId) === 'Admin', "the admin's presence")

    const { socket } = await openRawSocket(server.syncUrl, P, viewer.token)
    const ownId = 424242
    socket.send(awarenessFrame([
      { clientId: adminId, clock: 999, state: { user: { name: 'Forged' } } },
      { clientId: ownId, clock: 1, state: { user: { name: 'Viewer' } } },
    ]))
    await waitUntil(() => nameSeen(watcher, ownId) === 'Viewer', "the viewer's own presence")
    // Sent in the same message as the viewer's entry: had it passed, it would be there already.
    expect(nameSeen(watcher, adminId)).toBe('Admin')
    expect(nameSeen(admin, adminId)).toBe('Admin')
    // Nor can the viewer remove the admin's entry (a null state).
    socket.send(awarenessFrame([{ clientId: adminId, clock: 1000, state: null }, { clientId: ownId, clock: 2, state: { user: { name: 'Viewer 2' } } }]))
    await waitUntil(() => nameSeen(watcher, ownId) === 'Viewer 2', "the viewer's next state")
    expect(nameSeen(watcher, adminId)).toBe('Admin')
    socket.close()
    // The viewer leaving removes only the viewer's entries.
    await waitUntil(() => !watcher.provider.awareness.getStates().has(ownId), "the viewer's presence to go")
    expect(nameSeen(watcher, adminId)).toBe('Admin')
  })

  it('closes a sender of an oversized awareness message with 4413, and nobody receives it', async () => {
    const watcher = open(server.token)
    await watcher.synced()
    const { socket, closed } = await openRawSocket(server.syncUrl, P, viewer.token)
    socket.send(awarenessFrame([{ clientId: 515151, clock: 1, state: { user: { name: 'x'.repeat(AWARENESS_LIMITS.maxStateBytes) } } }]))
    expect((await closed).code).toBe(CloseCode.awarenessTooLarge)
    expect(watcher.provider.awareness.getStates().has(515151)).toBe(false)
  })

  it('closes a flooding sender with 4429', async () => {
    const { socket, closed } = await openRawSocket(server.syncUrl, P, viewer.token)
    for (let clock = 1; clock <= AWARENESS_LIMITS.burst * 3; clock++) {
      socket.send(awarenessFrame([{ clientId: 616161, clock, state: { cursor: clock } }]))
    }
    expect((await closed).code).toBe(CloseCode.awarenessTooFrequent)
  })

  it('closes a sender of requests for everyone\'s presence (each answered with all of it) with 4429', async () => {
    const { socket, closed } = await openRawSocket(server.syncUrl, P, viewer.token)
    const query = encoding.createEncoder()
    encoding.writeVarUint(query, MessageType.queryAwareness)
    const frame = encoding.toUint8Array(query)
    for (let i = 0; i < AWARENESS_LIMITS.burst * 3; i++) socket.send(frame)
    expect((await closed).code).toBe(CloseCode.awarenessTooFrequent)
  })

  it('keeps normal presence working: a person typing moves the cursor many times, read-only members included', async () => {
    const editor = open(server.token)
    const reader = open(viewer.token)
    await Promise.all([editor.synced(), reader.synced()])
    reader.provider.awareness.setLocalStateField('user', { name: 'Reader' })
    // Sixty cursor moves as fast as the loop goes: a fast typist for a few seconds, in one burst.
    for (let i = 0; i < 60; i++) editor.provider.awareness.setLocalStateField('cursor', { anchor: i, head: i })
    await waitUntil(() => (reader.provider.awareness.getStates().get(editor.doc.clientID) as { cursor?: { head: number } } | undefined)?.cursor?.head === 59, 'the last cursor position')
    await waitUntil(() => nameSeen(editor, reader.doc.clientID) === 'Reader', "the reader's presence")
    expect(editor.provider.wsconnected && reader.provider.wsconnected).toBe(true)
  })

  // y-websocket's provider sends back every awareness change it hears, whoever made it: in a busy
  // room most of what a legitimate client sends is others' entries, which must cost it nothing.
  it("does not count the others' entries a provider echoes: three people moving cursors at once all stay", async () => {
    const people = [open(server.token), open(server.token), open(viewer.token)]
    const closes = people.map(closeCodes)
    await Promise.all(people.map((p) => p.synced()))
    // Each sends 60 moves, and hears (and sends back) the other 120.
    for (let i = 0; i < 60; i++) for (const p of people) p.provider.awareness.setLocalStateField('cursor', { anchor: i, head: i })
    const headSeen = (at: Client, of: Client) => (at.provider.awareness.getStates().get(of.doc.clientID) as { cursor?: { head: number } } | undefined)?.cursor?.head
    await waitUntil(() => people.every((at) => people.every((of) => headSeen(at, of) === 59)), 'every last cursor everywhere')
    // A closed provider would have failed the wait above, or closes right after its last echo.
    people[0]!.provider.awareness.setLocalStateField('user', { name: 'After' })
    await waitUntil(() => people.every((at) => nameSeen(at, people[0]!.doc.clientID) === 'After') || closes.some((c) => c.length > 0), 'a later change')
    expect(closes).toEqual([[], [], []])
  })

  it("lets someone join a room whose presence adds up to more than one state's cap (the provider echoes all of it)", async () => {
    const present = Array.from({ length: 12 }, () => open(server.token))
    await Promise.all(present.map((p) => p.synced()))
    // A long name and selection: 1.5 KiB a person, 18 KiB together, each far under the cap.
    present.forEach((p, i) => p.provider.awareness.setLocalStateField('user', { name: `Person ${i} ${'·'.repeat(750)}` }))
    const everyone = () => present.every((p) => nameSeen(latecomer, p.doc.clientID)?.startsWith('Person'))
    const latecomer = open(viewer.token)
    const closes = closeCodes(latecomer)
    await latecomer.synced()
    await waitUntil(everyone, "everyone's presence at the latecomer")
    latecomer.provider.awareness.setLocalStateField('user', { name: 'Latecomer' })
    await waitUntil(() => nameSeen(present[0]!, latecomer.doc.clientID) === 'Latecomer' || closes.length > 0, "the latecomer's presence")
    expect(closes).toEqual([])
  })

  it('lets a person reconnect with the same clientID while the old socket lingers', async () => {
    const watcher = open(server.token)
    await watcher.synced()
    const first = await openRawSocket(server.syncUrl, P, viewer.token)
    first.socket.send(awarenessFrame([{ clientId: 717171, clock: 1, state: { user: { name: 'Before' } } }]))
    await waitUntil(() => nameSeen(watcher, 717171) === 'Before', 'the first state')
    const second = await openRawSocket(server.syncUrl, P, viewer.token)
    second.socket.send(awarenessFrame([{ clientId: 717171, clock: 2, state: { user: { name: 'After' } } }]))
    await waitUntil(() => nameSeen(watcher, 717171) === 'After', 'the state from the new socket')
    // The old socket closing does not take the entry its successor now owns.
    first.socket.close()
    await first.closed
    second.socket.send(awarenessFrame([{ clientId: 818181, clock: 1, state: { marker: true } }]))
    await waitUntil(() => watcher.provider.awareness.getStates().has(818181), 'a later message of the new socket')
    expect(nameSeen(watcher, 717171)).toBe('After')
    second.socket.close()
  })
})
