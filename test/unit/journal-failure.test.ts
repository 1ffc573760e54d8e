import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openDatabase, type Db } from '../../db/connection.js'
import { migrateToLatest } from '../../db/migrate.js'
import { CommitQueue } from '../../server/collab/commit-queue.js'
import { LiveDocument, type Peer } from '../../server/collab/live-document.js'
import type { Outgoing } from '../../server/collab/outgoing.js'
import { sqliteDocumentStore } from '../../server/collab/sqlite-store.js'
import { UpdateJournal } from '../../server/collab/update-journal.js'
import { createLogger } from '../../server/log.js'
import { Metrics } from '../../server/metrics.js'
import { CloseCode } from '../../shared/protocol.js'

class CountingPeer implements Peer {
  readonly access = { userId: null, credentialId: null, readOnly: false, bypassLocks: false }
  readonly awarenessClients = new Set<number>()
  handlingSince = 0
  received = 0
  send(_message: Outgoing): void {
    this.received++
  }
  close(): void {}
}

describe('when the journal cannot be written', () => {
  let dir: string
  let db: Db

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ficha-journal-failure-'))
    db = openDatabase(join(dir, 'f.sqlite'))
    await migrateToLatest(db.kysely)
  })
  afterEach(async () => {
    await db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('nobody receives the update, the database does not get it, and the document fails (4501)', async () => {
    // Every write to /dev/full fails with ENOSPC, as on a full disk.
    const { journal } = UpdateJournal.open('/dev/full', { sync: 'normal' })
    const store = sqliteDocumentStore(db)
    const log = createLogger('silent')
    const metrics = new Metrics()
    const failures: number[] = []
    const live = new LiveDocument('DOC', store.load('DOC'), {
      store,
      commits: new CommitQueue(store, journal, log, metrics),
      log,
      metrics,
      compactAfterUpdates: 1000,
      maxWakeMs: 20,
      onIdle: () => {},
      onFailed: (_doc, code) => failures.push(code),
    })
    const [author, other] = [new CountingPeer(), new CountingPeer()]
    live.addPeer(author)
    live.addPeer(other)
    try {
      const client = new Y.Doc()
      client.getText('t').insert(0, 'never seen')
      Y.applyUpdate(live.doc, Y.encodeStateAsUpdate(client), author)
      await new Promise((resolve) => setImmediate(resolve))
      expect(failures).toEqual([CloseCode.storeFailed])
      expect(other.received).toBe(0)
      expect(db.sqlite.prepare('select count(*) n from doc_log').get()).toEqual({ n: 0 })
      expect(metrics.storeFailures).toBe(1)
    } finally {
      live.destroy()
      journal.close()
    }
  })
})
