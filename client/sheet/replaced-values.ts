/**
 * Values of this person that someone else's edit replaced: the last writer wins in a shared
 * sheet (two people typing a figure into one cell at once, or one after the other), and the
 * person whose value was replaced is told so beside the field, with their value one click away.
 *
 * Read from the document itself, in `afterTransaction` while the replaced value is still there:
 * a remote transaction that replaced a value this client had written (its Yjs client id) with a
 * different one. Who replaced it is the Yjs client of the new value, named through presence.
 */
import type * as Y from 'yjs'
import { changedFields } from '../../shared/sheet/changes.js'

export interface ReplacedValue {
  /** The field or cell id (`budget.total`, `list:finance/<row>/disbursed`). */
  field: string
  /** This person's value, as stored. */
  mine: string | null
  /** The value that replaced it, as stored. */
  theirs: string | null
  /** The Yjs client that wrote it (an awareness client id: see PresenceStore.nameOf). */
  by: number
}

export class ReplacedValues {
  private readonly byField = new Map<string, ReplacedValue>()
  private readonly listeners = new Set<() => void>()
  private readonly onTransaction = (transaction: Y.Transaction) => {
    if (transaction.local) {
      // This person wrote the field again: whatever was replaced before is no longer the question.
      if (this.byField.size === 0) return
      let changed = false
      for (const change of changedFields(this.doc, transaction)) changed = this.byField.delete(change.field) || changed
      if (changed) this.notify()
      return
    }
    let added = false
    for (const change of changedFields(this.doc, transaction)) {
      if (change.kind !== 'value' || change.fromClient !== this.doc.clientID || change.toClient === null || change.toClient === this.doc.clientID) continue
      if (change.from === change.to) continue
      // Replaced twice: the value to offer back is still this person's.
      const earlier = this.byField.get(change.field)
      this.byField.set(change.field, { field: change.field, mine: earlier?.mine ?? change.from, theirs: change.to, by: change.toClient })
      added = true
    }
    if (added) this.notify()
  }

  constructor(private readonly doc: Y.Doc) {
    doc.on('afterTransaction', this.onTransaction)
  }

  /** What replaced this person's value of `field`, if anything did. */
  of(field: string): ReplacedValue | undefined {
    return this.byField.get(field)
  }

  /** The person has seen it (kept the new value, or put theirs back). */
  dismiss(field: string): void {
    if (this.byField.delete(field)) this.notify()
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.onTransaction)
    this.listeners.clear()
  }

  private notify(): void {
    for (const listener of this.listeners) listener()
  }
}
