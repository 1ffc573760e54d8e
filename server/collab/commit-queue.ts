import { performance } from 'node:perf_hooks'
import type { Logger } from '../log.js'
import type { Metrics } from '../metrics.js'
import type { DocumentStore, LogEntry } from './types.js'

/** A document whose applied updates wait here to be committed (a LiveDocument). */
export interface Committer<E extends LogEntry = LogEntry> {
  /** Hands over the updates applied since its last commit, oldest first. */
  takePending(): E[]
  /** They are stored: announce and broadcast them. */
  committed(entries: E[]): void
  /** They could not be stored: nobody may see them. */
  commitFailed(error: unknown): void
}

/**
 * Group commit for every loaded document: the updates applied during one event-loop turn, of
 * all documents, are committed in one SQLite transaction at the end of the turn (or earlier,
 * when something must read a document), and only then broadcast. Under load a turn carries
 * more updates, so the cost of a commit is shared by more of them.
 *
 * If the shared transaction fails, each document is retried in its own, so that a failure
 * belonging to one document (a constraint or trigger refusing its rows, say) does not take the others down.
 */
export class CommitQueue {
  private readonly waiting = new Set<Committer>()
  private scheduled = false

  constructor(
    private readonly store: Pick<DocumentStore, 'append'>,
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

  /** Commits everything waiting now, then lets each document broadcast what it committed. */
  commit(): void {
    if (this.waiting.size === 0) return
    // Taken before anything runs: broadcasting may enqueue (and commit) more.
    const batches = [...this.waiting].map((doc) => ({ doc, entries: doc.takePending() }))
    this.waiting.clear()
    const failure = this.append(batches.flatMap((b) => b.entries))
    if (failure && batches.length > 1) {
      this.log.warn('store.batch_retried', { documents: batches.length, error: failure.error })
      for (const { doc, entries } of batches) this.settle(doc, entries, this.append(entries))
      return
    }
    for (const { doc, entries } of batches) this.settle(doc, entries, failure)
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
    if (failure) doc.commitFailed(failure.error)
    else doc.committed(entries)
  }
}
