import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openDatabase, type SqliteDb } from '../../db/connection.js'
import { migrateToLatest } from '../../db/migrate.js'
import { insertProgramme } from '../../db/repositories/programmes.js'
import { DocumentRegistry, type EarlyReader } from '../../server/collab/registry.js'
import { sqliteDocumentStore } from '../../server/collab/sqlite-store.js'
import type { SyncDocumentStore } from '../../server/collab/types.js'
import { UpdateJournal } from '../../server/collab/update-journal.js'
import { createLogger } from '../../server/log.js'
import { Metrics } from '../../server/metrics.js'

/** Holds the thread for `ms`, as reading a large state from a slow disk on a busy machine does. */
function block(ms: number): void {
  const until = performance.now() + ms
  while (performance.now() < until);
}

/** A connection whose first sync request (asking for everything) arrives `afterMs` after it opened. */
class LateReader implements EarlyReader {
  firstRequest: Uint8Array | undefined
  readonly answers: Uint8Array[] = []
  constructor(afterMs: number) {
    setTimeout(() => (this.firstRequest = Y.encodeStateVector(new Y.Doc())), afterMs)
  }
  async answerFromStore(state: Uint8Array): Promise<void> {
    this.answers.push(state)
  }
}

describe('the wait for first requests before a large document is built', () => {
  let dir: string
  let db: SqliteDb
  let registry: DocumentRegistry | undefined
  let journal: UpdateJournal

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ficha-early-wait-'))
    db = openDatabase(join(dir, 'e.sqlite'))
    await migrateToLatest(db.kysely)
    journal = UpdateJournal.open(join(dir, 'e.journal'), { sync: 'normal' }).journal
  })
  afterEach(async () => {
    await registry?.shutdown()
    journal.close()
    await db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('counts from when the state has been read, so that a slow read does not use it up', async () => {
    await insertProgramme(db, { id: 'SLOW', code: 'SLOW', title: 'SLOW', country: 'Test', created_at: 0, updated_at: 0 })
    const sqlite = sqliteDocumentStore(db)
    const doc = new Y.Doc()
    doc.getText('summary').insert(0, 'El programa conjunto')
    sqlite.compact('SLOW', Y.encodeStateAsUpdate(doc), 0)
    // The read takes longer than the whole wait; the request is already on its way when it ends.
    const store: SyncDocumentStore = { ...sqlite, load: (name) => (block(60), sqlite.load(name)) }
    const log = createLogger('silent')
    registry = new DocumentRegistry({ storage: { store, journal }, log, metrics: new Metrics(), unloadDelayMs: 1000, compactAfterUpdates: 1000, maxWakeMs: 1000, earlyAnswerBytes: 1, earlyAnswerWaitMs: 30 })

    const reader = new LateReader(5)
    await registry.open('SLOW', reader)

    expect(reader.answers).toHaveLength(1)
    const answered = new Y.Doc()
    Y.applyUpdate(answered, reader.answers[0]!)
    expect(answered.getText('summary').toString()).toBe('El programa conjunto')
  })
})
