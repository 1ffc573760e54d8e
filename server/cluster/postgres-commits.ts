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
 * The commit of several processes on one PostgreSQL database. The updates applied during a turn,
 * of every document, are numbered and stored in one transaction (cluster: appendNumbered); only
 * then are they broadcast to this process's peers and handed to the fan-out for the others. One
 * commit is in flight at a time: what is applied meanwhile waits for the next, so each document's
 * updates reach the database, and everyone, in the order this process applied them.
 */
export class PostgresCommits implements Commits {
  private readonly waiting = new Set<Committer>()
  private scheduled = false
  private inFlight: Promise<void> | null = null
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

  commit(): void {
    if (this.inFlight || this.waiting.size === 0) return
    this.inFlight = this.commitWaiting().finally(() => {
      this.inFlight = null
      if (this.waiting.size > 0) this.commit()
      else for (const resolve of this.idle.splice(0)) resolve()
    })
  }

  settled(): Promise<void> {
    if (!this.inFlight && this.waiting.size === 0) return Promise.resolve()
    this.commit()
    return new Promise((resolve) => this.idle.push(resolve))
  }

  private async commitWaiting(): Promise<void> {
    const batches = [...this.waiting].map((doc) => ({ doc, entries: doc.takePending() })).filter((b) => b.entries.length > 0)
    this.waiting.clear()
    const entries = batches.flatMap((b) => b.entries)
    if (entries.length === 0) return
    const started = performance.now()
    let seqs: number[]
    try {
      seqs = await appendNumbered(this.db, entries, this.now())
    } catch (error) {
      // Nobody has seen these updates: each document is discarded and its peers resync (their
      // authors still hold the edits and send them again).
      this.log.error('store.append_failed', { documents: batches.length, error })
      for (const { doc } of batches) doc.commitFailed(error, false)
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
