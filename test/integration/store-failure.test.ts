import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCode } from '../../shared/protocol.js'
import { decodeRecords } from '../../server/collab/update-journal.js'
import { connectClient, waitUntil, type Client } from '../support/clients.js'
import { registerProgramme } from '../support/programmes.js'
import { startTestServer, type TestServer } from '../support/server.js'
import { storedDoc } from '../support/stored.js'

/** A real SQLite failure on every insert into the log of `docName` (all documents without it), as a full disk gives. */
const refuseRows = (server: TestServer, docName?: string) =>
  server.db.sqlite.exec(
    `create trigger refuse_rows before insert on doc_log ${docName ? `when new.doc_name = '${docName}'` : ''}
     begin select raise(abort, 'database or disk is full'); end`,
  )
const acceptRows = (server: TestServer) => server.db.sqlite.exec('drop trigger if exists refuse_rows')

/** The close codes a client's provider receives from now on. */
function closesOf(client: Client): number[] {
  const codes: number[] = []
  client.provider.on('connection-close', (event) => event && codes.push(event.code))
  return codes
}

/** A client that connects once, syncs or is closed, and reports which. */
async function openOnce(server: TestServer, docName: string): Promise<{ text: string } | { closed: number }> {
  const client = connectClient(server, docName)
  try {
    return await new Promise((resolve) => {
      client.provider.on('connection-close', (event) => event && resolve({ closed: event.code }))
      void client.synced().then(() => resolve({ text: client.doc.getText('t').toString() }))
    })
  } finally {
    client.destroy()
  }
}

/** The documents and texts of what the journal file holds. */
function journaled(server: TestServer): string[] {
  return decodeRecords(readFileSync(join(server.dataDir, 'ficha.journal'))).entries.map((entry) => {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, entry.data)
    return `${entry.docName}: ${doc.getText('t').toString()}`
  })
}

describe('when the database refuses updates that were journaled and sent', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(async () => {
    await server?.stop(true)
  })

  const storedText = (name: string) => storedDoc(server.db, name).getText('t').toString()

  it('its peers are told to reconnect (4501); the sheet opens again only with them, once the database takes them from the journal', async () => {
    await registerProgramme(server, 'DISK-FULL')
    const writer = connectClient(server, 'DISK-FULL')
    const reader = connectClient(server, 'DISK-FULL')
    try {
      await Promise.all([writer.synced(), reader.synced()])
      writer.doc.getText('t').insert(0, 'stored. ')
      await waitUntil(() => reader.doc.getText('t').toString() === 'stored. ', 'the first edit at the reader')

      refuseRows(server)
      const closes = [closesOf(writer), closesOf(reader)]
      writer.doc.getText('t').insert(8, 'JOURNALED')
      await waitUntil(() => closes.every((c) => c.length > 0), 'both peers to be closed')
      expect(closes.map((c) => c[0])).toEqual([CloseCode.storeFailed, CloseCode.storeFailed])
      // Journaled before it was sent: the reader had it, and the database does not yet.
      expect(reader.doc.getText('t').toString()).toBe('stored. JOURNALED')
      expect(storedText('DISK-FULL')).toBe('stored. ')
      expect(server.logs.events('document.store_failed')).toMatchObject([{ doc: 'DISK-FULL', journaled: true }])
    } finally {
      // Nobody who saw the edit is left to send it again: only the journal has it now.
      writer.destroy()
      reader.destroy()
    }

    // While the database still refuses it, the sheet does not open without it.
    expect(await openOnce(server, 'DISK-FULL')).toEqual({ closed: CloseCode.loadFailed })
    expect(storedText('DISK-FULL')).toBe('stored. ')

    acceptRows(server)
    expect(await openOnce(server, 'DISK-FULL')).toEqual({ text: 'stored. JOURNALED' })
    expect(storedText('DISK-FULL')).toBe('stored. JOURNALED')
  })

  it('commits the updates of several documents of one turn together, and a failure of one does not take the others down', async () => {
    await registerProgramme(server, 'SHARED-OK')
    await registerProgramme(server, 'SHARED-BAD')
    const ok = connectClient(server, 'SHARED-OK')
    const bad = connectClient(server, 'SHARED-BAD')
    try {
      await Promise.all([ok.synced(), bad.synced()])
      const badCloses = closesOf(bad)
      const okCloses = closesOf(ok)
      refuseRows(server, 'SHARED-BAD')
      // Both changes in one turn: one shared commit, which the trigger makes fail as a whole.
      for (const name of ['SHARED-OK', 'SHARED-BAD']) server.registry.get(name)!.doc.getText('t').insert(0, `edit of ${name}`)
      await waitUntil(() => badCloses.length === 1, 'the failing document to close its peer')
      await waitUntil(() => ok.doc.getText('t').toString() === 'edit of SHARED-OK', 'the other document to carry on')
      expect(badCloses).toEqual([CloseCode.storeFailed])
      expect(okCloses).toEqual([])
      expect(server.logs.events('store.batch_retried')).toHaveLength(1)
      expect(storedText('SHARED-OK')).toBe('edit of SHARED-OK')
      expect(storedText('SHARED-BAD')).toBe('')
    } finally {
      ok.destroy()
      bad.destroy()
    }
  })

  it('a restart replays what the database lacks, keeps what it still refuses in the journal, and starts all the same', async () => {
    // SHARED-BAD's edit is still refused (the previous test's trigger).
    await server.stop()
    server = await startTestServer({ dataDir: server.dataDir })
    expect(server.logs.events('journal.replay_failed')).toMatchObject([{ doc: 'SHARED-BAD' }])
    expect(journaled(server)).toEqual(['SHARED-BAD: edit of SHARED-BAD'])
    expect(await openOnce(server, 'SHARED-OK')).toEqual({ text: 'edit of SHARED-OK' })
    expect(await openOnce(server, 'SHARED-BAD')).toEqual({ closed: CloseCode.loadFailed })

    acceptRows(server)
    await server.stop()
    server = await startTestServer({ dataDir: server.dataDir })
    expect(server.logs.events('journal.replayed')).toMatchObject([{ replayed: 1, waiting: [] }])
    expect(storedText('SHARED-BAD')).toBe('edit of SHARED-BAD')
    expect(await openOnce(server, 'SHARED-BAD')).toEqual({ text: 'edit of SHARED-BAD' })
    // Everything is in the database: a clean stop leaves the journal empty.
    await server.stop()
    expect(readFileSync(join(server.dataDir, 'ficha.journal')).byteLength).toBe(0)
    server = await startTestServer({ dataDir: server.dataDir })
  })
})
