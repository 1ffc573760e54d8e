import type { Logger } from '../log.js'

/**
 * Automatic history: a checkpoint of a sheet after `everyMs` of editing, and when its last
 * editor leaves. Only sheets changed since their last checkpoint get one; `take` may still decline
 * (answering false) when the sheet reads as its latest snapshot does.
 */
export class Checkpointer {
  /** Sheets changed since their last checkpoint → when the first of those changes happened. */
  private readonly dirty = new Map<string, number>()
  /** Checkpoints being taken: waited for before the server closes the database. */
  private readonly running = new Set<Promise<void>>()
  private readonly timer: NodeJS.Timeout

  constructor(
    private readonly take: (docName: string) => Promise<boolean>,
    private readonly log: Logger,
    private readonly everyMs = 5 * 60_000,
    scanMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => this.scan(), scanMs)
    this.timer.unref()
  }

  /** An update of `docName` was stored. */
  changed(docName: string): void {
    if (!this.dirty.has(docName)) this.dirty.set(docName, this.now())
  }

  /** The last editor left `docName` (or the server stops): checkpoint it if it changed. */
  async settle(docName: string): Promise<void> {
    if (!this.dirty.has(docName)) return
    this.dirty.delete(docName)
    const taking = this.take(docName).then(
      (taken) => this.log.info(taken ? 'checkpoint.taken' : 'checkpoint.unchanged', { doc: docName }),
      (error: unknown) => this.log.error('checkpoint.failed', { doc: docName, error }),
    )
    this.running.add(taking)
    await taking
    this.running.delete(taking)
  }

  /** Checkpoints every changed sheet, and waits for those already being taken (before the server stops). */
  async settleAll(): Promise<void> {
    await Promise.all([...[...this.dirty.keys()].map((docName) => this.settle(docName)), ...this.running])
  }

  stop(): void {
    clearInterval(this.timer)
  }

  private scan(): void {
    const now = this.now()
    for (const [docName, since] of this.dirty) if (now - since >= this.everyMs) void this.settle(docName)
  }
}
