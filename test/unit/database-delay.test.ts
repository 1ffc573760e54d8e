import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../db/connection.js'
import { migrateToLatest } from '../../db/migrate.js'
import { insertProgramme } from '../../db/repositories/programmes.js'
import { DocumentRegistry } from '../../server/collab/registry.js'
import { sqliteDocumentStore } from '../../server/collab/sqlite-store.js'
import type { DocumentStore } from '../../server/collab/types.js'
import { decodeRecords, UpdateJournal } from '../../server/collab/update-journal.js'
import { createLogger } from '../../server/log.js'
import { Metrics } from '../../server/metrics.js'
import { databaseDelay, storedDoc } from '../support/stored.js'


describe('the database taking broadcast updates a little later', () => {
  let dir: string
  let db: Db
  let journal: UpdateJournal
  let metrics: Metrics
  let registry: DocumentRegistry
  /** The rows of each transaction the registry committed to the log. */
  let appends: number[]
  /** Rows the log held whenever a document was read from the database. */
  let rowsAtLoad: number[]

  const logRows = () => (db.sqlite.prepare('select count(*) n from doc_log').get() as { n: number }).n
  const journalFile = () => join(dir, 'd.journal')
  const text = (name: string) => storedDoc(db, name).getText('t').toString()

  function openRegistry(): void {
    const sqlite = sqliteDocumentStore(db)
    // The real SQLite store, watched: what it is asked to commit, and what it holds when read.
    const store: DocumentStore = {
      ...sqlite,
      append: (entries) => {
        appends.push(entries.length)
        sqlite.append(entries)
      },
      load: (name) => {
        rowsAtLoad.push(logRows())
        return sqlite.load(name)
      },
    }
    metrics = new Metrics()
    registry = new DocumentRegistry({ store, journal, log: createLogger('silent'), metrics, unloadDelayMs: 60_000, compactAfterUpdates: 1000, maxWakeMs: 1000 })
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ficha-database-delay-'))
    db = openDatabase(join(dir, 'd.sqlite'))
    await migrateToLatest(db.kysely)
    for (const id of ['A', 'B']) await insertProgramme(db, { id, code: id, title: id, country: 'Test', created_at: 0, updated_at: 0 })
    journal = UpdateJournal.open(journalFile(), { sync: 'normal' }).journal
    appends = []
    rowsAtLoad = []
    openRegistry()
  })
  afterEach(async () => {
    await registry.shutdown()
    journal.close()
    await db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('journals each change at once, and commits every change of the delay to the database in one transaction', async () => {
    const a = await registry.open('A')
    a.change((doc) => doc.getText('t').insert(0, 'uno'))
    a.change((doc) => doc.getText('t').insert(3, ' dos'))
    // Stored before anyone saw them: in the journal, not yet in the database.
    expect(decodeRecords(readFileSync(journalFile())).entries.map((entry) => entry.seq)).toEqual([1, 2])
    expect(logRows()).toBe(0)

    await databaseDelay()
    expect(appends).toEqual([2])
    expect(text('A')).toBe('uno dos')
  })

  it('commits what waits before any document is read from the database', async () => {
    const a = await registry.open('A')
    a.change((doc) => doc.getText('t').insert(0, 'antes'))
    expect(logRows()).toBe(0)
    // Opening B reads B from the database: A's change is committed first, without waiting for the delay.
    await registry.open('B')
    expect(rowsAtLoad).toEqual([0, 1])
  })

  it('commits what waits when it shuts down', async () => {
    const a = await registry.open('A')
    a.change((doc) => doc.getText('t').insert(0, 'último'))
    await registry.shutdown()
    expect(logRows()).toBe(1)
    expect(text('A')).toBe('último')
  })

  it('keeps in the journal the updates the database refuses after their document was unloaded, and loads them next time', async () => {
    db.sqlite.exec("create trigger refuse_rows before insert on doc_log when new.doc_name = 'A' begin select raise(abort, 'database or disk is full'); end")
    const a = await registry.open('A')
    a.change((doc) => doc.getText('t').insert(0, 'guardado'))
    // Shutting down unloads A (compacting it), then commits its change, which the database refuses.
    await registry.shutdown()
    expect(metrics.storeFailures).toBe(1)
    expect(journal.retainedOf('A').map((entry) => entry.seq)).toEqual([1])

    db.sqlite.exec('drop trigger refuse_rows')
    openRegistry()
    const again = await registry.open('A')
    expect(again.doc.getText('t').toString()).toBe('guardado')
    expect(journal.retainedOf('A')).toEqual([])
  })
})
