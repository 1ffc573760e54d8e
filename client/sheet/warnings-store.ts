/**
 * The sheet's warnings, recomputed from the document at most once per animation frame (a burst of
 * remote keystrokes costs one validation pass), indexed by the field id they concern.
 */
import type * as Y from 'yjs'
import { sheetWarnings } from '../../shared/sheet/validation.js'
import type { SheetWarning } from '../../shared/sheet/validation.js'

const NONE: readonly SheetWarning[] = []

export class WarningsStore {
  private byField = new Map<string, SheetWarning[]>()
  private listeners = new Set<() => void>()
  private frame: number | null = null
  private readonly onUpdate = () => this.schedule()

  constructor(private readonly doc: Y.Doc) {
    this.recompute()
    doc.on('update', this.onUpdate)
  }

  /** Warnings whose `field` is exactly `field`. */
  for(field: string): readonly SheetWarning[] {
    return this.byField.get(field) ?? NONE
  }

  /** Calls `listener` after each recomputation; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  destroy(): void {
    this.doc.off('update', this.onUpdate)
    if (this.frame !== null) cancelAnimationFrame(this.frame)
    this.listeners.clear()
  }

  private schedule(): void {
    if (this.frame !== null) return
    this.frame = requestAnimationFrame(() => {
      this.frame = null
      this.recompute()
      for (const listener of this.listeners) listener()
    })
  }

  private recompute(): void {
    const byField = new Map<string, SheetWarning[]>()
    for (const warning of sheetWarnings(this.doc)) {
      const list = byField.get(warning.field)
      if (list) list.push(warning)
      else byField.set(warning.field, [warning])
    }
    this.byField = byField
  }
}
