import { performance } from 'node:perf_hooks'
import type { Logger } from '../log.js'
import type { Metrics } from '../metrics.js'
import type { DocumentStore, LogEntry } from './types.js'
import type { UpdateJournal } from './update-journal.js'

/** A document whose applied updates wait here to be committed (a LiveDocument). */
export interface Committer<E extends LogEntry = LogEntry> {
  /** Hands over the updates applied since its last commit, oldest first. */
  takePending(): E[]
  /** They are stored (journaled): announce and broadcast them. */
  committed(entries: E[]): void
  /**
   * They could not be stored: the document must be discarded. `journaled`: they were journaled
   * and sent, and the journal keeps them until the database takes them; otherwise nobody saw them.
   */
  commitFailed(error: unknown, journaled: boolean): void
}

/**
 * How long journaled updates wait for the database after their broadcast, in ms. Committed right
 * after the broadcast, in the same turn, each commit (80–113 µs at one row) held a CPU just when
 * the receivers needed one, and every turn paid for one. Measured at `mission` on a 2-core
 * machine shared with the driver's processes, in alternating runs: p99 3.88 ms at the median of
 * 11 runs against 4.47 ms of 12 committed at once. The journal holds the updates meanwhile, so
 * nothing that was broadcast is ever only in memory; what reads documents from the database
 * first commits what waits ({@link CommitQueue.settle}).
 */
export const DATABASE_DELAY_MS = 2

/**
 * Group commit for every loaded document: the updates applied during one event-loop turn, of
 * all documents, are written to the {@link UpdateJournal} in one write at the end of the turn (or
 * earlier, when something must read a document), then broadcast. The database takes them
 * {@link DATABASE_DELAY_MS} later, the journaled updates of every turn since in one transaction:
 * under load a commit carries more updates, so its cost is shared by more of them.
 *
 * If the shared transaction fails, each document is retried in its own, so that a failure
 * belonging to one document (a constraint or trigger refusing its rows, say) does not take the
 * others down. A document's updates that the database still refuses stay in the journal, and the
 * document is discarded: its next load stores them first (see `journaledStore`).
 */
export class CommitQueue {
  private readonly waiting = new Set<Committer>()
  private scheduled = false
  private committing = false
  /** Journaled and broadcast, waiting for the database: each document's entries in journal order. */
  private forDatabase = new Map<Committer, LogEntry[]>()
  private databaseTimer: NodeJS.Timeout | null = null

  constructor(
    private readonly store: Pick<DocumentStore, 'append'>,
    private readonly journal: UpdateJournal,
    private readonly log: Logger,
    private readonly metrics: Metrics,
  ) {}

  /** `doc` has updates waiting: commit them at the end of this turn. */
  enqueue(doc: Committer): void {
    this.waiting.add(doc)
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(this.commitAtEndOfTurn)
  }

  private readonly commitAtEndOfTurn = (): void => {
    this.scheduled = false
    this.commit()
  }

  /**
   * Commits everything waiting now, letting each document broadcast what it committed. Updates
   * applied meanwhile (by a listener of a broadcast) are committed after these, before it
   * returns: the database must take each document's updates in the order the journal has them.
   */
  commit(): void {
    if (this.committing) return
    this.committing = true
    try {
      while (this.waiting.size > 0) this.commitWaiting()
    } finally {
      this.committing = false
    }
  }

  private commitWaiting(): void {
    const batches = [...this.waiting].map((doc) => ({ doc, entries: doc.takePending() }))
    this.waiting.clear()
    const entries = batches.flatMap((b) => b.entries)
    try {
      this.journal.write(entries)
    } catch (error) {
      this.log.error('journal.write_failed', { documents: batches.length, error })
      for (const { doc } of batches) doc.commitFailed(error, false)
      return
    }
    for (const { doc, entries } of batches) {
      doc.committed(entries)
      const queued = this.forDatabase.get(doc)
      if (queued) queued.push(...entries)
      else this.forDatabase.set(doc, entries)
    }
    this.databaseTimer ??= setTimeout(this.settle, DATABASE_DELAY_MS)
  }

  /**
   * Commits to the database, now, every update journaled so far. Called before a document is read
   * from the database, and when the server stops; otherwise {@link DATABASE_DELAY_MS} after a broadcast.
   */
  readonly settle = (): void => {
    if (this.databaseTimer) clearTimeout(this.databaseTimer)
    this.databaseTimer = null
    if (this.forDatabase.size === 0) return
    const batches = [...this.forDatabase].map(([doc, entries]) => ({ doc, entries }))
    this.forDatabase = new Map()
    this.storeInDatabase(batches)
  }

  /** Commits journaled and broadcast updates to the database, each document alone if together fails. */
  private storeInDatabase(batches: { doc: Committer; entries: LogEntry[] }[]): void {
    const failure = this.append(batches.flatMap((b) => b.entries))
    if (failure && batches.length > 1) {
      this.log.warn('store.batch_retried', { documents: batches.length, error: failure.error })
      for (const { doc, entries } of batches) this.keepIfRefused(doc, entries, this.append(entries))
    } else if (failure) {
      this.keepIfRefused(batches[0]!.doc, batches[0]!.entries, failure)
    }
    try {
      this.journal.settled()
    } catch (error) {
      // The journal goes on growing; what it holds is replayed (and found stored) at the next start.
      this.log.error('journal.rotate_failed', { error })
    }
  }

  /** Appends in one transaction; answers why not, or null once stored. */
  private append(entries: LogEntry[]): { error: unknown } | null {
    if (entries.length === 0) return null
    const started = performance.now()
    try {
      this.store.append(entries)
    } catch (error) {
      return { error }
    }
    const seconds = (performance.now() - started) / 1000 / entries.length
    for (const entry of entries) this.metrics.updateStored(seconds, entry.data.byteLength)
    return null
  }

  /** Refused by the database: the journal keeps the entries, and their document fails. */
  private keepIfRefused(doc: Committer, entries: LogEntry[], failure: { error: unknown } | null): void {
    if (!failure) return
    this.journal.retain(entries)
    doc.commitFailed(failure.error, true)
  }
}
