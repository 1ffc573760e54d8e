/**
 * `<ficha-finance-table>`: the financial execution per period, rows in period order, each amount
 * with its percentage of the row's total (derived, never typed) updated live as anyone types, the
 * warnings beside the cell they concern, and the chart of the same figures underneath.
 */
import { LOCK_ICON } from '../follow-up/icons.js'
import { LitElement, html, nothing } from 'lit'
import { repeat } from 'lit/directives/repeat.js'
import { parseMoney, percentOf } from '../../shared/money.js'
import type { ValueDef } from '../../shared/sheet/definition.js'
import { addRow, listRows, sheetList } from '../../shared/sheet/layout.js'
import { listDef } from '../../shared/sheet/schema.js'
import { financeRowsByPeriod } from '../../shared/sheet/validation.js'
import { rawText } from '../../shared/sheet/values.js'
import { t } from '../i18n/sheet-messages.js'
import { YObserver } from './controllers/y-observer.js'
import { StoreController } from '../follow-up/follow-up-store.js'
import { errorText } from '../api/error-text.js'
import type { ChartPoint } from './finance-chart.js'
import { cellId } from './session.js'
import type { SheetSession } from './session.js'
import { RowRemoval } from './controllers/row-removal.js'
import { focusAfterRemoval, focusNewRow } from './row-focus.js'
import { formatPercent } from './value-format.js'
import './field-warnings.js'
import './finance-chart.js'
import './value-field.js'

const FINANCE = listDef('finance')
const AMOUNTS = ['transferred', 'committed', 'disbursed'] as const
type Amount = (typeof AMOUNTS)[number]
const isAmount = (column: string): column is Amount => (AMOUNTS as readonly string[]).includes(column)

export class FichaFinanceTable extends LitElement {
  static override properties = {
    session: { attribute: false },
  }

  declare session: SheetSession | undefined
  readonly #focusRow = (rowId: string) => void focusNewRow(this, `tr[data-row-id="${CSS.escape(rowId)}"]`)
  readonly #removal = new RowRemoval(this, this.#focusRow)

  constructor() {
    super()
    // Deep: a changed period re-sorts the rows, a changed amount or total moves the percentages.
    new YObserver(this, () => (this.session ? sheetList(this.session.doc, 'finance') : null), true)
    // Locked periods come with the versions of the sheet page.
    new StoreController(this, () => this.session?.followUp)
  }

  protected override createRenderRoot() {
    return this
  }

  protected override render() {
    const session = this.session
    if (!session || !FINANCE) return nothing
    const lang = session.lang
    const columns = FINANCE.columns.filter((c): c is ValueDef => c.kind !== 'narrative')
    const listLabel = FINANCE.label[lang]
    // Figures first, then markup: the chart and the table show the same derived percentages.
    const rows = financeRowsByPeriod(listRows(session.doc, 'finance')).map((r) => {
      const period = rawText(r.row.get('period'))
      const total = parseMoney(rawText(r.row.get('total')))
      const percent = (c: string) => percentOf(parseMoney(rawText(r.row.get(c))), total)
      const point: ChartPoint = { period, transferred: percent('transferred'), committed: percent('committed'), disbursed: percent('disbursed') }
      return { ...r, period, point }
    })
    const points = rows.map((r) => r.point)
    const store = session.followUp
    const locks = store?.lockedPeriods ?? new Set<string>()
    const body = repeat(rows, (r) => r.id, (r, i) => {
      const period = r.period
      const rowName = period || t(lang, 'list.row', { n: i + 1 })
      const locked = period !== '' && locks.has(period)
      // The lock sits under the period it closes (like the percentages under the amounts), so the
      // row needs no wider actions column than the remove button's.
      const lock = locked ? html`<div class="ficha-lock-line"><span class="ficha-lock" role="img" data-locked-period=${period}
          title=${t(lang, 'finance.locked', { period })} aria-label=${t(lang, 'finance.locked', { period })}>${LOCK_ICON}</span>${store?.secretariat
            ? html`<button type="button" class="ficha-unlock" data-unlock-period=${period} aria-label=${t(lang, 'finance.unlock', { period })}
              title=${t(lang, 'finance.unlock', { period })} @click=${() => void this.unlock(period)}>${t(lang, 'finance.unlockShort')}</button>`
            : nothing}</div>` : nothing
      return html`<tr data-row-id=${r.id} class=${locked ? 'ficha-row--locked' : nothing}>
        ${columns.map((c) => {
          const percent = isAmount(c.id) ? r.point[c.id] : undefined
          const id = cellId('finance', r.id, c.id)
          const output = percent === undefined ? nothing : html`<output class="ficha-percent" data-percent=${id}
            aria-label=${t(lang, 'finance.percent', { percent: formatPercent(percent, lang) })}>${formatPercent(percent, lang)}</output>`
          // The column's name, shown only when narrow rows become cards (the input has its own label).
          return html`<td class="ficha-table__cell ficha-table__cell--${c.kind}" data-column=${c.id}>
            <span class="ficha-table__label" data-column-label aria-hidden="true">${c.label[lang]}</span>
            <ficha-value-field compact .session=${session} .def=${c} .listId=${'finance'} .rowId=${r.id} .row=${r.row}
              .label=${t(lang, 'finance.cell', { column: c.label[lang], period: rowName })} .underInput=${output} .locked=${locked}></ficha-value-field>
            ${c.id === 'period' ? lock : nothing}
          </td>`
        })}
        <td class="ficha-table__actions">${locked || session.readOnly ? nothing : html`<button type="button" class="ficha-row-remove"
          aria-label=${t(lang, 'list.remove', { n: rowName, list: listLabel })} title=${t(lang, 'list.remove', { n: rowName, list: listLabel })}
          @click=${() => this.removeRowAt(r.id, i)}>×</button>`}</td>
      </tr>`
    })
    return html`<div class="ficha-list ficha-finance">
      <div class="ficha-table-scroll">
        <table class="ficha-table ficha-table--finance">
          <caption>${listLabel}</caption>
          <thead><tr>
            ${columns.map((c) => html`<th scope="col" class="ficha-table__head--${c.kind}">${c.label[lang]}</th>`)}
            <th scope="col" class="ficha-table__actions"><span class="ficha-visually-hidden">${t(lang, 'list.actions')}</span></th>
          </tr></thead>
          <tbody>
            ${rows.length === 0 ? html`<tr><td class="ficha-table__empty" colspan=${columns.length + 1}>${t(lang, 'list.empty')}</td></tr>` : nothing}
            ${body}
          </tbody>
        </table>
      </div>
      <ficha-field-warnings .session=${session} .field=${'list:finance'}></ficha-field-warnings>
      ${session.readOnly ? nothing : html`<button type="button" class="ficha-row-add" data-add-row="finance"
        @click=${this.addRowAtEnd}>+ ${t(lang, 'list.add', { list: listLabel })}</button>`}
      ${this.#removal.notice(lang)}
      <ficha-finance-chart .lang=${lang} .points=${points}></ficha-finance-chart>
    </div>`
  }

  private async unlock(period: string): Promise<void> {
    const session = this.session
    const store = session?.followUp
    if (!session || !store) return
    const reason = window.prompt(t(session.lang, 'finance.unlockReason', { period }), '')
    if (reason === null || reason.trim() === '') return
    try {
      await store.calls.unlock(period, reason.trim())
      await store.reload('versions')
    } catch (error) {
      window.alert(t(session.lang, 'finance.unlockFailed', { message: errorText(session.lang, error) }))
    }
  }

  private addRowAtEnd = () => {
    const session = this.session
    if (!session || session.readOnly) return
    const rowId = addRow(session.doc, 'finance')
    this.#focusRow(rowId)
  }

  private removeRowAt(rowId: string, index: number): void {
    const session = this.session
    if (!session || session.readOnly) return
    const buttons = [...this.querySelectorAll<HTMLElement>('.ficha-row-remove')]
    focusAfterRemoval(buttons, index, this.querySelector<HTMLElement>('.ficha-row-add'))
    this.#removal.remove(session.doc, 'finance', rowId, index)
  }
}

customElements.define('ficha-finance-table', FichaFinanceTable)
