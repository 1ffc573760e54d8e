import { openDatabase, type SqliteDb } from '../db/connection.js'
import { migrateToLatest } from '../db/migrate.js'
import { findProgramme } from '../db/repositories/programmes.js'
import { changedFields } from '../shared/sheet/changes.js'
import { AuditLog } from './collab/audit-log.js'
import { Checkpointer } from './collab/checkpoints.js'
import { PeriodLocks } from './collab/period-locks.js'
import { checkpointsThin, snapshotTake } from './commands/snapshots.js'
import { programmeListing, programmeListingRefresh } from './commands/programme-listing.js'
import { replayJournal } from './collab/journaled-store.js'
import { DocumentRegistry } from './collab/registry.js'
import { sqliteDocumentStore } from './collab/sqlite-store.js'
import type { DocumentStore } from './collab/types.js'
import { UpdateJournal, type JournalContents } from './collab/update-journal.js'
import type { Config } from './config.js'
import { acquireDataLock } from './instance-lock.js'
import type { Logger } from './log.js'
import { Metrics } from './metrics.js'
import { startWalCheckpointer } from './wal-checkpointer.js'

/**
 * The data directory opened for work: the locked, migrated database and the registry that owns
 * its documents. The server serves one; commands such as `npm run import` open one when no
 * server runs.
 */
export interface Workspace {
  readonly db: SqliteDb
  readonly registry: DocumentRegistry
  readonly metrics: Metrics
  readonly log: Logger
  /** Locked financial periods, checked on every socket update. */
  readonly locks: PeriodLocks
  /** Records where the API is served, for commands that find the server through the lock. */
  serving(url: string): void
  /** Unloads every document (compacting it), closes the database, releases the lock. */
  close(): Promise<void>
}

export async function openWorkspace(config: Config, log: Logger): Promise<Workspace> {
  const lock = acquireDataLock(config.dataDir, null)
  let db: SqliteDb | undefined
  let journal: UpdateJournal | undefined
  let store: DocumentStore
  try {
    db = openDatabase(config.databaseFile, { sync: config.dbSync })
    await migrateToLatest(db.kysely)
    store = sqliteDocumentStore(db)
    const found = UpdateJournal.open(config.journalFile, { sync: config.dbSync })
    journal = found.journal
    recoverJournal(store, journal, found.contents, log)
  } catch (error) {
    journal?.close()
    await db?.close()
    lock.release()
    throw error
  }
  const opened = db
  const metrics = new Metrics()
  const audit = new AuditLog(opened, log)
  const locks = await PeriodLocks.load(opened)
  const checkpoints = new Checkpointer(async (name) => {
    await snapshotTake({ db: opened, registry, locks }, name, { kind: 'checkpoint', label: 'automatic', note: '' }, null)
    await checkpointsThin(opened, name)
  }, log)
  // Listing refreshes still running are waited for before the database closes.
  const refreshing = new Set<Promise<unknown>>()
  const registry: DocumentRegistry = new DocumentRegistry({
    store,
    journal,
    log,
    metrics,
    unloadDelayMs: config.unloadDelayMs,
    sleepAfterMs: config.sleepAfterMs,
    maxWakeMs: config.sleepMaxBuildMs,
    compactAfterUpdates: config.compactAfterUpdates,
    earlyAnswerBytes: config.earlyAnswerBytes,
    earlyAnswerWaitMs: config.earlyAnswerWaitMs,
    // The programme list shows a sheet's title, country and figures without loading its document.
    onCompacted: (live, doc) => {
      const refresh = findProgramme(opened, live.name)
        .then((row) => row && programmeListingRefresh(opened, live.name, programmeListing(doc, row)))
        .catch((error: unknown) => log.error('programme.listing_failed', { doc: live.name, error }))
        .finally(() => refreshing.delete(refresh))
      refreshing.add(refresh)
    },
    changedFields,
    onStored: (live, fields, userId) => {
      audit.record(live.name, userId, fields)
      checkpoints.changed(live.name)
    },
    onIdle: (live) => void checkpoints.settle(live.name),
  })
  // Started last: nothing after it can fail and leave its thread behind.
  const walCheckpointer = opened.file === ':memory:' ? null : startWalCheckpointer(opened, log)
  return {
    db: opened,
    registry,
    metrics,
    log,
    locks,
    serving: (url) => lock.update(url),
    async close() {
      checkpoints.stop()
      await checkpoints.settleAll()
      await registry.shutdown()
      // Every document is compacted and unloaded: the journal needs only what the database refused.
      try {
        journal.settled(true)
      } catch (error) {
        log.error('journal.rotate_failed', { error })
      }
      journal.close()
      await Promise.all([...refreshing])
      audit.close()
      // Its connection closes first, so that the server's, closing last, folds the WAL back in.
      await walCheckpointer?.stop()
      await opened.close()
      lock.release()
    },
  }
}

/** Puts into the database what the journal holds beyond it (after a crash), and says so. */
function recoverJournal(store: DocumentStore, journal: UpdateJournal, contents: JournalContents, log: Logger): void {
  if (contents.entries.length === 0 && contents.tornBytes === 0) return
  const { replayed, waiting } = replayJournal(store, journal, contents.entries, log)
  log.info('journal.replayed', { entries: contents.entries.length, replayed, tornBytes: contents.tornBytes, waiting })
}
