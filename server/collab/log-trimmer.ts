import type { Logger } from '../log.js'
import type { DocumentStore } from './types.js'

/**
 * Deletes the log rows that compacted states already cover. Compaction only writes a state; the
 * rows it covers are ignored from then on and deleted here, for all documents at once, a bounded
 * chunk per event-loop turn so that no socket waits long behind it. A pass starts once
 * compactions have covered `afterRows` rows since the last one (and once at start, for what a
 * previous run left).
 */
export class LogTrimmer {
  private covered = 0
  /** Where the running pass continues; null when no pass runs. */
  private cursor: number | null = null
  private deleted = 0
  private timer: NodeJS.Immediate | null = null
  private stopped = false

  constructor(
    private readonly store: Pick<DocumentStore, 'trim'>,
    private readonly log: Logger,
    private readonly afterRows: number,
  ) {}

  /** A compaction covered `rows` more rows of the log. */
  compacted(rows: number): void {
    this.covered += rows
    if (this.covered >= this.afterRows) this.start()
  }

  /** Starts a pass unless one runs. */
  start(): void {
    if (this.cursor !== null || this.stopped) return
    this.covered = 0
    this.deleted = 0
    this.cursor = 0
    this.timer = setImmediate(this.step)
  }

  /** Stops for good (the server is stopping): what is left waits for the next start. */
  stop(): void {
    this.stopped = true
    if (this.timer) clearImmediate(this.timer)
    this.timer = null
    this.cursor = null
  }

  private readonly step = (): void => {
    this.timer = null
    if (this.cursor === null) return
    try {
      const { next, deleted } = this.store.trim(this.cursor)
      this.deleted += deleted
      this.cursor = next
    } catch (error) {
      // Nothing is lost: the rows stay (ignored) until the next pass.
      this.log.error('log.trim_failed', { error })
      this.cursor = null
      return
    }
    if (this.cursor === null) this.log.info('log.trimmed', { rows: this.deleted })
    else this.timer = setImmediate(this.step)
  }
}
