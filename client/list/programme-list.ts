import { ContextConsumer } from '@lit/context'
import { LitElement, html, nothing } from 'lit'
import { apiContext, langContext, meContext } from '../context.js'
import { errorText } from '../api/error-text.js'
import { t } from '../i18n/app-messages.js'
import { localeOf, type Lang } from '../i18n/lang.js'
import './import-form.js'
import { distinct, filterProgrammes, NO_FILTERS, sortProgrammes, statusLabel, windowLabel, type Filters, type Sort, type SortKey } from './list-query.js'
import './new-sheet-form.js'
import { programmeTable } from './programme-table.js'
import { fetchProgrammes, type ProgrammeItem } from './programmes-api.js'

type Load = { state: 'loading' } | { state: 'ready'; items: ProgrammeItem[] } | { state: 'failed'; message: string }

/**
 * The portfolio view: every programme with its figures, filterable and sortable, plus the forms
 * to create a sheet or import one. Fetched each time the page is shown, so returning from a
 * sheet shows its latest figures.
 */
export class ProgrammeList extends LitElement {
  static override properties = {
    load: { state: true },
    filters: { state: true },
    sort: { state: true },
  }
  declare load: Load
  declare filters: Filters
  declare sort: Sort
  readonly #lang = new ContextConsumer(this, { context: langContext, subscribe: true })
  readonly #api = new ContextConsumer(this, { context: apiContext })
  readonly #me = new ContextConsumer(this, { context: meContext, subscribe: true })
  #abort: AbortController | null = null

  constructor() {
    super()
    this.load = { state: 'loading' }
    this.filters = NO_FILTERS
    this.sort = { key: 'title', direction: 'ascending' }
  }

  override createRenderRoot() {
    return this
  }

  override connectedCallback(): void {
    super.connectedCallback()
    document.title = 'Ficha'
    void this.refresh()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.#abort?.abort()
  }

  async refresh(): Promise<void> {
    this.#abort?.abort()
    const abort = (this.#abort = new AbortController())
    // Keep showing the previous list while refreshing, so the table does not flash.
    if (this.load.state !== 'ready') this.load = { state: 'loading' }
    try {
      this.load = { state: 'ready', items: await fetchProgrammes(this.#api.value!, abort.signal) }
    } catch (error) {
      if (abort.signal.aborted) return
      this.load = { state: 'failed', message: errorText(this.#lang.value ?? 'en', error) }
    }
  }

  #setFilter(key: keyof Filters, value: string): void {
    this.filters = { ...this.filters, [key]: value }
  }

  #onSort = (key: SortKey) => {
    const same = this.sort.key === key
    this.sort = { key, direction: same && this.sort.direction === 'ascending' ? 'descending' : 'ascending' }
  }

  override render() {
    const lang = this.#lang.value ?? 'en'
    return html`<div class="list-head">
        <h1 tabindex="-1">${t(lang, 'list.title')}</h1>
      </div>
      <div class="list-layout">
        <section class="portfolio" aria-labelledby="ficha-portfolio-count">${this.#body(lang)}</section>
        ${this.#actions()}
      </div>`
  }

  /**
   * Only what the person may do: the secretariat creates and imports any sheet; someone who edits
   * sheets imports into one of them; a viewer or an evaluator has neither form.
   */
  #actions() {
    const imported = () => void this.refresh()
    if (this.#me.value?.role) {
      return html`<aside class="list-actions">
        <ficha-new-sheet-form></ficha-new-sheet-form>
        <ficha-import-form @ficha-imported=${imported}></ficha-import-form>
      </aside>`
    }
    const editable = this.load.state === 'ready' ? this.load.items.filter((item) => item.access.edit).map((item) => item.code) : []
    if (editable.length === 0) return nothing
    return html`<aside class="list-actions"><ficha-import-form .editable=${editable} @ficha-imported=${imported}></ficha-import-form></aside>`
  }

  #body(lang: Lang) {
    const load = this.load
    if (load.state === 'loading') return html`<p class="muted" role="status" id="ficha-portfolio-count">${t(lang, 'list.loading')}</p>`
    if (load.state === 'failed') {
      return html`<div class="notice error" role="alert" id="ficha-portfolio-count">
        <p>${t(lang, 'list.loadFailed', { message: load.message })}</p>
        <button type="button" @click=${() => void this.refresh()}>${t(lang, 'list.retry')}</button>
      </div>`
    }
    const items = load.items
    const shown = sortProgrammes(filterProgrammes(items, this.filters), this.sort, lang)
    const filtered = Object.values(this.filters).some((value) => value !== '')
    const number = (n: number) => n.toLocaleString(localeOf(lang))
    return html`${this.#filterBar(items, lang)}
      <p class="result-count" id="ficha-portfolio-count" role="status">
        ${t(lang, 'list.count', { n: number(shown.length), total: number(items.length) })}
        ${filtered ? html`<button type="button" class="link" @click=${() => (this.filters = NO_FILTERS)}>${t(lang, 'list.clearFilters')}</button>` : nothing}
      </p>
      ${shown.length > 0
        ? html`<div class="table-scroll">${programmeTable(shown, this.sort, lang, this.#onSort)}</div>`
        : html`<div class="notice empty">${items.length === 0 ? t(lang, 'list.emptyAll') : t(lang, 'list.empty')}</div>`}
      <p class="legend muted">
        <span class="key key-1"></span>${t(lang, 'list.transferred')} <span class="key key-2"></span>${t(lang, 'list.committed')}
        <span class="key key-3"></span>${t(lang, 'list.disbursed')} — ${t(lang, 'list.execution.legend')}
      </p>`
  }

  #filterBar(items: ProgrammeItem[], lang: Lang) {
    const collator = new Intl.Collator(localeOf(lang))
    const byLabel = (label: (code: string) => string) => (a: string, b: string) => collator.compare(label(a), label(b))
    const countries = distinct(items.map((item) => item.country)).sort(collator.compare)
    const windows = distinct(items.map((item) => item.summary?.window)).sort(byLabel((c) => windowLabel(c, lang)))
    const statuses = distinct(items.map((item) => item.summary?.status)).sort(byLabel((c) => statusLabel(c, lang)))
    const select = (key: 'country' | 'window' | 'status', label: string, codes: string[], labelOf: (code: string) => string) =>
      html`<div class="field">
        <label for=${`ficha-filter-${key}`}>${label}</label>
        <select id=${`ficha-filter-${key}`} data-filter=${key} @change=${(e: Event) => this.#setFilter(key, (e.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${this.filters[key] === ''}>${t(lang, 'list.all')}</option>
          ${codes.map((code) => html`<option value=${code} ?selected=${this.filters[key] === code}>${labelOf(code)}</option>`)}
        </select>
      </div>`
    return html`<form class="filters" role="search" aria-label=${t(lang, 'list.filters')} @submit=${(e: Event) => e.preventDefault()}>
      <div class="field search">
        <label for="ficha-filter-text">${t(lang, 'list.search')}</label>
        <input id="ficha-filter-text" type="search" data-filter="text" .value=${this.filters.text} placeholder=${t(lang, 'list.search.placeholder')}
          @input=${(e: Event) => this.#setFilter('text', (e.target as HTMLInputElement).value)} />
      </div>
      ${select('country', t(lang, 'list.col.country'), countries, (c) => c)}
      ${select('window', t(lang, 'list.col.window'), windows, (c) => windowLabel(c, lang))}
      ${select('status', t(lang, 'list.col.status'), statuses, (c) => statusLabel(c, lang))}
    </form>`
  }
}
customElements.define('ficha-programme-list', ProgrammeList)
