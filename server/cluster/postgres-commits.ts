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
 * The commit of several processes on one PostgreSQL database. A document's updates applied
 * during a turn are numbered and stored in one statement (cluster: appendNumbered); only then are
 * they broadcast to this process's peers and handed to the fan-out for the others. Each document
 * has at most one commit in flight, so its updates reach the database, and everyone, in the order
 * this process applied them; different documents commit at once, on the pool's connections, so a
 * busy sheet's round trip never holds up another's edit (one shared transaction per turn made
 * every sheet wait for the slowest, in as many round trips as it had sheets).
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

  /** Starts a commit for every waiting document that has none in flight. */
  commit(): void {
    for (const doc of this.waiting) {
      if (this.inFlight.has(doc)) continue
      this.waiting.delete(doc)
      const entries = doc.takePending()
      if (entries.length === 0) continue
      this.inFlight.add(doc)
      void this.commitOne(doc, entries).finally(() => {
        this.inFlight.delete(doc)
        if (this.waiting.size > 0) this.commit()
        if (this.inFlight.size === 0 && this.waiting.size === 0) for (const resolve of this.idle.splice(0)) resolve()
      })
    }
    if (this.inFlight.size === 0 && this.waiting.size === 0) for (const resolve of this.idle.splice(0)) resolve()
  }

  settled(): Promise<void> {
    this.commit()
    if (this.inFlight.size === 0 && this.waiting.size === 0) return Promise.resolve()
    return new Promise((resolve) => this.idle.push(resolve))
  }

  private async commitOne(doc: Committer, entries: LogEntry[]): Promise<void> {
    const started = performance.now()
    let seqs: number[]
    try {
      seqs = await appendNumbered(this.db, entries[0]!.docName, entries, this.now())
    } catch (error) {
      // Nobody has seen these updates: the document is discarded and its peers resync (their
      // authors still hold the edits and send them again).
      this.log.error('store.append_failed', { doc: entries[0]!.docName, error })
      doc.commitFailed(error, false)
      return
    }
    const seconds = (performance.now() - started) / 1000 / entries.length
    entries.forEach((entry, i) => {
      entry.seq = seqs[i]!
      this.metrics.updateStored(seconds, entry.data.byteLength)
    })
    doc.committed(entries)
    this.onNumbered(entries)
  }
}
