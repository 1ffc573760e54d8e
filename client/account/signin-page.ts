import { ContextConsumer } from '@lit/context'
import { LitElement, html, nothing } from 'lit'
import { signIn } from '../api/auth-api.js'
import { errorText } from '../api/error-text.js'
import { SignedInEvent } from '../app/app-events.js'
import { apiContext, langContext } from '../context.js'
import { t } from '../i18n/app-messages.js'

/**
 * `/signin`: email and password → `POST /api/auth/login`. The shell hears {@link SignedInEvent}
 * and returns to where the person was going (`?next=`). Errors stay beside the form, in the
 * interface language; the password is cleared after a failure, the email kept.
 */
export class SigninPage extends LitElement {
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

  override connectedCallback(): void {
    super.connectedCallback()
    document.title = 'Ficha'
  }

  readonly #submit = async (event: SubmitEvent) => {
    event.preventDefault()
    const lang = this.#lang.value ?? 'en'
    const form = event.currentTarget as HTMLFormElement
    const data = new FormData(form)
    const email = String(data.get('email') ?? '').trim()
    const password = String(data.get('password') ?? '')
    if (!email || !password) {
      this.error = t(lang, 'signin.missing')
      return
    }
    this.busy = true
    this.error = ''
    try {
      const session = await signIn(this.#api.value!, email, password)
      this.dispatchEvent(new SignedInEvent(session))
    } catch (error) {
      this.error = errorText(lang, error, { invalid_credentials: 'signin.wrong' })
      const input = form.elements.namedItem('password') as HTMLInputElement | null
      if (input) {
        input.value = ''
        input.focus()
      }
    } finally {
      this.busy = false
    }
  }

  override render() {
    const lang = this.#lang.value ?? 'en'
    const needed = new URLSearchParams(location.search).has('next')
    return html`<div class="auth-page">
      <form class="card" data-signin aria-labelledby="ficha-signin-title" @submit=${this.#submit} novalidate>
        <h1 id="ficha-signin-title" tabindex="-1">${t(lang, 'signin.title')}</h1>
        <p class="muted">${needed ? t(lang, 'signin.needed') : t(lang, 'signin.intro')}</p>
        <div class="field">
          <label for="ficha-signin-email">${t(lang, 'signin.email')}</label>
          <input id="ficha-signin-email" name="email" type="email" autocomplete="username" required autofocus
            aria-describedby=${this.error ? 'ficha-signin-error' : nothing} />
        </div>
        <div class="field">
          <label for="ficha-signin-password">${t(lang, 'signin.password')}</label>
          <input id="ficha-signin-password" name="password" type="password" autocomplete="current-password" required
            aria-describedby=${this.error ? 'ficha-signin-error' : nothing} />
        </div>
        ${this.error ? html`<p class="notice error" role="alert" id="ficha-signin-error" data-signin-error>${this.error}</p>` : nothing}
        <button type="submit" class="primary" ?disabled=${this.busy}>${this.busy ? t(lang, 'signin.busy') : t(lang, 'signin.submit')}</button>
        <p class="hint muted">${t(lang, 'signin.help')}</p>
      </form>
    </div>`
  }
}
customElements.define('ficha-signin-page', SigninPage)
