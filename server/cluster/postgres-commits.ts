import { performance } from 'node:perf_hooks'
import type { PostgresDb } from '../../db/connection.js'
import { appendNumbered } from '../../db/repositories/document-log-postgres.js'
import type { Logger } from '../log.js'
import type { Metrics } from '../metrics.js'
import type { Committer } from '../collab/commit-queue.js'
import type { Commits, LogEntry } from '../collab/types.js'

/** Told of each committed update with the number the database gave it (the Redis fan-out). */
export type OnNumbered = (entries: readonly LogEntry[]) => void

/**
 * The commit of several processes on one PostgreSQL database. The updates applied during a turn
 * are numbered and stored in one statement (cluster: appendNumbered); only then are they
 * broadcast to this process's peers and handed to the fan-out for the others. A document has at
 * most one commit in flight, so its updates reach the database, and everyone, in the order this
 * process applied them; but a commit never waits for another document's: the documents that
 * have none in flight go at once, together, on another of the pool's connections. At a low rate
 * each edit is its own commit; under load the documents that wait for their previous commit are
 * stored together by the next one, so the database's work per edit falls as the rate rises.
 */
export class PostgresCommits implements Commits {
  private readonly waiting = new Set<Committer>()
  private readonly inFlight = new Set<Committer>()
  private scheduled = false
  private idle: (() => void)[] = []

  constructor(
    private readonly db: PostgresDb,
    private readonly onNumbered: OnNumbered,
    private readonly log: Logger,
    private readonly metrics: Metrics,
    private readonly now: () => number = Date.now,
  ) {}

  enqueue(doc: Committer): void {
    this.waiting.add(doc)
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      this.commit()
    })
  }

  /** Starts one commit of every waiting document that has none in flight. */
  commit(): void {
    const batches: { doc: Committer; entries: LogEntry[] }[] = []
    for (const doc of this.waiting) {
      if (this.inFlight.has(doc)) continue
      this.waiting.delete(doc)
      const entries = doc.takePending()
      if (entries.length > 0) batches.push({ doc, entries })
    }
    if (batches.length > 0) {
      for (const { doc } of batches) this.inFlight.add(doc)
      void this.commitBatches(batches).finally(() => {
        for (const { doc } of batches) this.inFlight.delete(doc)
        // What these documents applied meanwhile goes now; with nothing left, the waiters wake.
        this.commit()
      })
    }
    this.wakeIfIdle()
  }

  settled(): Promise<void> {
    this.commit()
    if (this.inFlight.size === 0 && this.waiting.size === 0) return Promise.resolve()
    return new Promise((resolve) => this.idle.push(resolve))
  }

  private wakeIfIdle(): void {
    if (this.inFlight.size === 0 && this.waiting.size === 0) for (const resolve of this.idle.splice(0)) resolve()
  }

  private async commitBatches(batches: { doc: Committer; entries: LogEntry[] }[]): Promise<void> {
    const entries = batches.flatMap((b) => b.entries)
    const started = performance.now()
    let seqs: number[]
    try {
      seqs = await appendNumbered(this.db, entries, this.now())
    } catch (error) {
      // One document's rows may be what the database refused (its sheet deleted meanwhile, say):
      // each is tried alone, so that the others are not taken down with it.
      if (batches.length > 1) {
        await Promise.all(batches.map((batch) => this.commitBatches([batch])))
        return
      }
      // Nobody has seen these updates: the document is discarded and its peers resync (their
      // authors still hold the edits and send them again).
      this.log.error('store.append_failed', { doc: entries[0]!.docName, error })
      batches[0]!.doc.commitFailed(error, false)
      return
    }
    const seconds = (performance.now() - started) / 1000 / entries.length
    entries.forEach((entry, i) => {
      entry.seq = seqs[i]!
      this.metrics.updateStored(seconds, entry.data.byteLength)
    })
    for (const { doc, entries: committed } of batches) doc.committed(committed)
    this.onNumbered(entries)
  }
}
