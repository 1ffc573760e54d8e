import { ContextConsumer } from '@lit/context'
import { LitElement, html, nothing } from 'lit'
import { createToken, listTokens, revokeToken, type TokenJson } from '../api/auth-api.js'
import { errorText } from '../api/error-text.js'
import { ServerList } from '../api/server-list.js'
import { apiContext, langContext } from '../context.js'
import { t } from '../i18n/app-messages.js'
import type { Lang } from '../i18n/lang.js'
import { absoluteTime, relativeTime } from '../i18n/time.js'
import { copySecret } from './copy-secret.js'
import { confirmDialog } from '../app/confirm-dialog.js'

/**
 * The person's API tokens: the list (revoked ones stay listed, marked), a form to create one —
 * its secret shown once with a copy button — and revoking.
 */
export class TokensPanel extends LitElement {
  static override properties = {
    created: { state: true },
  }
  declare created: { name: string; token: string } | null
  readonly #lang = new ContextConsumer(this, { context: langContext, subscribe: true })
  readonly #api = new ContextConsumer(this, { context: apiContext })
  readonly #tokens = new ServerList<TokenJson>(this, {
    load: () => listTokens(this.#api.value!),
    errorText: (error) => t(this.#lang.value ?? 'en', 'tokens.failed', { message: errorText(this.#lang.value ?? 'en', error) }),
  })

  constructor() {
    super()
    this.created = null
  }

  override createRenderRoot() {
    return this
  }

  readonly #create = async (event: SubmitEvent) => {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const name = String(new FormData(form).get('name') ?? '').trim()
    if (!name) return
    const done = await this.#tokens.change(async () => {
      const token = await createToken(this.#api.value!, name)
      this.created = { name: token.name, token: token.token }
    })
    if (done) form.reset()
  }

  async #revoke(token: TokenJson): Promise<void> {
    const lang = this.#lang.value ?? 'en'
    if (!(await confirmDialog(lang, { message: t(lang, 'tokens.revokeConfirm', { name: token.name }), confirm: t(lang, 'tokens.revoke'), danger: true }))) return
    void this.#tokens.change(async () => {
      await revokeToken(this.#api.value!, token.id)
      if (this.created?.name === token.name) this.created = null
    })
  }

  override render() {
    const lang = this.#lang.value ?? 'en'
    return html`<section class="card" data-tokens aria-labelledby="ficha-tokens-title">
      <h2 id="ficha-tokens-title">${t(lang, 'tokens.title')}</h2>
      <p class="hint muted">${t(lang, 'tokens.hint')}</p>
      ${this.#table(lang)}
      <form class="inline-form" @submit=${this.#create}>
        <div class="field">
          <label for="ficha-token-name">${t(lang, 'tokens.name')}</label>
          <input id="ficha-token-name" name="name" required maxlength="100" autocomplete="off" />
        </div>
        <button type="submit" ?disabled=${this.#tokens.busy}>${t(lang, 'tokens.create')}</button>
      </form>
      ${this.created
        ? html`<div class="notice ok" role="status">
            <p>${t(lang, 'tokens.created', { name: this.created.name })}</p>
            ${copySecret(this.created.token, t(lang, 'tokens.secret'), lang)}
          </div>`
        : nothing}
      ${this.#tokens.error ? html`<p class="notice error" role="alert">${this.#tokens.error}</p>` : nothing}
    </section>`
  }

  #table(lang: Lang) {
    const tokens = this.#tokens.items
    if (tokens === null) return html`<p class="muted">${t(lang, 'app.loading')}</p>`
    if (tokens.length === 0) return html`<p class="muted">${t(lang, 'tokens.empty')}</p>`
    const when = (iso: string | null) => (iso ? html`<time datetime=${iso} title=${absoluteTime(iso, lang)}>${relativeTime(iso, lang)}</time>` : t(lang, 'tokens.never'))
    return html`<div class="table-scroll"><table class="plain">
      <thead><tr>
        <th scope="col">${t(lang, 'tokens.col.name')}</th><th scope="col">${t(lang, 'tokens.col.created')}</th>
        <th scope="col">${t(lang, 'tokens.col.lastUsed')}</th><th scope="col">${t(lang, 'tokens.col.status')}</th><th scope="col"><span class="visually-hidden">${t(lang, 'members.col.actions')}</span></th>
      </tr></thead>
      <tbody>${tokens.map(
        (token) => html`<tr data-token=${token.id} class=${token.revoked ? 'revoked' : ''}>
          <th scope="row">${token.name}</th><td>${when(token.createdAt)}</td><td>${when(token.lastUsedAt)}</td>
          <td>${t(lang, token.revoked ? 'tokens.revoked' : 'tokens.active')}</td>
          <td>${token.revoked ? nothing : html`<button type="button" aria-label=${t(lang, 'tokens.revokeLabel', { name: token.name })} ?disabled=${this.#tokens.busy} @click=${() => this.#revoke(token)}>${t(lang, 'tokens.revoke')}</button>`}</td>
        </tr>`,
      )}</tbody>
    </table></div>`
  }
}
customElements.define('ficha-tokens-panel', TokensPanel)
