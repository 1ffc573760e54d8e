import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit'
import * as Y from 'yjs'
import { removeRow, sheetList } from '../../../shared/sheet/layout.js'
import type { ListId } from '../../../shared/sheet/schema.js'
import type { Lang } from '../../i18n/lang.js'
import { t } from '../../i18n/sheet-messages.js'

/** How long the offer to put a removed row back stays. */
const UNDO_MS = 15_000

/**
 * Removing a row of a list, undoably: the removal is this person's own transaction, tracked by a
 * Y.UndoManager on that list alone, and for a while the list offers to put the row back, with
 * its values and narratives as they were. Nobody else's edits are undone. One per list component.
 */
export class RowRemoval implements ReactiveController {
  /** The row that can still be put back (its position, 1-based, for the notice), or null. */
  removed: { rowId: string; n: number } | null = null
  readonly #origin = Symbol('row removal')
  #undo: Y.UndoManager | null = null
  #timer: ReturnType<typeof setTimeout> | null = null

  /** @param onRestored called with the row put back (the list focuses it). */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onRestored: (rowId: string) => void,
  ) {
    host.addController(this)
  }

  hostDisconnected(): void {
    this.#forget()
  }

  /** Removes `rowId` (at `index`) from the list. */
  remove(doc: Y.Doc, listId: ListId, rowId: string, index: number): void {
    this.#forget()
    const undo = new Y.UndoManager(sheetList(doc, listId), { trackedOrigins: new Set([this.#origin]), captureTimeout: 0 })
    doc.transact(() => removeRow(doc, listId, rowId), this.#origin)
    this.#undo = undo
    this.removed = { rowId, n: index + 1 }
    this.#timer = setTimeout(() => {
      this.#forget()
      this.host.requestUpdate()
    }, UNDO_MS)
    this.host.requestUpdate()
  }

  /** Puts the removed row back where it was. */
  undo(): void {
    const rowId = this.removed?.rowId
    this.#undo?.undo()
    this.#forget()
    this.host.requestUpdate()
    if (rowId) this.onRestored(rowId)
  }

  /** The notice of the last removal with its Undo button, while it can be undone. */
  notice(lang: Lang) {
    if (!this.removed) return nothing
    return html`<p class="ficha-row-removed" role="status">${t(lang, 'list.removed', { n: this.removed.n })}
      <button type="button" data-undo-remove @click=${() => this.undo()}>${t(lang, 'list.undoRemove')}</button></p>`
  }

  #forget(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    this.#undo?.destroy()
    this.#undo = null
    this.removed = null
  }
}
