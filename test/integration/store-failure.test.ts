import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readDocument } from '../../db/repositories/documents.js'
import { CloseCode } from '../../shared/protocol.js'
import { connectClient, sameState, waitUntil, type Client } from '../support/clients.js'
import { registerProgramme } from '../support/programmes.js'
import { startTestServer } from '../support/server.js'
import { storedDoc } from '../support/stored.js'

type Server = Awaited<ReturnType<typeof startTestServer>>

describe('when an update cannot be stored', () => {
  let server: Server
  let writer: Client
  let reader: Client

  beforeAll(async () => {
    server = await startTestServer()
    await registerProgramme(server, 'DISK-FULL')
    writer = connectClient(server, 'DISK-FULL')
    reader = connectClient(server, 'DISK-FULL')
    await Promise.all([writer.synced(), reader.synced()])
  })
  afterAll(async () => {
    writer.destroy()
    reader.destroy()
    await server.stop(true)
  })

  /** The text as the database holds it. */
  const storedText = () => storedDoc(server.db, 'DISK-FULL').getText('t').toString()

  it('nobody receives it, every peer is told to retry (4501), and it is stored once storage works again', async () => {
    writer.doc.getText('t').insert(0, 'stored. ')
    await waitUntil(() => reader.doc.getText('t').toString() === 'stored. ', 'the first edit at the reader')

    // A real SQLite failure on the next insert, as a full disk would give.
    server.db.sqlite.exec(
      "create trigger refuse_updates before insert on doc_log begin select raise(abort, 'database or disk is full'); end",
    )
    const closes: number[] = []
    for (const c of [writer, reader]) c.provider.on('connection-close', (event) => event && closes.push(event.code))
    writer.doc.getText('t').insert(8, 'NOT YET STORED')
    await waitUntil(() => closes.length === 2, 'both peers to be closed')
    expect(closes).toEqual([CloseCode.storeFailed, CloseCode.storeFailed])
    expect(reader.doc.getText('t').toString()).toBe('stored. ')
    expect(storedText()).toBe('stored. ')
    expect(server.logs.events('document.store_failed')).toHaveLength(1)

    // Storage recovers; the providers reconnect on their own and the writer resends its edit.
    server.db.sqlite.exec('drop trigger refuse_updates')
    await waitUntil(() => reader.doc.getText('t').toString() === 'stored. NOT YET STORED', 'the edit to arrive after recovery')
    await waitUntil(() => sameState(writer.doc, reader.doc), 'convergence')
    expect(storedText()).toBe('stored. NOT YET STORED')
  })

  it('commits the updates of several documents of one turn together, and a failure of one does not take the others down', async () => {
    await registerProgramme(server, 'SHARED-OK')
    await registerProgramme(server, 'SHARED-BAD')
    const ok = connectClient(server, 'SHARED-OK')
    const bad = connectClient(server, 'SHARED-BAD')
    try {
      await Promise.all([ok.synced(), bad.synced()])
      const badCloses: number[] = []
      const okCloses: number[] = []
      bad.provider.on('connection-close', (event) => event && badCloses.push(event.code))
      ok.provider.on('connection-close', (event) => event && okCloses.push(event.code))
      server.db.sqlite.exec(
        "create trigger refuse_bad before insert on doc_log when new.doc_name = 'SHARED-BAD' begin select raise(abort, 'database or disk is full'); end",
      )
      // Both changes in one turn: one shared commit, which the trigger makes fail as a whole.
      for (const name of ['SHARED-OK', 'SHARED-BAD']) server.registry.get(name)!.doc.getText('t').insert(0, `edit of ${name}`)
      await waitUntil(() => badCloses.length === 1, 'the failing document to close its peer')
      await waitUntil(() => ok.doc.getText('t').toString() === 'edit of SHARED-OK', 'the other document to carry on')
      expect(badCloses).toEqual([CloseCode.storeFailed])
      expect(okCloses).toEqual([])
      expect(server.logs.events('store.batch_retried')).toHaveLength(1)
      const stored = (name: string) => {
        const { state, updates } = readDocument(server.db, name)
        const doc = new Y.Doc()
        Y.transact(doc, () => [state, ...updates].forEach((u) => u && Y.applyUpdate(doc, u)))
        return doc.getText('t').toString()
      }
      expect(stored('SHARED-OK')).toBe('edit of SHARED-OK')
      expect(stored('SHARED-BAD')).toBe('')
    } finally {
      server.db.sqlite.exec('drop trigger if exists refuse_bad')
      ok.destroy()
      bad.destroy()
    }
  })
})
