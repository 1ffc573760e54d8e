import { ContextConsumer } from '@lit/context'
import { LitElement, html, nothing } from 'lit'
import { errorText } from '../api/error-text.js'
import { apiContext, langContext } from '../context.js'
import { t } from '../i18n/app-messages.js'
import { localeOf, type Lang } from '../i18n/lang.js'
import { absoluteTime, relativeTime } from '../i18n/time.js'
import { auditChange, auditFieldLabel, auditSection } from './audit-change.js'
import { fetchAudit, type AuditEntry } from './audit-api.js'

const PAGE = 50

const keyOf = (entry: AuditEntry) => `${entry.field}|${entry.user?.id ?? ''}|${entry.firstAt}|${entry.lastAt}`

/**
 * `<ficha-audit-panel .programmeId>`: the sheet's audit log — who changed which field of which
 * section, from what to what (an excerpt for narratives; what a restore or an unlock did), how
 * many edits, when — newest first, loaded when the panel is opened (and again on "refresh"), with
 * "load older" paging back through `before`.
 */
export class AuditPanel extends LitElement {
  static override properties = {
    programmeId: { attribute: false },
    entries: { state: true },
    end: { state: true },
    error: { state: true },
    busy: { state: true },
  }
  declare programmeId: string
  declare entries: AuditEntry[] | null
  declare end: boolean
  declare error: string
  declare busy: boolean
  readonly #lang = new ContextConsumer(this, { context: langContext, subscribe: true })
  readonly #api = new ContextConsumer(this, { context: apiContext })
  #abort: AbortController | null = null

  constructor() {
    super()
    this.entries = null
    this.end = false
    this.error = ''
    this.busy = false
  }

  override createRenderRoot() {
    return this
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.#abort?.abort()
  }

  /** Loads the newest page again (`older`: the page below what is shown). */
  async load(older = false): Promise<void> {
    this.#abort?.abort()
    const abort = (this.#abort = new AbortController())
    const shown = older ? (this.entries ?? []) : []
    const last = shown.at(-1)
    this.busy = true
    this.error = ''
    try {
      // `before` is exclusive and in ms; entries ending in the same ms as the last one shown come
      // again and are dropped, so none is skipped at a page boundary.
      const before = last ? new Date(last.lastAt).getTime() + 1 : undefined
      const page = await fetchAudit(this.#api.value!, this.programmeId, { limit: PAGE, ...(before !== undefined ? { before } : {}), signal: abort.signal })
      const seen = new Set(shown.map(keyOf))
      this.entries = [...shown, ...page.filter((entry) => !seen.has(keyOf(entry)))]
      this.end = page.length < PAGE
    } catch (error) {
      if (abort.signal.aborted) return
      const lang = this.#lang.value ?? 'en'
      this.error = t(lang, 'audit.loadFailed', { message: errorText(lang, error) })
    } finally {
      if (!abort.signal.aborted) this.busy = false
    }
  }

  readonly #toggle = (event: Event) => {
    if ((event.currentTarget as HTMLDetailsElement).open) void this.load()
  }

  override render() {
    const lang = this.#lang.value ?? 'en'
    return html`<details class="panel" data-audit @toggle=${this.#toggle}>
      <summary><span class="panel-title">${t(lang, 'audit.title')}</span></summary>
      <div class="panel-body">
        <p class="hint muted">${t(lang, 'audit.hint')}
          <button type="button" class="link" data-audit-refresh ?disabled=${this.busy} @click=${() => void this.load()}>${t(lang, 'audit.refresh')}</button></p>
        ${this.#list(lang)}
        ${this.error ? html`<p class="notice error" role="alert">${this.error}</p>` : nothing}
      </div>
    </details>`
  }

  #list(lang: Lang) {
    const entries = this.entries
    if (entries === null) return this.busy ? html`<p class="muted" role="status">${t(lang, 'app.loading')}</p>` : nothing
    if (entries.length === 0) return html`<p class="muted">${t(lang, 'audit.empty')}</p>`
    const now = Date.now()
    return html`<div class="table-scroll"><table class="plain audit">
        <thead><tr>
          <th scope="col">${t(lang, 'audit.col.who')}</th><th scope="col">${t(lang, 'audit.col.field')}</th>
          <th scope="col">${t(lang, 'audit.col.change')}</th><th scope="col" class="numeric">${t(lang, 'audit.col.changes')}</th><th scope="col">${t(lang, 'audit.col.when')}</th>
        </tr></thead>
        <tbody>${entries.map((entry) => this.#row(entry, lang, now))}</tbody>
      </table></div>
      ${this.end
        ? html`<p class="muted hint">${t(lang, 'audit.end')}</p>`
        : html`<button type="button" data-audit-older ?disabled=${this.busy} @click=${() => void this.load(true)}>${t(lang, 'audit.older')}</button>`}`
  }

  #row(entry: AuditEntry, lang: Lang, now: number) {
    const who = entry.user ? (entry.user.name ?? entry.user.email ?? entry.user.id) : t(lang, 'audit.unknownUser')
    const span = entry.firstAt === entry.lastAt ? absoluteTime(entry.lastAt, lang) : t(lang, 'audit.span', { first: absoluteTime(entry.firstAt, lang), last: absoluteTime(entry.lastAt, lang) })
    const label = auditFieldLabel(entry.field, lang)
    const section = auditSection(entry.field, lang)
    return html`<tr data-audit-entry data-audit-field=${entry.field} data-audit-user=${entry.user?.name ?? ''}>
      <th scope="row" title=${entry.user?.email ?? ''}>${who}</th>
      <td>${label}${section && section !== label ? html`<span class="sub" data-audit-section>${section}</span>` : nothing}</td>
      <td class="audit__change">${auditChange(entry, lang)}</td>
      <td class="numeric">${entry.changes === 1 ? t(lang, 'audit.changes.one') : t(lang, 'audit.changes', { n: entry.changes.toLocaleString(localeOf(lang)) })}</td>
      <td><time datetime=${entry.lastAt} title=${span}>${relativeTime(entry.lastAt, lang, now)}</time>
        <span class="sub">${absoluteTime(entry.lastAt, lang)}</span></td>
    </tr>`
  }
}
customElements.define('ficha-audit-panel', AuditPanel)
