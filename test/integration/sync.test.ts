import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CloseCode } from '../../shared/protocol.js'
import { sameState, trackedClients, waitUntil } from '../support/clients.js'
import { registerProgramme } from '../support/programmes.js'
import { startTestServer } from '../support/server.js'

type Server = Awaited<ReturnType<typeof startTestServer>>

describe('sync server with unmodified y-websocket providers', () => {
  let server: Server
  const { connect, destroyAll } = trackedClients(() => server)

  beforeAll(async () => {
    server = await startTestServer()
  })
  afterEach(destroyAll)
  afterAll(() => server.stop(true))

  it('three clients editing one narrative and different cells concurrently converge and lose nothing', async () => {
    await registerProgramme(server, 'CONVERGE-1')
    const [a, b, c] = [connect('CONVERGE-1'), connect('CONVERGE-1'), connect('CONVERGE-1')]
    await Promise.all([a.synced(), b.synced(), c.synced()])

    // Each types into the same text and owns a different cell, in bursts, without waiting.
    const rounds = 40
    for (let i = 0; i < rounds; i++) {
      for (const [n, client] of [a, b, c].entries()) {
        client.doc.transact(() => {
          // Insert at a token boundary chosen per round, so tokens stay whole and can be counted.
          const text = client.doc.getText('narrative')
          const boundaries = [0, ...[...text.toString()].flatMap((ch, k) => (ch === ';' ? [k + 1] : []))]
          text.insert(boundaries[(i * 7 + n) % boundaries.length]!, `${'abc'[n]}${i};`)
          client.doc.getMap('cells').set(`cell-${n}`, String(i))
        })
      }
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 5))
    }

    await waitUntil(() => sameState(a.doc, b.doc) && sameState(b.doc, c.doc), 'the three clients to converge')
    const text = a.doc.getText('narrative').toString()
    expect(b.doc.getText('narrative').toString()).toBe(text)
    expect(c.doc.getText('narrative').toString()).toBe(text)
    for (const n of [0, 1, 2]) {
      // Every insertion of every client is present once.
      for (let i = 0; i < rounds; i++) expect(text.split(`${'abc'[n]}${i};`).length - 1).toBe(1)
      expect(a.doc.getMap('cells').get(`cell-${n}`)).toBe(String(rounds - 1))
    }
    // And the server stored exactly what they converged to.
    const live = server.registry.get('CONVERGE-1')!
    expect(live.doc.getText('narrative').toString()).toBe(text)
  })

  it('shares a single load between clients opening a document at once', async () => {
    await registerProgramme(server, 'ONE-LOAD')
    const before = server.logs.events('document.loaded').filter((l) => l.doc === 'ONE-LOAD').length
    const opened = Array.from({ length: 5 }, () => connect('ONE-LOAD'))
    await Promise.all(opened.map((c) => c.synced()))
    const loads = server.logs.events('document.loaded').filter((l) => l.doc === 'ONE-LOAD').length - before
    expect(loads).toBe(1)
  })

  it('closes a connection to an unknown document with 4404, and the provider stops retrying', async () => {
    const client = connect('NO-SUCH-PROGRAMME')
    const closed = await new Promise<{ code: number }>((resolve) => client.provider.on('closed', (event) => resolve(event)))
    expect(closed.code).toBe(CloseCode.unknownDocument)
    expect(client.provider.shouldConnect).toBe(false)
  })

  it('relays awareness to every client, the sender included, and removes it when a client leaves', async () => {
    await registerProgramme(server, 'PRESENCE')
    const a = connect('PRESENCE')
    const b = connect('PRESENCE')
    await Promise.all([a.synced(), b.synced()])
    a.provider.awareness.setLocalStateField('user', { name: 'Josefa' })
    await waitUntil(() => b.provider.awareness.getStates().get(a.doc.clientID)?.user?.name === 'Josefa', 'presence at b')
    // The server echoes a's own presence back to it: that traffic is what keeps the provider's
    // 30 s silence watchdog from dropping a client that only sends presence.
    const lastHeard = a.provider.wsLastMessageReceived
    await new Promise((r) => setTimeout(r, 20))
    a.provider.awareness.setLocalStateField('cursor', 'summary')
    await waitUntil(() => a.provider.wsLastMessageReceived > lastHeard, 'the echo of a presence update')
    a.destroy()
    await waitUntil(() => !b.provider.awareness.getStates().has(a.doc.clientID), 'presence removed at b')
  })
})
