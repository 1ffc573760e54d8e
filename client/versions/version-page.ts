import { ContextConsumer } from '@lit/context'
import { LitElement, html, nothing } from 'lit'
import * as Y from 'yjs'
import { SHEET_SECTIONS, sectionDef } from '../../shared/sheet/schema.js'
import { errorText } from '../api/error-text.js'
import { navigate, sheetPath } from '../app/router.js'
import { apiContext, langContext, meContext } from '../context.js'
import { snapshotApi, type SnapshotJson } from '../follow-up/follow-up-api.js'
import { t } from '../i18n/follow-up-messages.js'
import type { Lang } from '../i18n/lang.js'
import { absoluteTime } from '../i18n/time.js'
import '../sheet/sheet-editor.js'
import { comparePath, versionLabel } from './versions-panel.js'
import { confirmDialog } from '../app/confirm-dialog.js'

/**
 * `/programmes/:id/versions/:snapshotId`: one frozen version in the same editor view, read-only:
 * the stored document state applied to a fresh `Y.Doc`, no provider. The secretariat restores it,
 * whole or by sections, as a new change of the live sheet.
 */
export class VersionPage extends LitElement {
  static override properties = {
    programmeId: { attribute: false },
    snapshotId: { attribute: false },
    snapshot: { state: true },
    doc: { state: true },
    error: { state: true },
    message: { state: true },
    busy: { state: true },
  }
  declare programmeId: string
  declare snapshotId: string
  declare snapshot: SnapshotJson | null
  declare doc: Y.Doc | null
  declare error: string
  declare message: string
  declare busy: boolean
  readonly #lang = new ContextConsumer(this, { context: langContext, subscribe: true })
  readonly #me = new ContextConsumer(this, { context: meContext, subscribe: true })
  readonly #api = new ContextConsumer(this, { context: apiContext })

  constructor() {
    super()
    this.snapshot = null
    this.doc = null
    this.error = ''
    this.message = ''
    this.busy = false
  }

  override createRenderRoot() {
    return this
  }

  override connectedCallback(): void {
    super.connectedCallback()
    void this.#load()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.doc?.destroy()
  }

  async #load() {
    const lang = this.#lang.value ?? 'en'
    try {
      const snapshot = await snapshotApi(this.#api.value!).read(this.snapshotId)
      const doc = new Y.Doc()
      Y.applyUpdate(doc, Uint8Array.from(atob(snapshot.state), (c) => c.charCodeAt(0)))
      this.snapshot = snapshot
      this.doc = doc
    } catch (error) {
      this.error = t(lang, 'version.loadFailed', { message: errorText(lang, error) })
    }
  }

  async #restore(sections: string[] | null) {
    const lang = this.#lang.value ?? 'en'
    const snapshot = this.snapshot
    if (!snapshot) return
    const what = sections ? sections.map((id) => sectionDef(id)?.label[lang] ?? id).join(', ') : t(lang, 'version.restoreWhole')
    const question = { message: t(lang, 'version.restoreConfirm', { what, label: versionLabel(snapshot, lang) }), confirm: t(lang, 'version.restore'), title: t(lang, 'version.restoreTitle') }
    if (!(await confirmDialog(lang, { ...question, danger: true }))) return
    this.busy = true
    this.error = ''
    try {
      await snapshotApi(this.#api.value!).restore(snapshot.id, sections ?? undefined)
      this.message = t(lang, 'version.restored')
    } catch (error) {
      this.error = t(lang, 'versions.failed', { message: errorText(lang, error) })
    } finally {
      this.busy = false
    }
  }

  #restoreForm(lang: Lang) {
    const chosen = () => [...this.querySelectorAll<HTMLInputElement>('input[name=section]:checked')].map((i) => i.value)
    return html`<details class="panel" data-restore>
      <summary><span class="panel-title">${t(lang, 'version.restore')}</span></summary>
      <div class="panel-body">
        <p class="hint muted">${t(lang, 'version.restoreHint')}</p>
        <button type="button" class="primary" data-restore-all ?disabled=${this.busy} @click=${() => void this.#restore(null)}>${t(lang, 'version.restoreAll')}</button>
        <fieldset class="restore-sections">
          ${SHEET_SECTIONS.filter((s) => !('view' in s)).map((s) => html`<label><input type="checkbox" name="section" value=${s.id} /> ${s.label[lang]}</label>`)}
        </fieldset>
        <button type="button" data-restore-sections ?disabled=${this.busy} @click=${() => {
          const sections = chosen()
          if (sections.length > 0) void this.#restore(sections)
        }}>${t(lang, 'version.restoreSections')}</button>
      </div>
    </details>`
  }

  override render() {
    const lang = this.#lang.value ?? 'en'
    const snapshot = this.snapshot
    const me = this.#me.value
    const secretariat = me?.role === 'admin' || me?.role === 'secretariat'
    return html`<nav class="crumbs" aria-label="breadcrumb"><a href="/">Ficha</a> › <a href=${sheetPath(this.programmeId)}>${this.programmeId}</a></nav>
      ${snapshot
        ? html`<header class="sheet-head version-head" data-version=${snapshot.id}>
              <div>
                <h1 tabindex="-1">${t(lang, 'version.title', { label: versionLabel(snapshot, lang), code: this.programmeId })}</h1>
                <p class="notice warn" data-version-readonly>${t(lang, 'version.readonly', { when: absoluteTime(snapshot.createdAt, lang, 'second') })}</p>
                ${snapshot.note ? html`<p class="muted">${snapshot.note}</p>` : nothing}
              </div>
              <div class="version-tools">
                <a class="ficha-button" href=${sheetPath(this.programmeId)}>${t(lang, 'version.back')}</a>
                <button type="button" data-compare-now @click=${() => navigate(comparePath(this.programmeId, snapshot.id, 'now'))}>${t(lang, 'versions.compareNow')}</button>
              </div>
            </header>
            ${secretariat ? this.#restoreForm(lang) : nothing}
            ${this.message ? html`<p class="notice ok" role="status" data-restored>${this.message}</p>` : nothing}`
        : html`<h1 tabindex="-1"><code>${this.programmeId}</code></h1>`}
      ${this.error ? html`<p class="notice error" role="alert">${this.error}</p>` : nothing}
      ${this.doc ? html`<ficha-sheet-editor .doc=${this.doc} .lang=${lang} .readOnly=${true}></ficha-sheet-editor>` : this.error ? nothing : html`<p class="muted">…</p>`}`
  }
}
customElements.define('ficha-version-page', VersionPage)
