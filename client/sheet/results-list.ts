/**
 * `<ficha-results-list>`: the expected results as numbered stacked rows. `column` picks which
 * narrative of each row this list edits: `statement` in the results section, `achievement` in the
 * achievements section. Each fragment is thus bound to exactly one editor on the page, and a
 * result and its achievements are added and removed together (they are one row).
 */
import { LitElement, html, nothing } from 'lit'
import { repeat } from 'lit/directives/repeat.js'
import { addRow, listRows, rowNarrative, sheetList } from '../../shared/sheet/layout.js'
import { listDef } from '../../shared/sheet/schema.js'
import { t } from '../i18n/sheet-messages.js'
import { YObserver } from './controllers/y-observer.js'
import { cellId } from './session.js'
import type { SheetSession } from './session.js'
import { RowRemoval } from './controllers/row-removal.js'
import { focusAfterRemoval, focusNewRow } from './row-focus.js'
import './narrative-editor.js'

export class FichaResultsList extends LitElement {
  static override properties = {
    session: { attribute: false },
    column: { attribute: false },
  }

  declare session: SheetSession | undefined
  declare column: 'statement' | 'achievement'
  readonly #focusRow = (rowId: string) => void focusNewRow(this, `li[data-row-id="${CSS.escape(rowId)}"]`)
  readonly #removal = new RowRemoval(this, this.#focusRow)

  constructor() {
    super()
    this.column = 'statement'
    new YObserver(this, () => (this.session ? sheetList(this.session.doc, 'results') : null))
  }

  protected override createRenderRoot() {
    return this
  }

  /** Rows are added and removed where the results are stated, not from the achievements. */
  private get managesRows(): boolean {
    return this.column === 'statement' && !this.session?.readOnly
  }

  protected override render() {
    const session = this.session
    if (!session) return nothing
    const lang = session.lang
    const listLabel = listDef('results')?.label[lang] ?? ''
    const rows = listRows(session.doc, 'results')
    return html`<div class="ficha-results">
      ${rows.length === 0 ? html`<p class="ficha-empty">${t(lang, 'results.empty')}</p>` : nothing}
      <ol class="ficha-results__rows">
        ${repeat(rows, (r) => r.id, (r, i) => {
          const fragment = rowNarrative(r.row, this.column)
          const label = this.column === 'statement'
            ? t(lang, 'results.number', { n: i + 1 })
            : t(lang, 'achievements.of', { n: i + 1 })
          return html`<li class="ficha-result" data-row-id=${r.id}>
            <ficha-narrative .session=${session} .fragment=${fragment} .label=${label} .headingLevel=${3}
              .focusId=${cellId('results', r.id, this.column)}></ficha-narrative>
            ${this.managesRows ? html`<button type="button" class="ficha-row-remove ficha-result__remove"
              aria-label=${t(lang, 'list.remove', { n: i + 1, list: listLabel })} title=${t(lang, 'list.remove', { n: i + 1, list: listLabel })}
              @click=${() => this.removeRowAt(r.id, i)}>×</button>` : nothing}
          </li>`
        })}
      </ol>
      ${this.managesRows ? html`<button type="button" class="ficha-row-add" data-add-row="results"
        @click=${this.addRowAtEnd}>+ ${t(lang, 'list.add', { list: listLabel })}</button>` : nothing}
      ${this.#removal.notice(lang)}
    </div>`
  }

  private addRowAtEnd = () => {
    const session = this.session
    if (!session || !this.managesRows) return
    const rowId = addRow(session.doc, 'results')
    this.#focusRow(rowId)
  }

  private removeRowAt(rowId: string, index: number): void {
    const session = this.session
    if (!session || !this.managesRows) return
    const buttons = [...this.querySelectorAll<HTMLElement>('.ficha-row-remove')]
    focusAfterRemoval(buttons, index, this.querySelector<HTMLElement>('.ficha-row-add'))
    this.#removal.remove(session.doc, 'results', rowId, index)
  }
}

customElements.define('ficha-results-list', FichaResultsList)
