import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readDocument } from '../../db/repositories/documents.js'
import { CloseCode } from '../../shared/protocol.js'
import { connectClient, sameState, trackedClients, waitUntil, type Client } from '../support/clients.js'
import { registerProgramme } from '../support/programmes.js'
import { startTestServer } from '../support/server.js'
import { storedDoc } from '../support/stored.js'

type Server = Awaited<ReturnType<typeof startTestServer>>

/**
 * A sheet open in idle tabs frees its Y.Doc (after being compacted) and is rebuilt from the store
 * when it is used again; its editors notice nothing.
 */
describe('sheets that nobody edits fall asleep', () => {
  let server: Server
  const { connect, destroyAll } = trackedClients(() => server)
  // Reading `isAsleep` does not count as use; reading `doc` would wake the sheet.
  const asleep = (name: string) => waitUntil(() => server.registry.get(name)?.isAsleep === true, `${name} to fall asleep`)

  beforeAll(async () => {
    server = await startTestServer({ env: { SLEEP_AFTER_MS: '100' } })
  })
  afterAll(async () => {
    destroyAll()
    await server.stop()
  })

  it('keeps its editors and their presence while asleep, and wakes for the next edit with nothing lost', async () => {
    await registerProgramme(server, 'SLEEPY')
    const [a, b] = [connect('SLEEPY'), connect('SLEEPY')]
    await Promise.all([a.synced(), b.synced()])
    a.doc.getText('summary').insert(0, 'El programa conjunto')
    a.doc.getMap('fields').set('budget.total', '5000000')
    await waitUntil(() => sameState(a.doc, b.doc), 'the edits at the other editor')
    const listed = async () => {
      const response = await server.api('/api/programmes')
      expect(response.status).toBe(200)
      const { programmes } = (await response.json()) as { programmes: { id: string; updatedAt: string }[] }
      return programmes.find((p) => p.id === 'SLEEPY')
    }
    const awakeListing = await listed()

    await asleep('SLEEPY')
    // The list shows a sleeping sheet from the summary stored when it was compacted, without waking
    // it (the row's updatedAt is when that summary was written).
    expect({ ...(await listed()), updatedAt: null }).toEqual({ ...awakeListing, updatedAt: null })
    expect(server.registry.get('SLEEPY')?.isAsleep).toBe(true)
    // Compacted before it slept: the stored state is the whole sheet, with no log after it.
    const stored = readDocument(server.db, 'SLEEPY')
    expect(stored.updates).toHaveLength(0)
    expect(sameState(storedDoc(server.db, 'SLEEPY'), a.doc)).toBe(true)
    expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true)

    const metrics = async () => (await (await server.api('/api/metrics')).text())
    // Counted when the registry lets documents rest, every half period.
    for (let tries = 0; !/^ficha_documents_asleep 1$/m.test(await metrics()); tries++) {
      expect(tries, 'the sleeping sheet counted in the metrics').toBeLessThan(100)
      await new Promise((r) => setTimeout(r, 20))
    }

    // Presence does not need the document: relayed without waking it.
    a.provider.awareness.setLocalStateField('user', { name: 'Ana' })
    await waitUntil(() => [...b.provider.awareness.getStates().values()].some((s) => s.user?.name === 'Ana'), 'presence at the other editor')
    expect(server.registry.get('SLEEPY')?.isAsleep).toBe(true)

    b.doc.getText('summary').insert(20, ' busca')
    await waitUntil(() => a.doc.getText('summary').toString() === 'El programa conjunto busca', 'the edit that woke the sheet')
    expect(server.registry.get('SLEEPY')?.isAsleep).toBe(false)
    expect(server.logs.events('document.woke').filter((l) => l.doc === 'SLEEPY').length).toBeGreaterThanOrEqual(1)
    expect(Number(/^ficha_document_wakes_total (\d+)$/m.exec(await metrics())?.[1])).toBeGreaterThanOrEqual(1)
    expect(storedDoc(server.db, 'SLEEPY').getText('summary').toString()).toBe('El programa conjunto busca')

    // A newcomer to a sleeping sheet gets all of it.
    await asleep('SLEEPY')
    const c = connect('SLEEPY')
    await c.synced()
    expect(c.doc.getText('summary').toString()).toBe('El programa conjunto busca')
    expect(c.doc.getMap('fields').get('budget.total')).toBe('5000000')
  })

  it('a sheet that cannot be woken closes its editors (4500), writes nothing over what is stored, and takes their edits once it can', async () => {
    await registerProgramme(server, 'SLEEPY-DAMAGED')
    const writer = connect('SLEEPY-DAMAGED')
    await writer.synced()
    writer.doc.getText('summary').insert(0, 'texto')
    await waitUntil(() => readDocument(server.db, 'SLEEPY-DAMAGED').updates.length > 0, 'the edit stored')
    await asleep('SLEEPY-DAMAGED')

    // One flipped byte in the stored state: the checksum refuses it when the sheet wakes.
    const select = server.db.sqlite.prepare("select state from doc_states where doc_name = 'SLEEPY-DAMAGED'")
    const update = server.db.sqlite.prepare("update doc_states set state = ? where doc_name = 'SLEEPY-DAMAGED'")
    const good = Buffer.from((select.get() as { state: Buffer }).state)
    const damaged = Buffer.from(good)
    damaged[damaged.length - 3]! ^= 0x01
    update.run(damaged)

    const closed = new Promise<number>((resolve) => writer.provider.once('connection-close', (event) => event && resolve(event.code)))
    writer.doc.getText('summary').insert(5, ' nuevo')
    expect(await closed).toBe(CloseCode.loadFailed)
    expect(server.logs.events('document.wake_failed').filter((l) => l.doc === 'SLEEPY-DAMAGED')).toHaveLength(1)
    // Nothing built on an empty document was stored in place of the sheet.
    expect(Buffer.from((select.get() as { state: Buffer }).state).equals(damaged)).toBe(true)
    expect(() => readDocument(server.db, 'SLEEPY-DAMAGED')).toThrow(/checksum/)

    // Repaired, the sheet loads again; the provider reconnects on its own and sends the edit it kept.
    update.run(good)
    await waitUntil(() => storedDoc(server.db, 'SLEEPY-DAMAGED').getText('summary').toString() === 'texto nuevo', 'the kept edit stored', 20_000)
  })
})

describe('a sheet slow to build', () => {
  let server: Server
  let client: Client

  beforeAll(async () => {
    // Every build counts as slow here.
    server = await startTestServer({ env: { SLEEP_AFTER_MS: '100', SLEEP_MAX_BUILD_MS: '0' } })
    await registerProgramme(server, 'HEAVY')
    client = connectClient(server, 'HEAVY')
    await client.synced()
  })
  afterAll(async () => {
    client.destroy()
    await server.stop()
  })

  it('stays awake: waking it would hold every socket while it builds', async () => {
    client.doc.getText('summary').insert(0, 'texto')
    await waitUntil(() => readDocument(server.db, 'HEAVY').updates.length > 0, 'the edit stored')
    // Ten rest periods later (a sheet quick to build sleeps after two) it is still awake.
    await new Promise((r) => setTimeout(r, 1000))
    expect(server.registry.get('HEAVY')?.isAsleep).toBe(false)
    expect(server.logs.events('document.asleep')).toHaveLength(0)
  })
})

describe('a sheet that unloads', () => {
  let server: Server

  beforeAll(async () => {
    server = await startTestServer({ env: { UNLOAD_DELAY_MS: '50' } })
  })
  afterAll(() => server.stop())

  it('refreshes its listing from the document as compacted, without rebuilding it afterwards', async () => {
    await registerProgramme(server, 'LEAVING')
    const client = connectClient(server, 'LEAVING')
    await client.synced()
    client.doc.getMap('fields').set('identity.title', 'Industrias creativas')
    await waitUntil(() => readDocument(server.db, 'LEAVING').updates.length > 0, 'the edit stored')
    client.destroy()
    await waitUntil(() => server.registry.get('LEAVING') === undefined, 'the sheet to unload (compacted first)')
    for (let tries = 0; ; tries++) {
      const { programmes } = (await (await server.api('/api/programmes')).json()) as { programmes: { id: string; title: string }[] }
      if (programmes.find((p) => p.id === 'LEAVING')?.title === 'Industrias creativas') break
      expect(tries, 'the listing refreshed').toBeLessThan(100)
      await new Promise((r) => setTimeout(r, 20))
    }
    expect(server.logs.events('document.woke')).toHaveLength(0)
  })
})
