import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { countLoggedUpdates, readDocument } from '../../db/repositories/documents.js'
import { CloseCode } from '../../shared/protocol.js'
import { connectClient, waitUntil, type Client } from '../support/clients.js'
import { registerProgramme } from '../support/programmes.js'
import { startTestServer } from '../support/server.js'
import { storedDoc } from '../support/stored.js'

type Server = Awaited<ReturnType<typeof startTestServer>>

describe('persistence of documents', () => {
  const clients: Client[] = []
  const servers: Server[] = []
  const start = async (options: Parameters<typeof startTestServer>[0] = {}) => {
    const server = await startTestServer(options)
    servers.push(server)
    return server
  }
  const connect = (server: Server, name: string) => {
    const client = connectClient(server, name)
    clients.push(client)
    return client
  }
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    for (const s of servers.splice(0)) await s.stop()
  })

  it('keeps the state across a server restart', async () => {
    const first = await start()
    await registerProgramme(first, 'RESTART')
    const writer = connect(first, 'RESTART')
    await writer.synced()
    writer.doc.getText('summary').insert(0, 'El presente programa conjunto busca aliviar la pobreza')
    writer.doc.getMap('fields').set('budget.total', '5000000')
    await waitUntil(() => first.registry.get('RESTART')?.doc.getText('summary').length === 54, 'the server to have the text')
    writer.destroy()
    await first.stop()

    const second = await start({ dataDir: first.dataDir })
    const reader = connect(second, 'RESTART')
    await reader.synced()
    expect(reader.doc.getText('summary').toString()).toBe('El presente programa conjunto busca aliviar la pobreza')
    expect(reader.doc.getMap('fields').get('budget.total')).toBe('5000000')
  })

  it('unloads an idle document after the delay, compacting its log into one state', async () => {
    const server = await start({ env: { UNLOAD_DELAY_MS: '50' } })
    await registerProgramme(server, 'IDLE')
    const client = connect(server, 'IDLE')
    await client.synced()
    for (let i = 0; i < 20; i++) client.doc.getArray<number>('rows').push([i])
    await waitUntil(() => server.registry.get('IDLE')?.doc.getArray('rows').length === 20, 'the edits at the server')
    expect(countLoggedUpdates(server.db, 'IDLE')).toBeGreaterThan(1)
    client.destroy()
    await waitUntil(() => server.registry.get('IDLE') === undefined, 'the document to unload')
    expect(countLoggedUpdates(server.db, 'IDLE')).toBe(0)
    const stored = readDocument(server.db, 'IDLE')
    const doc = new Y.Doc()
    Y.applyUpdate(doc, stored.state!)
    expect(doc.getArray('rows').toArray()).toEqual([...Array(20).keys()])
  })

  it('deletes the log rows compacted states cover, in the background, and never a row still needed', async () => {
    const server = await start({ env: { COMPACT_AFTER_UPDATES: '10' } })
    await registerProgramme(server, 'TRIM-BUSY')
    await registerProgramme(server, 'TRIM-QUIET')
    const busy = connect(server, 'TRIM-BUSY')
    const quiet = connect(server, 'TRIM-QUIET')
    await Promise.all([busy.synced(), quiet.synced()])
    // Interleaved in the log: the quiet sheet's rows sit among the busy one's and must stay.
    for (let i = 0; i < 8; i++) quiet.doc.getArray<number>('rows').push([i])
    for (let i = 0; i < 120; i++) {
      busy.doc.getArray<number>('rows').push([i])
      if (i % 5 === 0) await new Promise((r) => setTimeout(r, 2))
    }
    await waitUntil(() => server.registry.get('TRIM-BUSY')?.doc.getArray('rows').length === 120, 'the edits at the server')
    await waitUntil(() => server.logs.events('log.trimmed').some((l) => Number(l.rows) > 0), 'a trimming pass')
    const rows = (name: string) => server.db.sqlite.prepare('select count(*) from doc_log where doc_name = ?').pluck().get(name) as number
    expect(rows('TRIM-BUSY')).toBeLessThan(60)
    expect(rows('TRIM-QUIET')).toBe(8)
    expect(countLoggedUpdates(server.db, 'TRIM-QUIET')).toBe(8)
    for (const [name, length] of [['TRIM-BUSY', 120], ['TRIM-QUIET', 8]] as const) {
      expect(storedDoc(server.db, name).getArray('rows').toArray()).toEqual([...Array(length).keys()])
    }
  })

  it('compacts the log in one transaction once it passes the threshold, while clients keep editing', async () => {
    const server = await start({ env: { COMPACT_AFTER_UPDATES: '25' } })
    await registerProgramme(server, 'COMPACT')
    const client = connect(server, 'COMPACT')
    await client.synced()
    for (let i = 0; i < 60; i++) {
      client.doc.getArray<number>('rows').push([i])
      if (i % 7 === 0) await new Promise((r) => setTimeout(r, 2))
    }
    await waitUntil(() => server.registry.get('COMPACT')?.doc.getArray('rows').length === 60, 'the edits at the server')
    await waitUntil(() => server.logs.events('document.compacted').some((l) => l.doc === 'COMPACT'), 'a compaction')
    expect(countLoggedUpdates(server.db, 'COMPACT')).toBeLessThan(60)
    // What is stored (state + remaining log) is the whole document.
    const stored = readDocument(server.db, 'COMPACT')
    const doc = new Y.Doc()
    Y.transact(doc, () => [stored.state!, ...stored.updates].forEach((u) => Y.applyUpdate(doc, u)))
    expect(doc.getArray('rows').toArray()).toEqual([...Array(60).keys()])
  })

  it('closes connections with 4500 when the stored document is corrupt, and writes nothing over it', async () => {
    const server = await start()
    await registerProgramme(server, 'CORRUPT')
    const client = connect(server, 'CORRUPT')
    await client.synced()
    client.doc.getText('summary').insert(0, 'real content')
    await waitUntil(() => countLoggedUpdates(server.db, 'CORRUPT') === 1, 'the edit stored')
    client.destroy()
    await server.stop()

    // Damage what is stored (the shutdown compacted the log into doc_states).
    const damaged = await start({ dataDir: server.dataDir })
    damaged.db.sqlite.prepare("update doc_states set state = x'ff00ff00ff' where doc_name = 'CORRUPT'").run()
    const snapshot = () => ({
      states: damaged.db.sqlite.prepare("select hex(state) h, last_seq from doc_states where doc_name = 'CORRUPT'").all(),
      log: damaged.db.sqlite.prepare("select seq, hex(data) h from doc_log where doc_name = 'CORRUPT'").all(),
    })
    // The start-up pass deletes the rows the state covers; after it, nothing may change.
    await waitUntil(() => damaged.logs.events('log.trimmed').length > 0, 'the start-up trimming pass')
    const before = snapshot()
    expect(before.states).toHaveLength(1)

    const victim = connect(damaged, 'CORRUPT')
    const closed = await new Promise<{ code: number }>((resolve) => victim.provider.on('connection-close', (event) => event && resolve(event)))
    expect(closed.code).toBe(CloseCode.loadFailed)
    victim.provider.disconnect()
    expect(damaged.registry.get('CORRUPT')).toBeUndefined()
    expect(damaged.logs.events('document.load_failed').length).toBeGreaterThan(0)
    expect(snapshot()).toEqual(before)
  })
})
