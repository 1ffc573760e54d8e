import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCode } from '../../shared/protocol.js'
import { sameState, trackedClients, waitUntil } from '../support/clients.js'
import { registerProgramme } from '../support/programmes.js'
import { startTestServer } from '../support/server.js'

type Server = Awaited<ReturnType<typeof startTestServer>>

/**
 * A client that has nothing gets a large stored state as it is, before the server has built the
 * document (here every state counts as large), and everything after works as usual.
 */
describe('answering a cold open from the stored state', () => {
  let server: Server
  const { connect, destroyAll } = trackedClients(() => server)
  const unloaded = (name: string) => waitUntil(() => server.registry.get(name) === undefined, `${name} to unload (and compact)`)
  const answered = (name: string) => server.logs.events('document.answered_from_store').filter((l) => l.doc === name).length

  beforeAll(async () => {
    // A long wait for the first request: on a loaded machine it may come later than the 10 ms a server waits.
    server = await startTestServer({ env: { EARLY_ANSWER_BYTES: '1', EARLY_ANSWER_WAIT_MS: '5000', UNLOAD_DELAY_MS: '50' } })
  })
  afterAll(async () => {
    destroyAll()
    await server.stop()
  })

  it('gives a fresh client the whole stored document, then syncs and relays edits as usual', async () => {
    await registerProgramme(server, 'EARLY')
    const writer = connect('EARLY')
    await writer.synced()
    writer.doc.getText('summary').insert(0, 'El programa conjunto')
    writer.doc.getMap('fields').set('budget.total', '5000000')
    await waitUntil(() => server.registry.get('EARLY')?.doc.getText('summary').length === 20, 'the edits at the server')
    writer.destroy()
    await unloaded('EARLY')

    const fresh = connect('EARLY')
    await fresh.synced()
    expect(answered('EARLY')).toBe(1)
    expect(fresh.doc.getText('summary').toString()).toBe('El programa conjunto')
    expect(fresh.doc.getMap('fields').get('budget.total')).toBe('5000000')

    // Once the server has the document, the client is an ordinary peer both ways.
    await waitUntil(() => server.registry.get('EARLY') !== undefined, 'the document built')
    const other = connect('EARLY')
    await other.synced()
    fresh.doc.getText('summary').insert(20, ' busca')
    other.doc.getMap('fields').set('budget.total', '5100000')
    await waitUntil(() => sameState(fresh.doc, other.doc), 'the two clients to converge')
    expect(other.doc.getText('summary').toString()).toBe('El programa conjunto busca')
    expect(fresh.doc.getMap('fields').get('budget.total')).toBe('5100000')
    fresh.destroy()
    other.destroy()
  })

  it('does not send the state to a client that already has the document', async () => {
    await unloaded('EARLY')
    const known = new Y.Doc()
    const first = connect('EARLY', known)
    await first.synced()
    expect(answered('EARLY')).toBe(2)
    first.provider.disconnect()
    await unloaded('EARLY')
    // The same replica again: it asks from its state vector, which the stored state cannot answer as it is.
    first.provider.connect()
    await first.synced()
    await waitUntil(() => server.registry.get('EARLY') !== undefined, 'the document built')
    expect(answered('EARLY')).toBe(2)
    expect(known.getText('summary').toString()).toBe('El programa conjunto busca')
  })

  it('never sends a damaged state: the checksum refuses it first (4500)', async () => {
    await registerProgramme(server, 'EARLY-DAMAGED')
    const writer = connect('EARLY-DAMAGED')
    await writer.synced()
    writer.doc.getText('summary').insert(0, 'texto')
    await waitUntil(() => server.registry.get('EARLY-DAMAGED')?.doc.getText('summary').length === 5, 'the edit at the server')
    writer.destroy()
    await unloaded('EARLY-DAMAGED')
    // One flipped byte: still a decodable update, but not the state that was stored.
    const { state } = server.db.sqlite.prepare("select state from doc_states where doc_name = 'EARLY-DAMAGED'").get() as { state: Buffer }
    state[state.length - 3]! ^= 0x01
    server.db.sqlite.prepare("update doc_states set state = ? where doc_name = 'EARLY-DAMAGED'").run(state)

    const victim = connect('EARLY-DAMAGED')
    const closed = await new Promise<number>((resolve) => victim.provider.on('connection-close', (event) => event && resolve(event.code)))
    victim.provider.disconnect()
    expect(closed).toBe(CloseCode.loadFailed)
    expect(answered('EARLY-DAMAGED')).toBe(0)
    expect(victim.doc.getText('summary').toString()).toBe('')
  })
})
