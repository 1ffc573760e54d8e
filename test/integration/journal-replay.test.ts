import { appendFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openDatabase } from '../../db/connection.js'
import { readDocument } from '../../db/repositories/documents.js'
import { decodeRecords, encodeRecords, UpdateJournal } from '../../server/collab/update-journal.js'
import { connectClient, waitUntil } from '../support/clients.js'
import { registerProgramme } from '../support/programmes.js'
import { startTestServer, type TestServer } from '../support/server.js'
import { storedDoc } from '../support/stored.js'

/** An update that appends `text` to the stored text of `doc`. */
function appending(doc: Y.Doc, text: string): Uint8Array {
  const before = Y.encodeStateVector(doc)
  doc.getText('t').insert(doc.getText('t').length, text)
  return Y.encodeStateAsUpdate(doc, before)
}

describe('the update journal after a crash', () => {
  const servers: TestServer[] = []
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.stop(true)
  })

  it('the restarted server puts into the database what was journaled and sent but not committed, and only that', async () => {
    const first = await startTestServer()
    servers.push(first)
    await registerProgramme(first, 'REPLAY')
    const writer = connectClient(first, 'REPLAY')
    await writer.synced()
    writer.doc.getText('t').insert(0, 'before. ')
    await waitUntil(() => storedDoc(first.db, 'REPLAY').getText('t').toString() === 'before. ', 'the edit to be stored')
    writer.destroy()
    await first.stop()
    servers.length = 0

    // What a process killed between a turn's broadcast and its commit leaves: the journal holds
    // that turn's updates, the database not yet; and the last write was cut short by the kill.
    const db = openDatabase(join(first.dataDir, 'ficha.sqlite'))
    const { lastSeq } = readDocument(db, 'REPLAY')
    const doc = storedDoc(db, 'REPLAY')
    await db.close()
    const { journal } = UpdateJournal.open(join(first.dataDir, 'ficha.journal'), { sync: 'normal' })
    // A row with a number the database has is already there: replayed, it would be there twice.
    journal.write([{ docName: 'REPLAY', seq: lastSeq, userId: null, data: appending(new Y.Doc(), 'ALREADY STORED') }])
    journal.write([
      { docName: 'REPLAY', seq: lastSeq + 1, userId: null, data: appending(doc, 'sent, ') },
      { docName: 'REPLAY', seq: lastSeq + 2, userId: null, data: appending(doc, 'then the crash.') },
    ])
    journal.close()
    const torn = encodeRecords([{ docName: 'REPLAY', seq: lastSeq + 3, userId: null, data: appending(doc, ' TORN') }])
    appendFileSync(join(first.dataDir, 'ficha.journal'), torn.subarray(0, torn.byteLength - 3))

    const second = await startTestServer({ dataDir: first.dataDir })
    servers.push(second)
    expect(second.logs.events('journal.replayed')).toMatchObject([{ entries: 3, replayed: 2, tornBytes: torn.byteLength - 3, waiting: [] }])
    expect(readDocument(second.db, 'REPLAY').lastSeq).toBe(lastSeq + 2)
    expect(storedDoc(second.db, 'REPLAY').getText('t').toString()).toBe('before. sent, then the crash.')
    // All of it is in the database now: the journal starts again from empty.
    expect(readFileSync(join(first.dataDir, 'ficha.journal')).byteLength).toBe(0)

    const fresh = connectClient(second, 'REPLAY')
    try {
      await fresh.synced()
      expect(fresh.doc.getText('t').toString()).toBe('before. sent, then the crash.')
      // And the sheet goes on from there.
      fresh.doc.getText('t').insert(0, 'Later: ')
      await waitUntil(() => storedDoc(second.db, 'REPLAY').getText('t').toString() === 'Later: before. sent, then the crash.', 'the next edit to be stored')
      expect(readDocument(second.db, 'REPLAY').lastSeq).toBe(lastSeq + 3)
    } finally {
      fresh.destroy()
    }
  })

  it('refuses, for that sheet alone, a journal whose updates do not follow the database (a restored copy beside a newer journal)', async () => {
    const first = await startTestServer()
    servers.push(first)
    await registerProgramme(first, 'GAP')
    await registerProgramme(first, 'FINE')
    await first.stop()
    servers.length = 0

    const { journal } = UpdateJournal.open(join(first.dataDir, 'ficha.journal'), { sync: 'normal' })
    journal.write([
      { docName: 'GAP', seq: 5, userId: null, data: appending(new Y.Doc(), 'from other data') },
      { docName: 'FINE', seq: 1, userId: null, data: appending(new Y.Doc(), 'in order') },
    ])
    journal.close()

    const second = await startTestServer({ dataDir: first.dataDir })
    servers.push(second)
    expect(second.logs.events('journal.replay_failed')).toMatchObject([{ doc: 'GAP', entries: 1 }])
    expect(second.logs.events('journal.replayed')).toMatchObject([{ entries: 2, replayed: 1, waiting: ['GAP'] }])
    expect(storedDoc(second.db, 'FINE').getText('t').toString()).toBe('in order')
    expect(readDocument(second.db, 'GAP').lastSeq).toBe(0)
    // Kept, not applied and not dropped: an operator decides (README, backups).
    expect(decodeRecords(readFileSync(join(first.dataDir, 'ficha.journal'))).entries.map((e) => `${e.docName} ${e.seq}`)).toEqual(['GAP 5'])
  })
})
