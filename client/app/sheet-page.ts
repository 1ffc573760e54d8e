import { ContextConsumer } from '@lit/context'
import { LitElement, html, nothing } from 'lit'
import type * as Y from 'yjs'
import { getField, sheetFields } from '../../shared/sheet/layout.js'
import '../audit/audit-panel.js'
import { apiContext, meContext, langContext } from '../context.js'
import { t } from '../i18n/app-messages.js'
import type { Lang } from '../i18n/lang.js'
import { AccessController } from '../members/access-controller.js'
import '../members/members-panel.js'
import { PRESENCE_USER, type PresenceState } from '../presence-state.js'
import '../presence/presence-bar.js'
import '../sheet/sheet-editor.js'
import { SheetSyncController } from '../sync/sheet-sync-controller.js'
import '../sync/sync-status.js'
import { SessionLostEvent } from './app-events.js'
import { FollowUpStore } from '../follow-up/follow-up-store.js'
import '../follow-up/thread-view.js'
import '../follow-up/findings-panel.js'
import '../versions/versions-panel.js'
import { t as tf } from '../i18n/follow-up-messages.js'

type Tab = 'sheet' | 'findings' | 'versions'

const EXPORTS = ['html', 'docx', 'csv', 'json'] as const
/** The formats that can append the follow-up (`followUp=0|1`); JSON and CSV are the sheet's data only. */
const FOLLOW_UP_FORMATS = new Set(['html', 'docx'])

/**
 * The page of one sheet: its identity (read live from the document), the sync status, who is
 * here, the exports, the members and the change history, and the editor — editable only when the
 * person's access allows it (read-only roles get a notice saying why). The page owns the sync
 * session and publishes the person's name and colour in the awareness; the editor publishes which
 * field they are in. A socket refused for lack of identity (4401) sends the person to sign in.
 */
export class SheetPage extends LitElement {
  static override properties = {
    programmeId: { attribute: false },
    tab: { state: true },
    exportFollowUp: { state: true },
  }
  declare programmeId: string
  declare tab: Tab
  /** Whether the HTML and Word exports hold the evaluations, findings, response and plan (default yes). */
  declare exportFollowUp: boolean
  /** Threads, evaluations, versions and members of this sheet, kept live by its event stream. */
  #followUp: FollowUpStore | null = null
  #sync: SheetSyncController | null = null
  readonly #lang = new ContextConsumer(this, { context: langContext, subscribe: true })
  readonly #me = new ContextConsumer(this, { context: meContext, subscribe: true })
  readonly #api = new ContextConsumer(this, { context: apiContext })
  // After the consumers: its first request needs the API client they resolve.
  readonly #access = new AccessController(this, () => ({ api: this.#api.value, userId: this.#me.value?.id, programmeId: this.programmeId }))
  #observedDoc: Y.Doc | null = null
  #publishedUser = ''

  constructor() {
    super()
    this.exportFollowUp = true
  }

  override createRenderRoot() {
    return this
  }

  override connectedCallback(): void {
    // The id is set before the element is attached (the router renders it with the property),
    // and the page is keyed by id, so the controller is made once with the right sheet.
    this.#sync ??= new SheetSyncController(this, this.programmeId, { onAccessChanged: () => void this.#access.refresh() })
    super.connectedCallback()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.#observe(null)
    this.#followUp?.disconnect()
    this.#followUp = null
  }

  #syncFollowUp(): void {
    const api = this.#api.value
    const me = this.#me.value
    if (!api || !me) return
    if (!this.#followUp || this.#followUp.meId !== me.id) {
      this.#followUp?.disconnect()
      this.#followUp = new FollowUpStore(api, this.programmeId, me.id)
    }
    const store = this.#followUp
    const access = this.#access.value
    const nextAccess = access.state === 'known' ? access.access : null
    const doc = this.#sync?.session?.doc ?? null
    const secretariat = me.role === 'admin' || me.role === 'secretariat'
    if (store.access !== nextAccess || store.doc !== doc || store.secretariat !== secretariat) {
      store.access = nextAccess
      store.doc = doc
      store.secretariat = secretariat
      queueMicrotask(() => store.emit())
    }
    // The stream needs the server: only once the access is confirmed (offline, nothing to follow).
    if (access.state === 'known' && !access.remembered) store.connect()
  }

  readonly #onFields = () => this.requestUpdate()

  #observe(doc: Y.Doc | null): void {
    if (doc === this.#observedDoc) return
    if (this.#observedDoc) sheetFields(this.#observedDoc).unobserve(this.#onFields)
    this.#observedDoc = doc
    if (doc) sheetFields(doc).observe(this.#onFields)
  }

  protected override willUpdate(): void {
    this.#syncFollowUp()
    const session = this.#sync?.session ?? null
    this.#observe(session?.doc ?? null)
    const me = this.#me.value
    if (session && me) {
      const user: PresenceState['user'] = { name: me.name, color: me.color }
      const key = `${session.doc.clientID}|${user.name}|${user.color}`
      if (key !== this.#publishedUser) {
        session.awareness.setLocalStateField(PRESENCE_USER, user)
        this.#publishedUser = key
      }
    }
    const title = session ? getField(session.doc, 'identity.title') : ''
    document.title = `${title || this.programmeId} — Ficha`
  }

  protected override updated(): void {
    if (this.#sync?.failure?.reason === 'unauthenticated') this.dispatchEvent(new SessionLostEvent())
  }

  /** Editing only with a confirmed (or remembered) `edit`: while unknown, the sheet stays read-only. */
  get #readOnly(): boolean {
    const access = this.#access.value
    return access.state !== 'known' || !access.access.edit
  }

  override render() {
    const lang = this.#lang.value ?? 'en'
    const sync = this.#sync
    const session = sync?.session
    if (!sync || !session) return html`<p class="muted">${t(lang, 'sheet.loading')}</p>`
    // A refused sheet has no content to show: only what happened, and the way back.
    if (sync.failure) {
      return html`<nav class="crumbs" aria-label="breadcrumb"><a href="/">${t(lang, 'list.title')}</a></nav>
        <h1 tabindex="-1"><code>${this.programmeId}</code></h1>
        ${this.#failure(sync.failure, lang)}`
    }
    const doc = session.doc
    const code = getField(doc, 'identity.code') || this.programmeId
    const country = getField(doc, 'identity.country')
    const title = getField(doc, 'identity.title')
    return html`<nav class="crumbs" aria-label="breadcrumb"><a href="/">${t(lang, 'list.title')}</a></nav>
      <header class="sheet-head">
        <div>
          <h1 tabindex="-1">${title || (sync.localLoaded || sync.status === 'online' ? t(lang, 'sheet.untitled') : '')}</h1>
          <div class="meta"><code>${code}</code>${country ? html` · ${country}` : nothing}</div>
        </div>
        <ficha-sync-status .status=${sync.status} .pending=${sync.pending}></ficha-sync-status>
      </header>
      ${this.#accessNotice(lang)}
      ${this.#workspace(lang)}`
  }

  #failure(failure: NonNullable<SheetSyncController['failure']>, lang: Lang) {
    return html`<div class="notice error" role="alert" data-sync-failure=${failure.reason}>
      <p>${t(lang, `sheet.failure.${failure.reason}`, { id: this.programmeId, code: failure.code })}</p>
      <p><a href="/">${t(lang, 'app.backToList')}</a></p>
    </div>`
  }

  #accessNotice(lang: Lang) {
    const access = this.#access.value
    if (access.state === 'checking') return nothing
    if (access.state === 'unknown') return html`<p class="notice warn" role="status" data-readonly-notice>${t(lang, 'sheet.accessFailed')}</p>`
    if (access.access.edit) return nothing
    const role = t(lang, `role.${access.access.role ?? 'viewer'}`)
    // Say what the role can do here, not only what it cannot: an evaluator comments and records findings.
    const key = access.access.comment && access.access.evaluate ? 'sheet.readonly.evaluator' : 'sheet.readonly'
    return html`<p class="notice warn readonly-notice" role="status" data-readonly-notice>${t(lang, key, { role })}</p>`
  }

  #panels() {
    const access = this.#access.value
    if (access.state !== 'known') return nothing
    return html`<div class="sheet-panels">
      <ficha-members-panel .programmeId=${this.programmeId} .canManage=${access.access.manageMembers}></ficha-members-panel>
      <ficha-audit-panel .programmeId=${this.programmeId}></ficha-audit-panel>
    </div>`
  }

  #workspace(lang: Lang) {
    const session = this.#sync!.session!
    const base = `/api/programmes/${encodeURIComponent(this.programmeId)}/export`
    const store = this.#followUp
    const tab = this.tab ?? 'sheet'
    const tabButton = (id: Tab, label: string) => html`<button type="button" role="tab" data-tab=${id} aria-selected=${String(tab === id)}
      @click=${() => (this.tab = id)}>${label}</button>`
    return html`<div class="toolbar">
        <ficha-presence-bar .awareness=${session.awareness}></ficha-presence-bar>
        <div class="exports" role="group" aria-label=${t(lang, 'sheet.exports')}>
          <span class="muted">${t(lang, 'sheet.exports')}:</span>
          ${EXPORTS.map(
            (format) => html`<a
              data-export=${format}
              href=${`${base}?format=${format}&lang=${lang}${FOLLOW_UP_FORMATS.has(format) ? `&followUp=${this.exportFollowUp ? 1 : 0}` : ''}`}
              target=${format === 'html' ? '_blank' : nothing}
              rel=${format === 'html' ? 'noopener' : nothing}
              ?download=${format !== 'html'}
              >${t(lang, `sheet.export.${format}`)}</a
            >`,
          )}
          <label class="export-follow-up" title=${t(lang, 'sheet.export.followUp.hint')}>
            <input type="checkbox" data-export-follow-up .checked=${this.exportFollowUp}
              @change=${(e: Event) => (this.exportFollowUp = (e.target as HTMLInputElement).checked)} />
            ${t(lang, 'sheet.export.followUp')}
          </label>
          <button type="button" @click=${() => print()}>${t(lang, 'sheet.print')}</button>
        </div>
      </div>
      ${this.#panels()}
      <div class="sheet-tabs" role="tablist" aria-label=${tf(lang, 'tabs.label')}>
        ${tabButton('sheet', tf(lang, 'tabs.sheet'))}${tabButton('findings', tf(lang, 'tabs.findings'))}${tabButton('versions', tf(lang, 'tabs.versions'))}
      </div>
      <div class="sheet-with-threads" ?hidden=${tab !== 'sheet'}>
        <ficha-sheet-editor .doc=${session.doc} .awareness=${session.awareness} .lang=${lang} .readOnly=${this.#readOnly} .followUp=${store}></ficha-sheet-editor>
        ${store ? html`<ficha-threads-panel .store=${store} .lang=${lang}></ficha-threads-panel>` : nothing}
      </div>
      ${store && tab === 'findings' ? html`<ficha-findings-panel .store=${store} .lang=${lang}></ficha-findings-panel>` : nothing}
      ${store && tab === 'versions' ? html`<ficha-versions-panel .store=${store} .lang=${lang}></ficha-versions-panel>` : nothing}`
  }
}
customElements.define('ficha-sheet-page', SheetPage)
