import { ContextConsumer } from '@lit/context'
import { LitElement, html, nothing } from 'lit'
import { LANGUAGE_OPTIONS, WINDOW_OPTIONS } from '../../shared/sheet/options.js'
import { navigate, sheetPath } from '../app/router.js'
import { apiContext, langContext } from '../context.js'
import { errorText } from '../api/error-text.js'
import { t } from '../i18n/app-messages.js'
import { createProgramme } from './programmes-api.js'
import { requiredLegend, requiredMark } from '../app/required.js'

/**
 * "New sheet": code, title, country, window and the sheet's language → `POST /api/programmes`,
 * then opens the new sheet. A 409 (code taken) or 422 (invalid) shows the server's message next
 * to the form, which keeps what was typed.
 */
export class NewSheetForm extends LitElement {
  static override properties = {
    busy: { state: true },
    error: { state: true },
  }
  declare busy: boolean
  declare error: string
  readonly #lang = new ContextConsumer(this, { context: langContext, subscribe: true })
  readonly #api = new ContextConsumer(this, { context: apiContext })

  constructor() {
    super()
    this.busy = false
    this.error = ''
  }

  override createRenderRoot() {
    return this
  }

  readonly #submit = async (event: SubmitEvent) => {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const data = new FormData(form)
    const text = (key: string) => String(data.get(key) ?? '').trim()
    this.busy = true
    this.error = ''
    try {
      const programme = await createProgramme(this.#api.value!, {
        code: text('code'),
        title: text('title'),
        country: text('country'),
        ...(text('window') ? { window: text('window') } : {}),
        ...(text('language') ? { language: text('language') } : {}),
      })
      form.reset()
      navigate(sheetPath(programme.id))
    } catch (error) {
      const lang = this.#lang.value ?? 'en'
      this.error = t(lang, 'create.failed', { message: errorText(lang, error) })
    } finally {
      this.busy = false
    }
  }

  override render() {
    const lang = this.#lang.value ?? 'en'
    const sheetLang = lang
    return html`<form class="card" data-new-sheet aria-labelledby="ficha-new-sheet-title" @submit=${this.#submit}>
      <h2 id="ficha-new-sheet-title">${t(lang, 'create.title')}</h2>
      ${requiredLegend(lang)}
      <div class="field">
        <label for="ficha-new-code">${t(lang, 'create.code')} ${requiredMark}</label>
        <input id="ficha-new-code" name="code" required maxlength="64" pattern="[A-Za-z0-9][A-Za-z0-9._\\-]{0,63}"
          aria-describedby="ficha-new-code-hint" autocomplete="off" spellcheck="false" />
        <span id="ficha-new-code-hint" class="hint muted">${t(lang, 'create.code.hint')}</span>
      </div>
      <div class="field wide">
        <label for="ficha-new-title">${t(lang, 'create.titleField')} ${requiredMark}</label>
        <input id="ficha-new-title" name="title" required maxlength="500" />
      </div>
      <div class="field">
        <label for="ficha-new-country">${t(lang, 'create.country')} ${requiredMark}</label>
        <input id="ficha-new-country" name="country" required maxlength="100" autocomplete="country-name" />
      </div>
      <div class="field">
        <label for="ficha-new-window">${t(lang, 'create.window')}</label>
        <select id="ficha-new-window" name="window">
          <option value="">${t(lang, 'create.none')}</option>
          ${WINDOW_OPTIONS.map((option) => html`<option value=${option.code}>${option.label[lang]}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="ficha-new-language">${t(lang, 'create.language')}</label>
        <select id="ficha-new-language" name="language">
          ${LANGUAGE_OPTIONS.map((option) => html`<option value=${option.code} ?selected=${option.code === sheetLang}>${option.label[lang]}</option>`)}
        </select>
      </div>
      ${this.error ? html`<p class="notice error" role="alert">${this.error}</p>` : nothing}
      <button type="submit" class="primary" ?disabled=${this.busy}>${this.busy ? t(lang, 'create.busy') : t(lang, 'create.submit')}</button>
    </form>`
  }
}
customElements.define('ficha-new-sheet-form', NewSheetForm)
