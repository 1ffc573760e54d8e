import type { Db } from '../../db/connection.js'
import { saveAuditEntries, type AuditWrite } from '../../db/repositories/audit.js'
import type { Logger } from '../log.js'

/**
 * "Who changed which field, when": field-level entries coalesced per user and field over short
 * bursts (typing a paragraph is one entry, not three hundred). Kept in memory on the hot path and
 * written every `flushMs`, so an edit costs a map lookup here, not a database write.
 */
export class AuditLog {
  private readonly open = new Map<string, AuditWrite & { dirty: boolean }>()
  private readonly timer: NodeJS.Timeout

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly burstMs = 60_000,
    flushMs = 2_000,
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => this.flush(), flushMs)
    this.timer.unref()
  }

  /** Records that `userId` changed `fields` of `docName` now. */
  record(docName: string, userId: string | null, fields: string[]): void {
    const now = this.now()
    for (const field of fields) {
      const key = `${docName}\u0000${userId ?? ''}\u0000${field}`
      const entry = this.open.get(key)
      if (entry && now - entry.last_at <= this.burstMs) {
        entry.last_at = now
        entry.changes++
        entry.dirty = true
      } else {
        if (entry?.dirty) this.flush()
        this.open.set(key, { id: null, doc_name: docName, user_id: userId, field, first_at: now, last_at: now, changes: 1, dirty: true })
      }
    }
  }

  /** Writes what changed since the last flush; forgets bursts that have ended. */
  flush(): void {
    const dirty = [...this.open.values()].filter((entry) => entry.dirty)
    if (dirty.length > 0) {
      try {
        const ids = saveAuditEntries(this.db, dirty)
        dirty.forEach((entry, index) => {
          entry.id = ids[index]!
          entry.dirty = false
        })
      } catch (error) {
        // The audit log must not take the sheet down; the entries stay dirty and are retried.
        this.log.error('audit.flush_failed', { error })
        return
      }
    }
    const now = this.now()
    for (const [key, entry] of this.open) if (!entry.dirty && now - entry.last_at > this.burstMs) this.open.delete(key)
  }

  close(): void {
    clearInterval(this.timer)
    this.flush()
  }
}
