import { ContextConsumer } from '@lit/context'
import { LitElement, html, nothing } from 'lit'
import { changePassword } from '../api/auth-api.js'
import { errorText } from '../api/error-text.js'
import { apiContext, langContext, meContext } from '../context.js'
import { t } from '../i18n/app-messages.js'
import './tokens-panel.js'
import { requiredLegend, requiredMark } from '../app/required.js'

/** The server's rule (server/auth/password.ts): checked here first so that the person hears it at once. */
const MIN_PASSWORD = 10

/**
 * `/account`: who is signed in, changing the password (the server then ends the person's other
 * sessions), and the personal API tokens.
 */
export class AccountPage extends LitElement {
  static override properties = {
    busy: { state: true },
    message: { state: true },
  }
  declare busy: boolean
  declare message: { ok: boolean; text: string } | null
  readonly #lang = new ContextConsumer(this, { context: langContext, subscribe: true })
  readonly #me = new ContextConsumer(this, { context: meContext, subscribe: true })
  readonly #api = new ContextConsumer(this, { context: apiContext })

  constructor() {
    super()
    this.busy = false
    this.message = null
  }

  override createRenderRoot() {
    return this
  }

  override connectedCallback(): void {
    super.connectedCallback()
    document.title = 'Ficha'
  }

  readonly #submit = async (event: SubmitEvent) => {
    event.preventDefault()
    const lang = this.#lang.value ?? 'en'
    const form = event.currentTarget as HTMLFormElement
    const data = new FormData(form)
    const current = String(data.get('currentPassword') ?? '')
    const next = String(data.get('newPassword') ?? '')
    if (next.length < MIN_PASSWORD) return void (this.message = { ok: false, text: t(lang, 'password.short') })
    if (next !== String(data.get('confirmPassword') ?? '')) return void (this.message = { ok: false, text: t(lang, 'password.mismatch') })
    this.busy = true
    this.message = null
    try {
      await changePassword(this.#api.value!, current, next)
      form.reset()
      this.message = { ok: true, text: t(lang, 'password.done') }
    } catch (error) {
      this.message = { ok: false, text: errorText(lang, error, { invalid_credentials: 'password.wrong' }) }
    } finally {
      this.busy = false
    }
  }

  override render() {
    const lang = this.#lang.value ?? 'en'
    const me = this.#me.value
    if (!me) return nothing
    const message = this.message
    return html`<div data-account>
      <nav class="crumbs" aria-label="breadcrumb"><a href="/">${t(lang, 'list.title')}</a></nav>
      <h1 tabindex="-1">${t(lang, 'account.title')}</h1>
      <dl class="profile">
        <dt>${t(lang, 'account.name')}</dt><dd>${me.name}</dd>
        <dt>${t(lang, 'account.email')}</dt><dd>${me.email}</dd>
        <dt>${t(lang, 'account.role')}</dt><dd>${me.role ? t(lang, `role.${me.role}`) : t(lang, 'role.none')}</dd>
      </dl>
      <div class="account-layout">
        <form class="card" data-password aria-labelledby="ficha-password-title" @submit=${this.#submit}>
          <h2 id="ficha-password-title">${t(lang, 'password.title')}</h2>
          ${requiredLegend(lang)}
          <div class="field">
            <label for="ficha-password-current">${t(lang, 'password.current')} ${requiredMark}</label>
            <input id="ficha-password-current" name="currentPassword" type="password" autocomplete="current-password" required />
          </div>
          <div class="field">
            <label for="ficha-password-new">${t(lang, 'password.new')} ${requiredMark}</label>
            <input id="ficha-password-new" name="newPassword" type="password" autocomplete="new-password" required minlength=${MIN_PASSWORD}
              aria-describedby="ficha-password-hint" />
          </div>
          <div class="field">
            <label for="ficha-password-confirm">${t(lang, 'password.confirm')} ${requiredMark}</label>
            <input id="ficha-password-confirm" name="confirmPassword" type="password" autocomplete="new-password" required minlength=${MIN_PASSWORD} />
          </div>
          <p class="hint muted" id="ficha-password-hint">${t(lang, 'password.hint')}</p>
          ${message ? html`<p class="notice ${message.ok ? 'ok' : 'error'}" role=${message.ok ? 'status' : 'alert'}>${message.text}</p>` : nothing}
          <button type="submit" class="primary" ?disabled=${this.busy}>${this.busy ? t(lang, 'password.busy') : t(lang, 'password.submit')}</button>
        </form>
        <ficha-tokens-panel></ficha-tokens-panel>
      </div>
    </div>`
  }
}
customElements.define('ficha-account-page', AccountPage)
