import { openDatabase, type Db, type SqliteDb } from '../db/connection.js'
import { migrateToLatest } from '../db/migrate.js'
import { findProgramme } from '../db/repositories/programmes.js'
import { saveAuditEntries } from '../db/repositories/audit.js'
import { changedFields } from '../shared/sheet/changes.js'
import { AuditLog, type SaveAuditEntries } from './collab/audit-log.js'
import { Checkpointer } from './collab/checkpoints.js'
import { PeriodLocks } from './collab/period-locks.js'
import { checkpointsThin, checkpointTake } from './commands/snapshots.js'
import { programmeListing, programmeListingRefresh } from './commands/programme-listing.js'
import { replayJournal } from './collab/journaled-store.js'
import { DocumentRegistry, type RegistryOptions } from './collab/registry.js'
import { sqliteDocumentStore } from './collab/sqlite-store.js'
import type { SyncDocumentStore } from './collab/types.js'
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
  readonly db: Db
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
  let store: SyncDocumentStore
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
  const services = await documentServices(opened, config, log, {
    metrics: new Metrics(),
    storage: { store, journal },
    save: (entries) => saveAuditEntries(opened, entries),
    sleepAfterMs: config.sleepAfterMs,
  })
  const { registry, metrics, locks } = services
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
      await services.close(() => {
        // Every document is compacted and unloaded: the journal needs only what the database refused.
        try {
          journal.settled(true)
        } catch (error) {
          log.error('journal.rotate_failed', { error })
        }
        journal.close()
      })
      // Its connection closes first, so that the server's, closing last, folds the WAL back in.
      await walCheckpointer?.stop()
      await opened.close()
      lock.release()
    },
  }
}

/** What both kinds of workspace run: the registry of documents, the audit log, checkpoints, locks and listings. */
export interface DocumentServices {
  readonly registry: DocumentRegistry
  readonly metrics: Metrics
  readonly locks: PeriodLocks
  /** Stops checkpoints, unloads every document, then (`afterUnload`) lets the caller settle its storage, then waits for listings and the audit log. */
  close(afterUnload?: () => void | Promise<void>): Promise<void>
}

/**
 * The documents of a database and what follows each stored update (the audit log, automatic
 * checkpoints) or compaction (the programme listing), on either storage.
 */
export async function documentServices(
  db: Db,
  config: Config,
  log: Logger,
  options: {
    metrics: Metrics
    storage: RegistryOptions['storage']
    save: SaveAuditEntries
    sleepAfterMs: number
    onLoaded?: RegistryOptions['onLoaded']
    onUnloaded?: RegistryOptions['onUnloaded']
  },
): Promise<DocumentServices> {
  const { metrics } = options
  const audit = new AuditLog(options.save, log)
  const locks = await PeriodLocks.load(db)
  const checkpoints = new Checkpointer(async (name) => {
    const taken = await checkpointTake({ db, registry, locks }, name)
    if (taken) await checkpointsThin(db, name)
    return taken
  }, log)
  // Listing refreshes still running are waited for before the database closes.
  const refreshing = new Set<Promise<unknown>>()
  const registry: DocumentRegistry = new DocumentRegistry({
    storage: options.storage,
    log,
    metrics,
    unloadDelayMs: config.unloadDelayMs,
    sleepAfterMs: options.sleepAfterMs,
    maxWakeMs: config.sleepMaxBuildMs,
    compactAfterUpdates: config.compactAfterUpdates,
    earlyAnswerBytes: config.earlyAnswerBytes,
    earlyAnswerWaitMs: config.earlyAnswerWaitMs,
    // The programme list shows a sheet's title, country and figures without loading its document.
    onCompacted: (live, doc) => {
      const refresh = findProgramme(db, live.name)
        .then((row) => row && programmeListingRefresh(db, live.name, programmeListing(doc, row)))
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
    ...(options.onLoaded ? { onLoaded: options.onLoaded } : {}),
    ...(options.onUnloaded ? { onUnloaded: options.onUnloaded } : {}),
  })
  return {
    registry,
    metrics,
    locks,
    async close(afterUnload) {
      checkpoints.stop()
      await checkpoints.settleAll()
      await registry.shutdown()
      await afterUnload?.()
      await Promise.all([...refreshing])
      await audit.close()
    },
  }
}

/** Puts into the database what the journal holds beyond it (after a crash), and says so. */
function recoverJournal(store: SyncDocumentStore, journal: UpdateJournal, contents: JournalContents, log: Logger): void {
  if (contents.entries.length === 0 && contents.tornBytes === 0) return
  const { replayed, waiting } = replayJournal(store, journal, contents.entries, log)
  log.info('journal.replayed', { entries: contents.entries.length, replayed, tornBytes: contents.tornBytes, waiting })
}
