/**
 * `<ficha-list-table>`: a list of the sheet (agencies, entities, tranches, regions, targets,
 * missions) as a table with one labelled input per cell and add / remove row buttons. Only row
 * additions and removals re-render the table; each cell follows its own value.
 */
import { LitElement, html, nothing } from 'lit'
import { repeat } from 'lit/directives/repeat.js'
import type { ListDef, ValueDef } from '../../shared/sheet/definition.js'
import { addRow, listRows, sheetList } from '../../shared/sheet/layout.js'
import type { ListId } from '../../shared/sheet/schema.js'
import { t } from '../i18n/sheet-messages.js'
import { YObserver } from './controllers/y-observer.js'
import { domId } from './session.js'
import type { SheetSession } from './session.js'
import { RowRemoval } from './controllers/row-removal.js'
import { focusAfterRemoval, focusNewRow } from './row-focus.js'
import './field-warnings.js'
import './value-field.js'

export class FichaListTable extends LitElement {
  static override properties = {
    session: { attribute: false },
    def: { attribute: false },
  }

  declare session: SheetSession | undefined
  declare def: (ListDef & { id: ListId }) | undefined
  readonly #focusRow = (rowId: string) => void focusNewRow(this, `tr[data-row-id="${CSS.escape(rowId)}"]`)
  readonly #removal = new RowRemoval(this, this.#focusRow)

  constructor() {
    super()
    new YObserver(this, () => (this.session && this.def ? sheetList(this.session.doc, this.def.id) : null))
  }

  protected override createRenderRoot() {
    return this
  }

  protected override render() {
    const { session, def } = this
    if (!session || !def) return nothing
    const lang = session.lang
    const listLabel = def.label[lang]
    const columns = def.columns.filter((c): c is ValueDef => c.kind !== 'narrative')
    const rows = listRows(session.doc, def.id)
    const captionId = domId('ficha-caption', def.id)
    return html`<div class="ficha-list">
      <table class="ficha-table" aria-labelledby=${captionId}>
        <caption id=${captionId}>${listLabel}</caption>
        <thead><tr>
          ${def.numbered ? html`<th scope="col" class="ficha-table__num">#</th>` : nothing}
          ${columns.map((c) => html`<th scope="col">${c.label[lang]}</th>`)}
          <th scope="col" class="ficha-table__actions"><span class="ficha-visually-hidden">${t(lang, 'list.actions')}</span></th>
        </tr></thead>
        <tbody>
          ${rows.length === 0 ? html`<tr><td class="ficha-table__empty" colspan=${columns.length + 2}>${t(lang, 'list.empty')}</td></tr>` : nothing}
          ${repeat(rows, (r) => r.id, (r, i) => html`<tr data-row-id=${r.id}>
            ${def.numbered ? html`<td class="ficha-table__num">${i + 1}</td>` : nothing}
            ${columns.map((c) => html`<td class="ficha-table__cell ficha-table__cell--${c.kind}" data-column=${c.id}>
              <span class="ficha-table__label" data-column-label aria-hidden="true">${c.label[lang]}</span><ficha-value-field compact
              .session=${session} .def=${c} .listId=${def.id} .rowId=${r.id} .row=${r.row}
              .label=${`${c.label[lang]}, ${t(lang, 'list.row', { n: i + 1 })}`}></ficha-value-field></td>`)}
            <td class="ficha-table__actions">${session.readOnly ? nothing : html`<button type="button" class="ficha-row-remove"
              aria-label=${t(lang, 'list.remove', { n: i + 1, list: listLabel })} title=${t(lang, 'list.remove', { n: i + 1, list: listLabel })}
              @click=${() => this.removeRowAt(r.id, i)}>×</button>`}</td>
          </tr>`)}
        </tbody>
      </table>
      <ficha-field-warnings .session=${session} .field=${`list:${def.id}`}></ficha-field-warnings>
      ${session.readOnly ? nothing : html`<button type="button" class="ficha-row-add" data-add-row=${def.id}
        @click=${this.addRowAtEnd}>+ ${t(lang, 'list.add', { list: listLabel })}</button>`}
      ${this.#removal.notice(lang)}
    </div>`
  }

  private addRowAtEnd = () => {
    const { session, def } = this
    if (!session || !def || session.readOnly) return
    const rowId = addRow(session.doc, def.id)
    this.#focusRow(rowId)
  }

  private removeRowAt(rowId: string, index: number): void {
    const { session, def } = this
    if (!session || !def || session.readOnly) return
    const buttons = [...this.querySelectorAll<HTMLElement>('.ficha-row-remove')]
    focusAfterRemoval(buttons, index, this.querySelector<HTMLElement>('.ficha-row-add'))
    this.#removal.remove(session.doc, def.id, rowId, index)
  }
}

customElements.define('ficha-list-table', FichaListTable)
