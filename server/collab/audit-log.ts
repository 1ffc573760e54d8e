import type { AuditWrite } from '../../db/repositories/audit.js'
import type { Logger } from '../log.js'
import { excerpt, type FieldChange } from '../../shared/sheet/changes.js'
import type { AuditDetail } from '../../shared/audit-detail.js'

/**
 * `ended`: someone else changed the field since; the next change by this person starts a new
 * entry. `version` counts the changes, so that a write still on its way (PostgreSQL) knows
 * whether the burst grew meanwhile.
 */
type Burst = Omit<AuditWrite, 'detail'> & { dirty: boolean; ended: boolean; version: number; detail: AuditDetail | null }

/** Writes entries in one transaction, answering their ids: at once on SQLite, later on PostgreSQL. */
export type SaveAuditEntries = (entries: AuditWrite[]) => number[] | Promise<number[]>

/**
 * A burst's detail grown by one more change: a value keeps where the burst started and takes
 * where it is now; a narrative's excerpts grow up to the excerpt length.
 */
function grown(detail: AuditDetail | null, change: FieldChange): AuditDetail | null {
  if (change.kind === 'value') return { kind: 'value', from: detail?.kind === 'value' ? detail.from : change.from, to: change.to }
  if (change.kind === 'text') {
    const before = detail?.kind === 'text' ? detail : { inserted: '', deleted: '' }
    return { kind: 'text', inserted: excerpt(before.inserted + change.inserted), deleted: excerpt(before.deleted + change.deleted) }
  }
  return detail
}

/**
 * "Who changed which field, from what to what, when": field-level entries coalesced per user and
 * field over short bursts (typing a paragraph is one entry, not three hundred). Kept in memory on the hot path and
 * written every `flushMs`, so an edit costs a map lookup here, not a database write.
 */
export class AuditLog {
  /** Open bursts by document, then user ('' for the server), then field. Nested rather than keyed
   * by one joined string: this runs for every stored update, and the names are strings already held. */
  private readonly open = new Map<string, Map<string, Map<string, Burst>>>()
  private readonly timer: NodeJS.Timeout
  /** A write on its way (PostgreSQL); another flush waits for it, so no entry is inserted twice. */
  private saving: Promise<void> | null = null
  private flushAgain = false

  constructor(
    private readonly save: SaveAuditEntries,
    private readonly log: Logger,
    private readonly burstMs = 60_000,
    flushMs = 2_000,
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => this.flush(), flushMs)
    this.timer.unref()
  }

  /** Records that `userId` made `changes` to `docName` now. */
  record(docName: string, userId: string | null, changes: FieldChange[]): void {
    if (changes.length === 0) return
    const now = this.now()
    let byField = this.burstsOf(docName, userId)
    for (const change of changes) {
      const field = change.field
      // Another person's burst on this field ends here: its old → new must not span this change.
      const byDoc = this.open.get(docName)!
      if (byDoc.size > 1) {
        for (const others of byDoc.values()) {
          const other = others === byField ? undefined : others.get(field)
          if (other) other.ended = true
        }
      }
      const entry = byField.get(field)
      if (entry && !entry.ended && now - entry.last_at <= this.burstMs) {
        entry.last_at = now
        entry.changes++
        entry.detail = grown(entry.detail, change)
        entry.dirty = true
        entry.version++
      } else {
        if (entry?.dirty) {
          this.flush()
          // Flushing forgets ended bursts, and the maps left empty.
          byField = this.burstsOf(docName, userId)
        }
        byField.set(field, { id: null, doc_name: docName, user_id: userId, field, first_at: now, last_at: now, changes: 1, detail: grown(null, change), dirty: true, ended: false, version: 0 })
      }
    }
  }

  /** Writes what changed since the last flush; forgets bursts that have ended. */
  flush(): void {
    if (this.saving) {
      this.flushAgain = true
      return
    }
    const dirty = [...this.bursts()].filter((entry) => entry.dirty)
    if (dirty.length === 0) return this.forgetEnded()
    const versions = dirty.map((entry) => entry.version)
    let ids: number[] | Promise<number[]>
    try {
      ids = this.save(dirty.map(({ id, doc_name, user_id, field, first_at, last_at, changes, detail }) => ({ id, doc_name, user_id, field, first_at, last_at, changes, detail: detail && JSON.stringify(detail) })))
    } catch (error) {
      return this.failed(error)
    }
    if (!(ids instanceof Promise)) return this.saved(dirty, versions, ids)
    this.saving = ids
      .then((written) => this.saved(dirty, versions, written), (error: unknown) => this.failed(error))
      .finally(() => {
        this.saving = null
        if (this.flushAgain) {
          this.flushAgain = false
          this.flush()
        }
      })
  }

  private saved(entries: Burst[], versions: number[], ids: number[]): void {
    entries.forEach((entry, index) => {
      entry.id = ids[index]!
      // Grown while it was being written: written again at the next flush.
      if (entry.version === versions[index]) entry.dirty = false
    })
    this.forgetEnded()
  }

  private failed(error: unknown): void {
    // The audit log must not take the sheet down; the entries stay dirty and are retried.
    this.log.error('audit.flush_failed', { error })
  }

  /** Forgets bursts that have ended and are written, and the maps left empty. */
  private forgetEnded(): void {
    const now = this.now()
    for (const [docName, byDoc] of this.open) {
      for (const [user, byField] of byDoc) {
        for (const [field, entry] of byField) if (!entry.dirty && (entry.ended || now - entry.last_at > this.burstMs)) byField.delete(field)
        if (byField.size === 0) byDoc.delete(user)
      }
      if (byDoc.size === 0) this.open.delete(docName)
    }
  }

  private burstsOf(docName: string, userId: string | null): Map<string, Burst> {
    const byDoc = this.open.get(docName) ?? this.open.set(docName, new Map()).get(docName)!
    return byDoc.get(userId ?? '') ?? byDoc.set(userId ?? '', new Map()).get(userId ?? '')!
  }

  private *bursts(): Iterable<Burst> {
    for (const byDoc of this.open.values()) for (const byField of byDoc.values()) yield* byField.values()
  }

  /** Stops the timer and writes what is left. */
  async close(): Promise<void> {
    clearInterval(this.timer)
    this.flush()
    while (this.saving) await this.saving
  }
}
