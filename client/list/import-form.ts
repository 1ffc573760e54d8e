import { importNoteText, isImportNoteReason, type ImportNote } from '../../shared/import-notes.js'
import { ContextConsumer } from '@lit/context'
import { LitElement, html, nothing } from 'lit'
import { focusLabel } from '../presence/focus-label.js'
import { sheetPath } from '../app/router.js'
import { apiContext, langContext } from '../context.js'
import { errorText } from '../api/error-text.js'
import { t } from '../i18n/app-messages.js'
import { localeOf, type Lang } from '../i18n/lang.js'
import { uploadImport, type ImportResult } from './programmes-api.js'
import { requiredLegend, requiredMark } from '../app/required.js'

/** An import finished; the list refreshes to show the new or updated sheet. */
export class ImportedEvent extends Event {
  static readonly type = 'ficha-imported'
  constructor(readonly result: ImportResult) {
    super(ImportedEvent.type, { bubbles: true, composed: true })
  }
}
declare global {
  interface HTMLElementEventMap {
    'ficha-imported': ImportedEvent
  }
}

type Upload = { state: 'idle' } | { state: 'uploading'; fraction: number | null } | { state: 'done'; result: ImportResult } | { state: 'failed'; message: string }

/**
 * "Import a file": a fact sheet file plus the identity the Word template lacks, uploaded to
 * `POST /api/import` with a progress bar; then the import report and a link to the sheet.
 */
export class ImportForm extends LitElement {
  static override properties = {
    upload: { state: true },
    editable: { attribute: false },
  }
  declare upload: Upload
  /**
   * Null for the secretariat, who may create any sheet; else the codes of the sheets this
   * person may change, the only ones an import of theirs can update (the server enforces it).
   */
  declare editable: string[] | null
  readonly #lang = new ContextConsumer(this, { context: langContext, subscribe: true })
  readonly #api = new ContextConsumer(this, { context: apiContext })

  constructor() {
    super()
    this.upload = { state: 'idle' }
    this.editable = null
  }

  override createRenderRoot() {
    return this
  }

  readonly #submit = async (event: SubmitEvent) => {
    event.preventDefault()
    const lang = this.#lang.value ?? 'en'
    const form = event.currentTarget as HTMLFormElement
    const data = new FormData(form)
    const file = data.get('file')
    if (!(file instanceof File) || file.size === 0) {
      this.upload = { state: 'failed', message: t(lang, 'import.noFile') }
      return
    }
    // Empty identity fields are left out so the server falls back to what the file says.
    for (const key of ['code', 'title', 'country']) if (String(data.get(key) ?? '').trim() === '') data.delete(key)
    this.upload = { state: 'uploading', fraction: 0 }
    try {
      const result = await uploadImport(this.#api.value!, data, (fraction) => (this.upload = { state: 'uploading', fraction }))
      this.upload = { state: 'done', result }
      form.reset()
      this.dispatchEvent(new ImportedEvent(result))
    } catch (error) {
      this.upload = { state: 'failed', message: t(lang, 'import.failed', { message: errorText(lang, error, { network: 'import.network' }) }) }
    }
  }

  override render() {
    const lang = this.#lang.value ?? 'en'
    const busy = this.upload.state === 'uploading'
    return html`<form class="card" data-import aria-labelledby="ficha-import-title" @submit=${this.#submit}>
      <h2 id="ficha-import-title">${t(lang, 'import.title')}</h2>
      ${requiredLegend(lang)}
      <div class="field wide">
        <label for="ficha-import-file">${t(lang, 'import.file')} ${requiredMark}</label>
        <input id="ficha-import-file" name="file" type="file" accept=".txt,.htm,.html,.json,text/plain,text/html,application/json" required />
      </div>
      ${this.editable ? this.#updateOnly(lang, this.editable) : this.#identity(lang)}
      <button type="submit" ?disabled=${busy}>${busy ? t(lang, 'import.busy') : t(lang, 'import.submit')}</button>
      ${this.#status(lang)}
    </form>`
  }

  /** The secretariat's identity fields: what a Word sheet saved as text lacks to be created. */
  #identity(lang: Lang) {
    return html`<p class="hint muted" id="ficha-import-hint">${t(lang, 'import.hint')}</p>
      <div class="field">
        <label for="ficha-import-code">${t(lang, 'create.code')}</label>
        <input id="ficha-import-code" name="code" maxlength="64" autocomplete="off" spellcheck="false" aria-describedby="ficha-import-hint" />
      </div>
      <div class="field wide">
        <label for="ficha-import-title-field">${t(lang, 'create.titleField')}</label>
        <input id="ficha-import-title-field" name="title" maxlength="500" />
      </div>
      <div class="field">
        <label for="ficha-import-country">${t(lang, 'create.country')}</label>
        <input id="ficha-import-country" name="country" maxlength="100" />
      </div>`
  }

  /** Someone who edits some sheets: the file updates one of them, chosen before sending. */
  #updateOnly(lang: Lang, codes: string[]) {
    return html`<p class="hint muted" id="ficha-import-hint" data-import-update-only>${t(lang, 'import.updateOnly')}</p>
      <div class="field">
        <label for="ficha-import-code">${t(lang, 'import.sheet')} ${requiredMark}</label>
        <select id="ficha-import-code" name="code" required aria-describedby="ficha-import-hint">
          ${codes.length === 1 ? nothing : html`<option value="">${t(lang, 'import.chooseSheet')}</option>`}
          ${codes.map((code) => html`<option value=${code}>${code}</option>`)}
        </select>
      </div>`
  }

  #status(lang: Lang) {
    const upload = this.upload
    switch (upload.state) {
      case 'idle':
        return nothing
      case 'uploading': {
        // Once every byte is sent the server still parses and stores: say so instead of a stuck 100 %.
        const sent = upload.fraction !== null && upload.fraction >= 1
        return html`<div class="upload" role="status">
          <label for="ficha-import-progress">${sent ? t(lang, 'import.processing') : t(lang, 'import.progress')}</label>
          ${upload.fraction === null || sent
            ? html`<progress id="ficha-import-progress"></progress>`
            : html`<progress id="ficha-import-progress" max="1" .value=${upload.fraction}></progress>`}
        </div>`
      }
      case 'failed':
        return html`<p class="notice error" role="alert">${upload.message}</p>`
      case 'done':
        return this.#report(upload.result, lang)
    }
  }

  #report(result: ImportResult, lang: Lang) {
    const { report } = result
    const n = (value: number) => value.toLocaleString(localeOf(lang))
    return html`<div class="notice ok import-report" role="status">
      <p><strong>${t(lang, result.created ? 'import.created' : 'import.updated', { id: result.programmeId })}</strong>
        <a href=${sheetPath(result.programmeId)}>${t(lang, 'import.open')}</a></p>
      <details>
        <summary>${t(lang, 'import.mapped', { n: n(report.mapped.length) })}</summary>
        <ul class="mapped">${report.mapped.map((field) => html`<li>${focusLabel(field, lang)}</li>`)}</ul>
      </details>
      ${report.notes.length > 0
        ? html`<details><summary>${t(lang, 'import.notes')} (${n(report.notes.length)})</summary><ul>${report.notes.map((note) => html`<li data-import-note=${note.reason}>${noteText(note, lang)}</li>`)}</ul></details>`
        : nothing}
      ${report.unmapped.length > 0
        ? html`<details>
            <summary>${t(lang, 'import.unmapped', { n: n(report.unmapped.length) })}</summary>
            <dl class="unmapped">${report.unmapped.map((item) => html`<dt>${item.where}</dt><dd>${item.text}</dd>`)}</dl>
          </details>`
        : nothing}
    </div>`
  }
}
customElements.define('ficha-import-form', ImportForm)

/** A note of the import in the interface language; one from a newer server, as it came. */
function noteText(note: ImportNote, lang: Lang): string {
  if (!isImportNoteReason(note.reason)) return note.message
  const where = typeof note.params['where'] === 'string' ? focusLabel(note.params['where'], lang) : note.params['where']
  return importNoteText(lang, note.reason, { ...note.params, ...(where !== undefined ? { where } : {}) })
}
