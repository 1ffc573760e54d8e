import { performance } from 'node:perf_hooks'
import type { Logger } from '../log.js'
import type { Metrics } from '../metrics.js'
import type { Commits, DocumentStore, LogEntry } from './types.js'
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
 * Group commit for every loaded document: the updates applied during one event-loop turn, of
 * all documents, are written to the {@link UpdateJournal} in one write at the end of the turn (or
 * earlier, when something must read a document), then broadcast, then committed to the database
 * in one transaction. Under load a turn carries more updates, so the cost of a commit is shared
 * by more of them.
 *
 * If the shared transaction fails, each document is retried in its own, so that a failure
 * belonging to one document (a constraint or trigger refusing its rows, say) does not take the
 * others down. A document's updates that the database still refuses stay in the journal, and the
 * document is discarded: its next load stores them first (see `journaledStore`).
 */
export class CommitQueue implements Commits {
  private readonly waiting = new Set<Committer>()
  private scheduled = false
  private committing = false

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

  /** Everything is committed by the time `commit` returns: nothing to wait for. */
  settled(): Promise<void> {
    this.commit()
    return Promise.resolve()
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
    for (const { doc, entries } of batches) doc.committed(entries)
    this.storeInDatabase(batches)
  }

  /** Commits journaled and broadcast updates to the database, each document alone if together fails. */
  private storeInDatabase(batches: { doc: Committer; entries: LogEntry[] }[]): void {
    const failure = this.append(batches.flatMap((b) => b.entries))
    if (failure && batches.length > 1) {
      this.log.warn('store.batch_retried', { documents: batches.length, error: failure.error })
      for (const { doc, entries } of batches) this.settle(doc, entries, this.append(entries))
    } else if (failure) {
      this.settle(batches[0]!.doc, batches[0]!.entries, failure)
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

  private settle(doc: Committer, entries: LogEntry[], failure: { error: unknown } | null): void {
    if (!failure) return
    this.journal.retain(entries)
    doc.commitFailed(failure.error, true)
  }
}
