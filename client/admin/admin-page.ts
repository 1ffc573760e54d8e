import { ContextConsumer } from '@lit/context'
import { LitElement, html, nothing } from 'lit'
import { GLOBAL_ROLES, type GlobalRole } from '../../shared/roles.js'
import { copySecret } from '../account/copy-secret.js'
import type { UserJson } from '../api/auth-api.js'
import { errorText } from '../api/error-text.js'
import { ServerList } from '../api/server-list.js'
import { apiContext, langContext, meContext } from '../context.js'
import { t } from '../i18n/app-messages.js'
import { localeOf, type Lang } from '../i18n/lang.js'
import { createUser, listUsers, resetPassword, setUserDisabled } from './users-api.js'
import { requiredLegend, requiredMark } from '../app/required.js'
import { confirmDialog } from '../app/confirm-dialog.js'

/**
 * `/admin` (admins only): every account, creating one (its generated password shown once),
 * disabling and enabling, resetting a password (not one's own: that is "My account", and
 * disabling oneself would lock the admin out). Programme roles are given in each sheet's
 * members panel, not here.
 */
export class AdminPage extends LitElement {
  static override properties = {
    secret: { state: true },
  }
  /** A password just generated, with whose it is. */
  declare secret: { email: string; password: string } | null
  readonly #lang = new ContextConsumer(this, { context: langContext, subscribe: true })
  readonly #me = new ContextConsumer(this, { context: meContext, subscribe: true })
  readonly #api = new ContextConsumer(this, { context: apiContext })
  readonly #users = new ServerList<UserJson>(this, {
    load: () => listUsers(this.#api.value!),
    loadOnConnect: () => this.#me.value?.role === 'admin',
    errorText: (error, during) => {
      const lang = this.#lang.value ?? 'en'
      return during === 'load'
        ? t(lang, 'admin.loadFailed', { message: errorText(lang, error) })
        : t(lang, 'admin.failed', { message: errorText(lang, error, { conflict: 'admin.exists' }) })
    },
  })

  constructor() {
    super()
    this.secret = null
  }

  override createRenderRoot() {
    return this
  }

  override connectedCallback(): void {
    super.connectedCallback()
    document.title = 'Ficha'
  }

  readonly #create = async (event: SubmitEvent) => {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const data = new FormData(form)
    const role = String(data.get('role') ?? '')
    const draft = {
      email: String(data.get('email') ?? '').trim(),
      name: String(data.get('name') ?? '').trim(),
      role: (GLOBAL_ROLES as readonly string[]).includes(role) ? (role as GlobalRole) : null,
    }
    const done = await this.#users.change(async () => {
      const { user, password } = await createUser(this.#api.value!, draft)
      this.secret = { email: user.email, password }
    })
    if (done) form.reset()
  }

  async #reset(user: UserJson): Promise<void> {
    const lang = this.#lang.value ?? 'en'
    if (!(await confirmDialog(lang, { message: t(lang, 'admin.resetConfirm', { email: user.email }), confirm: t(lang, 'admin.reset'), danger: true }))) return
    void this.#users.change(async () => {
      const { password } = await resetPassword(this.#api.value!, user.id)
      this.secret = { email: user.email, password }
    })
  }

  override render() {
    const lang = this.#lang.value ?? 'en'
    if (this.#me.value?.role !== 'admin') {
      return html`<h1 tabindex="-1">${t(lang, 'admin.title')}</h1><p class="notice warn">${t(lang, 'admin.only')}</p>`
    }
    return html`<div data-admin>
      <nav class="crumbs" aria-label="breadcrumb"><a href="/">${t(lang, 'list.title')}</a></nav>
      <h1 tabindex="-1">${t(lang, 'admin.title')}</h1>
      ${this.secret
        ? html`<div class="notice ok" role="status">
            <p>${t(lang, 'admin.password', { email: this.secret.email })}</p>
            ${copySecret(this.secret.password, t(lang, 'admin.password', { email: this.secret.email }), lang)}
          </div>`
        : nothing}
      ${this.#users.error ? html`<p class="notice error" role="alert">${this.#users.error}</p>` : nothing}
      ${this.#table(lang)}
      ${this.#form(lang)}
    </div>`
  }

  #table(lang: Lang) {
    const users = this.#users.items
    if (users === null) return html`<p class="muted">${t(lang, 'app.loading')}</p>`
    const myId = this.#me.value?.id
    return html`<p class="muted">${t(lang, 'admin.count', { n: users.length.toLocaleString(localeOf(lang)) })}</p>
      <div class="table-scroll"><table class="plain">
        <thead><tr>
          <th scope="col">${t(lang, 'admin.col.name')}</th><th scope="col">${t(lang, 'admin.col.email')}</th>
          <th scope="col">${t(lang, 'admin.col.role')}</th><th scope="col">${t(lang, 'admin.col.status')}</th>
          <th scope="col">${t(lang, 'admin.col.actions')}</th>
        </tr></thead>
        <tbody>${users.map(
          (user) => html`<tr data-user=${user.email} class=${user.disabled ? 'revoked' : ''}>
            <th scope="row">${user.name}</th>
            <td>${user.email}</td>
            <td>${user.role ? t(lang, `role.${user.role}`) : t(lang, 'role.none')}</td>
            <td>${t(lang, user.disabled ? 'admin.disabled' : 'admin.active')}</td>
            <td class="actions">
              ${user.id === myId
                ? html`<a href="/account">${t(lang, 'app.account')}</a>`
                : html`<button type="button" ?disabled=${this.#users.busy}
                      aria-label=${t(lang, user.disabled ? 'admin.enableLabel' : 'admin.disableLabel', { email: user.email })}
                      @click=${() => void this.#users.change(async () => void (await setUserDisabled(this.#api.value!, user.id, !user.disabled)))}
                      >${t(lang, user.disabled ? 'admin.enable' : 'admin.disable')}</button>
                    <button type="button" ?disabled=${this.#users.busy} aria-label=${t(lang, 'admin.resetLabel', { email: user.email })}
                      @click=${() => this.#reset(user)}>${t(lang, 'admin.reset')}</button>`}
            </td>
          </tr>`,
        )}</tbody>
      </table></div>`
  }

  #form(lang: Lang) {
    return html`<form class="card admin-create" data-user-create aria-labelledby="ficha-user-create-title" @submit=${this.#create}>
      <h2 id="ficha-user-create-title">${t(lang, 'admin.create')}</h2>
      ${requiredLegend(lang)}
      <div class="field">
        <label for="ficha-user-name">${t(lang, 'admin.name')} ${requiredMark}</label>
        <input id="ficha-user-name" name="name" required maxlength="100" autocomplete="off" />
      </div>
      <div class="field">
        <label for="ficha-user-email">${t(lang, 'admin.email')} ${requiredMark}</label>
        <input id="ficha-user-email" name="email" type="email" required autocomplete="off" spellcheck="false" />
      </div>
      <div class="field">
        <label for="ficha-user-role">${t(lang, 'admin.role')}</label>
        <select id="ficha-user-role" name="role">
          <option value="">${t(lang, 'role.none')}</option>
          ${GLOBAL_ROLES.map((role) => html`<option value=${role}>${t(lang, `role.${role}`)}</option>`)}
        </select>
      </div>
      <p class="hint muted">${t(lang, 'admin.createHint')}</p>
      <button type="submit" class="primary" ?disabled=${this.#users.busy}>${t(lang, 'admin.submit')}</button>
    </form>`
  }
}
customElements.define('ficha-admin-page', AdminPage)
